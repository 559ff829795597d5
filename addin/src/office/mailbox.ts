/**
 * Promise wrappers around Outlook's callback API. Every wrapper rejects with an OfficeError when Office
 * reports a failure, so callers handle one kind of error the same way as failed API calls.
 */
import type { MailAddress, MailHost, MailMessage } from '../mail/message';

type OfficeGlobal = typeof Office;

class OfficeError extends Error {
  constructor(
    message: string,
    readonly code?: number | string,
  ) {
    super(message);
    this.name = 'OfficeError';
  }
}

/** Calls an Office `…Async(callback)` method and settles with its value or its error. */
function officeAsync<T>(start: (callback: (result: Office.AsyncResult<T>) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    try {
      start((result) => {
        // Office.AsyncResultStatus.Failed is the string "failed"; compared as text so a host stub need not define the enum.
        if (String(result.status) === 'failed') reject(new OfficeError(result.error?.message ?? 'Outlook reported a failure', result.error?.code));
        else resolve(result.value);
      });
    } catch (error) {
      reject(new OfficeError(error instanceof Error ? error.message : String(error)));
    }
  });
}

const toAddress = (details: Office.EmailAddressDetails | undefined): MailAddress | undefined =>
  details?.emailAddress ? { email: details.emailAddress, ...(details.displayName ? { name: details.displayName } : {}) } : undefined;
const toAddresses = (list: readonly Office.EmailAddressDetails[] | undefined): MailAddress[] => (list ?? []).flatMap((details) => toAddress(details) ?? []);

type AnyItem = Office.MessageRead & Office.MessageCompose;

function currentItem(office: OfficeGlobal): AnyItem {
  const item = office.context.mailbox.item as unknown as AnyItem | null | undefined;
  if (!item) throw new OfficeError('No message is selected in Outlook.');
  return item;
}

/** Compose-mode items expose recipients as objects with getAsync; read-mode items as plain arrays. */
const isComposeItem = (item: unknown) => typeof (item as { to?: { getAsync?: unknown } }).to?.getAsync === 'function';

/** Sender, recipients and subject of the message being read. */
async function readModeMessage(office: OfficeGlobal): Promise<MailMessage> {
  const item = currentItem(office) as unknown as Office.MessageRead;
  const from = toAddress(item.from);
  const reference = item.internetMessageId || item.itemId || undefined;
  return {
    mode: 'read',
    ...(from ? { from } : {}),
    to: toAddresses(item.to),
    cc: toAddresses(item.cc),
    subject: item.subject ?? '',
    ...(reference ? { reference } : {}),
  };
}

/** Recipients and subject of the message being written. */
async function composeModeMessage(office: OfficeGlobal): Promise<MailMessage> {
  const item = currentItem(office) as unknown as Office.MessageCompose;
  const [to, cc, subject] = await Promise.all([
    officeAsync<Office.EmailAddressDetails[]>((callback) => item.to.getAsync(callback)),
    item.cc ? officeAsync<Office.EmailAddressDetails[]>((callback) => item.cc.getAsync(callback)) : Promise.resolve([]),
    item.subject ? officeAsync<string>((callback) => item.subject.getAsync(callback)) : Promise.resolve(''),
  ]);
  return { mode: 'compose', to: toAddresses(to), cc: toAddresses(cc), subject: subject ?? '' };
}

async function currentMessage(office: OfficeGlobal): Promise<MailMessage> {
  return isComposeItem(currentItem(office)) ? composeModeMessage(office) : readModeMessage(office);
}

/** Opens Outlook's reply form with `text` in the body (read mode only). */
async function displayReplyForm(office: OfficeGlobal, text: string): Promise<void> {
  const item = currentItem(office) as unknown as Office.MessageRead;
  if (typeof item.displayReplyForm !== 'function') throw new OfficeError('Replies can be opened only while reading a message.');
  try {
    item.displayReplyForm(text);
  } catch (error) {
    throw new OfficeError(error instanceof Error ? error.message : String(error));
  }
}

/** Item selection (pinned pane) and recipient changes (compose), where the host supports them. */
function subscribe(office: OfficeGlobal, listener: () => void): () => void {
  const unsubscribers: (() => void)[] = [];
  const events = office.EventType;
  const mailbox = office.context.mailbox;
  if (events?.ItemChanged && typeof mailbox.addHandlerAsync === 'function') {
    mailbox.addHandlerAsync(events.ItemChanged, listener);
    unsubscribers.push(() => mailbox.removeHandlerAsync?.(events.ItemChanged));
  }
  const item = mailbox.item as unknown as Office.MessageCompose | undefined;
  if (item && isComposeItem(item) && events?.RecipientsChanged && typeof item.addHandlerAsync === 'function') {
    item.addHandlerAsync(events.RecipientsChanged, listener);
    unsubscribers.push(() => item.removeHandlerAsync?.(events.RecipientsChanged));
  }
  return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
}

export function officeMailHost(office: OfficeGlobal): MailHost {
  return {
    kind: 'office',
    current: () => currentMessage(office),
    reply: (text) => displayReplyForm(office, text),
    onChange: (listener) => subscribe(office, listener),
  };
}
