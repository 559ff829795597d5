import { ApplicationFailure } from '@temporalio/common';
import { DateTime } from 'luxon';
import { IMPACT_QUESTION, type AgendaItem, type AgendaItemKind, type Outcome } from '../../../core/domain/agenda-item';
import type { AgendaSlot, Meeting } from '../../../core/domain/meeting';
import { AlreadyExistsError, NotFoundError } from '../../../core/errors';
import { compileAgenda } from '../../../core/rules/agenda-compilation';
import type { Messenger } from '../../../core/services/messenger';
import type { Store, Versioned } from '../../../core/store/ports';
import { updateRecord } from '../../../core/store/update-record';

export interface AgendaActivityDeps {
  store: Store;
  messenger: Messenger;
}

const DEFAULT_MEETING_MINUTES = 60;

export interface OpenMeetingInput {
  tenantId: string;
  accountId: string;
  configId: string;
  workflowId: string;
  meetingId: string;
  /** When collection opened: the Schedule's fire time (ISO). */
  opensAt: string;
}

export interface CarriedItem {
  itemId: string;
  title: string;
  kind: AgendaItemKind;
  raiserId: string;
  raisedAt: string;
  /** Co-leaders who had already answered the impact question before this run. */
  answeredLeaderIds: string[];
  outcomeRecorded: boolean;
}

export type OpenMeetingResult =
  | { skipped: string }
  | {
      skipped?: undefined;
      meetingId: string;
      title: string;
      meetingAt: string;
      meetingEndsAt: string;
      cutoffAt: string;
      outcomesDueAt: string;
      participantIds: string[];
      reminderAfterHours: number;
      durationMinutes: number;
      /** IMPACT_QUESTION, handed to the workflow so workflow code need not import the domain schemas. */
      impactQuestion: string;
      carriedItems: CarriedItem[];
    };

export interface StoreItemInput {
  tenantId: string;
  accountId: string;
  itemId: string;
  /** Absent for an item raised after the cut-off: the next run picks it up. */
  meetingId?: string;
  title: string;
  detail: string;
  kind: AgendaItemKind;
  raiserId: string;
  raisedAt: string;
}

export interface CompiledMeeting {
  slots: AgendaSlot[];
  /** Items that did not fit; detached from this meeting so the next run picks them up. */
  deferredItemIds: string[];
  /** The impact answers of the initiatives on the agenda, for the post. */
  impactAnswers: { itemId: string; title: string; answers: { leaderId: string; answer: string }[] }[];
}

/**
 * The derived times of one meeting. The meeting is `leadTimeDays` calendar days after collection opens,
 * at the same wall-clock time in the cadence's zone (a DST change in between does not move it by an
 * hour). The cut-off is the day before the meeting, at the same wall-clock time, so the agenda reaches
 * the leaders a day ahead; with a lead time under two days that would leave less collection time than
 * preparation time, so the cut-off is then never earlier than half-way between opening and meeting
 * (a lead time of 0 means "compile right away"). Outcomes are due `answerWindowDays` after the meeting ends.
 */
export function meetingTimes(opensAt: string, timeZone: string, leadTimeDays: number, durationMinutes: number, answerWindowDays: number) {
  const open = DateTime.fromISO(opensAt, { zone: timeZone });
  const meeting = open.plus({ days: leadTimeDays });
  const dayBefore = meeting.minus({ days: 1 }).toMillis();
  const halfway = open.toMillis() + (meeting.toMillis() - open.toMillis()) / 2;
  const cutoff = Math.max(dayBefore, halfway);
  const ends = meeting.plus({ minutes: durationMinutes });
  return {
    meetingAt: meeting.toUTC().toISO()!,
    cutoffAt: DateTime.fromMillis(cutoff, { zone: 'utc' }).toISO()!,
    meetingEndsAt: ends.toUTC().toISO()!,
    outcomesDueAt: ends.plus({ days: answerWindowDays }).toUTC().toISO()!,
  };
}

/**
 * Thin store calls of the facilitated-issue agenda. Each is idempotent by the ids the workflow chose
 * (meeting id from the workflow id, item ids from the caller), because Temporal retries an activity whose
 * result it did not hear about. Messages go through the common `sendMessage` activity.
 *
 * A missing record or invalid input fails with NotFoundError or ValidationError, which the workflow's
 * STORE_ACTIVITY_OPTIONS name as not retryable (Temporal types the failure by the error's class name).
 */
export function createAgendaActivities({ store }: AgendaActivityDeps) {
  /** `current`: the item as the caller just read it, so the first attempt need not read it again. */
  const updateItem = (ref: { tenantId: string; accountId: string; itemId: string }, change: (item: AgendaItem) => boolean, current?: Versioned<AgendaItem>) =>
    updateRecord(store.records, 'agendaItem', { tenantId: ref.tenantId, id: ref.itemId, accountId: ref.accountId }, change, {
      current,
      missing: () => new NotFoundError(`agenda item ${ref.itemId}`),
    });

  const updateMeeting = (ref: { tenantId: string; accountId: string; meetingId: string }, change: (meeting: Meeting) => boolean, current?: Versioned<Meeting>) =>
    updateRecord(store.records, 'meeting', { tenantId: ref.tenantId, id: ref.meetingId, accountId: ref.accountId }, change, {
      current,
      missing: () => new NotFoundError(`meeting ${ref.meetingId}`),
    });

  return {
    /**
     * Loads the config and the account, creates this run's Meeting (or finds it, on a retry) and
     * attaches the items raised earlier without a meeting: late ones from the last cycle and the ones
     * it deferred. A paused, removed or foreign config skips the run rather than failing it.
     */
    async agendaOpenMeeting(input: OpenMeetingInput): Promise<OpenMeetingResult> {
      const config = await store.records.get('processConfig', { tenantId: input.tenantId, id: input.configId, accountId: input.accountId });
      if (!config) return { skipped: `process config ${input.configId} no longer exists` };
      if (config.record.kind !== 'facilitated_agenda') return { skipped: `process config ${input.configId} is a ${config.record.kind} config, not a facilitated agenda` };
      if (config.record.paused) return { skipped: `process config ${input.configId} is paused` };
      const account = await store.records.get('account', { tenantId: input.tenantId, id: input.accountId });
      if (!account) return { skipped: `account ${input.accountId} no longer exists` };
      // A walled person must never see the account, whatever the config says.
      const walls = new Set(account.record.walls);
      const participantIds = [...new Set(config.record.participantIds)].filter((id) => !walls.has(id));
      if (participantIds.length === 0) return { skipped: 'the config has no participants who may see the account' };

      const timeZone = config.record.cadence?.timeZone ?? 'UTC';
      const times = meetingTimes(input.opensAt, timeZone, config.record.leadTimeDays, DEFAULT_MEETING_MINUTES, config.record.answerWindowDays);
      const now = new Date().toISOString();
      let meeting = (await store.records.get('meeting', { tenantId: input.tenantId, id: input.meetingId, accountId: input.accountId }))?.record;
      if (!meeting) {
        try {
          meeting = (
            await store.records.create('meeting', {
              tenantId: input.tenantId,
              accountId: input.accountId,
              id: input.meetingId,
              title: config.record.name,
              scheduledAt: times.meetingAt,
              durationMinutes: DEFAULT_MEETING_MINUTES,
              status: 'collecting',
              agenda: [],
              createdAt: now,
              updatedAt: now,
            })
          ).record;
        } catch (error) {
          if (!(error instanceof AlreadyExistsError)) throw error;
          meeting = (await store.records.get('meeting', { tenantId: input.tenantId, id: input.meetingId, accountId: input.accountId }))?.record;
          if (!meeting) throw error;
        }
      }
      // On a retry the stored meeting wins, so a config edit between attempts cannot move it.
      const stored = meetingTimes(input.opensAt, timeZone, config.record.leadTimeDays, meeting.durationMinutes, config.record.answerWindowDays);
      const meetingAt = meeting.scheduledAt;
      const shift = Date.parse(meetingAt) - Date.parse(stored.meetingAt);
      const shifted = (iso: string) => new Date(Date.parse(iso) + shift).toISOString();

      const open = await store.records.list('agendaItem', { tenantId: input.tenantId, accountId: input.accountId });
      const carried: AgendaItem[] = [];
      for (const listed of open) {
        const { record } = listed;
        if (record.status !== 'raised' && record.status !== 'scheduled') continue;
        if (record.meetingId === input.meetingId) {
          carried.push(record);
        } else if (record.meetingId === undefined && record.status === 'raised') {
          carried.push(
            await updateItem(
              { tenantId: input.tenantId, accountId: input.accountId, itemId: record.id },
              (item) => {
                if (item.meetingId !== undefined) return false;
                item.meetingId = input.meetingId;
                return true;
              },
              listed,
            ),
          );
        }
      }
      const mine = carried.filter((item) => item.meetingId === input.meetingId);
      return {
        meetingId: meeting.id,
        title: meeting.title,
        meetingAt,
        meetingEndsAt: shifted(stored.meetingEndsAt),
        cutoffAt: shifted(stored.cutoffAt),
        outcomesDueAt: shifted(stored.outcomesDueAt),
        participantIds,
        reminderAfterHours: config.record.reminderAfterHours,
        durationMinutes: meeting.durationMinutes,
        impactQuestion: IMPACT_QUESTION,
        carriedItems: mine
          .sort((a, b) => a.raisedAt.localeCompare(b.raisedAt) || a.id.localeCompare(b.id))
          .map((item) => ({
            itemId: item.id,
            title: item.title,
            kind: item.kind,
            raiserId: item.raiserId,
            raisedAt: item.raisedAt,
            answeredLeaderIds: item.impactAnswers.map((answer) => answer.leaderId),
            outcomeRecorded: item.outcome !== undefined,
          })),
      };
    },

    /** Stores a raised item; the same id raised again by the same person with the same title is a no-op. */
    async agendaStoreItem(input: StoreItemInput): Promise<void> {
      const now = new Date().toISOString();
      try {
        await store.records.create('agendaItem', {
          tenantId: input.tenantId,
          accountId: input.accountId,
          id: input.itemId,
          ...(input.meetingId ? { meetingId: input.meetingId } : {}),
          title: input.title,
          detail: input.detail,
          kind: input.kind,
          raiserId: input.raiserId,
          raisedAt: input.raisedAt,
          status: 'raised',
          impactAnswers: [],
          createdAt: now,
          updatedAt: now,
        });
      } catch (error) {
        if (!(error instanceof AlreadyExistsError)) throw error;
        const existing = await store.records.get('agendaItem', { tenantId: input.tenantId, id: input.itemId });
        const same = existing && existing.record.accountId === input.accountId && existing.record.raiserId === input.raiserId && existing.record.title === input.title.trim();
        if (!same) throw ApplicationFailure.nonRetryable(`agenda item id ${input.itemId} is already used by another item; raise it with a new id`, 'ValidationError');
      }
    },

    /** One answer per co-leader and item; a later edit replaces the earlier one (last edit wins). */
    async agendaRecordImpactAnswer(input: { tenantId: string; accountId: string; itemId: string; leaderId: string; answer: string; answeredAt: string }): Promise<void> {
      await updateItem(input, (item) => {
        const existing = item.impactAnswers.find((answer) => answer.leaderId === input.leaderId);
        if (existing && existing.answer === input.answer.trim() && existing.answeredAt === input.answeredAt) return false;
        if (existing && existing.answeredAt > input.answeredAt) return false; // an older edit arriving late never wins
        item.impactAnswers = [
          ...item.impactAnswers.filter((answer) => answer.leaderId !== input.leaderId),
          { leaderId: input.leaderId, answer: input.answer, answeredAt: input.answeredAt },
        ];
        return true;
      });
    },

    /**
     * Compiles the agenda from the items the workflow holds (by id, so a retry compiles the same agenda
     * even after deferred items were detached), stores the items (scheduled, or deferred: back to raised
     * without a meeting) and then the meeting (compiled) — the meeting last, as the commit mark.
     */
    async agendaCompile(input: { tenantId: string; accountId: string; meetingId: string; itemIds: string[]; compiledAt: string }): Promise<CompiledMeeting> {
      const meeting = await store.records.get('meeting', { tenantId: input.tenantId, id: input.meetingId, accountId: input.accountId });
      if (!meeting) throw new NotFoundError(`meeting ${input.meetingId}`);
      const found = (await store.records.getMany('agendaItem', input.tenantId, input.itemIds)).filter(({ record }) => record.accountId === input.accountId);
      const items = found.map(({ record }) => record);
      const { slots, deferred } = compileAgenda(items, meeting.record.durationMinutes);
      const deferredIds = new Set(deferred);
      for (const listed of found) {
        const item = listed.record;
        if (item.status !== 'raised' && item.status !== 'scheduled') continue;
        await updateItem(
          { tenantId: input.tenantId, accountId: input.accountId, itemId: item.id },
          (next) => {
            if (deferredIds.has(next.id)) {
              if (next.meetingId === undefined && next.status === 'raised') return false;
              delete next.meetingId;
              next.status = 'raised';
              return true;
            }
            if (next.status === 'scheduled' && next.meetingId === input.meetingId) return false;
            next.status = 'scheduled';
            next.meetingId = input.meetingId;
            return true;
          },
          listed,
        );
      }
      await updateMeeting(
        input,
        (next) => {
          if (next.status === 'compiled' && JSON.stringify(next.agenda) === JSON.stringify(slots)) return false;
          next.status = 'compiled';
          next.agenda = slots;
          next.compiledAt = input.compiledAt;
          return true;
        },
        meeting,
      );
      const onAgenda = new Set(slots.map((slot) => slot.agendaItemId).filter((id): id is string => id !== undefined));
      return {
        slots,
        deferredItemIds: [...deferred],
        impactAnswers: items
          .filter((item) => item.kind === 'initiative' && onAgenda.has(item.id))
          .map((item) => ({ itemId: item.id, title: item.title, answers: item.impactAnswers.map(({ leaderId, answer }) => ({ leaderId, answer })) })),
      };
    },

    /** Stores an item's outcome; a later edit replaces the earlier one. */
    async agendaRecordOutcome(input: { tenantId: string; accountId: string; itemId: string; outcome: Outcome }): Promise<void> {
      await updateItem(input, (item) => {
        if (JSON.stringify(item.outcome) === JSON.stringify(input.outcome)) return false;
        item.outcome = input.outcome;
        return true;
      });
    },

    /** The meeting was held: its agenda items are discussed (with the outcomes recorded so far). */
    async agendaClose(input: { tenantId: string; accountId: string; meetingId: string; itemIds: string[] }): Promise<void> {
      for (const itemId of input.itemIds) {
        await updateItem({ tenantId: input.tenantId, accountId: input.accountId, itemId }, (item) => {
          if (item.status === 'discussed' || item.meetingId !== input.meetingId) return false;
          item.status = 'discussed';
          return true;
        });
      }
      await updateMeeting(input, (meeting) => {
        if (meeting.status === 'held') return false;
        meeting.status = 'held';
        return true;
      });
    },
  };
}

export type AgendaActivities = ReturnType<typeof createAgendaActivities>;
