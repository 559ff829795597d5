import { card, container, fitted, heading, notice, plain, subtle, text, when, type AdaptiveCard, type CardElement, type ShowCardAction } from './adaptive-card';
import { CARD_TEXT_LIMITS, CARD_VERBS, CHECK_IN_STATUSES, INPUT } from './verbs';
import { editAction, execute, nameOf, readOnlyNotice, refreshFor, showsOwnAnswer, wantsRefresh, type CardView } from './view';

export type CheckInStatus = (typeof CHECK_IN_STATUSES)[number];

const STATUS_LABELS: Record<CheckInStatus | 'cancelled', string> = {
  active: 'On track',
  at_risk: 'At risk',
  blocked: 'Blocked',
  done: 'Done',
  cancelled: 'Cancelled',
};
const STATUS_COLORS = { active: 'good', at_risk: 'warning', blocked: 'attention', done: 'good', cancelled: 'default' } as const;

const OBJECTIVE = 1000;

// ---- the weekly check-in -------------------------------------------------------------------------

export interface CheckInModel {
  delegationId: string;
  workflowId: string;
  messageId?: string;
  periodIndex?: number;
  /** When this check-in fell (or falls) due. */
  dueAt?: string;
  objective?: string;
  /** The delegation's due date (YYYY-MM-DD). */
  dueDate?: string;
  delegatorId?: string;
  /** The reminder variant: the check-in is overdue. */
  reminder?: boolean;
}

export interface CheckInAnswerView {
  status: CheckInStatus;
  clientUpdates?: string;
  questions?: string;
}

/** The delegate's three-minute check-in: client changes that affect the deliverable, questions, status. */
export function checkInCard(model: CheckInModel, view: CardView<CheckInAnswerView>): AdaptiveCard {
  const route = {
    delegationId: model.delegationId,
    workflowId: model.workflowId,
    ...(model.periodIndex !== undefined ? { periodIndex: model.periodIndex } : {}),
    ...(model.messageId ? { messageId: model.messageId } : {}),
  };
  const refresh = wantsRefresh(view) ? refreshFor('checkin.form', route, view.userId) : undefined;
  const delegator = model.delegatorId ? nameOf(view.names, model.delegatorId) : 'the partner who delegated it';
  const fallbackText = plain(
    model.reminder
      ? 'Reminder: your weekly check-in is overdue. Two lines are enough.'
      : 'Time for your three-minute check-in: what changed at the client that affects your deliverable, and what would you like to ask?',
  );

  return fitted((squeeze) => {
    const intro: CardElement[] = [
      heading(model.reminder ? 'Check-in overdue' : 'Weekly check-in'),
      ...(model.reminder ? [notice('Your weekly check-in is overdue. Two lines are enough.', 'warning')] : []),
      ...(model.objective ? [text(`**Task:** ${squeeze.clip(model.objective, OBJECTIVE)}`)] : []),
      // DATE()/TIME() render in the reader's zone, but only inside a TextBlock (not a FactSet value).
      ...(model.dueDate ? [text(`**Task due:** ${model.dueDate}`, { spacing: 'small' })] : []),
      ...(model.dueAt ? [text(`**Check-in due:** ${when(model.dueAt)}`, { spacing: 'none' })] : []),
    ];
    if (view.state === 'open') {
      const answer = view.answer;
      const body: CardElement[] = [
        ...intro,
        text(`A three-minute update for ${delegator}: what changed at the client that affects your deliverable, and what would you like to ask?`, { spacing: 'medium' }),
        {
          type: 'Input.Text',
          id: INPUT.clientUpdates,
          label: 'Client updates that affect the deliverable',
          isMultiline: true,
          maxLength: CARD_TEXT_LIMITS.checkInText,
          placeholder: 'Nothing changed? Leave it empty.',
          ...(answer?.clientUpdates ? { value: answer.clientUpdates } : {}),
        },
        {
          type: 'Input.Text',
          id: INPUT.questions,
          label: 'Clarifying questions',
          isMultiline: true,
          maxLength: CARD_TEXT_LIMITS.checkInText,
          ...(answer?.questions ? { value: answer.questions } : {}),
        },
        {
          type: 'Input.ChoiceSet',
          id: INPUT.status,
          label: 'Status',
          style: 'expanded',
          isRequired: true,
          errorMessage: 'Choose a status',
          choices: CHECK_IN_STATUSES.map((status) => ({ title: STATUS_LABELS[status], value: status })),
          value: answer?.status ?? 'active',
        },
      ];
      return card(body, { refresh, fallbackText, actions: [execute(CARD_VERBS.checkInSubmit, 'Send check-in', route, { style: 'positive' })] });
    }
    const body: CardElement[] = [
      ...intro,
      readOnlyNotice(view, 'check-in', {
        answered: `Your check-in is sent to ${delegator}.`,
        closed: 'This delegation is closed; check-ins are no longer accepted.',
      }),
    ];
    if (showsOwnAnswer(view)) body.push(...checkInDetails(view.answer!, (value) => squeeze.clip(value, CARD_TEXT_LIMITS.checkInText), 'Your questions'));
    const actions = view.state === 'answered' && view.canEdit ? [editAction('checkin.form', route, 'Send another check-in')] : [];
    return card(body, { refresh, fallbackText, actions });
  }, view.tabUrl);
}

function checkInDetails(checkIn: CheckInAnswerView, clip: (value: string) => string, questionsLabel: string): CardElement[] {
  return [
    text(`Status: **${STATUS_LABELS[checkIn.status]}**`, { color: STATUS_COLORS[checkIn.status], spacing: 'medium' }),
    subtle('Client updates that affect the deliverable'),
    text(checkIn.clientUpdates ? clip(checkIn.clientUpdates) : 'No client changes affecting the deliverable.', { spacing: 'none' }),
    subtle(questionsLabel),
    text(checkIn.questions ? clip(checkIn.questions) : 'No questions.', { spacing: 'none' }),
  ];
}

// ---- close a delegation (digest and escalation) --------------------------------------------------

interface DelegationRoute {
  delegationId: string;
  workflowId: string;
  messageId?: string;
}

/** Closing is two clicks on purpose: open the choice, then confirm done or cancelled. */
function closeDelegation(route: DelegationRoute): ShowCardAction {
  return {
    type: 'Action.ShowCard',
    title: 'Close this delegation…',
    card: {
      type: 'AdaptiveCard',
      body: [
        {
          type: 'Input.ChoiceSet',
          id: INPUT.outcome,
          label: 'How did it end?',
          style: 'expanded',
          isRequired: true,
          errorMessage: 'Choose done or cancelled',
          choices: [
            { title: 'Done — the task is complete', value: 'done' },
            { title: 'Cancelled — no longer needed', value: 'cancelled' },
          ],
        },
      ],
      actions: [execute(CARD_VERBS.delegationClose, 'Close delegation', route)],
    },
  };
}

const routeOf = (model: DelegationRoute): DelegationRoute => ({ delegationId: model.delegationId, workflowId: model.workflowId, ...(model.messageId ? { messageId: model.messageId } : {}) });

// ---- the delegator's digest ----------------------------------------------------------------------

export interface CheckInDigestModel extends DelegationRoute {
  objective?: string;
  delegateId?: string;
  checkIn: { at?: string; status: CheckInStatus; clientUpdates?: string; questions?: string };
}

/** Tells the delegator what the delegate reported; the delegator can close the delegation from here. */
export function checkInDigestCard(model: CheckInDigestModel, view: CardView): AdaptiveCard {
  const route = routeOf(model);
  const refresh = wantsRefresh(view) ? refreshFor('checkin.digest', route, view.userId) : undefined;
  const delegate = model.delegateId ? nameOf(view.names, model.delegateId) : 'Your delegate';
  const fallbackText = plain(`Check-in${model.objective ? ` on “${model.objective}”` : ''} — status ${STATUS_LABELS[model.checkIn.status]}.`);

  return fitted((squeeze) => {
    const body: CardElement[] = [
      heading('Check-in'),
      text(`**${delegate}** checked in${model.checkIn.at ? ` ${when(model.checkIn.at)}` : ''}${model.objective ? ` on **${squeeze.clip(model.objective, OBJECTIVE)}**` : ''}.`),
      ...checkInDetails(model.checkIn, (value) => squeeze.clip(value, CARD_TEXT_LIMITS.checkInText), 'Questions for you'),
    ];
    if (view.state === 'closed' || view.state === 'answered') {
      if (view.reason === 'not_addressed') return card([heading('Check-in'), readOnlyNotice(view, 'check-in digest')], { refresh, fallbackText: plain('A check-in digest for someone else.') });
      body.push(readOnlyNotice(view, 'delegation', { answered: 'This delegation is closed.', closed: 'This delegation is closed.' }));
      return card(body, { refresh, fallbackText });
    }
    return card(body, { refresh, fallbackText, actions: [closeDelegation(route)] });
  }, view.tabUrl);
}

// ---- the escalation ------------------------------------------------------------------------------

export interface EscalationModel extends DelegationRoute {
  objective?: string;
  delegateId?: string;
  /** Why it escalated, e.g. "No check-in 72 hours after it fell due". */
  reason?: string;
  /** The message as the workflow worded it, shown when there is no objective or reason. */
  text?: string;
  periodIndex?: number;
}

/** Tells the delegator that a check-in was missed; suggests a short call; offers to close the delegation. */
export function escalationCard(model: EscalationModel, view: CardView): AdaptiveCard {
  const route = routeOf(model);
  const refresh = wantsRefresh(view) ? refreshFor('checkin.escalation', route, view.userId) : undefined;
  const delegate = model.delegateId ? nameOf(view.names, model.delegateId) : 'Your delegate';
  const fallbackText = plain(model.text ?? `No check-in${model.objective ? ` on “${model.objective}”` : ''}${model.reason ? `: ${model.reason}` : ''}.`);

  return fitted((squeeze) => {
    const what =
      model.objective || model.reason
        ? `${delegate} has not checked in${model.objective ? ` on **${squeeze.clip(model.objective, OBJECTIVE)}**` : ''}${model.reason ? `: ${squeeze.clip(model.reason, 500)}` : ''}.`
        : squeeze.clip(model.text ?? `${delegate} has missed a check-in.`, 2000);
    const body: CardElement[] = [
      container([text('Missed check-in', { weight: 'bolder', size: 'medium', color: 'attention' }), text(what, { spacing: 'small' })], { style: 'attention' }),
      text('A short call may help — non-judgmental help is how check-ins become routine.', { spacing: 'medium' }),
    ];
    if (view.state !== 'open') {
      if (view.reason === 'not_addressed') return card([heading('Missed check-in'), readOnlyNotice(view, 'escalation')], { refresh, fallbackText: plain('An escalation for someone else.') });
      body.push(readOnlyNotice(view, 'delegation', { answered: 'This delegation is closed.', closed: 'This delegation is closed.' }));
      return card(body, { refresh, fallbackText });
    }
    return card(body, { refresh, fallbackText, actions: [closeDelegation(route)] });
  }, view.tabUrl);
}
