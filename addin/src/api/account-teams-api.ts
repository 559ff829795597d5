/**
 * The Account Teams REST API as the add-in uses it. Response types come from the server's own modules
 * (type-only imports, erased from the bundle), so a change there fails the add-in's typecheck.
 */
import type { AgendaItemKind } from '../../../core/domain/agenda-item';
import type { Delegation } from '../../../core/domain/delegation';
import type { AccountContext } from '../../../core/rules/account-context';
import { ApiError, type ApiClient } from './client';

export type { AccountContext, AgendaItemKind };
export type ContactContext = NonNullable<AccountContext['contact']>;

export interface Me {
  tenantId: string;
  personId: string;
  email: string;
  name: string;
  roles: ('member' | 'admin')[];
}

export interface AccountSummary {
  id: string;
  name: string;
  clientDomains: string[];
}

export type Sentiment = 'good' | 'neutral' | 'issue';

/** Every create carries a client-chosen `id`, so a retried click creates nothing twice. */
export interface NewProgressEntry {
  id: string;
  summary: string;
  goalId?: string;
  /** New value on the goal's metric, when the news measures it. */
  value?: number;
  sentiment: Sentiment;
  source: { kind: 'email'; reference?: string };
}

export interface NewAgendaItem {
  id: string;
  title: string;
  detail?: string;
  kind: AgendaItemKind;
}

export interface NewDelegation {
  /** Chosen by the client so a retried request creates nothing twice. */
  id: string;
  accountId: string;
  delegateId: string;
  objective: string;
  dueDate: string;
}

export interface NewFeedbackRequest {
  id: string;
  accountId: string;
  peerIds: string[];
  event: string;
  eventAt: string;
}

export interface NewContactLink {
  email: string;
  name: string;
  title?: string;
  timeZone: string;
}

const enc = encodeURIComponent;

export function accountTeamsApi(client: ApiClient) {
  // Who the viewer is does not change while they stay signed in: asked once per sign-in, not per message.
  let me: Promise<Me> | undefined;
  return {
    /** The signed-in viewer; the answer is kept, a failed request is not (the next call asks again). */
    me(): Promise<Me> {
      if (!me) {
        const asked = client.get<Me>('/api/me');
        me = asked;
        asked.catch(() => {
          if (me === asked) me = undefined;
        });
      }
      return me;
    },

    /** Forgets the viewer (on sign-out), so that whoever signs in next is asked for afresh. */
    forgetMe() {
      me = undefined;
    },

    /** The pane's view for one address; undefined when there is none (unknown sender and walled account alike). */
    async context(email: string, signal?: AbortSignal): Promise<AccountContext | undefined> {
      try {
        return await client.get<AccountContext>(`/api/context?email=${enc(email)}`, signal ? { signal } : undefined);
      } catch (error) {
        if (error instanceof ApiError && (error.status === 404 || error.code === 'email.invalid')) return undefined;
        throw error;
      }
    },

    /** Accounts the caller may see (GET /api/accounts), for linking an unknown sender; if the list fails to load, the form asks for an account id. */
    accounts: async (): Promise<AccountSummary[]> => (await client.get<{ items: AccountSummary[] }>('/api/accounts')).items,

    delegate: (body: NewDelegation) => client.post<Delegation>('/api/delegations', body),
    logProgress: (accountId: string, body: NewProgressEntry) => client.post<unknown>(`/api/accounts/${enc(accountId)}/progress`, body),
    raiseAgendaItem: (accountId: string, body: NewAgendaItem) =>
      client.post<{ itemId: string; forNextMeeting: boolean; message: string }>(`/api/accounts/${enc(accountId)}/agenda-items`, body),
    requestFeedback: (body: NewFeedbackRequest) => client.post<unknown>('/api/feedback-requests', body),
    linkContact: (accountId: string, body: NewContactLink) => client.post<unknown>(`/api/accounts/${enc(accountId)}/contacts`, body),
  };
}

export type AccountTeamsApi = ReturnType<typeof accountTeamsApi>;
