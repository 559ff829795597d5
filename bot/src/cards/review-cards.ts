import {
  card,
  container,
  facts,
  fitted,
  heading,
  notice,
  plain,
  subtle,
  text,
  when,
  type AdaptiveCard,
  type CardElement,
  type ChoiceSetInput,
  type Squeeze,
} from './adaptive-card';
import { CARD_TEXT_LIMITS, CARD_VERBS, INPUT } from './verbs';
import { editAction, execute, nameOf, readOnlyNotice, refreshFor, showsOwnAnswer, wantsRefresh, type CardView } from './view';

export interface ReviewFormModel {
  reviewId: string;
  workflowId: string;
  /** The recorded outbound message this card renders, when there is one. */
  messageId?: string;
  cycle: string;
  deadline: string;
  standards: readonly { id: string; text: string }[];
  goals: readonly { id: string; title: string }[];
  /** The reminder variant: same form, with a nudge on top. */
  reminder?: boolean;
  /** Who the card is for, named on a card shown to someone else. */
}

/** A leader's own answer, as the review stores it. */
export interface ReviewAnswerView {
  ratings: Readonly<Record<string, number>>;
  roleClarity: number;
  goalConfidence?: Readonly<Record<string, number>>;
  comment?: string;
}

const RATING_CHOICES = [
  { title: '1 – not at all', value: '1' },
  { title: '2', value: '2' },
  { title: '3', value: '3' },
  { title: '4', value: '4' },
  { title: '5 – fully', value: '5' },
];
const CONFIDENCE_CHOICES = [
  { title: '1 – unlikely', value: '1' },
  { title: '2', value: '2' },
  { title: '3', value: '3' },
  { title: '4', value: '4' },
  { title: '5 – certain', value: '5' },
];

/** Bare digits, for a form with so many ratings that the card must save every byte; the intro explains the scale. */
const DIGIT_CHOICES = ['1', '2', '3', '4', '5'].map((value) => ({ title: value, value }));

const STANDARD_TEXT = 500;
const GOAL_TITLE = 300;

function ratingInput(id: string, label: string, choices: typeof RATING_CHOICES, value: number | undefined, required: boolean): ChoiceSetInput {
  return {
    type: 'Input.ChoiceSet',
    id,
    label,
    style: 'compact',
    choices,
    ...(required ? { isRequired: true, errorMessage: 'Choose 1 to 5' } : { placeholder: 'Not rated' }),
    ...(value !== undefined ? { value: String(value) } : {}),
  };
}

/** The standards review for one leader: a 1–5 rating per standard, role clarity, goal confidence, a comment. */
export function reviewFormCard(model: ReviewFormModel, view: CardView<ReviewAnswerView>): AdaptiveCard {
  const route = { reviewId: model.reviewId, workflowId: model.workflowId, ...(model.messageId ? { messageId: model.messageId } : {}) };
  const refresh = wantsRefresh(view) ? refreshFor('review.form', route, view.userId) : undefined;
  const fallbackText = plain(`Your ${model.cycle} standards review is open until ${model.deadline}: rate each standard, role clarity and goal confidence.`);
  const title = heading(`Standards review · ${model.cycle}`);

  return fitted((squeeze) => {
    if (view.state === 'open') {
      const answer = view.answer;
      const goals = squeeze.take(model.goals, 50, 12);
      const compact = squeeze.scale < 0.5;
      const body: CardElement[] = [
        title,
        ...(model.reminder ? [notice(`Reminder: your review closes ${when(model.deadline)}.`, 'warning')] : []),
        text(`How well did the leadership team live each standard this cycle? Rate from 1 (not at all) to 5 (fully). Open until ${when(model.deadline)}; you can change your answers until then.`),
        ...model.standards.map((standard) => ratingInput(`${INPUT.ratingPrefix}${standard.id}`, squeeze.clip(standard.text, STANDARD_TEXT), compact ? DIGIT_CHOICES : RATING_CHOICES, answer?.ratings[standard.id], true)),
        { ...ratingInput(INPUT.roleClarity, 'Role clarity: do you know who is accountable for what?', compact ? DIGIT_CHOICES : RATING_CHOICES, answer?.roleClarity, true), separator: true, spacing: 'medium' },
        ...(goals.shown.length > 0
          ? [
              text(`How confident are you that each goal will be met? (optional${compact ? '; 1 = unlikely, 5 = certain' : ''})`, { weight: 'bolder', spacing: 'medium', separator: true }),
              ...goals.shown.map((goal) => ratingInput(`${INPUT.goalPrefix}${goal.id}`, squeeze.clip(goal.title, GOAL_TITLE), compact ? DIGIT_CHOICES : CONFIDENCE_CHOICES, answer?.goalConfidence?.[goal.id], false)),
              ...(goals.hidden > 0 ? [subtle(`${goals.hidden} more goals can be rated in the tab.`)] : []),
            ]
          : []),
        {
          type: 'Input.Text',
          id: INPUT.comment,
          label: 'Anything the team should hear? (optional)',
          isMultiline: true,
          maxLength: CARD_TEXT_LIMITS.comment,
          ...(answer?.comment ? { value: answer.comment } : {}),
        },
      ];
      return card(body, { refresh, fallbackText, actions: [execute(CARD_VERBS.reviewSubmit, answer ? 'Update my review' : 'Submit review', route, { style: 'positive' })] });
    }

    const body: CardElement[] = [title, readOnlyNotice(view, 'standards review')];
    if (showsOwnAnswer(view)) body.push(...ownReview(model, view.answer!, squeeze));
    const actions = view.state === 'answered' && view.canEdit ? [editAction('review.form', route)] : [];
    return card(body, { refresh, fallbackText, actions });
  }, view.tabUrl);
}

function ownReview(model: ReviewFormModel, answer: ReviewAnswerView, squeeze: Squeeze): CardElement[] {
  const goals = model.goals.filter((goal) => answer.goalConfidence?.[goal.id] !== undefined);
  return [
    text('Your answers', { weight: 'bolder', spacing: 'medium' }),
    facts([
      ...model.standards.map((standard) => [squeeze.clip(standard.text, 160), answer.ratings[standard.id] !== undefined ? `${answer.ratings[standard.id]}/5` : 'not rated'] as const),
      ['Role clarity', `${answer.roleClarity}/5`] as const,
    ]),
    ...(goals.length > 0 ? [text('Goal confidence', { weight: 'bolder', spacing: 'small' }), facts(goals.map((goal) => [squeeze.clip(goal.title, 160), `${answer.goalConfidence![goal.id]}/5`] as const))] : []),
    ...(answer.comment ? [subtle('Your comment'), text(squeeze.clip(answer.comment, CARD_TEXT_LIMITS.comment), { spacing: 'none' })] : []),
  ];
}

// ---- summary ------------------------------------------------------------------------------------

export interface ReviewTrendPoint {
  cycle: string;
  closedAt?: string;
  overall: number | null;
  roleClarity: number | null;
  byStandard?: Readonly<Record<string, number>>;
}

export interface ReviewSummaryModel {
  reviewId: string;
  cycle: string;
  /** The standards' wording; without it the card names standards by id. */
  standards?: readonly { id: string; text: string }[];
  results: {
    averageByStandard: Readonly<Record<string, number>>;
    roleClarity: number | null;
    flags: readonly { kind: string; subjectId: string; message: string }[];
    /** Leaders who did not answer. */
    missing: readonly string[];
    /** Oldest first, this cycle last. */
    trend?: readonly ReviewTrendPoint[];
  };
  /** How many leaders were asked, for "3 of 4 answered". */
  leaderCount?: number;
}

const score = (value: number | null | undefined) => (value === null || value === undefined ? 'no ratings' : `${Math.round(value * 100) / 100}/5`);

function delta(now: number | null | undefined, before: number | null | undefined): string {
  if (now === null || now === undefined || before === null || before === undefined) return '';
  const change = Math.round((now - before) * 100) / 100;
  if (Math.abs(change) < 0.01) return ' (unchanged)';
  return change > 0 ? ` (▲ ${change})` : ` (▼ ${Math.abs(change)})`;
}

/** The cycle's results for the leadership channel: averages, flags, the trend, and who did not answer. */
export function reviewSummaryCard(model: ReviewSummaryModel, view: Pick<CardView, 'names' | 'tabUrl'> = {}): AdaptiveCard {
  const { results } = model;
  const trend = results.trend ?? [];
  const previous = trend.length >= 2 ? trend[trend.length - 2] : undefined;
  const current = trend[trend.length - 1];
  const standards = model.standards ?? Object.keys(results.averageByStandard).map((id) => ({ id, text: id }));
  const answered = model.leaderCount !== undefined ? model.leaderCount - results.missing.length : undefined;

  return fitted((squeeze) => {
    const flags = squeeze.take(results.flags, 40, 5);
    const points = squeeze.take([...trend].reverse(), 8, 3);
    const body: CardElement[] = [
      heading(`Standards review results · ${model.cycle}`),
      ...(answered !== undefined ? [subtle(`${answered} of ${model.leaderCount} leaders answered.`)] : []),
      text('Averages', { weight: 'bolder', spacing: 'medium' }),
      facts([
        ...standards.map((standard) => [squeeze.clip(standard.text, 160), `${score(results.averageByStandard[standard.id])}${delta(results.averageByStandard[standard.id], previous?.byStandard?.[standard.id])}`] as const),
        ['Role clarity', `${score(results.roleClarity)}${delta(results.roleClarity, previous?.roleClarity)}`] as const,
      ]),
      flags.shown.length > 0
        ? container(
            [
              text(`Flags (${results.flags.length})`, { weight: 'bolder', color: 'attention' }),
              ...flags.shown.map((flag) => text(`⚠ ${squeeze.clip(flag.message, 500)}`, { spacing: 'small' })),
              ...(flags.hidden > 0 ? [subtle(`and ${flags.hidden} more`)] : []),
            ],
            { style: 'attention', spacing: 'medium' },
          )
        : container([text('No flags this cycle.', { color: 'good' })], { style: 'good', spacing: 'medium' }),
    ];
    if (points.shown.length >= 2) {
      const direction = current && previous ? delta(current.overall, previous.overall) : '';
      body.push(
        text(`Trend${direction ? ` since last cycle: overall${direction}` : ''}`, { weight: 'bolder', spacing: 'medium' }),
        facts(points.shown.map((point) => [point.cycle, `overall ${score(point.overall)}, role clarity ${score(point.roleClarity)}`] as const)),
      );
    }
    body.push(
      results.missing.length > 0
        ? text(`Did not answer: ${squeeze.clip(results.missing.map((id) => nameOf(view.names, id)).join(', '), 600)}`, { spacing: 'medium', color: 'warning' })
        : subtle('Every leader answered.', { spacing: 'medium' }),
    );
    return card(body, { fallbackText: plain(`${model.cycle} standards review results: ${results.flags.length} flags.`) });
  }, view.tabUrl);
}
