import { defineSearchAttributeKey } from '@temporalio/common';
import { allHandlersFinished, CancellationScope, condition, log, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { Outcome } from '../../../core/domain/agenda-item';
import type { AgendaSlot } from '../../../core/domain/meeting';
import type { AgendaActivities } from '../activities/agenda-activities';
import type { CommonActivities } from '../activities/common-activities';
import {
  AGENDA_ITEM_KINDS,
  AGENDA_LIMITS,
  agendaStateQuery,
  answerImpactUpdate,
  meetingIdFor,
  raiseItemUpdate,
  recordOutcomeUpdate,
  type AgendaItemState,
  type AgendaPhase,
  type AnswerImpactRequest,
  type FacilitatedAgendaInput,
  type FacilitatedAgendaState,
  type RaiseItemRequest,
  type RaiseItemResult,
  type RecordOutcomeRequest,
} from './facilitated-agenda.contract';
import { personMessenger } from './person-messages';
import { MESSAGING_ACTIVITY_OPTIONS, STORE_ACTIVITY_OPTIONS } from './activity-options';
import { HOUR_MS, isRecordId, isText } from './workflow-helpers';

const store = proxyActivities<AgendaActivities>(STORE_ACTIVITY_OPTIONS);
const messaging = proxyActivities<CommonActivities>(MESSAGING_ACTIVITY_OPTIONS);

/** Set by the server on runs a Schedule starts: the nominal fire time, not delayed by catch-up. */
const SCHEDULED_START_TIME = defineSearchAttributeKey('TemporalScheduledStartTime', 'DATETIME');

interface ImpactAsk {
  leaderId: string;
  /** When the question was actually sent (after the leader's quiet hours). */
  askedAt?: number;
  remindAt?: number;
  reminded: boolean;
  answeredAt?: number;
  edits: number;
}

interface TrackedItem {
  itemId: string;
  title: string;
  kind: AgendaItemState['kind'];
  raiserId: string;
  raisedAt: string;
  carriedOver: boolean;
  status: AgendaItemState['status'];
  /** Initiatives only: one entry per co-leader other than the raiser. */
  asks?: Map<string, ImpactAsk>;
  outcomeRecorded: boolean;
  outcomeEdits: number;
}

const isOptionalText = (value: unknown, max: number) => value === undefined || (typeof value === 'string' && value.trim().length <= max);
const requireObject = (request: unknown) => {
  if (typeof request !== 'object' || request === null) throw new Error('the request must be an object');
};

function fireTime(): Date {
  const info = workflowInfo();
  const typed = info.typedSearchAttributes.get(SCHEDULED_START_TIME);
  if (typed instanceof Date && !Number.isNaN(typed.getTime())) return typed;
  return info.startTime;
}

/**
 * One facilitated-issue agenda cycle, from collection to outcomes (DESIGN §3 process 2). A Schedule
 * starts it when collection opens; the meeting is `leadTimeDays` later (see `meetingTimes` in the
 * activities for the meeting time, the cut-off and the outcome deadline).
 *
 * Why there is no continue-as-new: a run is one meeting, a few days long, and its history is bounded by
 * the validators — at most 50 raised items, 12 participants, 20 edits per answer — to a few thousand
 * events, well below the server's limits. The next meeting is a new run started by the Schedule.
 */
export async function facilitatedAgenda(input: FacilitatedAgendaInput): Promise<FacilitatedAgendaState> {
  const { workflowId } = workflowInfo();
  const meetingId = meetingIdFor(workflowId);
  const process = { kind: 'facilitated_agenda' as const, workflowId };

  let phase: AgendaPhase = 'opening';
  let skippedReason: string | undefined;
  let participantIds: string[] = [];
  let meetingTitle = '';
  let impactQuestion = '';
  let reminderAfterMs = 0;
  let times: { opensAt: string; cutoffAt: string; meetingAt: string; meetingEndsAt: string; outcomesDueAt: string } | undefined = undefined; // set once the meeting exists
  let agenda: AgendaSlot[] = [];
  const items = new Map<string, TrackedItem>();
  const lateItemIds: string[] = [];
  /** Dedupe ids: the request's fingerprint, so an exact retry is a no-op and a reused id with other content is refused. */
  const raised = new Map<string, { fingerprint: string; outcome: Promise<RaiseItemResult> }>();
  const impactAnswerIds = new Map<string, string>();
  const outcomeIds = new Map<string, string>();
  let remindersChanged = false;

  const cutoffMs = () => (times ? Date.parse(times.cutoffAt) : Number.POSITIVE_INFINITY);
  const isOver = () => phase === 'closed' || phase === 'skipped';

  // Store writes from update handlers run one at a time, in the order the updates were accepted, so
  // "last edit wins" means the last accepted edit.
  let writes: Promise<unknown> = Promise.resolve();
  function serialized<T>(write: () => Promise<T>): Promise<T> {
    const run = writes.then(write);
    writes = run.catch(() => undefined);
    return run;
  }

  // Prompts wait for the person's quiet hours; they run beside the main flow and are awaited at the end.
  const background: Promise<unknown>[] = [];
  /** Prompts held back by quiet hours wait in this scope; closing the run cancels the waits that are no longer wanted. */
  const quietWaits = new CancellationScope();
  function spawn(what: string, task: () => Promise<unknown>) {
    background.push(task().catch((error: unknown) => log.warn(`agenda: ${what} failed`, { error: String(error) })));
  }
  const sendToPerson = personMessenger({ messaging, tenantId: input.tenantId, accountId: input.accountId, process, defaultWaits: quietWaits });


  function impactOf(item: TrackedItem): AgendaItemState['impact'] {
    if (!item.asks) return undefined;
    const asks = [...item.asks.values()];
    return {
      askLeaderIds: asks.map((ask) => ask.leaderId),
      answeredLeaderIds: asks.filter((ask) => ask.answeredAt !== undefined).map((ask) => ask.leaderId),
      notAnsweredLeaderIds: asks.filter((ask) => ask.answeredAt === undefined).map((ask) => ask.leaderId),
      remindedLeaderIds: asks.filter((ask) => ask.reminded).map((ask) => ask.leaderId),
    };
  }

  function pendingReminders(): { item: TrackedItem; ask: ImpactAsk }[] {
    const pending: { item: TrackedItem; ask: ImpactAsk }[] = [];
    for (const item of items.values()) {
      for (const ask of item.asks?.values() ?? []) {
        if (ask.answeredAt === undefined && !ask.reminded && ask.remindAt !== undefined && ask.remindAt < cutoffMs()) pending.push({ item, ask });
      }
    }
    return pending;
  }

  /** Items on the agenda (scheduled, or discussed once closed) with no outcome yet. */
  const outstandingOutcomes = () => [...items.values()].filter((item) => (item.status === 'scheduled' || item.status === 'discussed') && !item.outcomeRecorded);

  function snapshot(): FacilitatedAgendaState {
    const nextReminder = phase === 'collecting' ? Math.min(...pendingReminders().map(({ ask }) => ask.remindAt!)) : Number.POSITIVE_INFINITY;
    return {
      configId: input.configId,
      phase,
      ...(skippedReason ? { skippedReason } : {}),
      ...(times ? { meetingId, ...times } : {}),
      participantIds: [...participantIds],
      ...(Number.isFinite(nextReminder) ? { nextReminderAt: new Date(nextReminder).toISOString() } : {}),
      items: [...items.values()].map((item) => ({
        itemId: item.itemId,
        title: item.title,
        kind: item.kind,
        raiserId: item.raiserId,
        raisedAt: item.raisedAt,
        carriedOver: item.carriedOver,
        status: item.status,
        ...(item.asks ? { impact: impactOf(item) } : {}),
        outcomeRecorded: item.outcomeRecorded,
      })),
      lateItemIds: [...lateItemIds],
      agenda: agenda.map((slot) => ({ ...slot })),
      outstandingOutcomeItemIds: outstandingOutcomes().map((item) => item.itemId),
    };
  }

  /** Asks every co-leader other than the raiser who has not answered yet; the reminder clock starts when the question is sent. */
  function askImpact(item: TrackedItem) {
    for (const ask of item.asks?.values() ?? []) {
      if (ask.answeredAt !== undefined) continue;
      spawn(`impact question ${item.itemId} → ${ask.leaderId}`, async () => {
        const sent = await sendToPerson(
          ask.leaderId,
          'impact_question',
          `impact-question/${item.itemId}/${ask.leaderId}`,
          `${impactQuestion}\nInitiative: “${item.title}”, raised for ${meetingTitle}. Please answer before ${times!.cutoffAt}.`,
          { meetingId, itemId: item.itemId, title: item.title, raiserId: item.raiserId, question: impactQuestion, cutoffAt: times!.cutoffAt },
          () => phase === 'collecting' && ask.answeredAt === undefined,
        );
        if (!sent) return;
        ask.askedAt = Date.now();
        ask.remindAt = ask.askedAt + reminderAfterMs;
        remindersChanged = true;
      });
    }
  }

  function sendDueReminders() {
    for (const { item, ask } of pendingReminders()) {
      if (ask.remindAt! > Date.now()) continue;
      ask.reminded = true;
      spawn(`impact reminder ${item.itemId} → ${ask.leaderId}`, () =>
        sendToPerson(
          ask.leaderId,
          'impact_reminder',
          `impact-reminder/${item.itemId}/${ask.leaderId}`,
          `Reminder: ${impactQuestion}\nInitiative: “${item.title}”. The agenda is compiled at ${times!.cutoffAt}.`,
          { meetingId, itemId: item.itemId, title: item.title, question: impactQuestion, cutoffAt: times!.cutoffAt },
          () => phase === 'collecting' && ask.answeredAt === undefined,
        ),
      );
    }
  }

  function track(item: Omit<TrackedItem, 'asks' | 'outcomeEdits' | 'status'>, answeredLeaderIds: readonly string[] = []): TrackedItem {
    const tracked: TrackedItem = { ...item, status: 'raised', outcomeEdits: 0 };
    if (item.kind === 'initiative') {
      tracked.asks = new Map(
        participantIds
          .filter((leaderId) => leaderId !== item.raiserId)
          .map((leaderId) => [leaderId, { leaderId, reminded: false, edits: 0, ...(answeredLeaderIds.includes(leaderId) ? { answeredAt: Date.now() } : {}) }]),
      );
    }
    items.set(item.itemId, tracked);
    return tracked;
  }

  setHandler(agendaStateQuery, snapshot);

  // ---- raiseItem ----------------------------------------------------------------------------------
  const raiseFingerprint = (request: RaiseItemRequest) => JSON.stringify([request.personId, request.kind, request.title.trim(), (request.detail ?? '').trim()]);
  setHandler(
    raiseItemUpdate,
    async (request: RaiseItemRequest): Promise<RaiseItemResult> => {
      const previous = raised.get(request.itemId);
      if (previous) return { ...(await previous.outcome), duplicate: true };
      const forNextMeeting = phase !== 'collecting' || Date.now() >= cutoffMs();
      const title = request.title.trim();
      const outcome = (async (): Promise<RaiseItemResult> => {
        const raisedAt = new Date(Date.now()).toISOString();
        await serialized(() =>
          store.agendaStoreItem({
            tenantId: input.tenantId,
            accountId: input.accountId,
            itemId: request.itemId,
            ...(forNextMeeting ? {} : { meetingId }),
            title,
            detail: (request.detail ?? '').trim(),
            kind: request.kind,
            raiserId: request.personId,
            raisedAt,
          }),
        );
        if (forNextMeeting) {
          lateItemIds.push(request.itemId);
          return {
            itemId: request.itemId,
            forNextMeeting: true,
            duplicate: false,
            message: `The cut-off for ${meetingTitle} passed at ${times!.cutoffAt}: “${title}” is kept for the next meeting’s agenda.`,
          };
        }
        const item = track({ itemId: request.itemId, title, kind: request.kind, raiserId: request.personId, raisedAt, carriedOver: false, outcomeRecorded: false });
        if (phase === 'collecting') askImpact(item);
        return { itemId: request.itemId, meetingId, forNextMeeting: false, duplicate: false, message: `“${title}” is on the list for ${meetingTitle} at ${times!.meetingAt}.` };
      })();
      raised.set(request.itemId, { fingerprint: raiseFingerprint(request), outcome });
      try {
        return await outcome;
      } catch (error) {
        raised.delete(request.itemId); // nothing was stored: the same id may be tried again
        throw error;
      }
    },
    {
      validator: (request: RaiseItemRequest) => {
        requireObject(request);
        if (isOver()) throw new Error('this agenda run is closed; raise the item for the next meeting');
        if (phase === 'opening') throw new Error('agenda collection is still opening; try again in a moment');
        if (!participantIds.includes(request.personId)) throw new Error('only the leaders taking part in this meeting can raise agenda items');
        if (!isRecordId(request.itemId)) throw new Error('itemId is required: up to 128 letters, digits, ".", "_", ":" or "-", starting with a letter or digit');
        if (!AGENDA_ITEM_KINDS.includes(request.kind)) throw new Error(`kind must be initiative, tension, decision or update, not ${String(request.kind)}`);
        if (!isText(request.title, AGENDA_LIMITS.titleChars)) throw new Error(`title is required (at most ${AGENDA_LIMITS.titleChars} characters)`);
        if (!isOptionalText(request.detail, AGENDA_LIMITS.detailChars)) throw new Error(`detail is limited to ${AGENDA_LIMITS.detailChars} characters`);
        const previous = raised.get(request.itemId);
        if (previous && previous.fingerprint !== raiseFingerprint(request)) throw new Error(`itemId ${request.itemId} is already used by another agenda item; raise it with a new id`);
        if (!previous && items.has(request.itemId)) throw new Error(`itemId ${request.itemId} is already on this meeting’s agenda`);
        if (!previous && raised.size >= AGENDA_LIMITS.raisesPerRun) throw new Error(`this meeting already has ${AGENDA_LIMITS.raisesPerRun} raised items; raise it for the next meeting`);
      },
    },
  );

  // ---- answerImpact -------------------------------------------------------------------------------
  const impactFingerprint = (request: AnswerImpactRequest) => JSON.stringify([request.itemId, request.personId, request.answer.trim()]);
  setHandler(
    answerImpactUpdate,
    async (request: AnswerImpactRequest) => {
      if (impactAnswerIds.has(request.answerId)) return snapshot();
      impactAnswerIds.set(request.answerId, impactFingerprint(request));
      const ask = items.get(request.itemId)!.asks!.get(request.personId)!;
      ask.edits++;
      const answeredAt = new Date(Date.now()).toISOString();
      try {
        await serialized(() =>
          store.agendaRecordImpactAnswer({ tenantId: input.tenantId, accountId: input.accountId, itemId: request.itemId, leaderId: request.personId, answer: request.answer.trim(), answeredAt }),
        );
      } catch (error) {
        impactAnswerIds.delete(request.answerId);
        ask.edits--;
        throw error;
      }
      ask.answeredAt ??= Date.parse(answeredAt);
      return snapshot();
    },
    {
      validator: (request: AnswerImpactRequest) => {
        requireObject(request);
        if (isOver()) throw new Error('this agenda run is closed; impact answers are no longer accepted');
        if (!participantIds.includes(request.personId)) throw new Error('only the leaders taking part in this meeting can answer the impact question');
        if (phase !== 'collecting' || Date.now() >= cutoffMs()) throw new Error(`the cut-off for impact answers passed${times ? ` at ${times.cutoffAt}` : ''}; the agenda is compiled`);
        const item = items.get(request.itemId);
        if (!item) throw new Error(`agenda item ${String(request.itemId)} is not on this meeting’s agenda`);
        if (!item.asks) throw new Error(`the impact question is asked for initiatives only; “${item.title}” is a ${item.kind}`);
        const ask = item.asks.get(request.personId);
        if (!ask) throw new Error('only the co-leaders asked about this initiative can answer; its raiser is not asked');
        if (!isRecordId(request.answerId)) throw new Error('answerId is required: up to 128 letters, digits, ".", "_", ":" or "-", starting with a letter or digit');
        if (!isText(request.answer, AGENDA_LIMITS.answerChars)) throw new Error(`answer is required (at most ${AGENDA_LIMITS.answerChars} characters)`);
        const previous = impactAnswerIds.get(request.answerId);
        if (previous !== undefined && previous !== impactFingerprint(request)) throw new Error(`answerId ${request.answerId} was already used for a different answer; send the edit with a new id`);
        if (previous === undefined && ask.edits >= AGENDA_LIMITS.editsPerAnswer) throw new Error(`this answer has been edited ${AGENDA_LIMITS.editsPerAnswer} times, the most allowed`);
      },
    },
  );

  // ---- recordOutcome ------------------------------------------------------------------------------
  const outcomeOf = (request: RecordOutcomeRequest): Outcome => ({
    decision: (request.decision ?? '').trim(),
    actions: (request.actions ?? []).map((action) => action.trim()),
    ...(request.ownerId ? { ownerId: request.ownerId } : {}),
  });
  const outcomeFingerprint = (request: RecordOutcomeRequest) => JSON.stringify([request.itemId, request.personId, outcomeOf(request)]);
  setHandler(
    recordOutcomeUpdate,
    async (request: RecordOutcomeRequest) => {
      if (outcomeIds.has(request.outcomeId)) return snapshot();
      outcomeIds.set(request.outcomeId, outcomeFingerprint(request));
      const item = items.get(request.itemId)!;
      item.outcomeEdits++;
      try {
        await serialized(() => store.agendaRecordOutcome({ tenantId: input.tenantId, accountId: input.accountId, itemId: request.itemId, outcome: outcomeOf(request) }));
      } catch (error) {
        outcomeIds.delete(request.outcomeId);
        item.outcomeEdits--;
        throw error;
      }
      item.outcomeRecorded = true;
      return snapshot();
    },
    {
      validator: (request: RecordOutcomeRequest) => {
        requireObject(request);
        if (isOver()) throw new Error('this agenda run is closed; outcomes are no longer accepted');
        if (!participantIds.includes(request.personId)) throw new Error('only the leaders taking part in this meeting can record outcomes');
        if (phase !== 'compiled' && phase !== 'awaiting_outcomes') throw new Error(`outcomes can be recorded once the agenda is compiled${times ? ` (at the cut-off, ${times.cutoffAt})` : ''}`);
        const item = items.get(request.itemId);
        if (!item || item.status !== 'scheduled') throw new Error(`agenda item ${String(request.itemId)} is not on this meeting’s agenda`);
        if (!isRecordId(request.outcomeId)) throw new Error('outcomeId is required: up to 128 letters, digits, ".", "_", ":" or "-", starting with a letter or digit');
        if (!isOptionalText(request.decision, AGENDA_LIMITS.decisionChars)) throw new Error(`decision is limited to ${AGENDA_LIMITS.decisionChars} characters`);
        const actions: unknown = request.actions;
        if (actions !== undefined && (!Array.isArray(actions) || actions.length > AGENDA_LIMITS.actions || !actions.every((action) => isText(action, AGENDA_LIMITS.actionChars)))) {
          throw new Error(`actions must be a list of at most ${AGENDA_LIMITS.actions} non-empty texts of at most ${AGENDA_LIMITS.actionChars} characters`);
        }
        if (request.ownerId !== undefined && !isRecordId(request.ownerId)) throw new Error('ownerId must be a person id');
        if ((request.decision ?? '').trim() === '' && (request.actions ?? []).length === 0) throw new Error('give a decision or at least one action');
        const previous = outcomeIds.get(request.outcomeId);
        if (previous !== undefined && previous !== outcomeFingerprint(request)) throw new Error(`outcomeId ${request.outcomeId} was already used for a different outcome; send the edit with a new id`);
        if (previous === undefined && item.outcomeEdits >= AGENDA_LIMITS.editsPerAnswer) throw new Error(`this outcome has been edited ${AGENDA_LIMITS.editsPerAnswer} times, the most allowed`);
      },
    },
  );

  // ---- open ---------------------------------------------------------------------------------------
  const opensAt = fireTime().toISOString();
  const setup = await store.agendaOpenMeeting({ ...input, workflowId, meetingId, opensAt });
  if (setup.skipped !== undefined) {
    skippedReason = setup.skipped;
    phase = 'skipped';
    log.info('agenda run skipped', { reason: setup.skipped });
    await condition(allHandlersFinished);
    return snapshot();
  }
  participantIds = setup.participantIds;
  meetingTitle = setup.title;
  impactQuestion = setup.impactQuestion;
  reminderAfterMs = setup.reminderAfterHours * HOUR_MS;
  times = { opensAt, cutoffAt: setup.cutoffAt, meetingAt: setup.meetingAt, meetingEndsAt: setup.meetingEndsAt, outcomesDueAt: setup.outcomesDueAt };
  const carried = setup.carriedItems.map((item) =>
    track({ itemId: item.itemId, title: item.title, kind: item.kind, raiserId: item.raiserId, raisedAt: item.raisedAt, carriedOver: true, outcomeRecorded: item.outcomeRecorded }, item.answeredLeaderIds),
  );
  phase = 'collecting';

  const collectionText = `Agenda collection is open for ${meetingTitle} (${times.meetingAt}). Raise initiatives, tensions, decisions and updates before the cut-off at ${times.cutoffAt}.`;
  for (const personId of participantIds) {
    spawn(`collection open → ${personId}`, () =>
      sendToPerson(personId, 'agenda_collection_open', `collection-open/${personId}`, collectionText, { meetingId, title: meetingTitle, ...times, carriedItemIds: carried.map((item) => item.itemId) }, () => phase === 'collecting'),
    );
  }
  for (const item of carried) askImpact(item);

  // ---- collect until the cut-off, reminding as questions come due ---------------------------------
  while (Date.now() < cutoffMs()) {
    remindersChanged = false;
    const nextReminder = Math.min(...pendingReminders().map(({ ask }) => ask.remindAt!));
    const wakeAt = Math.min(nextReminder, cutoffMs());
    if (wakeAt > Date.now()) await condition(() => remindersChanged, wakeAt - Date.now());
    sendDueReminders();
  }

  // ---- compile and post ---------------------------------------------------------------------------
  phase = 'compiling';
  await condition(allHandlersFinished); // items accepted before the cut-off finish storing first
  const compiled = await store.agendaCompile({
    tenantId: input.tenantId,
    accountId: input.accountId,
    meetingId,
    itemIds: [...items.keys()],
    compiledAt: new Date(Date.now()).toISOString(),
  });
  const deferred = new Set(compiled.deferredItemIds);
  for (const item of items.values()) item.status = deferred.has(item.itemId) ? 'deferred' : 'scheduled';
  agenda = compiled.slots;
  await messaging.sendMessage({
    key: `${workflowId}/agenda-compiled`,
    tenantId: input.tenantId,
    accountId: input.accountId,
    recipient: { kind: 'leadership_channel' },
    purpose: 'agenda_compiled',
    process,
    text: [`Agenda for ${meetingTitle} (${times.meetingAt}):`, ...agenda.map((slot, index) => `${index + 1}. ${slot.title} — ${slot.minutes} min`)].join('\n'),
    payload: {
      meetingId,
      title: meetingTitle,
      meetingAt: times.meetingAt,
      slots: agenda,
      impactAnswers: compiled.impactAnswers.map((entry) => ({ ...entry, notAnsweredLeaderIds: impactOf(items.get(entry.itemId)!)?.notAnsweredLeaderIds ?? [] })),
      deferredItemIds: compiled.deferredItemIds,
    },
  });
  phase = 'compiled';

  // ---- after the meeting: outcomes ----------------------------------------------------------------
  const untilMeetingEnds = Date.parse(times.meetingEndsAt) - Date.now();
  if (untilMeetingEnds > 0) await sleep(untilMeetingEnds);
  phase = 'awaiting_outcomes';
  for (const item of outstandingOutcomes()) {
    spawn(`outcome request ${item.itemId} → ${item.raiserId}`, () =>
      sendToPerson(
        item.raiserId,
        'outcome_request',
        `outcome-request/${item.itemId}`,
        `${meetingTitle} is over. What was the outcome of “${item.title}”? A decision, the actions and who owns them — before ${times!.outcomesDueAt}.`,
        { meetingId, itemId: item.itemId, title: item.title, outcomesDueAt: times!.outcomesDueAt },
        () => phase === 'awaiting_outcomes' && !item.outcomeRecorded,
      ),
    );
  }
  const untilDue = Date.parse(times.outcomesDueAt) - Date.now();
  if (untilDue > 0) await condition(() => outstandingOutcomes().length === 0, untilDue);

  // ---- close --------------------------------------------------------------------------------------
  phase = 'closed';
  await condition(allHandlersFinished); // outcomes accepted before the close finish storing
  const onAgenda = [...items.values()].filter((item) => item.status === 'scheduled');
  await store.agendaClose({ tenantId: input.tenantId, accountId: input.accountId, meetingId, itemIds: onAgenda.map((item) => item.itemId) });
  for (const item of onAgenda) item.status = 'discussed';
  quietWaits.cancel(); // prompts still waiting for someone's quiet hours are moot now
  await Promise.all(background);
  return snapshot();
}
