/**
 * The bot's own seam: handlers see these shapes, never botbuilder's, so that moving from botbuilder
 * to the Microsoft 365 Agents SDK only touches bot/src/adapter/. The adapter turns each incoming
 * activity into one of the turns below and the handler's answer back into activities.
 */

export type ConversationType = 'personal' | 'channel' | 'groupChat';

/** A Teams user (or the bot). `id` is the Teams user id (`29:…`); `aadObjectId` the Entra object id. */
export interface Actor {
  id: string;
  aadObjectId?: string;
  name?: string;
}

export interface TurnConversation {
  id: string;
  type: ConversationType;
  /** The Entra tenant (firm) of the conversation, as Teams reports it. */
  tenantId?: string;
  /** Channels: the team and the channel id. */
  teamId?: string;
  channelId?: string;
  /** The channel, chat or team name, when Teams sends it. */
  title?: string;
}

/** A member of the conversation (or of its team), as Teams' roster reports it. */
export interface RosterMember {
  id: string;
  aadObjectId?: string;
  name?: string;
  email?: string;
  userPrincipalName?: string;
}

/** The conversation's roster, read from Teams on demand (the adapter pages through it). */
export interface Roster {
  members(): Promise<RosterMember[]>;
  /** One member by Teams user id; undefined when Teams does not know them here. */
  member(userId: string): Promise<RosterMember | undefined>;
}

/** What every incoming turn carries. */
export interface TurnBase {
  from: Actor;
  conversation: TurnConversation;
  /** Where Teams wants replies for this conversation now; it can change, so it is stored on every turn. */
  serviceUrl: string;
  /** The serialized Bot Framework ConversationReference: all a proactive send needs later. */
  reference: Record<string, unknown>;
  /** The incoming activity's id (a dedupe key when Teams redelivers). */
  activityId?: string;
  roster: Roster;
}

/** An @mention in a message (other than the bot's own, which the adapter drops). */
export interface Mention {
  id: string;
  name?: string;
  /** The mention's text in the message, e.g. `<at>Tom Becker</at>`. */
  text?: string;
}

export interface IncomingMessage extends TurnBase {
  text: string;
  mentions: Mention[];
  /** Set when the message is an Action.Submit (a card's fallback for clients without Universal Actions). */
  value?: unknown;
}

export interface OutgoingReply {
  /** Markdown, as Teams renders it. */
  text?: string;
  /** An Adaptive Card 1.5 payload. */
  card?: Record<string, unknown>;
}

/** An Action.Execute (Universal Actions) invoke: `adaptiveCard/action`. */
export interface CardActionInvoke extends TurnBase {
  verb: string;
  data: Record<string, unknown>;
  /** `automatic` for a card refresh Teams asked for by itself, `manual` for a button. */
  trigger: 'manual' | 'automatic';
}

/**
 * What an invoke answers. A card replaces the one the user acted on (Teams shows it in place); a
 * message is shown as a toast; an error is a Universal Actions error response.
 */
export type CardActionResponse =
  | { kind: 'card'; card: Record<string, unknown> }
  | { kind: 'message'; text: string }
  | { kind: 'error'; statusCode: number; code: string; message: string };

/** The app was installed or removed here, or people joined or left. */
export interface ConversationUpdate extends TurnBase {
  event: 'installed' | 'uninstalled' | 'membersAdded' | 'membersRemoved';
  membersAdded: Actor[];
  membersRemoved: Actor[];
}

export interface ConversationHandler {
  onMessage(message: IncomingMessage): Promise<OutgoingReply[]>;
  onCardAction?(action: CardActionInvoke): Promise<CardActionResponse>;
  onConversationUpdate?(update: ConversationUpdate): Promise<OutgoingReply[]>;
  /** Every other activity (reactions, renames, other invokes…): still news of where the conversation is. */
  onOtherActivity?(turn: TurnBase): Promise<void>;
}

