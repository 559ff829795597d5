import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RunningSystem } from '../../../bot/src/runtime/system';
import { startTestSystem, type TestSystem } from '../../support/system-for-tests';
import { launchChromium } from './chromium';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
export const ARTIFACTS_DIR = join(REPO_ROOT, 'test-artifacts');

/**
 * The whole system as `npm start` runs it (startTestSystem: SQLite store with the demo firm, Temporal, the
 * worker, the HTTP server serving addin/dist), plus one headless Chromium. Each test opens its own browser context.
 */
export interface TaskpaneHarness {
  system: RunningSystem;
  browser: Browser;
  tokenFor(email: string): Promise<string>;
  /** A fresh context and page, 360 px wide like Outlook's pane; closed by stop(). */
  newPage(): Promise<Page>;
  /** GET against the real API as `email`, for assertions behind the UI. */
  api<T = unknown>(email: string, path: string): Promise<{ status: number; body: T }>;
  screenshot(page: Page, name: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startTaskpaneHarness(options: { log?: (line: string) => void } = {}): Promise<TaskpaneHarness> {
  if (!existsSync(join(REPO_ROOT, 'addin', 'dist', 'taskpane.html'))) {
    throw new Error('addin/dist is not built: run `node addin/scripts/build-if-stale.mjs` (the browser jest project does it in globalSetup).');
  }
  const testSystem: TestSystem = await startTestSystem(options.log ? { log: options.log } : {});
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const stop = async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await testSystem.stop();
  };
  try {
    browser = await launchChromium();
  } catch (error) {
    await stop();
    throw error;
  }
  const launched = browser;
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return {
    get system() {
      return testSystem.system;
    },
    browser: launched,
    tokenFor: (email) => testSystem.tokenFor(email),
    async newPage() {
      const context = await launched.newContext({ viewport: { width: 360, height: 900 }, baseURL: testSystem.system.url, locale: 'en-GB', timezoneId: 'America/Chicago' });
      contexts.push(context);
      return context.newPage();
    },
    async api<T>(email: string, path: string) {
      const { status, body } = await testSystem.call(path, { as: email });
      return { status, body: body as T };
    },
    async screenshot(page, name) {
      await page.screenshot({ path: join(ARTIFACTS_DIR, `${name}.png`), fullPage: true });
    },
    stop,
  };
}
