import type { AgendaItemKind } from '../../../core/domain/agenda-item';
import { card, container, facts, fitted, heading, notice, plain, subtle, text, when, type AdaptiveCard, type CardElement, type Squeeze } from './adaptive-card';
import { AGENDA_KINDS, CARD_TEXT_LIMITS, CARD_VERBS, INPUT } from './verbs';
import { editAction, execute, nameOf, readOnlyNotice, refreshFor, showsOwnAnswer, wantsRefresh, type CardView } from './view';

const KIND_LABELS: Record<AgendaItemKind, string> = {
  initiative: 'Initiative — something new to start',
  tension: 'Tension — something awkward to make discussable',
  decision: 'Decision — the team needs to decide',
  update: 'Update — for information',
};
const KIND_NAMES: Record<AgendaItemKind, string> = { initiative: 'initiative', tension: 'tension', decision: 'decision', update: 'update' };

// ---- collection open + raise an item -------------------------------------------------------------

export interface AgendaCollectionModel {
  meetingId: string;
  workflowId: string;
  messageId?: string;
  /** The meeting's title, e.g. "Northwind leadership meeting". */
  title: string;
  meetingAt: string;
  cutoffAt: string;
  /** Items raised before and carried over to this meeting. */
  carriedItems?: readonly { title: string; kind?: AgendaItemKind }[];
  carriedItemCount?: number;
}

export interface RaiseAnswerView {
  kind: AgendaItemKind;
  title: string;
  detail?: string;
}

/** Agenda collection is open: what the meeting is, the cut-off, and a form to raise an item. */
export function agendaCollectionCard(model: AgendaCollectionModel, view: CardView<RaiseAnswerView>): AdaptiveCard {
  const route = { meetingId: model.meetingId, workflowId: model.workflowId, ...(model.messageId ? { messageId: model.messageId } : {}) };
  const refresh = wantsRefresh(view) ? refreshFor('agenda.collection', route, view.userId) : undefined;
  const fallbackText = plain(`Agenda collection is open for ${model.title} (${model.meetingAt}). Raise items before the cut-off at ${model.cutoffAt}.`);
  const carried = model.carriedItems?.length ?? model.carriedItemCount ?? 0;

  return fitted((squeeze) => {
    const intro: CardElement[] = [
      heading(`Agenda · ${squeeze.clip(model.title, 200)}`),
      // DATE()/TIME() render in the reader's zone, but only inside a TextBlock (not a FactSet value).
      text(`**Meeting:** ${when(model.meetingAt)}`, { spacing: 'small' }),
      text(`**Cut-off for items:** ${when(model.cutoffAt)}`, { spacing: 'none' }),
    ];
    if (carried > 0) {
      const shown = squeeze.take(model.carriedItems ?? [], 20, 3);
      intro.push(
        subtle(`${carried} item${carried === 1 ? '' : 's'} carried over from earlier meetings${shown.shown.length > 0 ? ':' : '.'}`),
        ...shown.shown.map((item) => text(`• ${squeeze.clip(item.title, CARD_TEXT_LIMITS.title)}${item.kind ? ` (${KIND_NAMES[item.kind]})` : ''}`, { spacing: 'none' })),
        ...(shown.hidden > 0 ? [subtle(`and ${shown.hidden} more`)] : []),
      );
    }

    if (view.state === 'open') {
      const answer = view.answer;
      const body: CardElement[] = [
        ...intro,
        text('Raise initiatives, tensions, decisions and updates before the cut-off. Every co-leader is asked how a new initiative affects their group.', { spacing: 'medium' }),
        {
          type: 'Input.ChoiceSet',
          id: INPUT.kind,
          label: 'What kind of item?',
          style: 'expanded',
          isRequired: true,
          errorMessage: 'Choose the kind of item',
          choices: AGENDA_KINDS.map((kind) => ({ title: KIND_LABELS[kind], value: kind })),
          ...(answer ? { value: answer.kind } : {}),
        },
        { type: 'Input.Text', id: INPUT.title, label: 'Title', isRequired: true, errorMessage: 'Give the item a title', maxLength: CARD_TEXT_LIMITS.title, ...(answer ? { value: answer.title } : {}) },
        { type: 'Input.Text', id: INPUT.detail, label: 'Detail (optional)', isMultiline: true, maxLength: CARD_TEXT_LIMITS.detail, ...(answer?.detail ? { value: answer.detail } : {}) },
      ];
      return card(body, { refresh, fallbackText, actions: [execute(CARD_VERBS.agendaRaise, 'Raise item', route, { style: 'positive' })] });
    }

    const raised = view.answer;
    const body: CardElement[] = [
      ...intro,
      readOnlyNotice(view, 'agenda collection', {
        answered: raised ? `You raised “${squeeze.clip(raised.title, CARD_TEXT_LIMITS.title)}” (${KIND_NAMES[raised.kind]}).` : 'Your item is raised.',
        closed: 'Agenda collection for this meeting is closed: the cut-off has passed. Items raised now go to the next meeting.',
      }),
    ];
    if (showsOwnAnswer(view) && raised?.detail) body.push(text(squeeze.clip(raised.detail, CARD_TEXT_LIMITS.detail), { spacing: 'small' }));
    const actions = view.state === 'answered' && view.canEdit ? [editAction('agenda.collection', route, 'Raise another item')] : [];
    return card(body, { refresh, fallbackText, actions });
  }, view.tabUrl);
}

// ---- the impact question -------------------------------------------------------------------------

export interface ImpactQuestionModel {
  meetingId: string;
  itemId: string;
  workflowId: string;
  messageId?: string;
  /** The initiative's title. */
  itemTitle: string;
  itemDetail?: string;
  raiserId?: string;
  meetingTitle?: string;
  /** IMPACT_QUESTION, as the workflow asked it. */
  question: string;
  cutoffAt: string;
  reminder?: boolean;
}

export interface ImpactAnswerView {
  answer: string;
}

/** Asks one co-leader how a new initiative affects their group and their personal priorities. */
export function impactQuestionCard(model: ImpactQuestionModel, view: CardView<ImpactAnswerView>): AdaptiveCard {
  const route = { meetingId: model.meetingId, itemId: model.itemId, workflowId: model.workflowId, ...(model.messageId ? { messageId: model.messageId } : {}) };
  const refresh = wantsRefresh(view) ? refreshFor('agenda.impact', route, view.userId) : undefined;
  const fallbackText = plain(`${model.question} Initiative: “${model.itemTitle}”. Please answer before ${model.cutoffAt}.`);

  return fitted((squeeze) => {
    const raiser = model.raiserId ? nameOf(view.names, model.raiserId) : undefined;
    const intro: CardElement[] = [
      heading('Impact of a new initiative'),
      ...(model.reminder ? [notice(`Reminder: the agenda is compiled at ${when(model.cutoffAt)}.`, 'warning')] : []),
      text(`${raiser ? `**${raiser}** raised` : 'Raised'}${model.meetingTitle ? ` for ${squeeze.clip(model.meetingTitle, 200)}` : ''}: **${squeeze.clip(model.itemTitle, CARD_TEXT_LIMITS.title)}**`),
      ...(model.itemDetail ? [text(squeeze.clip(model.itemDetail, CARD_TEXT_LIMITS.detail), { isSubtle: true, spacing: 'small' })] : []),
      text(model.question, { weight: 'bolder', spacing: 'medium' }),
    ];
    if (view.state === 'open') {
      const body: CardElement[] = [
        ...intro,
        subtle(`Answer before ${when(model.cutoffAt)}. Your answer is shown with the agenda to the leadership team.`),
        {
          type: 'Input.Text',
          id: INPUT.answer,
          label: 'Your answer',
          isMultiline: true,
          isRequired: true,
          errorMessage: 'Write a short answer',
          maxLength: CARD_TEXT_LIMITS.impactAnswer,
          ...(view.answer ? { value: view.answer.answer } : {}),
        },
      ];
      return card(body, { refresh, fallbackText, actions: [execute(CARD_VERBS.agendaImpact, view.answer ? 'Update answer' : 'Send answer', route, { style: 'positive' })] });
    }
    const body: CardElement[] = [
      ...intro,
      readOnlyNotice(view, 'impact question', { closed: 'The agenda is compiled: impact answers are no longer accepted.' }),
    ];
    if (showsOwnAnswer(view)) body.push(subtle('Your answer'), text(squeeze.clip(view.answer!.answer, CARD_TEXT_LIMITS.impactAnswer), { spacing: 'none' }));
    const actions = view.state === 'answered' && view.canEdit ? [editAction('agenda.impact', route)] : [];
    return card(body, { refresh, fallbackText, actions });
  }, view.tabUrl);
}

// ---- the compiled agenda -------------------------------------------------------------------------

export interface CompiledAgendaModel {
  meetingId: string;
  title: string;
  meetingAt: string;
  slots: readonly { kind: 'item' | 'impact'; agendaItemId?: string; title: string; minutes: number }[];
  impactAnswers?: readonly { itemId: string; title: string; answers: readonly { leaderId: string; answer: string }[]; notAnsweredLeaderIds?: readonly string[] }[];
  deferredItemIds?: readonly string[];
  /** Item id → kind, to label the slots. */
  kinds?: Readonly<Record<string, AgendaItemKind>>;
}

/** The agenda as posted to the leadership channel, with the reserved impact slot set apart. */
export function compiledAgendaCard(model: CompiledAgendaModel, view: Pick<CardView, 'names' | 'tabUrl'> = {}): AdaptiveCard {
  const total = model.slots.reduce((sum, slot) => sum + slot.minutes, 0);
  const fallbackText = plain([`Agenda for ${model.title} (${model.meetingAt}):`, ...model.slots.map((slot, index) => `${index + 1}. ${slot.title} — ${slot.minutes} min`)].join('\n'));

  return fitted((squeeze) => {
    const body: CardElement[] = [heading(`Agenda · ${squeeze.clip(model.title, 200)}`), subtle(`${when(model.meetingAt)} · ${total} minutes`)];
    model.slots.forEach((slot, index) => {
      if (slot.kind === 'impact') {
        body.push(impactSlot(slot, index, model, view, squeeze));
        return;
      }
      const kind = slot.agendaItemId ? model.kinds?.[slot.agendaItemId] : undefined;
      body.push(text(`**${index + 1}.** ${squeeze.clip(slot.title, CARD_TEXT_LIMITS.title)} — ${slot.minutes} min${kind ? ` · ${KIND_NAMES[kind]}` : ''}`, { spacing: 'small' }));
    });
    const deferred = model.deferredItemIds?.length ?? 0;
    if (deferred > 0) body.push(subtle(`${deferred} item${deferred === 1 ? '' : 's'} did not fit and move${deferred === 1 ? 's' : ''} to the next meeting.`, { spacing: 'medium' }));
    return card(body, { fallbackText });
  }, view.tabUrl);
}

function impactSlot(slot: CompiledAgendaModel['slots'][number], index: number, model: CompiledAgendaModel, view: Pick<CardView, 'names'>, squeeze: Squeeze) {
  const initiatives = squeeze.take(model.impactAnswers ?? [], 50, 3);
  const items: CardElement[] = [
    text(`**${index + 1}.** Reserved slot — ${slot.minutes} min`, { weight: 'bolder', color: 'accent' }),
    text(slot.title, { spacing: 'small' }),
  ];
  for (const initiative of initiatives.shown) {
    const answers = squeeze.take(initiative.answers, 12, 2);
    items.push(text(`“${squeeze.clip(initiative.title, CARD_TEXT_LIMITS.title)}”`, { weight: 'bolder', spacing: 'medium' }));
    if (answers.shown.length === 0) items.push(subtle('No answers yet.'));
    for (const answer of answers.shown) items.push(text(`**${nameOf(view.names, answer.leaderId)}**: ${squeeze.clip(answer.answer, CARD_TEXT_LIMITS.impactAnswer)}`, { spacing: 'small' }));
    if (answers.hidden > 0) items.push(subtle(`and ${answers.hidden} more answers`));
    if (initiative.notAnsweredLeaderIds && initiative.notAnsweredLeaderIds.length > 0) {
      items.push(subtle(`Not answered: ${initiative.notAnsweredLeaderIds.map((id) => nameOf(view.names, id)).join(', ')}`, { color: 'warning' }));
    }
  }
  if (initiatives.hidden > 0) items.push(subtle(`and answers on ${initiatives.hidden} more initiatives`));
  return container(items, { style: 'accent', spacing: 'medium' });
}

// ---- the outcome request -------------------------------------------------------------------------

export interface OutcomeRequestModel {
  meetingId: string;
  itemId: string;
  workflowId: string;
  messageId?: string;
  itemTitle: string;
  meetingTitle?: string;
  outcomesDueAt: string;
  /** Who may own the actions: the leaders taking part. Without it the card asks for no owner. */
  people?: readonly { id: string; name: string }[];
}

export interface OutcomeAnswerView {
  decision?: string;
  actions?: readonly string[];
  ownerId?: string;
}

/** After the meeting, asks the item's raiser for the outcome: the decision, the actions and their owner. */
export function outcomeRequestCard(model: OutcomeRequestModel, view: CardView<OutcomeAnswerView>): AdaptiveCard {
  const route = { meetingId: model.meetingId, itemId: model.itemId, workflowId: model.workflowId, ...(model.messageId ? { messageId: model.messageId } : {}) };
  const refresh = wantsRefresh(view) ? refreshFor('agenda.outcome', route, view.userId) : undefined;
  const fallbackText = plain(`What was the outcome of “${model.itemTitle}”? A decision, the actions and who owns them — before ${model.outcomesDueAt}.`);
  const ownerName = (id: string) => model.people?.find((person) => person.id === id)?.name ?? nameOf(view.names, id);

  return fitted((squeeze) => {
    const intro: CardElement[] = [heading(`Outcome · ${squeeze.clip(model.itemTitle, CARD_TEXT_LIMITS.title)}`)];
    if (view.state === 'open') {
      const answer = view.answer;
      const people = squeeze.take(model.people ?? [], 60, 12);
      const body: CardElement[] = [
        ...intro,
        text(`${model.meetingTitle ? `${squeeze.clip(model.meetingTitle, 200)} is over. ` : ''}What was decided, what happens next, and who owns it? Please answer before ${when(model.outcomesDueAt)}.`),
        { type: 'Input.Text', id: INPUT.decision, label: 'Decision', isMultiline: true, maxLength: CARD_TEXT_LIMITS.decision, ...(answer?.decision ? { value: answer.decision } : {}) },
        {
          type: 'Input.Text',
          id: INPUT.actions,
          label: `Actions, one per line (up to ${CARD_TEXT_LIMITS.actions})`,
          isMultiline: true,
          maxLength: CARD_TEXT_LIMITS.actions * (CARD_TEXT_LIMITS.action + 1),
          ...(answer?.actions && answer.actions.length > 0 ? { value: answer.actions.join('\n') } : {}),
        },
        ...(people.shown.length > 0
          ? [
              {
                type: 'Input.ChoiceSet' as const,
                id: INPUT.ownerId,
                label: 'Owner',
                style: 'compact' as const,
                placeholder: 'Choose who owns it',
                choices: people.shown.map((person) => ({ title: squeeze.clip(person.name, 100), value: person.id })),
                ...(answer?.ownerId ? { value: answer.ownerId } : {}),
              },
            ]
          : []),
        subtle('Give a decision, at least one action, or both.'),
      ];
      return card(body, { refresh, fallbackText, actions: [execute(CARD_VERBS.agendaOutcome, answer ? 'Update outcome' : 'Record outcome', route, { style: 'positive' })] });
    }
    const body: CardElement[] = [
      ...intro,
      readOnlyNotice(view, 'outcome request', { answered: 'The outcome is recorded.', closed: 'This meeting is closed; outcomes are no longer accepted.' }),
    ];
    if (showsOwnAnswer(view)) {
      const answer = view.answer!;
      const actions = squeeze.take(answer.actions ?? [], CARD_TEXT_LIMITS.actions, 3);
      body.push(
        facts([
          ['Decision', answer.decision ? squeeze.clip(answer.decision, CARD_TEXT_LIMITS.decision) : '—'],
          ['Owner', answer.ownerId ? ownerName(answer.ownerId) : '—'],
        ]),
        ...actions.shown.map((action) => text(`• ${squeeze.clip(action, CARD_TEXT_LIMITS.action)}`, { spacing: 'none' })),
        ...(actions.hidden > 0 ? [subtle(`and ${actions.hidden} more actions`)] : []),
      );
    }
    const actions = view.state === 'answered' && view.canEdit ? [editAction('agenda.outcome', route)] : [];
    return card(body, { refresh, fallbackText, actions });
  }, view.tabUrl);
}
