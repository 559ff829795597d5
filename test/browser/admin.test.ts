import type { Locator, Page } from 'playwright-core';
import { seriousA11yViolations } from './support/axe';
import { startTaskpaneHarness, type TaskpaneHarness } from './support/taskpane-harness';

/**
 * The admin console (admin.html) in headless Chromium against the real server, Temporal and worker:
 * process configs with the API's validation errors inline, preview, pause/resume, run now; CSV import
 * with its progress and per-row errors.
 */
jest.setTimeout(180_000);

const GRACE = 'grace.kim@hartwell-lowe.example';

let harness: TaskpaneHarness;

beforeAll(async () => {
  harness = await startTaskpaneHarness();
});

afterAll(async () => {
  await harness?.stop();
});

async function shows(locator: Locator, timeout = 10_000) {
  await locator.waitFor({ state: 'visible', timeout });
}

async function openAdmin(): Promise<Page> {
  const page = await harness.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`/admin.html?accountId=northwind&token=${await harness.tokenFor(GRACE)}`);
  await shows(page.getByRole('heading', { level: 1, name: 'Account Teams admin' }));
  await shows(page.getByRole('heading', { name: 'Process configs on northwind' }));
  return page;
}

async function expectAccessible(page: Page, state: string) {
  await harness.screenshot(page, `admin-${state}`);
  expect(await seriousA11yViolations(page)).toEqual([]);
}

describe('admin console: process configs', () => {
  it('shows the zone error inline, saves once fixed, previews five runs, pauses, resumes and runs now', async () => {
    const page = await openAdmin();
    const form = page.getByRole('form', { name: 'New process config' });
    await form.getByLabel('Name').fill('Quarterly standards review');
    await form.getByLabel('Participants').fill('alejandro, stephanie, peter');
    const zone = form.getByRole('textbox', { name: /^Time zone/ });
    await zone.fill('Mars/Olympus');
    await form.getByRole('button', { name: 'Save' }).click();

    await shows(page.getByRole('alert').filter({ hasText: 'Not saved: fix the fields marked below.' }));
    await expect(zone.getAttribute('aria-invalid')).resolves.toBe('true');
    // Fluent's Field ties the message to its input (aria-describedby), next to the field.
    const describedBy = (await zone.getAttribute('aria-describedby')) ?? '';
    const messages = await Promise.all(describedBy.split(/\s+/).filter(Boolean).map((id) => page.locator(`[id="${id}"]`).textContent()));
    expect(messages.join(' ')).toMatch(/IANA time zone/);
    await expectAccessible(page, 'config-invalid-zone');

    await zone.fill('Europe/London');
    await form.getByRole('button', { name: 'Save' }).click();
    await shows(page.getByRole('status').filter({ hasText: 'Saved “Quarterly standards review”' }));
    // The form is now the saved config's, without the error.
    const edit = page.getByRole('form', { name: 'Edit Quarterly standards review' });
    await expect(edit.getByRole('textbox', { name: /^Time zone/ }).inputValue()).resolves.toBe('Europe/London');
    await expect(edit.getByRole('textbox', { name: /^Time zone/ }).getAttribute('aria-invalid')).resolves.not.toBe('true');

    const runs = page.getByRole('list', { name: 'Next runs' }).getByRole('listitem');
    await shows(runs.first());
    await expect(runs.count()).resolves.toBe(5);
    await shows(page.getByRole('heading', { name: 'Next runs (Europe/London)' }));
    await expectAccessible(page, 'config-saved');

    const list = page.getByRole('list', { name: 'Process configs' });
    await page.getByRole('button', { name: 'Pause' }).click();
    await shows(page.getByRole('status').filter({ hasText: 'Paused' }));
    await shows(list.getByText('Paused'));
    await page.getByRole('button', { name: 'Resume' }).click();
    await shows(page.getByRole('status').filter({ hasText: 'Resumed' }));
    await list.getByText('Paused').waitFor({ state: 'detached' });

    const run = page.waitForResponse((response) => response.request().method() === 'POST' && /\/api\/process-configs\/[^/]+\/run$/.test(new URL(response.url()).pathname));
    await page.getByRole('button', { name: 'Run now' }).click();
    expect((await run).status()).toBe(202);
    await shows(page.getByRole('status').filter({ hasText: 'Run started' }));
    // The run appears among the running processes (it may finish quickly; the list is polled).
    const running = page.getByRole('region', { name: 'Running processes' });
    await shows(running.getByRole('list', { name: 'Running processes' }).or(running.getByText(/Nothing running on northwind/)));
    await expectAccessible(page, 'config-run-now');
  });
});

const CONTACTS_CSV = [
  'accountId,email,name,timeZone,title',
  'northwind,ana.gomez@northwind-mfg.com,Ana Gomez,America/Chicago,CFO',
  'northwind,ben.ito@northwind-mfg.com,Ben Ito,Mars/Olympus,Controller',
  'nowhere-account,cara.lee@northwind-mfg.com,Cara Lee,America/Chicago,Treasurer',
  'northwind,dev.rao@northwind-mfg.com,Dev Rao,Europe/London,Head of Tax',
].join('\n');

async function importContacts(page: Page) {
  const section = page.getByRole('region', { name: 'CSV import' });
  await section.getByLabel('What the file holds').selectOption('contacts');
  await section.getByLabel('CSV file').setInputFiles({ name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(CONTACTS_CSV) });
  await section.getByRole('button', { name: 'Import' }).click();
  const summary = section.getByTestId('import-summary');
  await shows(summary.filter({ hasText: /Import finished/ }), 60_000);
  await expect(section.getByRole('progressbar').getAttribute('aria-valuenow')).resolves.toBe('100');
  return { section, summary };
}

describe('admin console: CSV import', () => {
  it('imports the good rows, lists the bad ones by line, and a re-import finds everything unchanged', async () => {
    const page = await openAdmin();
    const first = await importContacts(page);
    await expect(first.summary.textContent()).resolves.toMatch(/2 created, 0 updated, 0 unchanged, 2 failed/);
    const errors = first.section.getByRole('table', { name: 'Row errors' }).getByRole('row');
    await expect(errors.count()).resolves.toBe(3);
    const lines = await errors.locator('td:first-child').allTextContents();
    expect(lines).toEqual(['3', '4']);
    await shows(errors.filter({ hasText: 'timeZone' }).first());
    await expectAccessible(page, 'import-with-errors');

    const again = await importContacts(page);
    await expect(again.summary.textContent()).resolves.toMatch(/0 created, 0 updated, 2 unchanged, 2 failed/);
    await expectAccessible(page, 'import-unchanged');
  });
});
