import { z } from 'zod';
import type { MessagePurpose, Recipient } from '../../../core/domain/outbound-message';
import { ValidationError } from '../../../core/errors';
import { issuesOf } from '../../../core/validation';
import { card, fitted, text, plain, type AdaptiveCard } from './adaptive-card';
import { agendaCollectionCard, compiledAgendaCard, impactQuestionCard, outcomeRequestCard } from './agenda-cards';
import { checkInCard, checkInDigestCard, escalationCard } from './delegation-cards';
import { feedbackDeliveryCard, feedbackRequestCard, feedbackWarningCard } from './feedback-cards';
import { reviewFormCard, reviewSummaryCard } from './review-cards';
import { AGENDA_KINDS, CHECK_IN_STATUSES } from './verbs';
import type { CardView } from './view';

/** What cardForMessage needs of a recorded OutboundMessage (core/domain/outbound-message). */
export interface MessageLike {
  /** The record's id (messageIdFor(key)); carried on the card's actions so the bot can check who answers. */
  id?: string;
  purpose: MessagePurpose;
  text: string;
  payload: Record<string, unknown>;
  recipient: Recipient;
  process: { workflowId: string };
}

export interface MessageView extends CardView<unknown> {
  /** Who may own an outcome's actions (the meeting's leaders), for the outcome request. */
  people?: readonly { id: string; name: string }[];
}

// ---- what each purpose's payload holds (as the workflows send it) -------------------------------
// Lenient on extra keys, so a workflow that adds a field does not break rendering of older messages.

const id = z.string().min(1).max(300);
const instant = z.string().min(1).max(64);
const questions = z.object({ mostEffective: z.string().min(1), doBetter: z.string().min(1) });

const reviewRequest = z.object({
  reviewId: id,
  cycle: z.string().max(40),
  deadline: instant,
  standards: z.array(z.object({ id, text: z.string() })).min(1),
  goals: z.array(z.object({ id, title: z.string() })).default([]),
});
const impactQuestion = z.object({ meetingId: id, itemId: id, title: z.string().min(1), raiserId: id.optional(), question: z.string().min(1), cutoffAt: instant, detail: z.string().optional() });
const checkInPrompt = z.object({ delegationId: id, periodIndex: z.number().int().min(0).optional(), dueAt: instant.optional(), objective: z.string().optional(), dueDate: z.string().optional(), delegatorId: id.optional() });
const feedbackRequest = z.object({ requestId: id, requesterId: id, event: z.string().min(1), eventAt: instant, questions, deadline: instant });

export const MESSAGE_PAYLOADS = {
  review_request: reviewRequest,
  review_reminder: reviewRequest,
  review_summary: z.object({
    reviewId: id,
    cycle: z.string().max(40),
    standards: z.array(z.object({ id, text: z.string() })).optional(),
    leaderCount: z.number().int().min(0).optional(),
    results: z.object({
      averageByStandard: z.record(z.string(), z.number()),
      roleClarity: z.number().nullable(),
      flags: z.array(z.object({ kind: z.string(), subjectId: z.string(), message: z.string() })),
      missing: z.array(id),
      trend: z
        .array(z.object({ cycle: z.string(), closedAt: instant.optional(), overall: z.number().nullable(), roleClarity: z.number().nullable(), byStandard: z.record(z.string(), z.number()).optional() }))
        .default([]),
    }),
  }),
  agenda_collection_open: z.object({
    meetingId: id,
    title: z.string().min(1),
    meetingAt: instant,
    cutoffAt: instant,
    carriedItemIds: z.array(id).default([]),
    carriedItems: z.array(z.object({ title: z.string().min(1), kind: z.enum(AGENDA_KINDS).optional() })).optional(),
  }),
  impact_question: impactQuestion,
  impact_reminder: impactQuestion,
  agenda_compiled: z.object({
    meetingId: id,
    title: z.string().min(1),
    meetingAt: instant,
    slots: z.array(z.object({ kind: z.enum(['item', 'impact']), agendaItemId: id.optional(), title: z.string().min(1), minutes: z.number() })),
    impactAnswers: z.array(z.object({ itemId: id, title: z.string(), answers: z.array(z.object({ leaderId: id, answer: z.string() })), notAnsweredLeaderIds: z.array(id).default([]) })).default([]),
    deferredItemIds: z.array(id).default([]),
    kinds: z.record(z.string(), z.enum(AGENDA_KINDS)).optional(),
  }),
  outcome_request: z.object({ meetingId: id, itemId: id, title: z.string().min(1), outcomesDueAt: instant, meetingTitle: z.string().optional() }),
  check_in_prompt: checkInPrompt,
  check_in_reminder: checkInPrompt,
  check_in_digest: z.object({
    delegationId: id,
    objective: z.string().optional(),
    checkIn: z.object({ personId: id.optional(), at: instant.optional(), status: z.enum(CHECK_IN_STATUSES), clientUpdates: z.string().optional(), questions: z.string().optional() }),
  }),
  check_in_escalation: z.object({ delegationId: id, periodIndex: z.number().int().min(0).optional(), objective: z.string().optional(), delegateId: id.optional(), reason: z.string().optional() }),
  feedback_warning: z.object({ requestId: id, requesterId: id, event: z.string().min(1), eventAt: instant, questions }),
  feedback_request: feedbackRequest,
  feedback_reminder: feedbackRequest,
  feedback_delivery: z.object({
    requestId: id,
    event: z.string().min(1),
    eventAt: instant.optional(),
    questions,
    answers: z.array(z.object({ peerId: id, mostEffective: z.string(), doBetter: z.string(), answeredAt: instant.optional() })),
    notAnsweredPeerIds: z.array(id).default([]),
  }),
} satisfies Record<MessagePurpose, z.ZodType>;

// ---- the person's own answer, as the store keeps it ---------------------------------------------

const ANSWERS = {
  review: z.object({ ratings: z.record(z.string(), z.number()), roleClarity: z.number(), goalConfidence: z.record(z.string(), z.number()).optional(), comment: z.string().optional() }),
  raise: z.object({ kind: z.enum(AGENDA_KINDS), title: z.string(), detail: z.string().optional() }),
  impact: z.object({ answer: z.string() }),
  outcome: z.object({ decision: z.string().optional(), actions: z.array(z.string()).optional(), ownerId: z.string().optional() }),
  checkIn: z.object({ status: z.enum(CHECK_IN_STATUSES), clientUpdates: z.string().optional(), questions: z.string().optional() }),
  feedback: z.object({ mostEffective: z.string(), doBetter: z.string() }),
};

/** Parses a recorded message's payload for its purpose, or throws a ValidationError naming the field. */
export function parseMessagePayload<P extends MessagePurpose>(purpose: P, payload: unknown): z.output<(typeof MESSAGE_PAYLOADS)[P]> {
  const result = MESSAGE_PAYLOADS[purpose].safeParse(payload);
  if (!result.success) throw new ValidationError(`invalid ${purpose} message payload`, issuesOf(result.error));
  return result.data as z.output<(typeof MESSAGE_PAYLOADS)[P]>;
}

function answerOf<S extends z.ZodType>(schema: S, answer: unknown, purpose: MessagePurpose): z.output<S> | undefined {
  if (answer === undefined) return undefined;
  const result = schema.safeParse(answer);
  if (!result.success) throw new ValidationError(`invalid answer for a ${purpose} card`, issuesOf(result.error));
  return result.data;
}

/** The message as plain text, for a payload this version cannot read (e.g. written by an older one). */
export function textCard(value: string, tabUrl?: string): AdaptiveCard {
  return fitted((squeeze) => card([text(squeeze.clip(value, 20_000))], { fallbackText: plain(value) }), tabUrl);
}

/**
 * Renders any recorded outbound message as its card, for the person looking at it: the Teams messenger
 * calls this to deliver, and the bot calls it again to answer a refresh. A payload that does not fit its
 * purpose is rendered as the message's text rather than not at all.
 */
export function cardForMessage(message: MessageLike, view: MessageView): AdaptiveCard {
  const parsed = MESSAGE_PAYLOADS[message.purpose].safeParse(message.payload);
  if (!parsed.success) return textCard(message.text, view.tabUrl);
  // Channel posts are the same for everyone: no per-person refresh.
  const base = { ...view, ...(message.recipient.kind === 'person' ? {} : { userId: undefined }) };
  const route = { workflowId: message.process.workflowId, ...(message.id ? { messageId: message.id } : {}) };
  const { purpose } = message;

  switch (purpose) {
    case 'review_request':
    case 'review_reminder': {
      const payload = parsed.data as z.output<typeof reviewRequest>;
      return reviewFormCard({ ...payload, ...route, reminder: purpose === 'review_reminder' }, { ...base, answer: answerOf(ANSWERS.review, view.answer, purpose) });
    }
    case 'review_summary': {
      const payload = parsed.data as z.output<(typeof MESSAGE_PAYLOADS)['review_summary']>;
      return reviewSummaryCard(payload, base);
    }
    case 'agenda_collection_open': {
      const payload = parsed.data as z.output<(typeof MESSAGE_PAYLOADS)['agenda_collection_open']>;
      return agendaCollectionCard(
        {
          ...route,
          meetingId: payload.meetingId,
          title: payload.title,
          meetingAt: payload.meetingAt,
          cutoffAt: payload.cutoffAt,
          carriedItemCount: payload.carriedItemIds.length,
          ...(payload.carriedItems ? { carriedItems: payload.carriedItems } : {}),
        },
        { ...base, answer: answerOf(ANSWERS.raise, view.answer, purpose) },
      );
    }
    case 'impact_question':
    case 'impact_reminder': {
      const payload = parsed.data as z.output<typeof impactQuestion>;
      return impactQuestionCard(
        {
          ...route,
          meetingId: payload.meetingId,
          itemId: payload.itemId,
          itemTitle: payload.title,
          ...(payload.detail ? { itemDetail: payload.detail } : {}),
          ...(payload.raiserId ? { raiserId: payload.raiserId } : {}),
          question: payload.question,
          cutoffAt: payload.cutoffAt,
          reminder: purpose === 'impact_reminder',
        },
        { ...base, answer: answerOf(ANSWERS.impact, view.answer, purpose) },
      );
    }
    case 'agenda_compiled': {
      const payload = parsed.data as z.output<(typeof MESSAGE_PAYLOADS)['agenda_compiled']>;
      return compiledAgendaCard(payload, base);
    }
    case 'outcome_request': {
      const payload = parsed.data as z.output<(typeof MESSAGE_PAYLOADS)['outcome_request']>;
      return outcomeRequestCard(
        {
          ...route,
          meetingId: payload.meetingId,
          itemId: payload.itemId,
          itemTitle: payload.title,
          outcomesDueAt: payload.outcomesDueAt,
          ...(payload.meetingTitle ? { meetingTitle: payload.meetingTitle } : {}),
          ...(view.people ? { people: view.people } : {}),
        },
        { ...base, answer: answerOf(ANSWERS.outcome, view.answer, purpose) },
      );
    }
    case 'check_in_prompt':
    case 'check_in_reminder': {
      const payload = parsed.data as z.output<typeof checkInPrompt>;
      return checkInCard({ ...payload, ...route, reminder: purpose === 'check_in_reminder' }, { ...base, answer: answerOf(ANSWERS.checkIn, view.answer, purpose) });
    }
    case 'check_in_digest': {
      const payload = parsed.data as z.output<(typeof MESSAGE_PAYLOADS)['check_in_digest']>;
      return checkInDigestCard(
        {
          ...route,
          delegationId: payload.delegationId,
          ...(payload.objective ? { objective: payload.objective } : {}),
          ...(payload.checkIn.personId ? { delegateId: payload.checkIn.personId } : {}),
          checkIn: payload.checkIn,
        },
        { ...base, answer: undefined },
      );
    }
    case 'check_in_escalation': {
      const payload = parsed.data as z.output<(typeof MESSAGE_PAYLOADS)['check_in_escalation']>;
      return escalationCard({ ...payload, ...route, text: message.text }, { ...base, answer: undefined });
    }
    case 'feedback_warning': {
      const payload = parsed.data as z.output<(typeof MESSAGE_PAYLOADS)['feedback_warning']>;
      return feedbackWarningCard({ ...payload, ...route }, { ...base, answer: undefined });
    }
    case 'feedback_request':
    case 'feedback_reminder': {
      const payload = parsed.data as z.output<typeof feedbackRequest>;
      return feedbackRequestCard(
        { ...payload, ...route, reminder: purpose === 'feedback_reminder' },
        { ...base, answer: answerOf(ANSWERS.feedback, view.answer, purpose) },
      );
    }
    case 'feedback_delivery': {
      const payload = parsed.data as z.output<(typeof MESSAGE_PAYLOADS)['feedback_delivery']>;
      return feedbackDeliveryCard({ ...payload, ...route }, { ...base, answer: undefined });
    }
  }
}
