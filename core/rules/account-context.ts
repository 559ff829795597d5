import type { Account, Goal } from '../domain/account';
import type { AgendaItem } from '../domain/agenda-item';
import type { CommunicationPreferences, Contact } from '../domain/contact';
import { OPEN_DELEGATION_STATUSES, type Delegation, type DelegationStatus } from '../domain/delegation';
import { UPCOMING_MEETING_STATUSES, type Meeting } from '../domain/meeting';
import type { Person } from '../domain/person';
import type { ProgressEntry } from '../domain/progress-entry';
import type { Resolution } from './email-resolution';
import { quietHoursStatus, type QuietHoursStatus } from './quiet-hours';

/** What the store loads for one account in one go; the assembler below turns it into the pane's view. */
export interface AccountBundle {
  account: Account;
  contact?: Contact;
  people: Person[];
  delegations: Delegation[];
  meetings: Meeting[];
  agendaItems: AgendaItem[];
  progress: ProgressEntry[];
}

export interface PersonRef {
  id: string;
  name: string;
  email: string;
  rank: Person['rank'];
  practice: string;
  region: string;
}

export interface AccountContext {
  matchedBy: Resolution['matchedBy'];
  account: { id: string; name: string; purpose: string; clientDomains: string[] };
  contact?: {
    id: string;
    name: string;
    title: string;
    emails: string[];
    clock: QuietHoursStatus;
    preferences: CommunicationPreferences;
    priorities: string[];
    fears: string[];
    professionalAmbition: string;
    relationshipOwner?: PersonRef;
  };
  leadershipTeam: { person: PersonRef; remit: string; accountable: boolean }[];
  accountableLead?: PersonRef;
  accountTeam: { person: PersonRef; role: string }[];
  responsibilities: { id: string; what: string; owner?: PersonRef }[];
  goals: (Goal & { latestProgress?: { summary: string; recordedAt: string; value?: number; sentiment: string }; percentOfTarget?: number })[];
  openDelegations: {
    id: string;
    objective: string;
    delegator?: PersonRef;
    delegate?: PersonRef;
    dueDate: string;
    status: DelegationStatus;
    nextCheckInDue: string;
    overdue: boolean;
    checkInOverdue: boolean;
  }[];
  nextMeeting?: {
    id: string;
    title: string;
    scheduledAt: string;
    status: Meeting['status'];
    items: { id: string; title: string; kind: AgendaItem['kind']; raiser?: PersonRef; impactAnswers: number }[];
  };
}

export function personRef(person: Person): PersonRef {
  return { id: person.id, name: person.name, email: person.email, rank: person.rank, practice: person.practice, region: person.region };
}

/** Finds people as PersonRefs by id: undefined for no id, and for anyone not among `people` (walled, gone). */
export function personRefsById(people: readonly Person[]): (id: string | undefined) => PersonRef | undefined {
  const byId = new Map(people.map((person) => [person.id, personRef(person)]));
  return (id) => (id ? byId.get(id) : undefined);
}

export interface TeamView {
  leadershipTeam: { person: PersonRef; remit: string; accountable: boolean }[];
  accountTeam: { person: PersonRef; role: string }[];
}

/** The account's leadership team and account team, in team order, naming people; anyone `ref` does not find is left out. */
export function teamView(account: Pick<Account, 'leadershipTeam' | 'accountTeam'>, ref: (id: string) => PersonRef | undefined): TeamView {
  return {
    leadershipTeam: account.leadershipTeam.flatMap((member) => {
      const person = ref(member.personId);
      return person ? [{ person, remit: member.remit, accountable: member.accountable }] : [];
    }),
    accountTeam: account.accountTeam.flatMap((member) => {
      const person = ref(member.personId);
      return person ? [{ person, role: member.role }] : [];
    }),
  };
}

/** How far a measured value is towards a goal's target, in whole percent from 0 to 100; undefined for a target of 0. */
export function percentOfTarget(value: number, target: number): number | undefined {
  return target !== 0 ? Math.max(0, Math.min(100, Math.round((value / target) * 100))) : undefined;
}

const DAY_MS = 86_400_000;

/**
 * When the delegate's next check-in falls due: one cadence after the last check-in (or the hand-off).
 * Cadences count days of 24 hours: the instants are UTC, which has no daylight-saving shifts.
 */
export function nextCheckInDue(delegation: Pick<Delegation, 'createdAt' | 'checkIns' | 'checkInEveryDays'>): Date {
  let last = Date.parse(delegation.createdAt);
  for (const checkIn of delegation.checkIns) last = Math.max(last, Date.parse(checkIn.at));
  return new Date(last + delegation.checkInEveryDays * DAY_MS);
}

/**
 * Until when the context assembled from `bundle` at `now` stays what assembling it again would give,
 * apart from the contact's clock (which moves every minute; see quietHoursStatus): the next UTC
 * midnight (delegations become overdue by date), or an earlier instant at which a delegation's
 * check-in falls due or the next meeting starts. Changes to the records themselves are not its
 * concern: a cache forgets on writes.
 */
export function contextStableUntil(bundle: Pick<AccountBundle, 'delegations' | 'meetings'>, now: Date): Date {
  const at = now.getTime();
  let until = (Math.floor(at / DAY_MS) + 1) * DAY_MS;
  for (const delegation of bundle.delegations) {
    // A check-in is overdue once the instant it fell due has passed: from the next millisecond.
    const overdueFrom = nextCheckInDue(delegation).getTime() + 1;
    if (overdueFrom > at && overdueFrom < until) until = overdueFrom;
  }
  for (const meeting of bundle.meetings) {
    // A meeting counts as upcoming up to and including its start; from the next instant it is not.
    const after = Date.parse(meeting.scheduledAt) + 1;
    if (after > at && after < until) until = after;
  }
  return new Date(until);
}

/**
 * Assembles the Outlook pane's view of one account for the resolved sender. Pure: the caller has
 * already applied tenant isolation and ethical walls when it loaded the bundle.
 */
export function assembleAccountContext(resolution: Resolution, bundle: AccountBundle, now: Date): AccountContext {
  const { account, contact } = bundle;
  const ref = personRefsById(bundle.people);
  const nowIso = now.toISOString();
  const today = nowIso.slice(0, 10);

  const { leadershipTeam, accountTeam } = teamView(account, ref);

  const latestByGoal = new Map<string, ProgressEntry>();
  for (const entry of bundle.progress) {
    if (!entry.goalId) continue;
    const current = latestByGoal.get(entry.goalId);
    if (!current || entry.recordedAt > current.recordedAt) latestByGoal.set(entry.goalId, entry);
  }

  const upcoming = bundle.meetings
    .filter((meeting) => UPCOMING_MEETING_STATUSES.includes(meeting.status) && Date.parse(meeting.scheduledAt) >= now.getTime())
    .sort((a, b) => Date.parse(a.scheduledAt) - Date.parse(b.scheduledAt))[0];

  const context: AccountContext = {
    matchedBy: resolution.matchedBy,
    account: { id: account.id, name: account.name, purpose: account.purpose, clientDomains: account.clientDomains },
    leadershipTeam,
    accountTeam,
    responsibilities: account.responsibilities.map((responsibility) => ({
      id: responsibility.id,
      what: responsibility.what,
      ...(ref(responsibility.ownerId) ? { owner: ref(responsibility.ownerId) } : {}),
    })),
    goals: account.goals.map((goal) => {
      const latest = latestByGoal.get(goal.id);
      if (!latest) return { ...goal };
      // The latest entry, measured or not: a note without a value leaves the goal without a percentage.
      const percent = latest.value !== undefined ? percentOfTarget(latest.value, goal.target) : undefined;
      return {
        ...goal,
        latestProgress: {
          summary: latest.summary,
          recordedAt: latest.recordedAt,
          sentiment: latest.sentiment,
          ...(latest.value !== undefined ? { value: latest.value } : {}),
        },
        ...(percent !== undefined ? { percentOfTarget: percent } : {}),
      };
    }),
    openDelegations: bundle.delegations
      .filter((delegation) => OPEN_DELEGATION_STATUSES.includes(delegation.status))
      .sort((a, b) => a.dueDate.localeCompare(b.dueDate))
      .map((delegation) => {
        const due = nextCheckInDue(delegation);
        return {
          id: delegation.id,
          objective: delegation.objective,
          delegator: ref(delegation.delegatorId),
          delegate: ref(delegation.delegateId),
          dueDate: delegation.dueDate,
          status: delegation.status,
          nextCheckInDue: due.toISOString(),
          overdue: delegation.dueDate < today,
          checkInOverdue: due < now,
        };
      }),
  };

  const accountable = leadershipTeam.find((member) => member.accountable);
  if (accountable) context.accountableLead = accountable.person;

  if (contact) {
    context.contact = {
      id: contact.id,
      name: contact.name,
      title: contact.title,
      emails: contact.emails,
      clock: quietHoursStatus(contact.preferences.quietHours, contact.timeZone, now),
      preferences: contact.preferences,
      priorities: contact.priorities,
      fears: contact.fears,
      professionalAmbition: contact.professionalAmbition,
      ...(ref(contact.relationshipOwnerId) ? { relationshipOwner: ref(contact.relationshipOwnerId) } : {}),
    };
  }

  if (upcoming) {
    context.nextMeeting = {
      id: upcoming.id,
      title: upcoming.title,
      scheduledAt: upcoming.scheduledAt,
      status: upcoming.status,
      items: bundle.agendaItems
        .filter((item) => item.meetingId === upcoming.id && item.status !== 'withdrawn')
        .sort((a, b) => a.raisedAt.localeCompare(b.raisedAt))
        .map((item) => ({ id: item.id, title: item.title, kind: item.kind, raiser: ref(item.raiserId), impactAnswers: item.impactAnswers.length })),
    };
  }
  return context;
}

/** The people an account bundle needs names for, so the store can fetch them in one request. */
export function peopleReferencedBy(account: Account, contact: Contact | undefined, delegations: readonly Delegation[], agendaItems: readonly AgendaItem[]): string[] {
  const ids = new Set<string>();
  account.leadershipTeam.forEach((member) => ids.add(member.personId));
  account.accountTeam.forEach((member) => ids.add(member.personId));
  account.responsibilities.forEach((responsibility) => responsibility.ownerId && ids.add(responsibility.ownerId));
  if (contact?.relationshipOwnerId) ids.add(contact.relationshipOwnerId);
  delegations.forEach((delegation) => {
    ids.add(delegation.delegatorId);
    ids.add(delegation.delegateId);
  });
  agendaItems.forEach((item) => ids.add(item.raiserId));
  return [...ids];
}
