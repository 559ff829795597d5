import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page, Request } from 'playwright-core';
import { seriousA11yViolations } from './support/axe';
import { todayAt } from './support/clock';
import { installFakeOffice, repliesSent, type FakeAddress, type FakeMessage } from './support/fake-office';
import { startTaskpaneHarness, type TaskpaneHarness } from './support/taskpane-harness';

/**
 * The Outlook taskpane in headless Chromium, served by the real server with the built add-in, talking
 * to the real API with real local tokens, on a fake Outlook host (a stub `Office` global). Every state
 * is checked for what it shows (by role and label), for serious or critical axe-core violations, and
 * saved as a screenshot in test-artifacts/.
 */
jest.setTimeout(120_000);

const ALEJANDRO = 'alejandro.ruiz@hartwell-lowe.example';
const MARCUS = 'marcus.hale@hartwell-lowe.example';
const SARAH: FakeAddress = { emailAddress: 'sarah.lindqvist@northwind-mfg.com', displayName: 'Sarah Lindqvist' };
const JAMES: FakeAddress = { emailAddress: 'james.okafor@northwind-mfg.com', displayName: 'James Okafor' };
const ME: FakeAddress = { emailAddress: ALEJANDRO, displayName: 'Alejandro Ruiz' };
// Linked to Northwind by a test below, so not the preview's own unknown sender (Robin Vale).
const STRANGER: FakeAddress = { emailAddress: 'pat.kowalski@unknown-client.example', displayName: 'Pat Kowalski' };

/** 10:30 in Chicago is outside Sarah's 18:30-21:00 quiet hours; 19:15 is inside. */
const DAYTIME = () => todayAt('America/Chicago', '10:30');
const EVENING = () => todayAt('America/Chicago', '19:15');

let harness: TaskpaneHarness;

beforeAll(async () => {
  harness = await startTaskpaneHarness();
});

afterAll(async () => {
  await harness?.stop();
});

interface OpenOptions {
  as?: string | null;
  message?: FakeMessage;
  /** Pins the page's clock (Date) so quiet hours are deterministic. */
  at?: Date;
  query?: string;
}

async function openTaskpane({ as = ALEJANDRO, message, at = DAYTIME(), query = '' }: OpenOptions = {}): Promise<Page> {
  const page = await harness.newPage();
  await page.clock.setFixedTime(at);
  if (message) await installFakeOffice(page, message);
  const params = new URLSearchParams(query);
  if (as) params.set('token', await harness.tokenFor(as));
  await page.goto(`/taskpane.html?${params.toString()}`);
  return page;
}

const fromSarah = (subject = 'Audit committee pre-read: revenue recognition'): FakeMessage => ({ mode: 'read', from: SARAH, to: [ME], subject, internetMessageId: '<pre-read-1@northwind-mfg.com>' });

/** Waits until the element is visible (the pane renders asynchronously); fails with the locator in the message. */
async function shows(locator: Locator) {
  await locator.waitFor({ state: 'visible', timeout: 10_000 });
}

async function expectAccessible(page: Page, state: string) {
  await harness.screenshot(page, `taskpane-${state}`);
  expect(await seriousA11yViolations(page)).toEqual([]);
}

/** The JSON body of the next request to `path` (method and path checked), and the server's answer to it. */
async function nextCall(page: Page, method: string, path: string | RegExp) {
  const request = await page.waitForRequest((candidate: Request) => candidate.method() === method && (typeof path === 'string' ? new URL(candidate.url()).pathname === path : path.test(new URL(candidate.url()).pathname)));
  const response = await request.response();
  return { request, body: request.postDataJSON() as Record<string, unknown>, status: response?.status(), answer: (await response?.json().catch(() => undefined)) as { error?: { message: string } } | undefined };
}

describe('reading a message from a known contact', () => {
  it('shows who the contact is, how to reach them and the account team’s context', async () => {
    const page = await openTaskpane({ message: fromSarah() });
    await shows(page.getByRole('heading', { level: 1, name: 'Sarah Lindqvist' }));
    await shows(page.getByText('Chair of the Audit Committee, Board of Directors'));
    await shows(page.getByRole('status').filter({ hasText: 'Outside quiet hours' }));
    await shows(page.getByLabel(/^Local time .* 10:30, America\/Chicago$/));

    const preferences = page.getByRole('region', { name: 'How they like to hear from us' });
    await shows(preferences.getByText('Never voicemail'));
    await shows(preferences.getByText(/Quiet hours 18:30–21:00 every day/));

    const matters = page.getByRole('region', { name: 'What matters to them' });
    await expect(matters.getByRole('list', { name: 'Fears' }).getByRole('listitem').count()).resolves.toBe(2);
    await shows(matters.getByText(/Become Board Chair within three years/));

    const leadership = page.getByRole('list', { name: 'Leadership team' }).getByRole('listitem');
    await expect(leadership.count()).resolves.toBe(3);
    await shows(leadership.filter({ hasText: 'Alejandro Ruiz' }).getByText('Accountable lead'));

    const owners = page.getByRole('list', { name: 'Responsibilities' }).getByRole('listitem');
    await shows(owners.filter({ hasText: 'Client communications calendar' }).getByText('No owner'));

    const profit = page.getByRole('progressbar', { name: 'Grow account profit 15% this year' });
    await expect(profit.getAttribute('aria-valuenow')).resolves.toBe('0.4');

    const delegations = page.getByRole('list', { name: 'Open delegations' }).getByRole('listitem');
    await expect(delegations.count()).resolves.toBe(3);
    await shows(delegations.filter({ hasText: 'Map R&D tax credit eligibility' }).getByText('Check-in overdue'));

    const agenda = page.getByRole('list', { name: 'Agenda' }).getByRole('listitem');
    await expect(agenda.count()).resolves.toBe(2);
    await shows(agenda.filter({ hasText: 'How we use our time with the Board' }).getByText('Tension'));
    await expectAccessible(page, 'known-contact');
  });

  it('answers “On it.” in one click through Outlook’s reply form', async () => {
    const page = await openTaskpane({ message: fromSarah() });
    await page.getByRole('button', { name: 'On it' }).click();
    await expect(repliesSent(page)).resolves.toEqual(['On it.']);
  });

  it('marks a sender who is inside their quiet hours', async () => {
    const page = await openTaskpane({ message: fromSarah('Re: committee timetable'), at: EVENING() });
    await shows(page.getByRole('status').filter({ hasText: 'Quiet hours until 21:00' }));
    await shows(page.getByLabel(/^Local time .* 19:15, America\/Chicago$/));
    await expectAccessible(page, 'quiet-hours');
  });
});

describe('a message with several known contacts', () => {
  it('switches between their contexts, the sender first', async () => {
    const page = await openTaskpane({ message: { mode: 'read', from: JAMES, to: [ME], cc: [SARAH], subject: 'EU plants: cash tax options' } });
    const tabs = page.getByRole('tablist', { name: 'Contacts on this message' });
    await tabs.waitFor();
    await expect(tabs.getByRole('tab').count()).resolves.toBe(2);
    await expect(tabs.getByRole('tab').first().getAttribute('aria-selected')).resolves.toBe('true');
    await shows(tabs.getByRole('tab').first().getByText('James Okafor').first());
    await shows(tabs.getByRole('tab', { name: 'Sarah Lindqvist' }));
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('James Okafor');
    await shows(page.getByText('A comprehensive memo'));
    await expectAccessible(page, 'several-contacts');

    await tabs.getByRole('tab', { name: 'Sarah Lindqvist' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sarah Lindqvist' }).waitFor();
    await expect(page.getByRole('tab', { name: 'Sarah Lindqvist' }).getAttribute('aria-selected')).resolves.toBe('true');
    await shows(page.getByText('Short, frequent updates'));
  });
});

describe('no context', () => {
  it('offers to link an unknown sender to an account', async () => {
    const page = await openTaskpane({ message: { mode: 'read', from: STRANGER, to: [ME], subject: 'Introduction: tax advisory for our Texas expansion' } });
    await page.getByRole('heading', { level: 1, name: 'No account context' }).waitFor();
    await shows(page.getByText(/Pat Kowalski \(pat\.kowalski@unknown-client\.example\) isn’t linked/));
    await expectAccessible(page, 'unknown-sender');

    await page.getByRole('button', { name: 'Link to an account' }).click();
    const form = page.getByRole('form', { name: 'Link this sender to an account' });
    await form.waitFor();
    await expect(form.getByLabel('Name').inputValue()).resolves.toBe('Pat Kowalski');
    // GET /api/accounts lists the accounts the viewer may see (the form asks for an id only if that list fails).
    const accountChoice = form.getByRole('combobox', { name: 'Account' });
    await accountChoice.waitFor();
    await expect(form.getByLabel('Account id').count()).resolves.toBe(0);
    await accountChoice.selectOption({ label: 'Northwind Manufacturing' });
    await expect(accountChoice.inputValue()).resolves.toBe('northwind');
    await expectAccessible(page, 'link-contact-form');

    const call = nextCall(page, 'POST', '/api/accounts/northwind/contacts');
    await form.getByRole('button', { name: 'Link contact' }).click();
    const { body, status } = await call;
    expect(body).toEqual({ email: 'pat.kowalski@unknown-client.example', name: 'Pat Kowalski', timeZone: 'America/Chicago' });
    expect(status).toBe(201);
    // Linked: the same message now shows Pat Kowalski's context on Northwind.
    await page.getByRole('heading', { level: 1, name: 'Pat Kowalski' }).waitFor();
    await shows(page.getByText('Pat Kowalski linked'));
    await shows(page.getByText(/Northwind Manufacturing/).first());
  });

  it('shows a partner walled off the account exactly what it shows for an unknown sender', async () => {
    const walled = await openTaskpane({ as: MARCUS, message: { mode: 'read', from: SARAH, to: [{ emailAddress: MARCUS, displayName: 'Marcus Hale' }], subject: 'Quick question on the Board pack' } });
    await walled.getByRole('heading', { level: 1, name: 'No account context' }).waitFor();
    await shows(walled.getByText(/Sarah Lindqvist \(sarah\.lindqvist@northwind-mfg\.com\) isn’t linked to an account you can see/));
    await expect(walled.getByText(/Northwind/).count()).resolves.toBe(0); // nothing from the account
    await expect(walled.getByRole('heading').count()).resolves.toBe(1);
    await expectAccessible(walled, 'walled-account');

    const unknown = await openTaskpane({ as: MARCUS, message: { mode: 'read', from: { emailAddress: 'sarah.lindqvist@unknown-client.example', displayName: 'Sarah Lindqvist' }, to: [], subject: 'x' } });
    await unknown.getByRole('heading', { level: 1, name: 'No account context' }).waitFor();
    const shape = (text: string) => text.replace(/northwind-mfg\.com|unknown-client\.example/g, 'DOMAIN');
    expect(shape(await walled.getByRole('main').innerText())).toBe(shape(await unknown.getByRole('main').innerText()));
  });
});

describe('compose mode', () => {
  it('warns before writing to recipients inside their quiet hours', async () => {
    const page = await openTaskpane({ message: { mode: 'compose', to: [SARAH], cc: [JAMES], subject: 'Draft agenda for the committee' }, at: EVENING() });
    const warning = page.getByText('Sarah Lindqvist is in quiet hours');
    await warning.waitFor();
    await shows(page.getByText(/It is 19:15 for them \(America\/Chicago\); quiet until 21:00/));
    // 19:15 in Chicago is the small hours in Berlin: James Okafor's 19:00-07:30 applies too.
    await shows(page.getByText('James Okafor is in quiet hours'));
    await shows(page.getByText(/It is \d\d:15 for them \(Europe\/Berlin\); quiet until 07:30/));
    await expect(page.getByRole('button', { name: 'On it' }).count()).resolves.toBe(0);
    await expectAccessible(page, 'compose-quiet-hours');
  });
});

describe('actions, prefilled from the message', () => {
  it('delegates a task from the email and starts its follow-up workflow', async () => {
    const page = await openTaskpane({ message: fromSarah('Prepare the revenue recognition memo for the committee') });
    await page.getByRole('button', { name: 'Delegate' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delegate a task' });
    await dialog.waitFor();
    await expect(dialog.getByLabel('Task').inputValue()).resolves.toBe('Prepare the revenue recognition memo for the committee');
    await expect(dialog.getByRole('combobox', { name: 'Delegate to' }).inputValue()).resolves.toBe('maya');
    await expectAccessible(page, 'delegate-dialog');

    const call = nextCall(page, 'POST', '/api/delegations');
    await dialog.getByRole('button', { name: 'Delegate' }).click();
    const { body, status, answer } = await call;
    expect(status).toBe(201);
    expect(body).toMatchObject({ accountId: 'northwind', delegateId: 'maya', objective: 'Prepare the revenue recognition memo for the committee' });
    expect(body.id).toEqual(expect.any(String));
    await page.getByText('Delegated to Maya Patel').waitFor();
    await page.getByRole('list', { name: 'Open delegations' }).getByText('Prepare the revenue recognition memo for the committee').waitFor();

    const created = answer as unknown as { id: string };
    const { status: readStatus, body: read } = await harness.api<{ followUp: { phase: string; delegationId: string } }>(ALEJANDRO, `/api/delegations/${created.id}`);
    expect(readStatus).toBe(200);
    expect(read.followUp).toMatchObject({ phase: 'waiting_for_check_in', delegationId: created.id });
  });

  it('logs progress from the email', async () => {
    const page = await openTaskpane({ message: fromSarah('Committee approved the revenue recognition approach') });
    await page.getByRole('button', { name: 'Log progress' }).click();
    const dialog = page.getByRole('dialog', { name: 'Log progress' });
    await dialog.waitFor();
    await dialog.getByRole('combobox', { name: 'Goal' }).selectOption({ label: 'Grow account profit 15% this year' });
    await dialog.getByLabel(/^New profit growth/).fill('9');
    await expectAccessible(page, 'log-progress-dialog');
    const call = nextCall(page, 'POST', '/api/accounts/northwind/progress');
    await dialog.getByRole('button', { name: 'Log progress' }).click();
    const outcome = await call;
    expect(outcome.body).toEqual({
      id: expect.any(String),
      summary: 'Committee approved the revenue recognition approach',
      goalId: 'profit-growth',
      value: 9,
      sentiment: 'good',
      source: { kind: 'email', reference: '<pre-read-1@northwind-mfg.com>' },
    });
    expect(outcome.status).toBe(201);
    await page.getByText('Progress logged').waitFor();
    // The goal's bar follows the new value: 9 of 15.
    await page.waitForFunction(() => document.querySelector('[role=progressbar][aria-valuenow="0.6"]') !== null);
    await shows(page.getByRole('list', { name: 'Goals' }).getByText('Committee approved the revenue recognition approach'));
  });

  it('raises the email for the leadership agenda', async () => {
    const page = await openTaskpane({ message: fromSarah('Board wants a cyber risk deep-dive') });
    await page.getByRole('button', { name: 'Raise for agenda' }).click();
    const dialog = page.getByRole('dialog', { name: 'Raise for the leadership agenda' });
    await dialog.waitFor();
    await dialog.getByRole('combobox', { name: 'Kind' }).selectOption('initiative');
    const call = nextCall(page, 'POST', '/api/accounts/northwind/agenda-items');
    await dialog.getByRole('button', { name: 'Raise' }).click();
    const outcome = await call;
    expect(outcome.body).toEqual({ id: expect.any(String), title: 'Board wants a cyber risk deep-dive', kind: 'initiative', detail: 'Raised from an email from Sarah Lindqvist: “Board wants a cyber risk deep-dive”.' });
    expect(outcome.status).toBe(201);
    // The notice carries the server's word on where the item goes (the agenda being collected, or the next meeting's).
    await page.getByText('Raised for the leadership agenda').waitFor();
    await shows(page.getByText((outcome.answer as unknown as { message: string }).message));
  });

  it('requests feedback from the co-leaders', async () => {
    const page = await openTaskpane({ message: fromSarah('Pitch: strategic advisory workshop') });
    await page.getByRole('button', { name: 'Request feedback' }).click();
    const dialog = page.getByRole('dialog', { name: 'Request feedback' });
    await dialog.waitFor();
    await expect(dialog.getByRole('checkbox', { name: /Stephanie Cho/ }).isChecked()).resolves.toBe(true);
    await expect(dialog.getByRole('checkbox', { name: /Peter Novak/ }).isChecked()).resolves.toBe(true);
    await expectAccessible(page, 'feedback-dialog');
    const call = nextCall(page, 'POST', '/api/feedback-requests');
    await dialog.getByRole('button', { name: 'Request feedback' }).click();
    const outcome = await call;
    expect(outcome.body).toEqual({ id: expect.any(String), accountId: 'northwind', peerIds: ['stephanie', 'peter'], event: 'Pitch: strategic advisory workshop', eventAt: expect.any(String) });
    expect(new Date(outcome.body.eventAt as string).getTime()).toBeGreaterThan(DAYTIME().getTime());
    expect(outcome.status).toBe(201);
    await page.getByText('Feedback requested').waitFor();
    const stored = await harness.api(ALEJANDRO, `/api/feedback-requests/${outcome.body.id as string}`);
    expect(stored.status).toBe(200);
    expect(JSON.stringify(stored.body)).toContain('Pitch: strategic advisory workshop');
  });

  it('shows the server’s validation message in the dialog and changes nothing', async () => {
    const page = await openTaskpane({ message: fromSarah() });
    await page.getByRole('button', { name: 'Delegate' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delegate a task' });
    await dialog.getByLabel('Due date').fill('2001-01-01');
    const call = nextCall(page, 'POST', '/api/delegations');
    await dialog.getByRole('button', { name: 'Delegate' }).click();
    expect((await call).status).toBe(400);
    await dialog.getByText('must not be in the past').first().waitFor();
    await shows(dialog);
  });
});

describe('loading, errors and sign-in', () => {
  it('shows a skeleton while the context loads', async () => {
    const page = await harness.newPage();
    await installFakeOffice(page, fromSarah());
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/context?*', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`/taskpane.html?token=${await harness.tokenFor(ALEJANDRO)}`);
    await page.getByRole('status', { name: 'Loading account context' }).waitFor();
    await expectAccessible(page, 'loading');
    release();
    await page.getByRole('heading', { level: 1, name: 'Sarah Lindqvist' }).waitFor();
    await expect(page.getByRole('status', { name: 'Loading account context' }).count()).resolves.toBe(0);
  });

  it('reports a failed load with a retry that recovers', async () => {
    const page = await harness.newPage();
    await installFakeOffice(page, fromSarah());
    await page.route('**/api/context?*', (route) => route.abort('connectionrefused'));
    await page.goto(`/taskpane.html?token=${await harness.tokenFor(ALEJANDRO)}`);
    await page.getByText('Couldn’t load the account context').waitFor();
    await shows(page.getByText(/Could not reach the Account Teams server/));
    await expectAccessible(page, 'error');
    await page.unroute('**/api/context?*');
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sarah Lindqvist' }).waitFor();
  });

  it('asks to sign in without a token, and carries on once one is pasted', async () => {
    const page = await openTaskpane({ as: null, message: fromSarah() });
    await page.getByText('Sign in to see account context').waitFor();
    await expectAccessible(page, 'signed-out');
    await page.getByLabel('Token').fill(await harness.tokenFor(ALEJANDRO));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sarah Lindqvist' }).waitFor();
  });

  it('keeps the token out of the address bar', async () => {
    const page = await openTaskpane({ message: fromSarah() });
    await page.getByRole('heading', { level: 1, name: 'Sarah Lindqvist' }).waitFor();
    expect(new URL(page.url()).searchParams.has('token')).toBe(false);
  });
});

describe('preview mode outside Outlook', () => {
  it('runs on sample messages and shows what “On it” would send', async () => {
    const page = await openTaskpane({ query: 'sample=quiet' });
    const picker = page.getByRole('combobox', { name: /sample message/ });
    await picker.waitFor();
    await shows(page.getByRole('heading', { level: 1, name: 'Sarah Lindqvist' }));
    // The sample pins the pane's clock at 19:15 in Chicago, inside Sarah's quiet hours, whatever the time.
    await shows(page.getByRole('status').filter({ hasText: 'Quiet hours until 21:00' }));
    await page.getByRole('button', { name: 'On it' }).click();
    await page.getByText('Preview: nothing was sent').waitFor();
    await shows(page.getByText(/opens a reply to Sarah Lindqvist prefilled with “On it\.”/));
    await expectAccessible(page, 'preview');

    await picker.selectOption({ label: 'From an unknown sender' });
    await page.getByRole('heading', { level: 1, name: 'No account context' }).waitFor();
    await picker.selectOption({ label: 'Several contacts on the message' });
    await page.getByRole('tablist', { name: 'Contacts on this message' }).waitFor();
  });
});

describe('the Outlook ribbon', () => {
  it('finds every icon the manifest points at on the server', async () => {
    const manifest = readFileSync(join(__dirname, '..', '..', 'manifest.json'), 'utf8');
    const iconPaths = [...new Set([...manifest.matchAll(/https:\/\/localhost:3978(\/icons\/[\w.-]+\.png)/g)].map((match) => match[1]!))];
    expect(iconPaths.length).toBeGreaterThan(0);
    for (const path of iconPaths) {
      const response = await fetch(`${harness.system.url}${path}`);
      expect([path, response.status, response.headers.get('content-type')]).toEqual([path, 200, 'image/png']);
    }
  });
});
