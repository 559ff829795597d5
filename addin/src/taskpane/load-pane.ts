import type { AccountContext, AccountTeamsApi, Me } from '../api/account-teams-api';
import { peopleOnMessage, type MailAddress, type MailMessage } from '../mail/message';

/** One person on the message and the account context the server gave for them. */
export interface ContextEntry {
  address: MailAddress;
  context: AccountContext;
  isSender: boolean;
}

export interface PaneData {
  me: Me;
  message: MailMessage;
  /** Known client contacts on the message, the sender first: the switcher's tabs. */
  contacts: ContextEntry[];
  /** The sender's address matched a client domain but no contact: the account is known, the person is not. */
  senderAccountOnly?: ContextEntry;
  /** The sender matched nothing the viewer may see (unknown, or walled: the same answer). */
  unknownSender?: MailAddress;
}

/** One contact on one account (the address stands in for a person who is not a contact yet): the switcher's identity. */
export const contactKey = (entry: ContextEntry) => `${entry.context.account.id}/${entry.context.contact?.id ?? entry.address.email}`;

/** At most this many addresses are looked up per message; a mass mailing is not an account conversation. */
export const MAX_LOOKUPS = 12;

const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

/**
 * Looks up everyone on the message in parallel (and who the viewer is), then sorts the answers into what
 * the pane shows. Colleagues (the viewer's own domain) are never offered for linking.
 */
export async function loadPaneData(api: AccountTeamsApi, message: MailMessage, signal?: AbortSignal): Promise<PaneData> {
  const people = peopleOnMessage(message).slice(0, MAX_LOOKUPS);
  const [me, ...contexts] = await Promise.all([api.me(), ...people.map((person) => api.context(person.email, signal))]);
  const myDomain = domainOf(me.email);
  const entries = people.flatMap((address, index): ContextEntry[] => {
    const context = contexts[index];
    if (!context || address.email.toLowerCase() === me.email.toLowerCase()) return [];
    const isSender = message.from !== undefined && address.email.toLowerCase() === message.from.email.toLowerCase();
    return [{ address, context, isSender }];
  });

  const seenContacts = new Set<string>();
  const contacts = entries.filter((entry) => {
    if (!entry.context.contact) return false;
    const key = contactKey(entry);
    if (seenContacts.has(key)) return false;
    seenContacts.add(key);
    return true;
  });

  const data: PaneData = { me, message, contacts };
  const sender = message.from;
  if (sender && !contacts.some((entry) => entry.isSender) && domainOf(sender.email) !== myDomain) {
    const accountOnly = entries.find((entry) => entry.isSender && !entry.context.contact);
    if (accountOnly) data.senderAccountOnly = accountOnly;
    else data.unknownSender = sender;
  }
  return data;
}
