/**
 * The bot's own seam: handlers see these shapes, never botbuilder's, so that moving from botbuilder
 * to the Microsoft 365 Agents SDK only touches bot/src/adapter/.
 */
export interface IncomingMessage {
  text: string;
  from: { id: string; aadObjectId?: string; name?: string };
  conversation: { id: string; type: 'personal' | 'channel' | 'groupChat'; tenantId?: string };
}

export interface OutgoingReply {
  /** Markdown, as Teams renders it. */
  text?: string;
  /** An Adaptive Card 1.5 payload. */
  card?: Record<string, unknown>;
}

export interface ConversationHandler {
  onMessage(message: IncomingMessage): Promise<OutgoingReply[]>;
}
