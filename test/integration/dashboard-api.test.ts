import { DateTime } from 'luxon';
import { SECOND_TENANT_ID } from '../../core/demo/demo-firm';
import type { LeadershipDashboard } from '../../core/services/dashboard-service';
import { seedDashboardHistory } from '../support/dashboard-fixtures';
import { DEMO_PEOPLE as P, startTestSystem, type TestSystem } from '../support/system-for-tests';

/**
 * The leadership dashboard over HTTP on the whole system (SQLite store, Temporal, worker, real tokens):
 * what a leader sees for Northwind, and who sees nothing at all.
 */
jest.setTimeout(180_000);

let t: TestSystem;
const now = DateTime.utc();
const iso = (dt: DateTime) => dt.toISO()!;

beforeAll(async () => {
  t = await startTestSystem();
  const store = t.system.store;
  await seedDashboardHistory(store, now, {
    trend: ['2025-Q3', '2025-Q4'],
    // a self-loop and an interaction with the walled partner, neither of which the network draws
    extraPairs: [
      ['peter', 'peter', 'card_answer'],
      ['maya', 'marcus', 'help_request'],
    ],
  });
  await store.records.create('person', { tenantId: SECOND_TENANT_ID, id: 'outsider', email: 'partner@other-firm.example', name: 'Other Partner', rank: 'partner', practice: 'audit', region: 'EU', timeZone: 'Europe/Paris', roles: ['admin'], createdAt: iso(now), updatedAt: iso(now) });
});
afterAll(async () => {
  await t?.stop();
});

describe('a leader’s dashboard of Northwind', () => {
  let dashboard: LeadershipDashboard;
  beforeAll(async () => {
    const reply = await t.call('/api/accounts/northwind/dashboard', { as: P.alejandro });
    expect(reply.status).toBe(200);
    dashboard = reply.body;
  });

  it('names the account, its purpose, the leadership team and the accountable lead', () => {
    expect(dashboard.account).toMatchObject({ id: 'northwind', name: 'Northwind Manufacturing' });
    expect(dashboard.account.purpose).toMatch(/strategic advisor/);
    expect(dashboard.viewer).toEqual({ personId: 'alejandro', isLeader: true, isMember: false, isAdmin: false });
    expect(dashboard.leadershipTeam.map((member) => [member.person.name, member.remit, member.accountable])).toEqual([
      ['Alejandro Ruiz', 'audit; client Board relationship', true],
      ['Stephanie Cho', 'tax', false],
      ['Peter Novak', 'risk advisory', false],
    ]);
    expect(dashboard.accountableLead?.id).toBe('alejandro');
    expect(dashboard.accountTeam.map((member) => member.person.id)).toEqual(['maya', 'tom', 'priya', 'dana']);
  });

  it('shows the responsibility matrix with the unowned responsibility flagged', () => {
    const matrix = dashboard.responsibilityMatrix;
    expect(matrix.owners.map((owner) => [owner.id, owner.responsibilities])).toEqual([
      ['alejandro', 1],
      ['stephanie', 1],
      ['peter', 1],
    ]);
    expect(matrix.rows.find((row) => row.id === 'client-comms-calendar')).toEqual({ id: 'client-comms-calendar', what: 'Client communications calendar', ownerId: null, unowned: true, ownerOffTeam: false });
    expect(matrix.unownedCount).toBe(1);
  });

  it('shows goals with their progress history for the charts', () => {
    const profit = dashboard.goals.find((goal) => goal.id === 'profit-growth')!;
    expect(profit).toMatchObject({ target: 15, unit: '%', latestValue: 6, percentOfTarget: 40, owner: { id: 'alejandro' }, overdue: false });
    expect(profit.history).toEqual([expect.objectContaining({ id: 'progress-q3-profit', value: 6, sentiment: 'good', author: expect.objectContaining({ name: 'Alejandro Ruiz' }) })]);
    expect(dashboard.goals.find((goal) => goal.id === 'c-suite-doors')!.history[0]).toMatchObject({ sentiment: 'issue', value: 0 });
  });

  it('puts every delegation on the board by status, with the next check-in and overdue flags', () => {
    const board = dashboard.delegations;
    expect(board.byStatus.active.map((delegation) => delegation.id).sort()).toEqual(['briefing-revenue-recognition', 'cyber-controls-gap', 'rd-credit-map']);
    expect(board.counts).toMatchObject({ active: 3, done: 0, cancelled: 0 });
    const late = board.byStatus.active.find((delegation) => delegation.id === 'rd-credit-map')!;
    // handed off 20 days ago, last check-in 13 days ago, weekly: due 6 days ago
    expect(late).toMatchObject({ checkIns: 1, checkInOverdue: true, overdue: false, delegator: { id: 'stephanie' }, delegate: { id: 'tom' } });
    expect(Date.parse(late.nextCheckInDue!)).toBeLessThan(Date.now());
    expect(board.byStatus.active.find((delegation) => delegation.id === 'briefing-revenue-recognition')).toMatchObject({ checkInOverdue: false, lastCheckInAt: null });
    expect(board.checkInOverdue).toBe(1);
  });

  it('shows the latest review with flags, and the trend across cycles', () => {
    const { latest, trend, standards } = dashboard.reviews;
    expect(latest).toMatchObject({ id: 'review-2025-q4', cycle: '2025-Q4', leaders: 3, answered: 2, roleClarity: 4 });
    expect(latest!.missing.map((person) => person.id)).toEqual(['peter']);
    expect(latest!.standards.find((standard) => standard.id === 'bad-news-early')).toEqual({ id: 'bad-news-early', text: 'Bad news travels fast.', average: 3.5, previous: 4.5, slipping: true });
    expect(latest!.flags).toEqual([expect.objectContaining({ kind: 'standard_slipping', subjectId: 'bad-news-early' })]);
    expect(trend.map((point) => [point.cycle, point.overall])).toEqual([
      ['2025-Q3', 4],
      ['2025-Q4', 3.5],
    ]);
    expect(standards.map((standard) => standard.id)).toEqual(expect.arrayContaining(['answer-fast', 'bad-news-early', 'tensions-on-agenda']));
  });

  it('shows the next meeting with its agenda items and who has answered the impact question', () => {
    const meeting = dashboard.nextMeeting!;
    expect(meeting).toMatchObject({ id: 'leadership-next', status: 'collecting' });
    const workshop = meeting.items.find((item) => item.id === 'item-strategy-workshop')!;
    expect(workshop.kind).toBe('initiative');
    expect(workshop.impactAnswers).toMatchObject({ answered: 1, expected: 2 });
    expect(workshop.impactAnswers.answeredBy.map((person) => person.id)).toEqual(['peter']);
    expect(workshop.impactAnswers.waitingFor.map((person) => person.id)).toEqual(['alejandro']);
    expect(meeting.items.find((item) => item.id === 'item-board-time')!.impactAnswers).toMatchObject({ answered: 0, expected: 0 });
  });

  it('draws the communication network of the account team from its interactions', () => {
    const network = dashboard.network;
    expect(network.nodes.map((node) => node.id).sort()).toEqual(['alejandro', 'dana', 'maya', 'peter', 'priya', 'stephanie', 'tom']);
    expect(network.nodes.find((node) => node.id === 'maya')).toMatchObject({ name: 'Maya Patel', practice: 'audit', rank: 'senior_associate', role: 'member', degree: 2, weightedDegree: 3 });
    expect(network.nodes.find((node) => node.id === 'alejandro')).toMatchObject({ role: 'leader', accountable: true });
    expect(network.edges).toContainEqual({ source: 'alejandro', target: 'maya', weight: 2, via: { check_in: 2 } });
    // the self-loop and the walled partner are not drawn
    expect(network.edges.some((edge) => edge.source === edge.target || edge.target === 'marcus' || edge.source === 'marcus')).toBe(false);
    expect(network.interactions).toBe(10);
    expect(network.centralisation).toBeGreaterThanOrEqual(0);
    expect(network.centralisation).toBeLessThanOrEqual(1);
    expect(['hub_and_spoke', 'networked', 'mixed']).toContain(network.classification);
    expect(network.communities.flat().sort()).toEqual(network.nodes.map((node) => node.id).sort());
    expect(network.hubId).toBe('stephanie');
  });
});

describe('who sees the dashboard', () => {
  it('shows it to team members and to admins', async () => {
    const member = await t.call('/api/accounts/northwind/dashboard', { as: P.maya });
    expect(member.status).toBe(200);
    expect(member.body.viewer).toMatchObject({ isMember: true, isLeader: false });
    const admin = await t.call('/api/accounts/northwind/dashboard', { as: P.grace });
    expect(admin.status).toBe(200);
    expect(admin.body.viewer).toMatchObject({ isAdmin: true, isMember: false });
  });

  it('answers a walled partner exactly as for an account that does not exist', async () => {
    const walled = await t.call('/api/accounts/northwind/dashboard', { as: P.marcus });
    const missing = await t.call('/api/accounts/no-such-account/dashboard', { as: P.marcus });
    expect(walled.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(walled.body.error.code).toBe(missing.body.error.code);
    expect(walled.body.error.message.replace('northwind', 'X')).toBe(missing.body.error.message.replace('no-such-account', 'X'));
  });

  it('answers another firm with not found', async () => {
    const token = await t.tokenFor('partner@other-firm.example', SECOND_TENANT_ID);
    const reply = await t.call('/api/accounts/northwind/dashboard', { headers: { authorization: `Bearer ${token}` } });
    expect(reply.status).toBe(404);
  });

  it('tells someone of the firm who is not on the account that it is not theirs', async () => {
    expect((await t.call('/api/accounts/globex/dashboard', { as: P.alejandro })).status).toBe(403);
  });
});
