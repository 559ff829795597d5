/**
 * `npm run bench:addin`: how heavy and how fast the Outlook taskpane is.
 *
 *   1. the taskpane's initial JS + CSS, gzipped (what loads before first render; lazy dialogs excluded), target ≤ 150 KB;
 *   2. navigation → rendered context in headless Chromium against the local server and the real API
 *      (a fake Outlook host with a message from Sarah Lindqvist), median of RUNS cold loads, target ≤ 500 ms;
 *   3. the same for a blank page rendering one Fluent button (addin/bench-button.html), the floor any
 *      React + Fluent page pays;
 *   4. their ratio, target ≤ 1.5.
 *
 * Times are read from the page's own performance marks (startTime since navigation start), so they
 * include fetching and parsing the bundle, office detection, the API calls and React's commit.
 * Prints progress on stderr and one JSON object on the last line of stdout.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { initialPageWeight } from './support/bundle-size';
import { installFakeOffice } from './support/fake-office';
import { REPO_ROOT, startTaskpaneHarness } from './support/taskpane-harness';

const RUNS = Number(process.env.BENCH_RUNS ?? 21);
const WARM_UPS = 3;
const log = (line: string) => process.stderr.write(`[bench:addin] ${line}\n`);

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

async function markTimes(page: Page, until: string): Promise<Record<string, number>> {
  await page.waitForFunction((name) => performance.getEntriesByName(name, 'mark').length > 0, until, { timeout: 30_000, polling: 10 });
  return page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map((mark) => [mark.name, mark.startTime])));
}

interface Target {
  path: string;
  mark: string;
  prepare?: (page: Page) => Promise<void>;
  /** Throws when the page did not render what is being timed (e.g. fell back to preview mode). */
  check?: (page: Page) => Promise<void>;
}

/**
 * Cold loads (a new browser context has an empty HTTP cache), the two pages alternating so that load on
 * the machine falls on both alike. Returns every mark of every run, per page.
 */
async function timeLoads(browser: Browser, baseURL: string, targets: Target[]): Promise<Record<string, number>[][]> {
  const results: Record<string, number>[][] = targets.map(() => []);
  for (let run = 0; run < WARM_UPS + RUNS; run++) {
    for (const [index, target] of targets.entries()) {
      const context = await browser.newContext({ baseURL, viewport: { width: 360, height: 900 } });
      try {
        const page = await context.newPage();
        await target.prepare?.(page);
        await page.goto(target.path, { waitUntil: 'commit' });
        const marks = await markTimes(page, target.mark);
        await target.check?.(page);
        if (run >= WARM_UPS) results[index]!.push(marks);
      } finally {
        await context.close();
      }
    }
  }
  return results;
}

async function main() {
  log('building the add-in if stale…');
  execFileSync(process.execPath, [join(REPO_ROOT, 'addin', 'scripts', 'build-if-stale.mjs'), '--quiet'], { stdio: 'inherit' });
  const distDir = join(REPO_ROOT, 'addin', 'dist');
  const taskpaneWeight = initialPageWeight(distDir, 'taskpane.html');
  const buttonWeight = initialPageWeight(distDir, 'bench-button.html');

  log('starting Temporal, the server and Chromium…');
  const harness = await startTaskpaneHarness();
  try {
    const token = await harness.tokenFor('alejandro.ruiz@hartwell-lowe.example');
    const baseURL = harness.system.url;
    log(`timing ${RUNS} cold loads of each page (after ${WARM_UPS} warm-ups)…`);
    const [taskpaneMarks, buttonMarks] = await timeLoads(harness.browser, baseURL, [
      {
        path: `/taskpane.html?token=${token}`,
        mark: 'context-rendered',
        prepare: (page) =>
          installFakeOffice(page, { mode: 'read', from: { emailAddress: 'sarah.lindqvist@northwind-mfg.com', displayName: 'Sarah Lindqvist' }, to: [], subject: 'Audit committee pre-read' }),
        check: async (page) => {
          const { office, preview, heading } = await page.evaluate(() => ({
            office: typeof (window as { Office?: unknown }).Office === 'object',
            preview: document.body.innerText.includes('Preview (not in Outlook)'),
            heading: document.querySelector('h1')?.textContent,
          }));
          if (!office || preview || heading !== 'Sarah Lindqvist') throw new Error(`the taskpane did not render Sarah Lindqvist's context from the fake Outlook host (office: ${office}, preview: ${preview}, h1: ${heading})`);
        },
      },
      { path: '/bench-button.html', mark: 'button-rendered' },
    ]);
    const taskpane = taskpaneMarks!.map((marks) => marks['context-rendered']!);
    const button = buttonMarks!.map((marks) => marks['button-rendered']!);
    const taskpaneMs = median(taskpane);
    const buttonMs = median(button);
    const result = {
      taskpaneInitialGzipKB: round(taskpaneWeight.totalGzipBytes / 1024),
      taskpaneInitialGzipTargetKB: 150,
      taskpaneInitialFiles: taskpaneWeight.files.map((file) => `${file.file} ${round(file.gzipBytes / 1024)} KB`),
      buttonPageInitialGzipKB: round(buttonWeight.totalGzipBytes / 1024),
      taskpaneRenderedContextMedianMs: round(taskpaneMs),
      taskpaneRenderedContextTargetMs: 500,
      buttonPageRenderedMedianMs: round(buttonMs),
      ratio: round(taskpaneMs / buttonMs, 2),
      ratioTarget: 1.5,
      // Each taskpane load over the button load right after it: steadier than the ratio of medians when the
      // machine's load drifts during the run.
      pairedRatioMedian: round(median(taskpane.map((time, index) => time / button[index]!)), 2),
      runs: RUNS,
      taskpaneRunsMs: taskpane.map((time) => round(time)),
      // Where the taskpane's time goes (medians): entry script running, API data in hand, context committed.
      taskpaneMarksMedianMs: Object.fromEntries(['taskpane-script', 'ui-import-start', 'data-ready', 'ui-script', 'ui-first-commit', 'context-rendered'].map((name) => [name, round(median(taskpaneMarks!.map((marks) => marks[name] ?? NaN)))])),
      buttonRunsMs: button.map((time) => round(time)),
      buttonMarksMedianMs: Object.fromEntries(['button-script', 'button-rendered'].map((name) => [name, round(median(buttonMarks!.map((marks) => marks[name] ?? NaN)))])),
      withinTargets: taskpaneWeight.totalGzipBytes / 1024 <= 150 && taskpaneMs <= 500 && taskpaneMs / buttonMs <= 1.5,
    };
    console.log(JSON.stringify(result));
  } finally {
    await harness.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
