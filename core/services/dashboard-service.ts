import { DateTime } from 'luxon';
import type { Account } from '../domain/account';
import { OPEN_AGENDA_ITEM_STATUSES, type AgendaItem } from '../domain/agenda-item';
import { OPEN_DELEGATION_STATUSES, type Delegation, type DelegationStatus } from '../domain/delegation';
import { UPCOMING_MEETING_STATUSES, type Meeting } from '../domain/meeting';
import type { Person } from '../domain/person';
import type { ProgressEntry } from '../domain/progress-entry';
import type { RecordKind } from '../domain/record-kinds';
import type { ReviewFlag, StandardsReview } from '../domain/standards-review';
import { ForbiddenError } from '../errors';
import { nextCheckInDue, peopleReferencedBy, percentOfTarget, personRefsById, teamView, type PersonRef } from '../rules/account-context';
import { NETWORK_THRESHOLDS, networkMetrics, type NetworkClassification } from '../rules/network-metrics';
import { reviewTrend, type TrendPoint } from '../rules/review-scoring';
import type { Store } from '../store/ports';
import { isOnAccount, visibleAccount } from './account-access';
import { isAdmin, type RoleViewer, type Viewer } from './viewer';

export type { PersonRef } from '../rules/account-context';

export interface DashboardDelegation {
  id: string;
  objective: string;
  delegator: PersonRef | null;
  delegate: PersonRef | null;
  dueDate: string;
  status: DelegationStatus;
  checkInEveryDays: number;
  stretchNote: string;
  checkIns: number;
  lastCheckInAt: string | null;
  /** When the next check-in falls due; null once the delegation is done or cancelled. */
  nextCheckInDue: string | null;
  /** Open and past its due date. */
  overdue: boolean;
  /** Open and its next check-in is past due. */
  checkInOverdue: boolean;
  escalations: number;
}

export interface DashboardAgendaItem {
  id: string;
  title: string;
  detail: string;
  kind: AgendaItem['kind'];
  status: AgendaItem['status'];
  raiser: PersonRef | null;
  raisedAt: string;
  /** For initiatives every co-leader but the raiser is asked the impact question; other kinds expect none. */
  impactAnswers: { answered: number; expected: number; answeredBy: PersonRef[]; waitingFor: PersonRef[] };
  outcome: { decision: string; actions: string[]; owner: PersonRef | null } | null;
}

export interface DashboardReviewStandard {
  id: string;
  text: string;
  average: number | null;
  /** The same standard's average in the cycle before, when there was one. */
  previous: number | null;
  slipping: boolean;
}

export interface DashboardNetworkNode {
  id: string;
  name: string;
  practice: string;
  rank: Person['rank'];
  region: string;
  role: 'leader' | 'member';
  accountable: boolean;
  degree: number;
  weightedDegree: number;
  community: number;
  isHub: boolean;
}

/** Everything the leadership dashboard (the Teams tab) shows for one account, in one response. */
export interface LeadershipDashboard {
  generatedAt: string;
  account: { id: string; name: string; purpose: string; clientDomains: string[] };
  viewer: { personId: string; isLeader: boolean; isMember: boolean; isAdmin: boolean };
  leadershipTeam: { person: PersonRef; remit: string; accountable: boolean }[];
  accountableLead: PersonRef | null;
  accountTeam: { person: PersonRef; role: string }[];
  responsibilityMatrix: {
    /** Columns: every leader (team order), then anyone else who owns something (name order). */
    owners: (PersonRef & { onLeadershipTeam: boolean; onAccountTeam: boolean; responsibilities: number })[];
    rows: { id: string; what: string; ownerId: string | null; unowned: boolean; ownerOffTeam: boolean }[];
    unownedCount: number;
  };
  goals: {
    id: string;
    title: string;
    metric: string;
    target: number;
    unit: string;
    dueDate: string;
    owner: PersonRef | null;
    latestValue: number | null;
    percentOfTarget: number | null;
    lastProgressAt: string | null;
    /** Past its due date without reaching the target. */
    overdue: boolean;
    /** Oldest first: the series for the goal's chart (entries without a value are annotations). */
    history: { id: string; recordedAt: string; value: number | null; summary: string; sentiment: ProgressEntry['sentiment']; author: PersonRef | null }[];
  }[];
  /** Progress on the account not tied to a goal, newest first (at most 20). */
  accountProgress: { id: string; recordedAt: string; summary: string; sentiment: ProgressEntry['sentiment']; author: PersonRef | null }[];
  delegations: {
    counts: Record<DelegationStatus, number>;
    overdue: number;
    checkInOverdue: number;
    byStatus: Record<DelegationStatus, DashboardDelegation[]>;
  };
  reviews: {
    latest: {
      id: string;
      cycle: string;
      openedAt: string;
      closedAt: string;
      leaders: number;
      answered: number;
      missing: PersonRef[];
      roleClarity: number | null;
      standards: DashboardReviewStandard[];
      flags: ReviewFlag[];
    } | null;
    open: { id: string; cycle: string; openedAt: string; deadline: string; leaders: number; answered: number; waitingFor: PersonRef[] } | null;
    /** Oldest first, for the trend chart. */
    trend: TrendPoint[];
    /** Names for the standard ids in `trend[].byStandard`. */
    standards: { id: string; text: string }[];
  };
  nextMeeting: {
    id: string;
    title: string;
    scheduledAt: string;
    durationMinutes: number;
    status: Meeting['status'];
    agenda: Meeting['agenda'];
    items: DashboardAgendaItem[];
  } | null;
  /** Items raised between cycles, waiting for the next meeting's collection. */
  unscheduledItems: DashboardAgendaItem[];
  network: {
    nodes: DashboardNetworkNode[];
    edges: { source: string; target: string; weight: number; via: Record<string, number> }[];
    interactions: number;
    centralisation: number;
    transitivity: number;
    peerShare: number;
    hubId: string | null;
    classification: NetworkClassification;
    communities: string[][];
    componentsWithoutHub: string[][];
    isolates: string[];
    thresholds: typeof NETWORK_THRESHOLDS;
  };
}

const STATUSES: readonly DelegationStatus[] = ['active', 'at_risk', 'blocked', 'done', 'cancelled'];

/**
 * The leadership dashboard: the account's team, who owns what, goals with their progress history, every
 * delegation, review results and trend, the next meeting's agenda, and the team's communication network.
 * Leaders, account-team members and admins see it; a walled person (or another firm) gets the same
 * not-found as for an account that does not exist.
 */
export class DashboardService {
  constructor(
    private readonly store: Store,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Admins see every dashboard they are not walled off. */
  async dashboard(viewer: RoleViewer, accountId: string): Promise<LeadershipDashboard> {
    const { record: account } = await visibleAccount(this.store, viewer, accountId);
    const admin = isAdmin(viewer);
    if (!isOnAccount(account, viewer.personId) && !admin) throw new ForbiddenError('only the account team and admins see this account’s leadership dashboard');

    const scope = { tenantId: viewer.tenantId, accountId: account.id };
    const list = async <K extends RecordKind>(kind: K) => (await this.store.records.list(kind, scope)).map((found) => found.record);
    const [delegations, meetings, agendaItems, progress, reviews, interactions] = await Promise.all([
      list('delegation'),
      list('meeting'),
      list('agendaItem'),
      list('progressEntry'),
      list('standardsReview'),
      list('interaction'),
    ]);

    // Everyone the pane names, and those only the dashboard shows: goal and outcome owners, progress authors, review leaders.
    const personIds = new Set(peopleReferencedBy(account, undefined, delegations, agendaItems));
    account.goals.forEach((goal) => goal.ownerId && personIds.add(goal.ownerId));
    agendaItems.forEach((item) => item.outcome?.ownerId && personIds.add(item.outcome.ownerId));
    progress.forEach((entry) => personIds.add(entry.authorId));
    reviews.forEach((review) => review.leaderIds.forEach((id) => personIds.add(id)));
    // Walled people are never on the account, but a stale reference must not name one either.
    const walls = new Set(account.walls);
    const people = (await this.store.records.getMany('person', viewer.tenantId, [...personIds].filter((id) => !walls.has(id)))).map((found) => found.record);
    return assembleDashboard({ account, viewer, isAdmin: admin, people, delegations, meetings, agendaItems, progress, reviews, interactions, now: this.clock() });
  }
}

export interface DashboardSources {
  account: Account;
  viewer: Viewer;
  isAdmin: boolean;
  people: Person[];
  delegations: Delegation[];
  meetings: Meeting[];
  agendaItems: AgendaItem[];
  progress: ProgressEntry[];
  reviews: StandardsReview[];
  interactions: { fromId: string; toId: string; via: string }[];
  now: Date;
}

/** Pure: turns the loaded records into the dashboard. */
export function assembleDashboard(sources: DashboardSources): LeadershipDashboard {
  const { account, now } = sources;
  const nowIso = now.toISOString();
  const today = DateTime.fromJSDate(now, { zone: 'utc' }).toISODate()!;
  const peopleById = new Map(sources.people.map((person) => [person.id, person]));
  const find = personRefsById(sources.people);
  const ref = (id: string | undefined): PersonRef | null => find(id) ?? null;
  const refs = (ids: Iterable<string>) => [...ids].map(ref).filter((person): person is PersonRef => person !== null);
  const leaderIds = new Set(account.leadershipTeam.map((member) => member.personId));
  const memberIds = new Set(account.accountTeam.map((member) => member.personId));

  const { leadershipTeam, accountTeam } = teamView(account, find);

  return {
    generatedAt: nowIso,
    account: { id: account.id, name: account.name, purpose: account.purpose, clientDomains: account.clientDomains },
    viewer: { personId: sources.viewer.personId, isLeader: leaderIds.has(sources.viewer.personId), isMember: memberIds.has(sources.viewer.personId), isAdmin: sources.isAdmin },
    leadershipTeam,
    accountableLead: leadershipTeam.find((member) => member.accountable)?.person ?? null,
    accountTeam,
    responsibilityMatrix: responsibilityMatrix(account, ref, leaderIds, memberIds),
    goals: goals(account, sources.progress, ref, today),
    accountProgress: sources.progress
      .filter((entry) => !entry.goalId || !account.goals.some((goal) => goal.id === entry.goalId))
      .sort((a, b) => b.recordedAt.localeCompare(a.recordedAt) || a.id.localeCompare(b.id))
      .slice(0, 20)
      .map((entry) => ({ id: entry.id, recordedAt: entry.recordedAt, summary: entry.summary, sentiment: entry.sentiment, author: ref(entry.authorId) })),
    delegations: delegationBoard(sources.delegations, ref, now, today),
    reviews: reviewSection(account, sources.reviews, ref, refs),
    ...agendaSection(account, sources.meetings, sources.agendaItems, ref, refs, nowIso),
    network: network(account, sources.interactions, peopleById),
  };
}

function responsibilityMatrix(account: Account, ref: (id: string | undefined) => PersonRef | null, leaderIds: Set<string>, memberIds: Set<string>): LeadershipDashboard['responsibilityMatrix'] {
  const rows = account.responsibilities.map((responsibility) => {
    const owner = ref(responsibility.ownerId);
    const ownerId = owner ? owner.id : null;
    return { id: responsibility.id, what: responsibility.what, ownerId, unowned: ownerId === null, ownerOffTeam: ownerId !== null && !leaderIds.has(ownerId) && !memberIds.has(ownerId) };
  });
  const countFor = (id: string) => rows.filter((row) => row.ownerId === id).length;
  const leaderColumns = account.leadershipTeam.map((member) => ref(member.personId)).filter((person): person is PersonRef => person !== null);
  const otherOwners = [...new Set(rows.map((row) => row.ownerId).filter((id): id is string => id !== null && !leaderIds.has(id)))]
    .map((id) => ref(id)!)
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return {
    owners: [...leaderColumns, ...otherOwners].map((person) => ({ ...person, onLeadershipTeam: leaderIds.has(person.id), onAccountTeam: memberIds.has(person.id), responsibilities: countFor(person.id) })),
    rows,
    unownedCount: rows.filter((row) => row.unowned).length,
  };
}

function goals(account: Account, progress: ProgressEntry[], ref: (id: string | undefined) => PersonRef | null, today: string): LeadershipDashboard['goals'] {
  return account.goals.map((goal) => {
    const history = progress
      .filter((entry) => entry.goalId === goal.id)
      .sort((a, b) => a.recordedAt.localeCompare(b.recordedAt) || a.id.localeCompare(b.id))
      .map((entry) => ({ id: entry.id, recordedAt: entry.recordedAt, value: entry.value ?? null, summary: entry.summary, sentiment: entry.sentiment, author: ref(entry.authorId) }));
    const measured = history.filter((entry) => entry.value !== null);
    // The latest entry with a value (entries without one are annotations on the chart).
    const latestValue = measured.length > 0 ? measured[measured.length - 1]!.value : null;
    const percent = latestValue !== null ? (percentOfTarget(latestValue, goal.target) ?? null) : null;
    return {
      id: goal.id,
      title: goal.title,
      metric: goal.metric,
      target: goal.target,
      unit: goal.unit,
      dueDate: goal.dueDate,
      owner: ref(goal.ownerId),
      latestValue,
      percentOfTarget: percent,
      lastProgressAt: history.length > 0 ? history[history.length - 1]!.recordedAt : null,
      overdue: goal.dueDate < today && (percent ?? 0) < 100,
      history,
    };
  });
}

function delegationBoard(delegations: Delegation[], ref: (id: string | undefined) => PersonRef | null, now: Date, today: string): LeadershipDashboard['delegations'] {
  const byStatus = Object.fromEntries(STATUSES.map((status) => [status, [] as DashboardDelegation[]])) as Record<DelegationStatus, DashboardDelegation[]>;
  const sorted = [...delegations].sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.id.localeCompare(b.id));
  for (const delegation of sorted) {
    const open = OPEN_DELEGATION_STATUSES.includes(delegation.status);
    const due = open ? nextCheckInDue(delegation) : undefined;
    const last = delegation.checkIns.reduce<string | null>((latest, checkIn) => (latest === null || checkIn.at > latest ? checkIn.at : latest), null);
    byStatus[delegation.status].push({
      id: delegation.id,
      objective: delegation.objective,
      delegator: ref(delegation.delegatorId),
      delegate: ref(delegation.delegateId),
      dueDate: delegation.dueDate,
      status: delegation.status,
      checkInEveryDays: delegation.checkInEveryDays,
      stretchNote: delegation.stretchNote,
      checkIns: delegation.checkIns.length,
      lastCheckInAt: last,
      nextCheckInDue: due ? due.toISOString() : null,
      overdue: open && delegation.dueDate < today,
      checkInOverdue: due !== undefined && due < now,
      escalations: delegation.escalations.length,
    });
  }
  const all = Object.values(byStatus).flat();
  return {
    counts: Object.fromEntries(STATUSES.map((status) => [status, byStatus[status].length])) as Record<DelegationStatus, number>,
    overdue: all.filter((delegation) => delegation.overdue).length,
    checkInOverdue: all.filter((delegation) => delegation.checkInOverdue).length,
    byStatus,
  };
}

function reviewSection(account: Account, reviews: StandardsReview[], ref: (id: string | undefined) => PersonRef | null, refs: (ids: Iterable<string>) => PersonRef[]): LeadershipDashboard['reviews'] {
  const closed = reviews.filter((review) => review.closedAt && review.results).sort((a, b) => a.closedAt!.localeCompare(b.closedAt!) || a.id.localeCompare(b.id));
  const latestReview = closed[closed.length - 1];
  const openReview = reviews.filter((review) => !review.closedAt).sort((a, b) => b.openedAt.localeCompare(a.openedAt) || a.id.localeCompare(b.id))[0];

  // The trend the latest cycle stored when it closed, else worked out from the closed cycles.
  const trend: TrendPoint[] = latestReview && latestReview.results!.trend.length > 0 ? latestReview.results!.trend.map((point) => ({ ...point })) : reviewTrend(closed);

  const standardText = new Map<string, string>();
  for (const review of closed) review.snapshot.standards.forEach((standard) => standardText.set(standard.id, standard.text));
  account.standards.forEach((standard) => standardText.set(standard.id, standard.text));
  const standards = [...standardText.entries()].map(([id, text]) => ({ id, text })).sort((a, b) => a.id.localeCompare(b.id));

  let latest: LeadershipDashboard['reviews']['latest'] = null;
  if (latestReview) {
    const results = latestReview.results!;
    const before = trend.length >= 2 ? trend[trend.length - 2] : undefined;
    const slipping = new Set(results.flags.filter((flag) => flag.kind === 'standard_slipping').map((flag) => flag.subjectId));
    latest = {
      id: latestReview.id,
      cycle: latestReview.cycle,
      openedAt: latestReview.openedAt,
      closedAt: latestReview.closedAt!,
      leaders: latestReview.leaderIds.length,
      answered: new Set(latestReview.answers.map((answer) => answer.leaderId)).size,
      missing: refs(results.missing),
      roleClarity: results.roleClarity,
      standards: latestReview.snapshot.standards.map((standard) => ({
        id: standard.id,
        text: standard.text,
        average: results.averageByStandard[standard.id] ?? null,
        previous: before?.byStandard[standard.id] ?? null,
        slipping: slipping.has(standard.id),
      })),
      flags: results.flags,
    };
  }

  let open: LeadershipDashboard['reviews']['open'] = null;
  if (openReview) {
    const answered = new Set(openReview.answers.map((answer) => answer.leaderId));
    open = {
      id: openReview.id,
      cycle: openReview.cycle,
      openedAt: openReview.openedAt,
      deadline: openReview.deadline,
      leaders: openReview.leaderIds.length,
      answered: openReview.leaderIds.filter((id) => answered.has(id)).length,
      waitingFor: openReview.leaderIds.filter((id) => !answered.has(id)).map(ref).filter((person): person is PersonRef => person !== null),
    };
  }
  return { latest, open, trend, standards };
}

function agendaSection(
  account: Account,
  meetings: Meeting[],
  agendaItems: AgendaItem[],
  ref: (id: string | undefined) => PersonRef | null,
  refs: (ids: Iterable<string>) => PersonRef[],
  nowIso: string,
): Pick<LeadershipDashboard, 'nextMeeting' | 'unscheduledItems'> {
  const leaderIds = account.leadershipTeam.map((member) => member.personId);
  const itemView = (item: AgendaItem): DashboardAgendaItem => {
    const answeredIds = new Set(item.impactAnswers.map((answer) => answer.leaderId));
    const expectedIds = item.kind === 'initiative' ? leaderIds.filter((id) => id !== item.raiserId) : [];
    return {
      id: item.id,
      title: item.title,
      detail: item.detail,
      kind: item.kind,
      status: item.status,
      raiser: ref(item.raiserId),
      raisedAt: item.raisedAt,
      impactAnswers: {
        answered: answeredIds.size,
        expected: expectedIds.length,
        answeredBy: refs(answeredIds),
        waitingFor: refs(expectedIds.filter((id) => !answeredIds.has(id))),
      },
      outcome: item.outcome ? { decision: item.outcome.decision, actions: item.outcome.actions, owner: ref(item.outcome.ownerId) } : null,
    };
  };
  const byRaisedAt = (a: AgendaItem, b: AgendaItem) => a.raisedAt.localeCompare(b.raisedAt) || a.id.localeCompare(b.id);
  const upcoming = meetings
    .filter((meeting) => UPCOMING_MEETING_STATUSES.includes(meeting.status) && meeting.scheduledAt >= nowIso)
    .sort((a, b) => a.scheduledAt.localeCompare(b.scheduledAt) || a.id.localeCompare(b.id))[0];
  return {
    nextMeeting: upcoming
      ? {
          id: upcoming.id,
          title: upcoming.title,
          scheduledAt: upcoming.scheduledAt,
          durationMinutes: upcoming.durationMinutes,
          status: upcoming.status,
          agenda: upcoming.agenda,
          items: agendaItems
            .filter((item) => item.meetingId === upcoming.id && item.status !== 'withdrawn')
            .sort(byRaisedAt)
            .map(itemView),
        }
      : null,
    unscheduledItems: agendaItems
      .filter((item) => !item.meetingId && OPEN_AGENDA_ITEM_STATUSES.includes(item.status))
      .sort(byRaisedAt)
      .map(itemView),
  };
}

function network(account: Account, interactions: { fromId: string; toId: string; via: string }[], peopleById: Map<string, Person>): LeadershipDashboard['network'] {
  const leaders = new Map(account.leadershipTeam.map((member) => [member.personId, member]));
  const teamIds = [...leaders.keys(), ...account.accountTeam.map((member) => member.personId)].filter((id) => peopleById.has(id));
  const metrics = networkMetrics(teamIds, interactions);
  return {
    nodes: metrics.nodes.map((node) => {
      const person = peopleById.get(node.id)!;
      return {
        id: node.id,
        name: person.name,
        practice: person.practice,
        rank: person.rank,
        region: person.region,
        role: leaders.has(node.id) ? 'leader' : 'member',
        accountable: leaders.get(node.id)?.accountable ?? false,
        degree: node.degree,
        weightedDegree: node.weightedDegree,
        community: node.community,
        isHub: node.isHub,
      };
    }),
    edges: metrics.edges.map((edge) => ({ source: edge.a, target: edge.b, weight: edge.weight, via: edge.via })),
    interactions: metrics.totalWeight,
    centralisation: metrics.centralisation,
    transitivity: metrics.transitivity,
    peerShare: metrics.peerShare,
    hubId: metrics.hubId ?? null,
    classification: metrics.classification,
    communities: metrics.communities,
    componentsWithoutHub: metrics.componentsWithoutHub,
    isolates: metrics.isolates,
    thresholds: NETWORK_THRESHOLDS,
  };
}
