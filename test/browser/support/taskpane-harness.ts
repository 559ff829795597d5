import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { loadConfig } from '../../../bot/src/config';
import { startSystem, type RunningSystem } from '../../../bot/src/runtime/system';
import { DEMO_TENANT_ID } from '../../../core/demo/demo-firm';
import { startTestTemporal, type TestTemporal } from '../../support/temporal-for-tests';
import { launchChromium } from './chromium';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
export const ARTIFACTS_DIR = join(REPO_ROOT, 'test-artifacts');

/**
 * The whole system as `npm start` runs it (SQLite store with the demo firm, Temporal, the worker, the
 * HTTP server serving addin/dist), plus one headless Chromium. Each test opens its own browser context.
 */
export interface TaskpaneHarness {
  system: RunningSystem;
  browser: Browser;
  tokenFor(email: string): Promise<string>;
  /** A fresh context and page, 360 px wide like Outlook's pane; closed by stop(). */
  newPage(): Promise<Page>;
  /** GET/POST against the real API as `email`, for assertions behind the UI. */
  api<T = unknown>(email: string, path: string): Promise<{ status: number; body: T }>;
  screenshot(page: Page, name: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startTaskpaneHarness(options: { log?: (line: string) => void } = {}): Promise<TaskpaneHarness> {
  if (!existsSync(join(REPO_ROOT, 'addin', 'dist', 'taskpane.html'))) {
    throw new Error('addin/dist is not built: run `node addin/scripts/build-if-stale.mjs` (the browser jest project does it in globalSetup).');
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'account-teams-browser-'));
  const temporal: TestTemporal = await startTestTemporal();
  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: 'silent',
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: temporal.namespace,
    TEMPORAL_TASK_QUEUE: `browser-test-${randomUUID()}`,
  });
  let system: RunningSystem | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const stop = async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await system?.stop();
    await temporal.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    system = await startSystem(config, options.log ?? (() => undefined));
    browser = await launchChromium();
  } catch (error) {
    await stop();
    throw error;
  }
  const running = system;
  const tokenFor = (email: string) => running.localIssuer!.issue({ tenantId: DEMO_TENANT_ID, objectId: randomUUID(), email, name: email });
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return {
    system: running,
    browser,
    tokenFor,
    async newPage() {
      const context = await browser!.newContext({ viewport: { width: 360, height: 900 }, baseURL: running.url, locale: 'en-GB', timezoneId: 'America/Chicago' });
      contexts.push(context);
      return context.newPage();
    },
    async api<T>(email: string, path: string) {
      const response = await fetch(`${running.url}${path}`, { headers: { authorization: `Bearer ${await tokenFor(email)}` } });
      return { status: response.status, body: (await response.json()) as T };
    },
    async screenshot(page, name) {
      await page.screenshot({ path: join(ARTIFACTS_DIR, `${name}.png`), fullPage: true });
    },
    stop,
  };
}
