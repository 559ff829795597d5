import type { AccountTeamsApi, Me } from '../../api/account-teams-api';
import type { MailMessage } from '../../mail/message';
import type { ContextEntry } from '../load-pane';
import type { Notice } from '../useTaskpane';

export type ActionKind = 'progress' | 'agenda' | 'delegate' | 'feedback';

/** What every action dialog gets: the message to prefill from, the contact's context, and how to finish. */
export interface ActionDialogProps {
  /** Closing sets this to false (and keeps the dialog mounted) so Fluent can hand focus and the page back. */
  open: boolean;
  api: AccountTeamsApi;
  me: Me;
  message: MailMessage;
  entry: ContextEntry;
  now: Date;
  onClose: () => void;
  /** The action succeeded: close, show the notice, reload the context. */
  onDone: (notice: Notice) => void;
}
