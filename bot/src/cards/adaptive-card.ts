/**
 * The Adaptive Card 1.5 subset the bot's cards use, as plain JSON types, and the small helpers every
 * builder shares. Nothing here knows botbuilder: a card is a JSON object the adapter attaches as
 * `application/vnd.microsoft.card.adaptive`.
 */

export const CARD_VERSION = '1.5';
export const CARD_SCHEMA_URL = 'http://adaptivecards.io/schemas/adaptive-card.json';

/** The hard ceiling every card must stay under (UTF-8 bytes of its JSON). */
export const CARD_MAX_BYTES = 40 * 1024;
/**
 * What builders aim for: Teams rejects a bot message over about 28 KB, card included, so builders
 * shorten text until the card fits this, and only an extreme input may land between this and the ceiling.
 */
export const CARD_TARGET_BYTES = 28_000;

export type Spacing = 'none' | 'small' | 'default' | 'medium' | 'large' | 'extraLarge' | 'padding';
export type TextColor = 'default' | 'dark' | 'light' | 'accent' | 'good' | 'warning' | 'attention';
export type ContainerStyle = 'default' | 'emphasis' | 'good' | 'attention' | 'warning' | 'accent';

interface ElementBase {
  id?: string;
  spacing?: Spacing;
  separator?: boolean;
  isVisible?: boolean;
}

export interface TextBlock extends ElementBase {
  type: 'TextBlock';
  text: string;
  wrap?: boolean;
  size?: 'default' | 'small' | 'medium' | 'large' | 'extraLarge';
  weight?: 'default' | 'lighter' | 'bolder';
  color?: TextColor;
  isSubtle?: boolean;
  style?: 'default' | 'heading';
  maxLines?: number;
}

export interface Fact {
  title: string;
  value: string;
}

export interface FactSet extends ElementBase {
  type: 'FactSet';
  facts: Fact[];
}

export interface Container extends ElementBase {
  type: 'Container';
  items: CardElement[];
  style?: ContainerStyle;
  bleed?: boolean;
}

export interface Column {
  type: 'Column';
  items: CardElement[];
  width?: string | number;
  verticalContentAlignment?: 'top' | 'center' | 'bottom';
}

export interface ColumnSet extends ElementBase {
  type: 'ColumnSet';
  columns: Column[];
}

interface InputBase extends ElementBase {
  id: string;
  label?: string;
  isRequired?: boolean;
  errorMessage?: string;
}

export interface TextInput extends InputBase {
  type: 'Input.Text';
  value?: string;
  placeholder?: string;
  isMultiline?: boolean;
  maxLength?: number;
}

export interface Choice {
  title: string;
  value: string;
}

export interface ChoiceSetInput extends InputBase {
  type: 'Input.ChoiceSet';
  choices: Choice[];
  value?: string;
  style?: 'compact' | 'expanded' | 'filtered';
  placeholder?: string;
  isMultiSelect?: boolean;
  wrap?: boolean;
}

export interface ActionSet extends ElementBase {
  type: 'ActionSet';
  actions: CardActionElement[];
}

export type CardElement = TextBlock | FactSet | Container | ColumnSet | TextInput | ChoiceSetInput | ActionSet;

interface ActionBase {
  title?: string;
  id?: string;
  style?: 'default' | 'positive' | 'destructive';
  tooltip?: string;
  mode?: 'primary' | 'secondary';
}

export interface SubmitAction extends ActionBase {
  type: 'Action.Submit';
  data?: Record<string, unknown>;
  associatedInputs?: 'auto' | 'none';
}

export interface ExecuteAction extends ActionBase {
  type: 'Action.Execute';
  verb: string;
  data?: Record<string, unknown>;
  associatedInputs?: 'auto' | 'none';
  /** What clients without Universal Actions render instead (Teams documents an Action.Submit here). */
  fallback?: SubmitAction | 'drop';
}

export interface OpenUrlAction extends ActionBase {
  type: 'Action.OpenUrl';
  url: string;
}

export interface ShowCardAction extends ActionBase {
  type: 'Action.ShowCard';
  card: SubCard;
}

export type CardActionElement = ExecuteAction | SubmitAction | OpenUrlAction | ShowCardAction;

/** A card shown by Action.ShowCard: no version, refresh or schema of its own. */
export interface SubCard {
  type: 'AdaptiveCard';
  body: CardElement[];
  actions?: CardActionElement[];
}

export interface Refresh {
  action: ExecuteAction;
  /** Teams user MRIs (the `29:…` id of activity.from) for whom Teams refreshes the card automatically. */
  userIds?: string[];
}

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: typeof CARD_SCHEMA_URL;
  version: typeof CARD_VERSION;
  body: CardElement[];
  actions?: CardActionElement[];
  refresh?: Refresh;
  fallbackText?: string;
}

/** UTF-8 bytes of the card's JSON: what counts against Teams' message size limit. */
export function cardSize(card: unknown): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

// ---- elements -----------------------------------------------------------------------------------

export const text = (value: string, options: Omit<TextBlock, 'type' | 'text'> = {}): TextBlock => ({ type: 'TextBlock', text: value, wrap: true, ...options });

export const heading = (value: string): TextBlock => ({ type: 'TextBlock', text: value, wrap: true, size: 'medium', weight: 'bolder', style: 'heading' });

export const subtle = (value: string, options: Omit<TextBlock, 'type' | 'text'> = {}): TextBlock => text(value, { isSubtle: true, spacing: 'small', ...options });

export const facts = (entries: readonly (readonly [string, string])[]): FactSet => ({ type: 'FactSet', facts: entries.map(([title, value]) => ({ title, value })) });

export const container = (items: CardElement[], options: Omit<Container, 'type' | 'items'> = {}): Container => ({ type: 'Container', items, ...options });

/** The line a card shows about why it can no longer be answered (or who has answered). */
export const notice = (value: string, color: TextColor = 'default'): Container => container([text(value, { weight: 'bolder', color })], { style: 'emphasis', spacing: 'medium' });

export function card(body: CardElement[], options: { actions?: CardActionElement[]; refresh?: Refresh; fallbackText?: string } = {}): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: CARD_SCHEMA_URL,
    version: CARD_VERSION,
    ...(options.refresh ? { refresh: options.refresh } : {}),
    body,
    ...(options.actions && options.actions.length > 0 ? { actions: options.actions } : {}),
    ...(options.fallbackText ? { fallbackText: options.fallbackText } : {}),
  };
}

// ---- text ---------------------------------------------------------------------------------------

/**
 * Adaptive Cards format `{{DATE(…)}}` and `{{TIME(…)}}` in the reader's own locale and time zone, which is
 * what a partner in another region wants to see. They need RFC 3339 without fractions.
 */
export function when(iso: string | undefined): string {
  if (!iso) return 'unknown';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const instant = new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `{{DATE(${instant}, SHORT)}} {{TIME(${instant})}}`;
}

export function day(iso: string | undefined): string {
  if (!iso) return 'unknown';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `{{DATE(${new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')}, SHORT)}}`;
}

/** Cuts at a code-point boundary, so an emoji is never split in half. */
function cutAt(value: string, length: number): string {
  let end = Math.max(0, length);
  const code = value.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return value.slice(0, end);
}

/** Keeps a card's fallback text short: it is only shown by clients that cannot render the card. */
export const plain = (value: string, max = 600) => (value.length <= max ? value : `${cutAt(value, max - 1).trimEnd()}…`);

// ---- fitting under the size budget -------------------------------------------------------------

/**
 * How hard a builder squeezes free text and lists. Builders are written once against a Squeeze and
 * built again with a smaller scale until the card fits; anything shortened is marked with an ellipsis
 * and the card then points to the tab for the full text.
 */
export class Squeeze {
  truncated = false;
  constructor(readonly scale: number) {}

  /** Free text, shortened to `max × scale` characters (never below 24) with an ellipsis. */
  clip(value: string, max: number): string {
    const limit = Math.max(24, Math.floor(max * this.scale));
    if (value.length <= limit) return value;
    this.truncated = true;
    return `${cutAt(value, limit - 1).trimEnd()}…`;
  }

  /** The first items of a list: `max × scale` of them, never fewer than `keep`. */
  take<T>(items: readonly T[], max: number, keep = 1): { shown: T[]; hidden: number } {
    const count = Math.max(keep, Math.floor(max * this.scale));
    if (items.length <= count) return { shown: [...items], hidden: 0 };
    this.truncated = true;
    return { shown: items.slice(0, count), hidden: items.length - count };
  }
}

const SCALES = [1, 0.5, 0.25, 0.12, 0.06] as const;

export function seeTheTab(tabUrl: string | undefined): TextBlock {
  return subtle(tabUrl ? `Some text is shortened here. [See the tab](${tabUrl}) for all of it.` : 'Some text is shortened here. See the Account Teams tab for all of it.', {
    spacing: 'medium',
  });
}

/**
 * Builds the card at full length and, while it is over CARD_TARGET_BYTES, again with shorter text and
 * lists. A card that had to be shortened ends with a 'see the tab' line.
 */
export function fitted(build: (squeeze: Squeeze) => AdaptiveCard, tabUrl?: string): AdaptiveCard {
  let last: AdaptiveCard | undefined;
  for (const scale of SCALES) {
    const squeeze = new Squeeze(scale);
    const built = build(squeeze);
    if (squeeze.truncated) built.body.push(seeTheTab(tabUrl));
    last = built;
    if (cardSize(built) <= CARD_TARGET_BYTES) return built;
  }
  return last!;
}
