/**
 * Adaptive Cards 1.5 with Universal Actions for every process step: pure builders (no I/O, no
 * botbuilder), the verbs their buttons send, and strict parsing of what comes back.
 */
export { CARD_MAX_BYTES, CARD_TARGET_BYTES, CARD_VERSION, cardSize, type AdaptiveCard } from './adaptive-card';
export { cardForMessage, MESSAGE_PAYLOADS, parseMessagePayload, textCard, type MessageLike, type MessageView } from './card-for-message';
export { agendaCollectionCard, compiledAgendaCard, impactQuestionCard, outcomeRequestCard } from './agenda-cards';
export type { AgendaCollectionModel, CompiledAgendaModel, ImpactAnswerView, ImpactQuestionModel, OutcomeAnswerView, OutcomeRequestModel, RaiseAnswerView } from './agenda-cards';
export { checkInCard, checkInDigestCard, escalationCard } from './delegation-cards';
export type { CheckInAnswerView, CheckInDigestModel, CheckInModel, EscalationModel } from './delegation-cards';
export { feedbackDeliveryCard, feedbackRequestCard, feedbackWarningCard } from './feedback-cards';
export type { FeedbackAnswerView, FeedbackDeliveryModel, FeedbackRequestModel, FeedbackWarningModel } from './feedback-cards';
export { welcomeCard, type WelcomeModel } from './help-cards';
export { reviewFormCard, reviewSummaryCard } from './review-cards';
export type { ReviewAnswerView, ReviewFormModel, ReviewSummaryModel } from './review-cards';
export { CARD_KINDS, CARD_PAYLOADS, CARD_ROUTES, CARD_TEXT_LIMITS, CARD_VERBS, INPUT, parseCardAction, parseCardSubmit } from './verbs';
export type { CardAction, CardKind, CardPayload, CardRoute, CardVerb } from './verbs';
export type { CardState, CardView, ClosedReason } from './view';
