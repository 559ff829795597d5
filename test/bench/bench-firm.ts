import type { SeedRecord } from '../../core/demo/demo-firm';
import type { RecordKind, RecordOf } from '../../core/domain/record-kinds';

/**
 * A large, deterministic firm for benchmarks: the same seed and `now` always give the same records.
 * Every account draws from its own PRNG stream (seeded by the firm seed and the account's index), so
 * any slice of accounts can be generated on its own and matches the same slice of the full firm.
 *
 * Shape per account: 10 contacts with unique addresses on the account's own client domain(s), 5
 * delegations (open and closed), a leadership team of 3, an account team of 4–6, one upcoming
 * leadership meeting with 2–3 agenda items, 3 progress entries, and walls on about one account in ten.
 */
export const BENCH_TENANT_ID = 'b3e5c2a4-7f1d-4e8a-9c6b-2d4f6a8b0c1e';
export const BENCH_FIRM_DOMAIN = 'bench-firm.example';

export interface BenchFirmOptions {
  seed: number;
  people: number;
  accounts: number;
  contactsPerAccount: number;
  delegationsPerAccount: number;
  /** Dates are relative to this instant (meetings upcoming, delegations due around it). */
  now: Date;
  tenantId?: string;
}

/** What a load generator needs to know about an account to build senders that resolve to it. */
export interface AccountSenders {
  accountId: string;
  domains: string[];
  contacts: { id: string; emails: string[] }[];
}

/** A sender address and what the context lookup must answer for it. */
export interface Sender {
  email: string;
  accountId: string;
  /** Set when the address belongs to a contact (exact-address match); unset for a domain-only sender. */
  contactId?: string;
}

/** mulberry32: small, fast, good enough for test data. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Helpers over one PRNG stream. */
export class Dice {
  constructor(readonly next: () => number) {}
  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  /** `count` distinct items (partial Fisher–Yates over a copy). */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = [...items];
    const n = Math.min(count, copy.length);
    for (let i = 0; i < n; i++) {
      const j = i + this.int(copy.length - i);
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy.slice(0, n);
  }
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [value, weight] of choices) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return choices[choices.length - 1]![0];
  }
}

const FIRST = ['alex', 'maria', 'james', 'sofia', 'liam', 'emma', 'noah', 'olivia', 'lucas', 'mia', 'ethan', 'ava', 'mateo', 'isla', 'leo', 'chloe', 'omar', 'zara', 'yuki', 'arjun', 'nina', 'felix', 'hana', 'ivan', 'lena', 'marco', 'priya', 'sam', 'tara', 'victor', 'wei', 'amara', 'diego', 'elena', 'farid', 'greta', 'hugo', 'ines', 'jonas', 'kofi'];
const LAST = ['smith', 'garcia', 'mueller', 'rossi', 'tanaka', 'kim', 'okafor', 'novak', 'dubois', 'silva', 'jensen', 'kowalski', 'haddad', 'ivanova', 'nguyen', 'patel', 'cohen', 'larsen', 'moreau', 'schmidt', 'fischer', 'costa', 'ali', 'chen', 'singh', 'walsh', 'brennan', 'lindqvist', 'hale', 'ruiz'];
const PRACTICES = ['audit', 'tax', 'risk advisory', 'deals', 'consulting', 'forensics'];
const REGIONS: readonly (readonly [string, string])[] = [
  ['US East', 'America/New_York'],
  ['US Central', 'America/Chicago'],
  ['US West', 'America/Los_Angeles'],
  ['UK', 'Europe/London'],
  ['DACH', 'Europe/Berlin'],
  ['Nordics', 'Europe/Stockholm'],
  ['APAC', 'Asia/Singapore'],
  ['Japan', 'Asia/Tokyo'],
];
const CONTACT_ZONES = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'Europe/London', 'Europe/Paris', 'Europe/Berlin', 'Asia/Tokyo', 'Australia/Sydney', 'America/Sao_Paulo'];
const NAME_A = ['Northwind', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Acme', 'Vandelay', 'Soylent', 'Cyberdyne', 'Tyrell', 'Hooli', 'Pied Piper', 'Wonka', 'Oscorp', 'Gringotts', 'Aperture', 'Massive Dynamic', 'Blue Sun', 'Monarch'];
const NAME_B = ['Manufacturing', 'Logistics', 'Health', 'Energy', 'Foods', 'Capital', 'Retail', 'Pharma', 'Aerospace', 'Telecom', 'Mining', 'Media', 'Insurance', 'Chemicals', 'Software'];
const TITLES = ['Chief Financial Officer', 'Chief Executive Officer', 'Head of Tax', 'Group Controller', 'Chair of the Audit Committee', 'General Counsel', 'Chief Risk Officer', 'VP Finance', 'Treasurer', 'Chief Information Security Officer', 'Head of Internal Audit', 'Director of Procurement'];
const ROLES = ['audit senior on the annual engagement', 'tax associate, R&D credits', 'risk associate, cyber controls', 'communications specialist (Board materials)', 'deals analyst', 'engagement manager', 'transfer-pricing specialist', 'IT audit associate'];
const OBJECTIVES = [
  'Draft the Audit Committee briefing on revenue recognition',
  'Map R&D tax credit eligibility across the plants',
  'Gap assessment of cyber controls against the risk appetite statement',
  'Prepare the transfer-pricing memo for the CFO',
  'Reconcile the intercompany balances before the close',
  'Benchmark the effective tax rate against peers',
  'Summarise the new lease accounting impact for the Board',
  'Review the treasury hedging documentation',
];
const PRIORITIES = ['A clean audit opinion with no late surprises', 'Board visibility into cyber risk', 'Lower effective tax rate on the new plants', 'Finance transformation on time', 'Cash taxes down in the EU', 'A smooth integration of the acquisition', 'Fewer audit adjustments this year'];
const FEARS = ['A restatement on her watch', 'Hearing bad news from the regulator first', 'Surprises in the quarterly close', 'A data breach before the controls are fixed', 'Missing the filing deadline'];
const AGENDA_TITLES = ['Propose a strategic advisory workshop to the Board', 'How we use our time with the Board', 'Staffing for the year-end audit', 'Pricing of the tax compliance renewal', 'Cross-selling risk advisory to the CFO', 'Response to the client satisfaction survey'];
const PROGRESS = ['Quarter profit up year on year; the credit study adds margin next quarter.', 'Spotted an issue: the CFO introduction slipped a month, but we know how to resolve it.', 'New relationship opened with the Head of Tax.', 'Fee realisation improved after the scope change.', 'Client satisfaction survey came back strong.'];

const pad = (value: number, width: number) => String(value).padStart(width, '0');
const DAY_MS = 86_400_000;

/** Mixes the firm seed and an index into a 32-bit seed for an independent stream. */
function streamSeed(seed: number, index: number): number {
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export class BenchFirm {
  readonly tenantId: string;
  private readonly now: number;
  private readonly personIds: string[];
  /** Partners and directors: who leads accounts. */
  private readonly leaderPool: number[];
  /** Everyone else: account teams. */
  private readonly staffPool: number[];

  constructor(readonly options: BenchFirmOptions) {
    this.tenantId = options.tenantId ?? BENCH_TENANT_ID;
    this.now = options.now.getTime();
    this.personIds = Array.from({ length: options.people }, (_, index) => BenchFirm.personId(index));
    const leaders = Math.max(3, Math.round(options.people * 0.25));
    this.leaderPool = Array.from({ length: leaders }, (_, index) => index);
    this.staffPool = Array.from({ length: options.people - leaders }, (_, index) => leaders + index);
  }

  static personId(index: number): string {
    return `person-${pad(index, 5)}`;
  }

  static accountId(index: number): string {
    return `acct-${pad(index, 5)}`;
  }

  /** The person every benchmark request is made as: a partner who is never behind a wall. */
  get viewer(): RecordOf<'person'> {
    return this.person(0);
  }

  people(): SeedRecord<'person'>[] {
    return this.personIds.map((_, index) => ({ kind: 'person', record: this.person(index) }));
  }

  person(index: number): RecordOf<'person'> {
    const dice = new Dice(prng(streamSeed(this.options.seed ^ 0x5eed, index)));
    const first = dice.pick(FIRST);
    const last = dice.pick(LAST);
    const leaders = this.leaderPool.length;
    const rank: RecordOf<'person'>['rank'] =
      index < leaders ? (index % 3 === 2 ? 'director' : 'partner') : dice.weighted([['senior_associate', 3], ['associate', 5], ['support', 1]] as const);
    const [region, timeZone] = dice.pick(REGIONS);
    return {
      ...this.stamp(400, 30),
      id: this.personIds[index]!,
      email: `${first}.${last}.${pad(index, 5)}@${BENCH_FIRM_DOMAIN}`,
      name: `${cap(first)} ${cap(last)}`,
      rank,
      practice: dice.pick(PRACTICES),
      region,
      timeZone,
      roles: index === 0 ? ['admin'] : [],
      quietHours: dice.chance(0.2) ? [{ start: dice.pick(['18:00', '19:00']), end: '08:00', days: [], note: 'Evenings are for family' }] : [],
    };
  }

  /** Every record of account `index` (the account first), and the senders that resolve to it. */
  account(index: number): { records: SeedRecord[]; senders: AccountSenders } {
    const dice = new Dice(prng(streamSeed(this.options.seed, index)));
    const accountId = BenchFirm.accountId(index);
    const records: SeedRecord[] = [];
    const add = <K extends RecordKind>(kind: K, record: RecordOf<K>) => records.push({ kind, record } as SeedRecord);

    const nameA = dice.pick(NAME_A);
    const nameB = dice.pick(NAME_B);
    const slug = `${nameA}-${nameB}`.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    const domains = [`${slug}-${pad(index, 5)}.com`];
    if (dice.chance(0.25)) domains.push(`${slug}-${pad(index, 5)}.eu`);

    const leaderIdx = dice.sample(this.leaderPool, 3);
    const leaders = leaderIdx.map((person) => this.personIds[person]!);
    const team = dice.sample(this.staffPool, dice.between(4, 6)).map((person) => this.personIds[person]!);
    const onAccount = new Set([...leaders, ...team]);
    const walls: string[] = [];
    if (dice.chance(0.1)) {
      const wanted = dice.between(1, 2);
      for (let tries = 0; walls.length < wanted && tries < 10; tries++) {
        const candidate = this.personIds[1 + dice.int(this.personIds.length - 1)]!; // never person 0, the benchmark viewer
        if (!onAccount.has(candidate) && !walls.includes(candidate)) walls.push(candidate);
      }
    }
    const goals: RecordOf<'account'>['goals'] = [
      { id: 'profit-growth', title: 'Grow account profit this year', metric: 'profit growth', target: dice.between(5, 20), unit: '%', dueDate: this.day(dice.between(60, 300)), ownerId: leaders[0]! },
      { id: 'c-suite-doors', title: 'Open new c-suite relationships', metric: 'new c-suite relationships', target: dice.between(1, 4), unit: '', dueDate: this.day(dice.between(30, 200)), ownerId: leaders[1]! },
    ];
    add('account', {
      ...this.stamp(365, 10),
      id: accountId,
      name: `${nameA} ${nameB} ${pad(index, 5)}`,
      clientDomains: domains,
      purpose: `Be ${nameA}'s strategic advisor across ${dice.sample(PRACTICES, 3).join(', ')} and grow the account's profit through work the client values.`,
      goals,
      leadershipTeam: leaders.map((personId, position) => ({ personId, remit: dice.pick(PRACTICES), accountable: position === 0 })),
      accountTeam: team.map((personId) => ({ personId, role: dice.pick(ROLES) })),
      responsibilities: [
        { id: 'board-relationship', what: 'Client Board relationship', ownerId: leaders[0]! },
        { id: 'tax-compliance', what: 'Tax compliance and planning', ownerId: leaders[1]! },
        { id: 'controls', what: 'Cyber and internal controls', ownerId: leaders[2]! },
        ...(dice.chance(0.5) ? [{ id: 'client-comms-calendar', what: 'Client communications calendar' }] : []),
      ],
      standards: [
        { id: 'tensions-on-agenda', text: 'Every tension between a practice and the account gets a slot on the agenda.' },
        { id: 'bad-news-early', text: 'Bad news travels fast: tell the client early, with how we will resolve it.' },
      ],
      walls,
    });

    const contacts: AccountSenders['contacts'] = [];
    const usedAddresses = new Set<string>();
    const unique = (local: string, domain: string) => {
      let address = `${local}@${domain}`;
      for (let n = 2; usedAddresses.has(address); n++) address = `${local}${n}@${domain}`;
      usedAddresses.add(address);
      return address;
    };
    for (let c = 0; c < this.options.contactsPerAccount; c++) {
      const first = dice.pick(FIRST);
      const last = dice.pick(LAST);
      const emails = [unique(`${first}.${last}`, domains[0]!)];
      if (dice.chance(0.3)) emails.push(unique(`${first[0]}.${last}`, domains[domains.length - 1]!));
      const id = `${accountId}-c${pad(c, 2)}`;
      const quiet = dice.chance(0.4);
      add('contact', {
        ...this.stamp(300, 5),
        accountId,
        id,
        emails,
        name: `${cap(first)} ${cap(last)}`,
        title: dice.pick(TITLES),
        timeZone: dice.pick(CONTACT_ZONES),
        relationshipOwnerId: dice.pick([...leaders, ...team]),
        preferences: {
          format: dice.pick(['short_frequent_updates', 'comprehensive_memo', 'no_preference'] as const),
          preferredChannels: dice.sample(['email', 'teams', 'phone', 'in_person'] as const, dice.between(1, 2)),
          avoidedChannels: dice.chance(0.5) ? ['voicemail'] : [],
          quietHours: quiet ? [{ start: dice.pick(['18:30', '19:00', '20:00']), end: dice.pick(['07:30', '08:00', '21:00']), days: [], note: 'Family time' }] : [],
          notes: quiet ? 'Short updates by email; reads everything late in the evening.' : '',
        },
        priorities: dice.sample(PRIORITIES, dice.between(1, 3)),
        fears: dice.sample(FEARS, dice.between(0, 2)),
        professionalAmbition: dice.chance(0.5) ? 'Become Board Chair within three years.' : '',
      });
      contacts.push({ id, emails });
    }

    const statuses = [['active', 40], ['at_risk', 10], ['blocked', 5], ['done', 35], ['cancelled', 10]] as const;
    for (let d = 0; d < this.options.delegationsPerAccount; d++) {
      const status = dice.weighted(statuses);
      const createdDaysAgo = dice.between(3, 60);
      const checkIns = Array.from({ length: dice.between(0, 3) }, (_, n) => ({
        id: `${accountId}-d${d}-checkin-${n + 1}`,
        at: this.instant(Math.min(-1, -createdDaysAgo + (n + 1) * 7)),
        clientUpdates: n === 0 ? 'Client moved the committee meeting forward a week.' : '',
        questions: '',
        status: (status === 'cancelled' ? 'active' : status) as 'active' | 'at_risk' | 'blocked' | 'done',
      }));
      add('delegation', {
        ...this.stamp(createdDaysAgo, 1),
        accountId,
        id: `${accountId}-d${d}`,
        delegatorId: dice.pick(leaders),
        delegateId: dice.pick(team),
        objective: dice.pick(OBJECTIVES),
        dueDate: this.day(dice.between(-10, 60)),
        checkInEveryDays: dice.pick([7, 7, 14]),
        stretchNote: dice.chance(0.3) ? 'First Board-facing paper: present it with the lead partner.' : '',
        status,
        checkIns,
        escalations: status === 'at_risk' ? [{ at: this.instant(-1), reason: 'No check-in for two weeks', notifiedId: leaders[0]! }] : [],
      });
    }

    const meetingId = `${accountId}-m1`;
    const meetingAt = new Date(Math.floor(this.now / DAY_MS) * DAY_MS + dice.between(1, 28) * DAY_MS + dice.pick([9, 14]) * 3_600_000);
    add('meeting', {
      ...this.stamp(20, 2),
      accountId,
      id: meetingId,
      title: `${nameA} leadership team`,
      scheduledAt: meetingAt.toISOString(),
      durationMinutes: 60,
      status: dice.chance(0.8) ? 'collecting' : 'compiled',
      agenda: [],
    });
    const items = dice.between(2, 3);
    for (let a = 0; a < items; a++) {
      const raiser = dice.pick(leaders);
      const answering = dice.sample(
        leaders.filter((leader) => leader !== raiser),
        dice.between(0, 2),
      );
      add('agendaItem', {
        ...this.stamp(10, 1),
        accountId,
        id: `${accountId}-a${a}`,
        meetingId,
        title: dice.pick(AGENDA_TITLES),
        detail: 'Agree how to open c-suite doors for tax and risk.',
        kind: dice.pick(['initiative', 'tension', 'decision', 'update'] as const),
        raiserId: raiser,
        raisedAt: this.instant(-dice.between(1, 9)),
        status: dice.chance(0.8) ? 'raised' : 'scheduled',
        impactAnswers: answering.map((leaderId) => ({ leaderId, answer: 'Gives my practice its first Board slot; costs two days of prep.', answeredAt: this.instant(-1) })),
      });
    }
    for (let p = 0; p < 3; p++) {
      const goal = goals[p % goals.length]!;
      add('progressEntry', {
        ...this.stamp(30, 1),
        accountId,
        id: `${accountId}-p${p}`,
        goalId: goal.id,
        authorId: dice.pick(leaders),
        recordedAt: this.instant(-dice.between(1, 60)),
        summary: dice.pick(PROGRESS),
        sentiment: dice.pick(['good', 'neutral', 'issue'] as const),
        value: dice.between(0, goal.target),
        source: { kind: 'manual' },
      });
    }
    return { records, senders: { accountId, domains, contacts } };
  }

  private stamp(createdDaysAgo: number, updatedDaysAgo: number) {
    return { tenantId: this.tenantId, createdAt: this.instant(-createdDaysAgo), updatedAt: this.instant(-updatedDaysAgo) };
  }

  private instant(dayOffset: number): string {
    return new Date(this.now + dayOffset * DAY_MS).toISOString();
  }

  private day(dayOffset: number): string {
    return this.instant(dayOffset).slice(0, 10);
  }
}

/** The people an account's records name (leaders, team, walls, owners, delegations, raisers, authors). */
export function peopleNamedBy(records: readonly SeedRecord[]): Set<string> {
  const ids = new Set<string>();
  for (const { kind, record } of records) {
    if (kind === 'account') {
      const account = record as RecordOf<'account'>;
      account.leadershipTeam.forEach((member) => ids.add(member.personId));
      account.accountTeam.forEach((member) => ids.add(member.personId));
      account.walls.forEach((id) => ids.add(id));
    } else if (kind === 'contact') {
      const owner = (record as RecordOf<'contact'>).relationshipOwnerId;
      if (owner) ids.add(owner);
    } else if (kind === 'delegation') {
      const delegation = record as RecordOf<'delegation'>;
      ids.add(delegation.delegatorId).add(delegation.delegateId);
    } else if (kind === 'agendaItem') {
      ids.add((record as RecordOf<'agendaItem'>).raiserId);
    } else if (kind === 'progressEntry') {
      ids.add((record as RecordOf<'progressEntry'>).authorId);
    }
  }
  return ids;
}

/**
 * Senders for the load: mostly contacts' own addresses (some with a plus tag or in upper case, which
 * resolve to the same contact), the rest strangers on an account's domain or a sub-domain of it, which
 * resolve to the account alone.
 */
export function pickSenders(accounts: readonly AccountSenders[], count: number, seed: number): Sender[] {
  const dice = new Dice(prng(seed));
  const senders: Sender[] = [];
  for (let n = 0; n < count; n++) {
    const account = dice.pick(accounts);
    const roll = dice.next();
    if (roll < 0.8) {
      const contact = dice.pick(account.contacts);
      let email = dice.pick(contact.emails);
      const variant = dice.next();
      if (variant < 0.1) email = email.replace('@', `+${dice.pick(['board', 'fyi', 'cc'])}@`);
      else if (variant < 0.15) email = email.toUpperCase();
      senders.push({ email, accountId: account.accountId, contactId: contact.id });
    } else {
      const domain = dice.pick(account.domains);
      senders.push({ email: `guest-${n}@${roll < 0.95 ? domain : `mail.${domain}`}`, accountId: account.accountId });
    }
  }
  return senders;
}

function cap(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
