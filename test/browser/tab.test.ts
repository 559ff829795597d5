import { DateTime } from 'luxon';
import type { Locator, Page } from 'playwright-core';
import type { LeadershipDashboard } from '../../core/services/dashboard-service';
import { seedDashboardHistory } from '../support/dashboard-fixtures';
import { seriousA11yViolations } from './support/axe';
import { startTaskpaneHarness, type TaskpaneHarness } from './support/taskpane-harness';

/**
 * The Teams tab (tab.html) in headless Chromium against the real server: the leadership dashboard of
 * Northwind for one of its leaders, outside Teams (so with no host handshake to wait for).
 */
jest.setTimeout(120_000);

const ALEJANDRO = 'alejandro.ruiz@hartwell-lowe.example';

let harness: TaskpaneHarness;

beforeAll(async () => {
  harness = await startTaskpaneHarness();
  // Three closed cycles for the trend chart and a team network.
  await seedDashboardHistory(harness.system.store, DateTime.now(), { trend: ['2025-Q2', '2025-Q3', '2025-Q4'], interactionIdPrefix: 'tab-seeded', reviewId: 'tab-review-q4' });
});

/** A YYYY-MM-DD date as the dashboard writes it ("15 Jan 2027"), read as that calendar day whatever the zone. */
const calendarDate = (isoDate: string) => DateTime.fromISO(isoDate, { zone: 'utc' }).toFormat('d LLL yyyy', { locale: 'en-US' });

afterAll(async () => {
  await harness?.stop();
});

async function shows(locator: Locator) {
  await locator.waitFor({ state: 'visible', timeout: 10_000 });
}

async function openTab(as = ALEJANDRO, query = 'accountId=northwind'): Promise<Page> {
  const page = await harness.newPage();
  // A Teams tab is wide, not a 360 px pane.
  await page.setViewportSize({ width: 1280, height: 900 });
  const params = new URLSearchParams(query);
  params.set('token', await harness.tokenFor(as));
  await page.goto(`/tab.html?${params.toString()}`);
  return page;
}

describe('the Teams tab (leadership dashboard)', () => {
  it('shows a leader the matrix, goals, delegations, review trend and the network with its score', async () => {
    const { status, body: dashboard } = await harness.api<LeadershipDashboard>(ALEJANDRO, '/api/accounts/northwind/dashboard');
    expect(status).toBe(200);
    const started = Date.now();
    const page = await openTab();
    await shows(page.getByRole('heading', { level: 1, name: /leadership dashboard/ }));
    // Outside Teams the tab decides its host at once: no SDK handshake, no timeout to sit out.
    expect(Date.now() - started).toBeLessThan(15_000);
    await expect(page.locator('main').getAttribute('data-host')).resolves.toBe('browser');

    const matrix = page.getByRole('table', { name: 'Responsibility matrix' });
    await shows(matrix);
    await shows(matrix.getByRole('row', { name: /Client communications calendar/ }).getByText('No owner'));
    await shows(matrix.getByRole('columnheader', { name: 'Alejandro Ruiz' }));

    const profit = page.getByRole('progressbar', { name: 'Grow account profit 15% this year' });
    await shows(profit);

    const delegations = page.getByRole('region', { name: 'Delegations' });
    await shows(delegations.getByText('Map R&D tax credit eligibility'));
    // Due dates are calendar dates: the same day in every time zone (this browser is in Chicago, behind UTC).
    const taxCredit = Object.values(dashboard.delegations.byStatus)
      .flat()
      .find((delegation) => delegation.objective.startsWith('Map R&D tax credit eligibility'))!;
    expect(taxCredit.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const taxCreditTicket = delegations.getByRole('listitem').filter({ hasText: 'Map R&D tax credit eligibility' });
    await expect(taxCreditTicket.textContent()).resolves.toContain(`due ${calendarDate(taxCredit.dueDate)}`);
    const profitGoal = dashboard.goals.find((goal) => goal.title === 'Grow account profit 15% this year')!;
    await expect(page.getByRole('region', { name: 'Goals' }).getByRole('listitem').filter({ hasText: profitGoal.title }).textContent()).resolves.toContain(
      `due ${calendarDate(profitGoal.dueDate)}`,
    );
    await shows(delegations.getByText('Check-in overdue').first());

    const agenda = page.getByRole('region', { name: 'Agenda' });
    await shows(agenda.getByText(/Impact answers: \d+ of \d+/).first());

    const network = page.getByRole('region', { name: 'Communication network' });
    await expect(network.getByTestId('centralisation').textContent()).resolves.toBe(dashboard.network.centralisation.toFixed(2));
    const words = { hub_and_spoke: /Hub-and-spoke/, networked: /Networked/, mixed: /Mixed/, insufficient_data: /Not enough interactions/ }[dashboard.network.classification];
    await expect(network.getByTestId('classification').textContent()).resolves.toMatch(words);
    expect(dashboard.network.interactions).toBeGreaterThan(0);
    await expect(network.locator('svg [data-node]').count()).resolves.toBe(dashboard.network.nodes.length);
    await expect(network.locator('svg line').count()).resolves.toBe(dashboard.network.edges.length);

    const reviews = page.getByRole('region', { name: 'Review results' });
    expect(dashboard.reviews.trend).toHaveLength(3);
    // The chart is its own lazily loaded chunk.
    const chart = reviews.getByRole('img', { name: /^Review trend\. 2025-Q2: overall 3\.2/ });
    await shows(chart);
    await expect(chart.locator('polyline').count()).resolves.toBe(2);
    await expect(chart.locator('circle').count()).resolves.toBe(6);
    await shows(reviews.getByText('Slipping'));

    await harness.screenshot(page, 'tab-dashboard');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('asks for a sign-in without a token', async () => {
    const page = await harness.newPage();
    await page.goto('/tab.html?accountId=northwind');
    await shows(page.getByRole('heading', { name: 'Sign in' }));
    await harness.screenshot(page, 'tab-signed-out');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});
