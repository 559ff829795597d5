import { allHandlersFinished, ApplicationFailure, CancellationScope, condition, log, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { FeedbackAnswer } from '../../../core/domain/feedback-request';
import type { CommonActivities } from '../activities/common-activities';
import type { FeedbackActivities } from '../activities/feedback-activities';
import {
  FEEDBACK_LIMITS,
  feedbackStateQuery,
  giveFeedbackUpdate,
  type GiveFeedbackRequest,
  type GiveFeedbackResult,
  type PeerFeedbackInput,
  type PeerFeedbackPhase,
  type PeerFeedbackState,
} from './peer-feedback.contract';
import { personMessenger } from './person-messages';
import { MESSAGING_ACTIVITY_OPTIONS, STORE_ACTIVITY_OPTIONS } from './activity-options';
import { DAY_MS, HOUR_MS, isRecordId, isText } from './workflow-helpers';

const store = proxyActivities<FeedbackActivities>(STORE_ACTIVITY_OPTIONS);
const messaging = proxyActivities<CommonActivities>(MESSAGING_ACTIVITY_OPTIONS);

/** Bad input fails the run at once (the gateway validates before starting, so this is a programming error). */
function checkInput(input: PeerFeedbackInput, peerIds: string[]) {
  const problems: string[] = [];
  for (const key of ['tenantId', 'accountId', 'requestId', 'requesterId'] as const) if (!isRecordId(input[key])) problems.push(`${key} must be an id`);
  if (!Array.isArray(input.peerIds) || !input.peerIds.every(isRecordId)) problems.push('peerIds must be a list of person ids');
  else if (peerIds.length === 0) problems.push('peerIds must name at least one peer other than the requester');
  else if (peerIds.length > FEEDBACK_LIMITS.peers) problems.push(`at most ${FEEDBACK_LIMITS.peers} peers can be asked`);
  if (!isText(input.event, FEEDBACK_LIMITS.eventChars)) problems.push(`event is required (at most ${FEEDBACK_LIMITS.eventChars} characters)`);
  if (typeof input.eventAt !== 'string' || Number.isNaN(Date.parse(input.eventAt))) problems.push('eventAt must be an ISO instant');
  if (!Number.isInteger(input.answerWindowDays) || input.answerWindowDays < 1 || input.answerWindowDays > 30) problems.push('answerWindowDays must be 1..30');
  if (!Number.isInteger(input.reminderAfterHours) || input.reminderAfterHours < 1) problems.push('reminderAfterHours must be a positive whole number');
  if (problems.length > 0) throw ApplicationFailure.nonRetryable(`invalid peer feedback input: ${problems.join('; ')}`, 'ValidationError');
}

/**
 * One peer feedback round (DESIGN §3 process 4): warn the peers before the named event, ask the two
 * questions once it is over, remind, and deliver the answers to the requester only.
 *
 * The event has no stored duration, so it is taken as over one hour after it starts; a request made
 * later than that asks at once. Answers are accepted until `answerWindowDays` after the asking; the
 * reminder goes `reminderAfterHours` after the asking (if that is before the deadline).
 *
 * Why there is no continue-as-new: a round lasts days, with at most 12 peers and 20 edits each, so its
 * history stays at a few hundred events.
 */
export async function peerFeedback(input: PeerFeedbackInput): Promise<PeerFeedbackState> {
  const { workflowId } = workflowInfo();
  const process = { kind: 'peer_feedback' as const, workflowId };
  const peerIds = Array.isArray(input.peerIds) ? [...new Set(input.peerIds)].filter((id) => id !== input.requesterId) : [];
  checkInput(input, peerIds);

  const eventMs = Date.parse(input.eventAt);
  const asksAtMs = Math.max(eventMs + FEEDBACK_LIMITS.eventDurationMs, Date.now());
  const deadlineMs = asksAtMs + input.answerWindowDays * DAY_MS;
  const reminderMs = asksAtMs + input.reminderAfterHours * HOUR_MS;
  const iso = (ms: number) => new Date(ms).toISOString();

  let phase: PeerFeedbackPhase = 'before_event';
  let closedAt: string | undefined = undefined;
  let deliveredAt: string | undefined = undefined;
  const warned = new Set<string>();
  const reminded = new Set<string>();
  /** The latest answer per peer (last edit wins until close). Never exposed by the query. */
  const answers = new Map<string, FeedbackAnswer>();
  const edits = new Map<string, number>();
  const answerIds = new Map<string, { fingerprint: string; result: GiveFeedbackResult }>();

  const outstanding = () => peerIds.filter((peerId) => !answers.has(peerId));
  const allAnswered = () => outstanding().length === 0;

  function snapshot(): PeerFeedbackState {
    return {
      requestId: input.requestId,
      requesterId: input.requesterId,
      event: input.event,
      eventAt: input.eventAt,
      phase,
      peerIds: [...peerIds],
      warnedPeerIds: peerIds.filter((peerId) => warned.has(peerId)),
      answeredPeerIds: peerIds.filter((peerId) => answers.has(peerId)),
      outstandingPeerIds: outstanding(),
      remindedPeerIds: peerIds.filter((peerId) => reminded.has(peerId)),
      asksAt: iso(asksAtMs),
      ...(reminderMs < deadlineMs ? { reminderAt: iso(reminderMs) } : {}),
      deadline: iso(deadlineMs),
      ...(closedAt ? { closedAt } : {}),
      ...(deliveredAt ? { deliveredAt } : {}),
    };
  }

  const background: Promise<unknown>[] = [];
  /** Prompts held back by quiet hours wait in this scope; closing the run cancels the waits that are no longer wanted. */
  const quietWaits = new CancellationScope();
  function spawn(what: string, task: () => Promise<unknown>) {
    background.push(task().catch((error: unknown) => log.warn(`peer feedback: ${what} failed`, { error: String(error) })));
  }
  const sendToPerson = personMessenger({ messaging, tenantId: input.tenantId, accountId: input.accountId, process, defaultWaits: quietWaits });


  setHandler(feedbackStateQuery, snapshot);

  const fingerprint = (request: GiveFeedbackRequest) => JSON.stringify([request.personId, request.mostEffective.trim(), request.doBetter.trim()]);
  setHandler(
    giveFeedbackUpdate,
    (request: GiveFeedbackRequest): GiveFeedbackResult => {
      const previous = answerIds.get(request.answerId);
      if (previous) return { ...previous.result, duplicate: true };
      const recordedAt = iso(Date.now());
      answers.set(request.personId, { peerId: request.personId, mostEffective: request.mostEffective.trim(), doBetter: request.doBetter.trim(), answeredAt: recordedAt });
      edits.set(request.personId, (edits.get(request.personId) ?? 0) + 1);
      const result: GiveFeedbackResult = { requestId: input.requestId, peerId: request.personId, recordedAt, editableUntil: iso(deadlineMs), duplicate: false };
      answerIds.set(request.answerId, { fingerprint: fingerprint(request), result });
      return result;
    },
    {
      validator: (request: GiveFeedbackRequest) => {
        if (typeof request !== 'object' || request === null) throw new Error('the request must be an object');
        if (phase === 'closed' || Date.now() >= deadlineMs) throw new Error(`feedback on “${input.event}” is closed; answers are no longer accepted`);
        if (request.personId === input.requesterId) throw new Error('you cannot give feedback on your own request');
        if (!peerIds.includes(request.personId)) throw new Error(`only the peers asked for feedback on “${input.event}” can answer`);
        if (phase === 'before_event') throw new Error(`feedback on “${input.event}” opens when the event is over (${iso(asksAtMs)})`);
        if (!isRecordId(request.answerId)) throw new Error('answerId is required: up to 128 letters, digits, ".", "_", ":" or "-", starting with a letter or digit');
        if (!isText(request.mostEffective, FEEDBACK_LIMITS.answerChars) || !isText(request.doBetter, FEEDBACK_LIMITS.answerChars)) {
          throw new Error(`both answers are required: mostEffective and doBetter, each at most ${FEEDBACK_LIMITS.answerChars} characters`);
        }
        const previous = answerIds.get(request.answerId);
        if (previous && previous.fingerprint !== fingerprint(request)) throw new Error(`answerId ${request.answerId} was already used for a different answer; send the edit with a new id`);
        if (!previous && (edits.get(request.personId) ?? 0) >= FEEDBACK_LIMITS.editsPerPeer) throw new Error(`your answers have been edited ${FEEDBACK_LIMITS.editsPerPeer} times, the most allowed`);
      },
    },
  );

  // ---- store the request and warn the peers -------------------------------------------------------
  const { questions, requesterName } = await store.feedbackStoreRequest({
    tenantId: input.tenantId,
    accountId: input.accountId,
    requestId: input.requestId,
    requesterId: input.requesterId,
    peerIds,
    event: input.event.trim(),
    eventAt: iso(eventMs),
  });
  const questionPayload = { requestId: input.requestId, requesterId: input.requesterId, event: input.event, eventAt: input.eventAt, questions };
  if (Date.now() < eventMs) {
    for (const peerId of peerIds) {
      // A warning that quiet hours would hold until after the event has started is pointless: it is dropped.
      spawn(`warning → ${peerId}`, async () => {
        const sent = await sendToPerson(
          peerId,
          'feedback_warning',
          `warning/${peerId}`,
          `During “${input.event}” (${input.eventAt}), keep a small part of your attention on ${requesterName}: afterwards they will ask you two questions — “${questions.mostEffective}” and “${questions.doBetter}”`,
          questionPayload,
          () => Date.now() < eventMs,
        );
        if (sent) warned.add(peerId);
      });
    }
  }

  // ---- after the event: ask, remind, collect ------------------------------------------------------
  if (asksAtMs > Date.now()) await sleep(asksAtMs - Date.now());
  phase = 'asking';
  await store.feedbackMarkAsking({ tenantId: input.tenantId, accountId: input.accountId, requestId: input.requestId });
  for (const peerId of peerIds) {
    spawn(`request → ${peerId}`, () =>
      sendToPerson(
        peerId,
        'feedback_request',
        `request/${peerId}`,
        `“${input.event}” is over. ${requesterName} asks for your feedback, for their eyes only:\n1. ${questions.mostEffective}\n2. ${questions.doBetter}\nPlease answer by ${iso(deadlineMs)}.`,
        { ...questionPayload, deadline: iso(deadlineMs) },
        () => phase === 'asking' && !answers.has(peerId),
      ),
    );
  }
  if (reminderMs < deadlineMs) {
    if (reminderMs > Date.now()) await condition(allAnswered, reminderMs - Date.now());
    for (const peerId of outstanding()) {
      reminded.add(peerId);
      spawn(`reminder → ${peerId}`, () =>
        sendToPerson(
          peerId,
          'feedback_reminder',
          `reminder/${peerId}`,
          `Reminder: ${requesterName} would value your feedback on “${input.event}” — two short answers, by ${iso(deadlineMs)}.\n1. ${questions.mostEffective}\n2. ${questions.doBetter}`,
          { ...questionPayload, deadline: iso(deadlineMs) },
          () => phase === 'asking' && !answers.has(peerId),
        ),
      );
    }
  }
  if (deadlineMs > Date.now()) await condition(allAnswered, deadlineMs - Date.now());

  // ---- close and deliver to the requester only ----------------------------------------------------
  phase = 'closed';
  closedAt = iso(Date.now());
  quietWaits.cancel(); // requests and reminders still waiting for a peer's quiet hours are moot now
  await condition(allHandlersFinished);
  const final = peerIds.flatMap((peerId) => {
    const answer = answers.get(peerId);
    return answer ? [answer] : [];
  });
  await store.feedbackClose({ tenantId: input.tenantId, accountId: input.accountId, requestId: input.requestId, answers: final });
  const notAnswered = outstanding();
  const lines = final.map((answer) => `• ${answer.peerId}\n  Most effective: ${answer.mostEffective}\n  Do better: ${answer.doBetter}`);
  await sendToPerson(
    input.requesterId,
    'feedback_delivery',
    'delivery',
    [`Feedback on “${input.event}”: ${final.length} of ${peerIds.length} peers answered.`, ...lines].join('\n'),
    { requestId: input.requestId, event: input.event, eventAt: input.eventAt, questions, answers: final, notAnsweredPeerIds: notAnswered },
    () => true,
    new CancellationScope(), // the delivery waits for the requester's quiet hours, whatever was cancelled
  );
  deliveredAt = iso(Date.now());
  await Promise.all(background);
  return snapshot();
}
