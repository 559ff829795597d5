/** The open message as the pane needs it, whether it comes from Outlook or from a preview sample. */

export interface MailAddress {
  email: string;
  name?: string;
}

export interface MailMessage {
  /** Reading a received message, or writing one. */
  mode: 'read' | 'compose';
  /** The sender (read mode only). */
  from?: MailAddress;
  to: MailAddress[];
  cc: MailAddress[];
  subject: string;
  /** Identifies the message for provenance ("logged from this email"): internetMessageId or item id. */
  reference?: string;
}

/** Where messages come from and replies go to: Outlook through office.js, or the preview. */
export interface MailHost {
  kind: 'office' | 'preview';
  current(): Promise<MailMessage>;
  /** Opens Outlook's reply form prefilled with `text` (read mode). */
  reply(text: string): Promise<void>;
  /** Called when the user selects another message (pinned pane) or changes the recipients; returns an unsubscribe. */
  onChange(listener: () => void): () => void;
}

/** Everyone on the message whose context matters: the sender first, then recipients; each address once. */
export function peopleOnMessage(message: MailMessage, exclude: readonly string[] = []): MailAddress[] {
  const skip = new Set(exclude.map((email) => email.toLowerCase()));
  const people: MailAddress[] = [];
  for (const person of [...(message.from ? [message.from] : []), ...message.to, ...message.cc]) {
    const key = person.email.trim().toLowerCase();
    if (!key || skip.has(key)) continue;
    skip.add(key);
    people.push({ ...person, email: person.email.trim() });
  }
  return people;
}

export const displayName = (address: MailAddress) => address.name?.trim() || address.email;
