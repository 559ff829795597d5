import { CARD_KINDS, CARD_MAX_BYTES, CARD_TARGET_BYTES, CARD_VERBS, cardSize, parseCardAction, parseCardSubmit, type AdaptiveCard } from '../../../bot/src/cards';
import { CARD_CASES, TAB, USER, VIEWS, type CardCase } from './card-fixtures';
import { schemaErrors } from './card-schema';

type Node = Record<string, unknown>;

/** Every object in the card, depth first (elements, actions, fallbacks, show-cards). */
function nodes(value: unknown, found: Node[] = []): Node[] {
  if (Array.isArray(value)) value.forEach((entry) => nodes(entry, found));
  else if (value && typeof value === 'object') {
    found.push(value as Node);
    Object.values(value).forEach((entry) => nodes(entry, found));
  }
  return found;
}

/** What the person sees and can use: the card without its refresh clause (which Teams runs, not the person). */
const visible = (card: AdaptiveCard) => ({ ...card, refresh: undefined });
const inputsOf = (card: AdaptiveCard) => nodes(visible(card)).filter((node) => typeof node.type === 'string' && (node.type as string).startsWith('Input.') && node.type !== 'Input.Choice');
const executesOf = (card: AdaptiveCard) => nodes(visible(card)).filter((node) => node.type === 'Action.Execute');
const actionsOf = (card: AdaptiveCard) => nodes(visible(card)).filter((node) => typeof node.type === 'string' && (node.type as string).startsWith('Action.'));

/** What Teams would send for a filled-in form: prefilled values, else the first choice or some text; optional choices left empty. */
function filledInputs(card: AdaptiveCard): Record<string, unknown> {
  return Object.fromEntries(
    inputsOf(card).map((input) => {
      if (typeof input.value === 'string') return [input.id, input.value];
      if (input.type === 'Input.ChoiceSet') return [input.id, input.isRequired ? (input.choices as { value: string }[])[0]!.value : ''];
      return [input.id, 'Some text'];
    }),
  );
}

const cases = VIEWS.flatMap(({ label, view }) => CARD_CASES.map((cardCase) => ({ title: `${cardCase.name}, ${label},`, cardCase, label, view })));

describe('every card builder in every state', () => {
  test.each(cases)('$title is a valid Adaptive Card 1.5', ({ cardCase, view }) => {
    const card = cardCase.render(view);
    expect(schemaErrors(card)).toEqual([]);
    expect(card.version).toBe('1.5');
  });

  test.each(cases)('$title stays under 40 KB', ({ cardCase, view }) => {
    expect(cardSize(cardCase.render(view))).toBeLessThan(CARD_MAX_BYTES);
  });
});

describe('forms', () => {
  const forms = CARD_CASES.filter((cardCase) => cardCase.form);
  const open = VIEWS.find((entry) => entry.label === 'open')!.view;

  test.each(forms.map((cardCase) => [cardCase.name, cardCase] as const))('%s sends a payload the verb parser accepts, through Action.Execute and its Action.Submit fallback', (_name, cardCase) => {
    const card = cardCase.render(open);
    const inputs = filledInputs(card);
    const submits = executesOf(card).filter((action) => action.verb !== CARD_VERBS.cardRefresh);
    expect(submits.length).toBeGreaterThan(0);
    for (const action of submits) {
      const parsed = parseCardAction({ verb: action.verb, data: { ...(action.data as Node), ...inputs } });
      expect(parsed.verb).toBe(action.verb);
      const fallback = action.fallback as Node;
      expect(fallback.type).toBe('Action.Submit');
      expect(parseCardSubmit({ ...(fallback.data as Node), ...inputs })).toEqual(parsed);
    }
  });

  test.each(CARD_CASES.filter((cardCase) => cardCase.answer !== undefined).map((cardCase) => [cardCase.name, cardCase] as const))(
    '%s prefills the person’s answer when reopened for an edit',
    (_name, cardCase) => {
      const card = cardCase.render({ state: 'open', userId: USER, answer: true as never });
      const prefilled = inputsOf(card).filter((input) => typeof input.value === 'string' && input.value !== '');
      expect(prefilled.length).toBeGreaterThan(0);
    },
  );
});

describe('read-only renderings', () => {
  const readOnly = cases.filter(({ label }) => label.startsWith('closed') || label.startsWith('shown to someone'));

  test.each(readOnly.filter(({ cardCase }) => cardCase.form || cardCase.perPerson))('$title has no inputs and no actions', ({ cardCase, view }) => {
    const card = cardCase.render(view);
    expect(inputsOf(card)).toEqual([]);
    expect(actionsOf(card)).toEqual([]);
  });

  test.each(readOnly.filter(({ cardCase }) => cardCase.form))('$title says why it is read-only', ({ cardCase, view }) => {
    const text = JSON.stringify(cardCase.render(view));
    const why = view.reason === 'not_addressed' ? /addressed to|only they|is for .* only/ : view.reason === 'answered' ? /answered|recorded|is sent|You raised|linked/i : /closed|compiled|cut-off/i;
    expect(text).toMatch(why);
  });

  test.each(CARD_CASES.filter((cardCase) => cardCase.answerMarker).map((cardCase) => [cardCase.name, cardCase] as const))('%s shows the person’s own answer once answered', (_name, cardCase) => {
    const card = cardCase.render({ state: 'answered', userId: USER, canEdit: false, answer: true as never });
    expect(JSON.stringify(card)).toContain(cardCase.answerMarker);
    expect(inputsOf(card)).toEqual([]);
  });

  test.each(CARD_CASES.filter((cardCase) => cardCase.answerMarker).map((cardCase) => [cardCase.name, cardCase] as const))('%s never shows an answer to someone it is not addressed to', (_name, cardCase) => {
    const card = cardCase.render({ state: 'closed', reason: 'not_addressed', userId: USER, answer: true as never });
    expect(JSON.stringify(card)).not.toContain(cardCase.answerMarker);
  });

  test('the feedback delivery shows none of the answers to someone other than the requester', () => {
    const delivery = CARD_CASES.find((cardCase) => cardCase.name === 'the feedback delivery')!;
    expect(JSON.stringify(delivery.render({ state: 'open', userId: USER }))).toContain('Private critique');
    expect(JSON.stringify(delivery.render({ state: 'closed', reason: 'not_addressed', userId: USER }))).not.toContain('Private');
  });

  test('an answered card offers to change the answer while edits are allowed, as a refresh asking for the form', () => {
    const review = CARD_CASES.find((cardCase) => cardCase.name === 'the standards review form')!;
    const card = review.render({ state: 'answered', userId: USER, canEdit: true, answer: true as never });
    const [edit] = executesOf(card);
    expect(edit).toMatchObject({ verb: CARD_VERBS.cardRefresh, data: { card: 'review.form', edit: true } });
    expect(parseCardAction({ verb: edit!.verb, data: edit!.data })).toMatchObject({ verb: 'card.refresh', data: { card: 'review.form', edit: true } });
  });
});

describe('refresh', () => {
  const addressed = cases.filter(({ cardCase, view }) => cardCase.perPerson && !(view.state === 'closed' && view.reason === 'closed'));

  test.each(addressed)('$title refreshes automatically for the addressed person', ({ cardCase, view }) => {
    const card = cardCase.render(view);
    expect(card.refresh?.userIds).toEqual([USER]);
    expect(card.refresh?.action.verb).toBe(CARD_VERBS.cardRefresh);
    const parsed = parseCardAction({ verb: card.refresh!.action.verb, data: card.refresh!.action.data });
    expect(CARD_KINDS).toContain(parsed.verb === 'card.refresh' ? parsed.data.card : undefined);
  });

  test.each(CARD_CASES.filter((cardCase) => !cardCase.perPerson).map((cardCase) => [cardCase.name, cardCase] as const))('%s, shown to everyone alike, has no per-person refresh', (_name, cardCase) => {
    expect(cardCase.render({ state: 'open', userId: USER }).refresh).toBeUndefined();
  });

  test('a card closed for good needs no refresh', () => {
    const review = CARD_CASES.find((cardCase) => cardCase.name === 'the standards review form')!;
    expect(review.render({ state: 'closed', reason: 'closed', userId: USER }).refresh).toBeUndefined();
  });
});

describe('size', () => {
  const maximal = CARD_CASES.filter((cardCase) => cardCase.maximal);

  test.each(maximal.map((cardCase) => [cardCase.name, cardCase] as const))('%s is shortened only when it would not fit, and then links to the tab', (_name, cardCase: CardCase) => {
    const card = cardCase.render({ state: 'answered', userId: USER, tabUrl: TAB, answer: true as never });
    const text = JSON.stringify(card);
    if (text.includes('[See the tab]')) {
      expect(text).toContain(`[See the tab](${TAB})`);
      expect(text).toMatch(/[^.]…|and \d+ more/); // clipped text ends with an ellipsis; a cut list says how many are left
    } else {
      expect(cardSize(card)).toBeLessThanOrEqual(CARD_TARGET_BYTES);
    }
  });

  test.each(['the compiled agenda (maximal)', 'the standards review summary (maximal)', 'the feedback delivery (maximal)', 'the plain text card (maximal)'])(
    '%s is too long to show in full, so it ends with a link to the tab',
    (name) => {
      const card = CARD_CASES.find((cardCase) => cardCase.name === name)!.render({ state: 'open', userId: USER, tabUrl: TAB });
      expect(card.body.at(-1)).toMatchObject({ type: 'TextBlock', text: expect.stringContaining(`[See the tab](${TAB})`) });
      expect(cardSize(card)).toBeLessThanOrEqual(CARD_TARGET_BYTES);
    },
  );

  test('without a tab link, a shortened card still says where the full text is', () => {
    const card = CARD_CASES.find((cardCase) => cardCase.name === 'the plain text card (maximal)')!.render({ state: 'open' });
    expect(card.body.at(-1)).toMatchObject({ text: expect.stringContaining('See the Account Teams tab') });
  });

  test('the largest card stays under 40 KB even with every input at its maximum', () => {
    const sizes = cases.map(({ title, cardCase, view }) => ({ title, bytes: cardSize(cardCase.render(view)) }));
    const largest = sizes.reduce((max, entry) => (entry.bytes > max.bytes ? entry : max));
    expect(largest.bytes).toBeLessThan(CARD_MAX_BYTES);
  });

  test('cardSize counts UTF-8 bytes, not characters', () => {
    expect(cardSize({ text: '漢' })).toBe(JSON.stringify({ text: '漢' }).length + 2);
  });
});

describe('the schema check itself', () => {
  const base = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Hello' }] };

  test('it accepts a minimal card', () => {
    expect(schemaErrors(base)).toEqual([]);
  });

  test('it rejects a card Teams would not render: a TextBlock without text, an unknown property, a misspelt action', () => {
    expect(schemaErrors({ ...base, body: [{ type: 'TextBlock' }] })).not.toEqual([]);
    expect(schemaErrors({ ...base, colour: 'red' })).not.toEqual([]);
    expect(schemaErrors({ ...base, actions: [{ type: 'Action.Execute', verb: 'x', verbs: 'y' }] })).not.toEqual([]);
    expect(schemaErrors({ ...base, refresh: { action: { type: 'Action.Submit' } } })).not.toEqual([]);
  });
});
