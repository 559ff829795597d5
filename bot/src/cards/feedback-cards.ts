import { card, container, fitted, heading, notice, plain, subtle, text, when, type AdaptiveCard, type CardElement } from './adaptive-card';
import { CARD_TEXT_LIMITS, CARD_VERBS, INPUT } from './verbs';
import { editAction, execute, nameOf, readOnlyNotice, refreshFor, showsOwnAnswer, wantsRefresh, type CardView } from './view';

export interface FeedbackQuestions {
  mostEffective: string;
  doBetter: string;
}

interface FeedbackRoute {
  requestId: string;
  workflowId: string;
  messageId?: string;
}

const routeOf = (model: FeedbackRoute): FeedbackRoute => ({ requestId: model.requestId, workflowId: model.workflowId, ...(model.messageId ? { messageId: model.messageId } : {}) });
const EVENT = 300;

// ---- the warning before the event ----------------------------------------------------------------

export interface FeedbackWarningModel extends FeedbackRoute {
  requesterId: string;
  event: string;
  eventAt: string;
  questions: FeedbackQuestions;
}

/** Before the event: tells a peer which two questions they will be asked, so they watch for the answers. */
export function feedbackWarningCard(model: FeedbackWarningModel, view: CardView): AdaptiveCard {
  const route = routeOf(model);
  const refresh = wantsRefresh(view) ? refreshFor('feedback.warning', route, view.userId) : undefined;
  const requester = nameOf(view.names, model.requesterId);
  const fallbackText = plain(`During “${model.event}” (${model.eventAt}), keep a small part of your attention on ${requester}: afterwards they will ask you two questions.`);

  return fitted((squeeze) => {
    const body: CardElement[] = [heading(`Heads-up: feedback after ${squeeze.clip(model.event, EVENT)}`)];
    if (view.reason === 'not_addressed') {
      body.push(readOnlyNotice(view, 'feedback request'));
      return card(body, { refresh, fallbackText });
    }
    body.push(
      text(`During **${squeeze.clip(model.event, EVENT)}** (${when(model.eventAt)}), keep a small part of your attention on **${requester}**. Afterwards they will ask you two questions:`),
      text(`1. ${model.questions.mostEffective}`, { spacing: 'small' }),
      text(`2. ${model.questions.doBetter}`, { spacing: 'none' }),
      subtle(`Your answers go to ${requester} only.`),
    );
    if (view.state === 'closed') body.push(readOnlyNotice(view, 'feedback round', { closed: 'This feedback round is over.' }));
    return card(body, { refresh, fallbackText });
  }, view.tabUrl);
}

// ---- the request after the event -----------------------------------------------------------------

export interface FeedbackRequestModel extends FeedbackRoute {
  requesterId: string;
  event: string;
  eventAt: string;
  questions: FeedbackQuestions;
  deadline: string;
  reminder?: boolean;
}

export interface FeedbackAnswerView {
  mostEffective: string;
  doBetter: string;
}

/** After the event: the two questions, answered for the requester's eyes only. */
export function feedbackRequestCard(model: FeedbackRequestModel, view: CardView<FeedbackAnswerView>): AdaptiveCard {
  const route = routeOf(model);
  const refresh = wantsRefresh(view) ? refreshFor('feedback.form', route, view.userId) : undefined;
  const requester = nameOf(view.names, model.requesterId);
  const fallbackText = plain(`“${model.event}” is over. ${requester} asks for your feedback: 1. ${model.questions.mostEffective} 2. ${model.questions.doBetter} Please answer by ${model.deadline}.`);

  return fitted((squeeze) => {
    const intro: CardElement[] = [
      heading(`Feedback for ${requester}`),
      ...(model.reminder ? [notice(`Reminder: ${requester} would value two short answers, by ${when(model.deadline)}.`, 'warning')] : []),
      text(`**${squeeze.clip(model.event, EVENT)}** (${when(model.eventAt)}) is over. ${requester} asks for your feedback, for their eyes only.`),
    ];
    if (view.state === 'open') {
      const answer = view.answer;
      const body: CardElement[] = [
        ...intro,
        {
          type: 'Input.Text',
          id: INPUT.mostEffective,
          label: model.questions.mostEffective,
          isMultiline: true,
          isRequired: true,
          errorMessage: 'Please answer this question',
          maxLength: CARD_TEXT_LIMITS.feedbackAnswer,
          ...(answer ? { value: answer.mostEffective } : {}),
        },
        {
          type: 'Input.Text',
          id: INPUT.doBetter,
          label: model.questions.doBetter,
          isMultiline: true,
          isRequired: true,
          errorMessage: 'Please answer this question',
          maxLength: CARD_TEXT_LIMITS.feedbackAnswer,
          ...(answer ? { value: answer.doBetter } : {}),
        },
        subtle(`Answer by ${when(model.deadline)}; you can change your answers until then.`),
      ];
      return card(body, { refresh, fallbackText, actions: [execute(CARD_VERBS.feedbackGive, answer ? 'Update feedback' : 'Send feedback', route, { style: 'positive' })] });
    }
    const body: CardElement[] = [
      ...intro,
      readOnlyNotice(view, 'feedback request', {
        answered: `Your feedback is recorded. Only ${requester} will see it, when the round closes.`,
        closed: 'This feedback round is closed; answers are no longer accepted.',
      }),
    ];
    if (showsOwnAnswer(view)) {
      const answer = view.answer!;
      body.push(
        subtle(model.questions.mostEffective),
        text(squeeze.clip(answer.mostEffective, CARD_TEXT_LIMITS.feedbackAnswer), { spacing: 'none' }),
        subtle(model.questions.doBetter),
        text(squeeze.clip(answer.doBetter, CARD_TEXT_LIMITS.feedbackAnswer), { spacing: 'none' }),
      );
    }
    const actions = view.state === 'answered' && view.canEdit ? [editAction('feedback.form', route)] : [];
    return card(body, { refresh, fallbackText, actions });
  }, view.tabUrl);
}

// ---- delivery to the requester -------------------------------------------------------------------

export interface FeedbackDeliveryModel {
  requestId: string;
  workflowId?: string;
  messageId?: string;
  event: string;
  eventAt?: string;
  questions: FeedbackQuestions;
  answers: readonly { peerId: string; mostEffective: string; doBetter: string; answeredAt?: string }[];
  notAnsweredPeerIds?: readonly string[];
}

/** The answers, for the requester only: a card shown to anyone else shows none of them. */
export function feedbackDeliveryCard(model: FeedbackDeliveryModel, view: CardView): AdaptiveCard {
  const route = { requestId: model.requestId, ...(model.workflowId ? { workflowId: model.workflowId } : {}), ...(model.messageId ? { messageId: model.messageId } : {}) };
  const refresh = wantsRefresh(view) ? refreshFor('feedback.delivery', route, view.userId) : undefined;
  const missing = model.notAnsweredPeerIds ?? [];
  const total = model.answers.length + missing.length;
  const fallbackText = plain(`Feedback on “${model.event}”: ${model.answers.length} of ${total} peers answered.`);

  return fitted((squeeze) => {
    const body: CardElement[] = [heading(`Feedback on ${squeeze.clip(model.event, EVENT)}`)];
    if (view.reason === 'not_addressed') {
      body.push(notice(`This feedback is for ${view.addresseeName ?? 'the person who asked for it'} only.`, 'warning'));
      return card(body, { refresh, fallbackText: plain('Feedback for someone else.') });
    }
    body.push(subtle(`${model.answers.length} of ${total} peers answered${model.eventAt ? ` · event ${when(model.eventAt)}` : ''}. For your eyes only.`));
    const answers = squeeze.take(model.answers, 12, 3);
    for (const answer of answers.shown) {
      body.push(
        container(
          [
            text(`**${nameOf(view.names, answer.peerId)}**`),
            subtle(model.questions.mostEffective),
            text(squeeze.clip(answer.mostEffective, CARD_TEXT_LIMITS.feedbackAnswer), { spacing: 'none' }),
            subtle(model.questions.doBetter),
            text(squeeze.clip(answer.doBetter, CARD_TEXT_LIMITS.feedbackAnswer), { spacing: 'none' }),
          ],
          { style: 'emphasis', spacing: 'medium' },
        ),
      );
    }
    if (answers.hidden > 0) body.push(subtle(`and ${answers.hidden} more answers`));
    if (model.answers.length === 0) body.push(text('Nobody answered this time.', { spacing: 'medium' }));
    if (missing.length > 0) body.push(subtle(`Did not answer: ${missing.map((id) => nameOf(view.names, id)).join(', ')}`, { spacing: 'medium' }));
    return card(body, { refresh, fallbackText });
  }, view.tabUrl);
}
