import { DEMO_TENANT_ID } from '../../core/demo/demo-firm';
import { DEMO_PEOPLE as P, startTestSystem, type TestSystem } from '../support/system-for-tests';
import { eventually } from '../support/eventually';
import { createConfig, fortnightlyAgenda, quarterlyReview, runConfig } from '../support/process-configs';

/**
 * The leadership routines over HTTP on the whole system: agenda items (with and without a collecting
 * agenda), impact answers, peer feedback visible to the requester only, review answers, closing a
 * delegation. Workflows run on a real Temporal server.
 */
jest.setTimeout(180_000);

let t: TestSystem;
beforeAll(async () => {
  t = await startTestSystem();
});
afterAll(async () => {
  await t?.stop();
});


describe('agenda items', () => {
  it('keeps an item for the next meeting when no agenda is being collected', async () => {
    const raised = await t.call('/api/accounts/northwind/agenda-items', { as: P.stephanie, method: 'POST', body: { id: 'between-cycles', title: 'Succession plan for the Board relationship', kind: 'initiative' } });
    expect(raised.status).toBe(201);
    expect(raised.body).toMatchObject({ itemId: 'between-cycles', forNextMeeting: true });
    const stored = await t.system.store.records.get('agendaItem', { tenantId: DEMO_TENANT_ID, id: 'between-cycles' });
    expect(stored?.record).toMatchObject({ raiserId: 'stephanie', status: 'raised' });
    expect(stored?.record.meetingId).toBeUndefined();
  });

  it('puts an item on the collecting agenda and takes impact answers from the co-leaders', async () => {
    const configId = await createConfig(
      t,
      P.grace,
      fortnightlyAgenda({
        name: 'Leadership meeting',
        cadence: { timeZone: 'America/Chicago', hour: 9, daysOfWeek: [4], everyNWeeks: 2, anchorDate: '2026-01-01' },
        participantIds: ['alejandro', 'stephanie', 'peter'],
        escalateAfterHours: 48,
      }),
    );
    await runConfig(t, P.grace, configId);
    const agenda = await eventually(async () => {
      const reply = await t.call('/api/accounts/northwind/agenda', { as: P.alejandro });
      return reply.body.running?.phase === 'collecting' ? reply.body.running : undefined;
    }, 'the agenda to start collecting');
    expect(agenda.phase).toBe('collecting');

    const raised = await t.call('/api/accounts/northwind/agenda-items', { as: P.peter, method: 'POST', body: { id: 'cyber-workshop', title: 'Offer a cyber tabletop exercise to the Board', kind: 'initiative' } });
    expect(raised.status).toBe(201);
    expect(raised.body.forNextMeeting).toBe(false);

    const answered = await t.call('/api/accounts/northwind/agenda-items/cyber-workshop/impact-answers', { as: P.stephanie, method: 'POST', body: { answerId: 'imp-1', answer: 'Tax gets nothing directly; I would need a day of prep.' } });
    expect(answered.status).toBe(200);
    const refused = await t.call('/api/accounts/northwind/agenda-items/cyber-workshop/impact-answers', { as: P.peter, method: 'POST', body: { answerId: 'imp-2', answer: 'I raised it' } });
    expect(refused.status).toBe(400);

    expect((await t.call('/api/accounts/northwind/agenda-items', { as: P.maya, method: 'POST', body: { title: 'x', kind: 'update' } })).status).toBe(403);
    expect((await t.call('/api/accounts/northwind/agenda-items', { as: P.marcus, method: 'POST', body: { title: 'x', kind: 'update' } })).status).toBe(404);
    expect((await t.call('/api/accounts/northwind/agenda-items', { as: P.peter, method: 'POST', body: { title: 'x', kind: 'gossip' } })).status).toBe(400);
  });
});

describe('peer feedback', () => {
  it('lets peers answer and shows the answers to the requester only', async () => {
    const eventAt = new Date(Date.now() - 2 * 60 * 60 * 1000).toISOString(); // the pitch ended an hour ago
    const requested = await t.call('/api/feedback-requests', { as: P.alejandro, method: 'POST', body: { id: 'pitch-feedback', accountId: 'northwind', peerIds: ['stephanie', 'peter'], event: 'Audit Committee pitch', eventAt } });
    expect(requested.status).toBe(201);

    const answer = { answerId: 'fb-1', mostEffective: 'Opening with the restatement risk', doBetter: 'Hand over to Peter for the cyber slide' };
    const given = await eventually(async () => {
      const reply = await t.call('/api/feedback-requests/pitch-feedback/answers', { as: P.stephanie, method: 'POST', body: answer });
      return reply.status === 200 ? reply : undefined;
    }, 'the round to start asking');
    expect(given.body).toMatchObject({ peerId: 'stephanie' });

    const asRequester = await t.call('/api/feedback-requests/pitch-feedback', { as: P.alejandro });
    expect(asRequester.status).toBe(200);
    expect(asRequester.body.request.requesterId).toBe('alejandro');
    expect(asRequester.body.state.answeredPeerIds).toEqual(['stephanie']);

    const asPeer = await t.call('/api/feedback-requests/pitch-feedback', { as: P.peter });
    expect(asPeer.status).toBe(200);
    expect(asPeer.body.request.answers).toBeUndefined();
    expect(asPeer.text).not.toContain('Opening with the restatement risk');

    expect((await t.call('/api/feedback-requests/pitch-feedback', { as: P.maya })).status).toBe(404);
    const selfReview = await t.call('/api/feedback-requests/pitch-feedback/answers', { as: P.alejandro, method: 'POST', body: { ...answer, answerId: 'self' } });
    expect(selfReview.status).toBe(400);
    expect(selfReview.body.error.message).toMatch(/your own request/);
    expect((await t.call('/api/feedback-requests/pitch-feedback/answers', { as: P.maya, method: 'POST', body: { ...answer, answerId: 'outsider' } })).status).toBe(404);
    const stranger = await t.call('/api/feedback-requests', { as: P.alejandro, method: 'POST', body: { accountId: 'northwind', peerIds: ['marcus'], event: 'x', eventAt } });
    expect(stranger.status).toBe(400);
    expect(stranger.body.error.message).toMatch(/not on this account’s team: marcus/);
  });
});

describe('standards review answers', () => {
  it('reach the running review', async () => {
    const configId = await createConfig(t, P.grace, quarterlyReview({ participantIds: ['alejandro', 'stephanie', 'peter'], answerWindowDays: 7, reminderAfterHours: 72, escalateAfterHours: 120 }));
    await runConfig(t, P.grace, configId);
    const review = await eventually(async () => {
      const reviews = await t.system.store.records.list('standardsReview', { tenantId: DEMO_TENANT_ID, accountId: 'northwind' });
      return reviews.find((found) => found.record.configId === configId)?.record;
    }, 'the review to open');
    const ratings = Object.fromEntries(review.snapshot.standards.map((standard) => [standard.id, 4]));
    const answered = await eventually(async () => {
      const reply = await t.call(`/api/reviews/${review.id}/answers`, { as: P.peter, method: 'POST', body: { answerId: 'r-1', ratings, roleClarity: 4 } });
      return reply.status === 200 ? reply : undefined;
    }, 'the review to collect');
    expect(answered.body.answered).toEqual(['peter']);
    const notLeader = await t.call(`/api/reviews/${review.id}/answers`, { as: P.maya, method: 'POST', body: { answerId: 'r-2', ratings, roleClarity: 4 } });
    expect(notLeader.status).toBe(400);
    expect(notLeader.body.error.message).toMatch(/only the leaders/);
    expect((await t.call(`/api/reviews/${review.id}/answers`, { as: P.marcus, method: 'POST', body: { answerId: 'r-3', ratings, roleClarity: 4 } })).status).toBe(404);
  });
});

describe('closing a delegation', () => {
  it('ends its follow-up as done', async () => {
    const created = await t.call('/api/delegations', { as: P.alejandro, method: 'POST', body: { accountId: 'northwind', delegateId: 'maya', objective: 'Board pack appendix', dueDate: '2099-01-01' } });
    const closed = await t.call(`/api/delegations/${created.body.id}/close`, { as: P.alejandro, method: 'POST', body: { outcome: 'done' } });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ phase: 'closed', status: 'done' });
    const stored = await t.system.store.records.get('delegation', { tenantId: DEMO_TENANT_ID, id: created.body.id });
    expect(stored?.record.status).toBe('done');
    expect((await t.call(`/api/delegations/${created.body.id}/close`, { as: P.tom, method: 'POST', body: { outcome: 'done' } })).status).toBe(400);
  });
});
