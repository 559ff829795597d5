import { DateTime } from 'luxon';
import type { RecordInput, RecordKind, RecordOf } from '../domain/record-kinds';

/**
 * The demo firm seeded into an empty local store, modelled on the source text's regional accounting
 * firm: Alejandro (audit), Stephanie (tax) and Peter (risk advisory) co-lead a major client account
 * with a target of 15% profit growth in a year. Dates are relative to `now` so the demo always has an
 * upcoming meeting, due delegations and one overdue check-in.
 */
export const DEMO_TENANT_ID = '7d3c2a10-5b1e-4c6f-9a8d-1e2f3a4b5c6d';
export const SECOND_TENANT_ID = 'c9f0e8d7-2a3b-4c5d-8e9f-0a1b2c3d4e5f';

export interface SeedRecord<K extends RecordKind = RecordKind> {
  kind: K;
  record: RecordInput<K>;
}

export function demoFirm(now: Date, tenantId = DEMO_TENANT_ID): SeedRecord[] {
  const at = DateTime.fromJSDate(now, { zone: 'utc' });
  const iso = (dt: DateTime) => dt.toUTC().toISO()!;
  const day = (offset: number) => at.plus({ days: offset }).toISODate()!;
  const stamp = { tenantId, createdAt: iso(at.minus({ days: 60 })), updatedAt: iso(at.minus({ days: 1 })) };
  const records: SeedRecord[] = [];
  const add = <K extends RecordKind>(kind: K, record: RecordInput<K>) => records.push({ kind, record } as SeedRecord);

  const person = (id: string, name: string, email: string, rank: RecordOf<'person'>['rank'], practice: string, region: string, timeZone: string, roles: 'admin'[] = []) =>
    add('person', { ...stamp, id, name, email, rank, practice, region, timeZone, roles });
  person('alejandro', 'Alejandro Ruiz', 'alejandro.ruiz@hartwell-lowe.example', 'partner', 'audit', 'US Central', 'America/Chicago');
  person('stephanie', 'Stephanie Cho', 'stephanie.cho@hartwell-lowe.example', 'partner', 'tax', 'US Central', 'America/Chicago');
  person('peter', 'Peter Novak', 'peter.novak@hartwell-lowe.example', 'partner', 'risk advisory', 'US East', 'America/New_York');
  person('maya', 'Maya Patel', 'maya.patel@hartwell-lowe.example', 'senior_associate', 'audit', 'US Central', 'America/Chicago');
  person('tom', 'Tom Becker', 'tom.becker@hartwell-lowe.example', 'associate', 'tax', 'US Central', 'America/Chicago');
  person('priya', 'Priya Shah', 'priya.shah@hartwell-lowe.example', 'associate', 'risk advisory', 'US East', 'America/New_York');
  person('dana', 'Dana Wells', 'dana.wells@hartwell-lowe.example', 'support', 'communications', 'US Central', 'America/Chicago');
  person('marcus', 'Marcus Hale', 'marcus.hale@hartwell-lowe.example', 'partner', 'tax', 'US West', 'America/Los_Angeles');
  person('grace', 'Grace Kim', 'grace.kim@hartwell-lowe.example', 'director', 'firm operations', 'US Central', 'America/Chicago', ['admin']);

  add('account', {
    ...stamp,
    id: 'northwind',
    name: 'Northwind Manufacturing',
    clientDomains: ['northwind-mfg.com', 'northwind.eu'],
    purpose:
      'Be Northwind’s strategic advisor across audit, tax and risk — not just its auditor — growing the team’s profit 15% this year through cross-practice work the client values.',
    goals: [
      { id: 'profit-growth', title: 'Grow account profit 15% this year', metric: 'profit growth', target: 15, unit: '%', dueDate: day(120), ownerId: 'alejandro' },
      { id: 'c-suite-doors', title: 'Open two c-suite relationships for tax and risk advisory', metric: 'new c-suite relationships', target: 2, unit: '', dueDate: day(90), ownerId: 'stephanie' },
    ],
    leadershipTeam: [
      { personId: 'alejandro', remit: 'audit; client Board relationship', accountable: true },
      { personId: 'stephanie', remit: 'tax', accountable: false },
      { personId: 'peter', remit: 'risk advisory', accountable: false },
    ],
    accountTeam: [
      { personId: 'maya', role: 'audit senior on the annual engagement' },
      { personId: 'tom', role: 'tax associate, R&D credits' },
      { personId: 'priya', role: 'risk associate, cyber controls' },
      { personId: 'dana', role: 'communications specialist (Board materials)' },
    ],
    responsibilities: [
      { id: 'board-relationship', what: 'Client Board relationship', ownerId: 'alejandro' },
      { id: 'tax-compliance', what: 'Tax compliance and planning', ownerId: 'stephanie' },
      { id: 'cyber-controls', what: 'Cyber and internal controls', ownerId: 'peter' },
      { id: 'client-comms-calendar', what: 'Client communications calendar' },
    ],
    standards: [
      { id: 'tensions-on-agenda', text: 'Every tension between a practice and the account gets a slot on the agenda.' },
      { id: 'bad-news-early', text: 'Bad news travels fast: tell the client early, with how we will resolve it.' },
      { id: 'answer-fast', text: 'Client email is acknowledged within four business hours, even if only “On it.”' },
    ],
    walls: ['marcus'],
  });
  add('account', {
    ...stamp,
    id: 'globex',
    name: 'Globex Logistics',
    clientDomains: ['globex-logistics.com'],
    purpose: 'Keep Globex’s multi-state tax position clean while it expands.',
    goals: [],
    leadershipTeam: [{ personId: 'marcus', remit: 'tax', accountable: true }],
    accountTeam: [{ personId: 'tom', role: 'tax associate' }],
    responsibilities: [{ id: 'state-tax', what: 'Multi-state tax filings', ownerId: 'marcus' }],
    standards: [],
    walls: [],
  });

  add('contact', {
    ...stamp,
    accountId: 'northwind',
    id: 'sarah-lindqvist',
    emails: ['sarah.lindqvist@northwind-mfg.com'],
    name: 'Sarah Lindqvist',
    title: 'Chair of the Audit Committee, Board of Directors',
    timeZone: 'America/Chicago',
    relationshipOwnerId: 'alejandro',
    preferences: {
      format: 'short_frequent_updates',
      preferredChannels: ['email', 'teams'],
      avoidedChannels: ['voicemail'],
      quietHours: [{ start: '18:30', end: '21:00', days: [], note: 'Kids’ bedtime routine; always tunes in again at 9pm' }],
      notes: 'Never leave voicemail. Short, frequent email updates; she reads everything after 9pm.',
    },
    priorities: ['A clean audit opinion with no late surprises', 'Board visibility into cyber risk', 'Lower effective tax rate on the new plants'],
    fears: ['A restatement on her watch', 'Hearing bad news from the regulator before hearing it from us'],
    professionalAmbition: 'Become Board Chair within three years; known for modernising Northwind’s risk oversight.',
  });
  add('contact', {
    ...stamp,
    accountId: 'northwind',
    id: 'james-okafor',
    emails: ['james.okafor@northwind-mfg.com', 'j.okafor@northwind.eu'],
    name: 'James Okafor',
    title: 'Chief Financial Officer',
    timeZone: 'Europe/Berlin',
    relationshipOwnerId: 'stephanie',
    preferences: {
      format: 'comprehensive_memo',
      preferredChannels: ['email', 'in_person'],
      avoidedChannels: ['text'],
      quietHours: [{ start: '19:00', end: '07:30', days: [], note: 'Off after seven' }],
      notes: 'Wants a full memo with options, not conclusions; decides in the Monday finance meeting.',
    },
    priorities: ['Cash taxes down on the EU plants', 'Finance transformation on time'],
    fears: ['Surprises in the quarterly close'],
    professionalAmbition: 'Group CFO of a listed manufacturer.',
  });
  add('contact', {
    ...stamp,
    accountId: 'globex',
    id: 'li-wei',
    emails: ['li.wei@globex-logistics.com'],
    name: 'Li Wei',
    title: 'Head of Tax',
    timeZone: 'America/Los_Angeles',
    relationshipOwnerId: 'marcus',
    preferences: { format: 'no_preference', preferredChannels: ['email'], avoidedChannels: [], quietHours: [], notes: '' },
    priorities: ['Nexus exposure in new states'],
    fears: [],
    professionalAmbition: '',
  });

  add('progressEntry', {
    ...stamp,
    accountId: 'northwind',
    id: 'progress-q3-profit',
    goalId: 'profit-growth',
    authorId: 'alejandro',
    recordedAt: iso(at.minus({ days: 14 })),
    summary: 'Q3 account profit up 6% year on year; the R&D credit study adds margin in Q4.',
    sentiment: 'good',
    value: 6,
    source: { kind: 'manual' },
  });
  add('progressEntry', {
    ...stamp,
    accountId: 'northwind',
    id: 'progress-cfo-intro',
    goalId: 'c-suite-doors',
    authorId: 'stephanie',
    recordedAt: iso(at.minus({ days: 9 })),
    summary: 'Spotted an issue: the CFO introduction slipped a month, but we know how to resolve it — Sarah offered to host.',
    sentiment: 'issue',
    value: 0,
    source: { kind: 'manual' },
  });

  const delegation = (id: string, delegatorId: string, delegateId: string, objective: string, due: number, createdDaysAgo: number, checkInDaysAgo: number[], stretchNote = '') =>
    add('delegation', {
      ...stamp,
      createdAt: iso(at.minus({ days: createdDaysAgo })),
      accountId: 'northwind',
      id,
      delegatorId,
      delegateId,
      objective,
      dueDate: day(due),
      checkInEveryDays: 7,
      stretchNote,
      status: 'active',
      checkIns: checkInDaysAgo.map((ago, index) => ({
        id: `${id}-checkin-${index + 1}`,
        at: iso(at.minus({ days: ago })),
        clientUpdates: index === 0 ? 'Client moved the committee meeting forward a week.' : '',
        questions: '',
        status: 'active' as const,
      })),
      escalations: [],
    });
  delegation('briefing-revenue-recognition', 'alejandro', 'maya', 'Draft the Audit Committee briefing on revenue recognition for the new service contracts', 10, 6, [], 'First Board-facing paper: present it with Alejandro.');
  delegation('rd-credit-map', 'stephanie', 'tom', 'Map R&D tax credit eligibility across the three plants', 21, 20, [13]);
  delegation('cyber-controls-gap', 'peter', 'priya', 'Gap assessment of cyber controls against the Board’s risk appetite statement', 30, 3, []);

  const meetingAt = at.setZone('America/Chicago').plus({ days: 5 }).set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
  add('meeting', {
    ...stamp,
    accountId: 'northwind',
    id: 'leadership-next',
    title: 'Northwind leadership team',
    scheduledAt: iso(meetingAt),
    durationMinutes: 60,
    status: 'collecting',
    agenda: [],
  });
  add('agendaItem', {
    ...stamp,
    accountId: 'northwind',
    id: 'item-strategy-workshop',
    meetingId: 'leadership-next',
    title: 'Propose a strategic advisory workshop to the Board',
    detail: 'Use the Board’s December session to show tax and risk what we can do beyond the audit.',
    kind: 'initiative',
    raiserId: 'stephanie',
    raisedAt: iso(at.minus({ days: 2 })),
    status: 'raised',
    impactAnswers: [{ leaderId: 'peter', answer: 'Gives risk advisory its first Board slot; costs me two days of prep.', answeredAt: iso(at.minus({ days: 1 })) }],
  });
  add('agendaItem', {
    ...stamp,
    accountId: 'northwind',
    id: 'item-board-time',
    meetingId: 'leadership-next',
    title: 'How we use our time with the Board',
    detail: 'Board sessions focus narrowly on audit results; agree how to open c-suite doors for tax and risk.',
    kind: 'tension',
    raiserId: 'peter',
    raisedAt: iso(at.minus({ days: 1 })),
    status: 'raised',
    impactAnswers: [],
  });
  return records;
}
