import { z } from 'zod';
import { isClaimableClientDomain } from '../rules/email-resolution';
import { CalendarDate, Domain, Id, Instant, NonEmptyText, RecordBase } from './common';

/** A measurable objective of the leadership team, e.g. "grow profit 15% this year". */
export const Goal = z
  .object({
    id: Id,
    title: NonEmptyText(300),
    metric: NonEmptyText(100),
    /** Target value on the metric's scale, e.g. 15 for "+15%". */
    target: z.number().finite(),
    unit: z.string().trim().max(20).default(''),
    dueDate: CalendarDate,
    ownerId: Id.optional(),
  })
  .strict();
export type Goal = z.infer<typeof Goal>;

/** A co-leader of the account and the part of the firm they speak for. */
export const LeadershipMember = z
  .object({
    personId: Id,
    /** e.g. "audit, US East" — what this leader answers for on the account. */
    remit: NonEmptyText(200),
    accountable: z.boolean().default(false),
  })
  .strict();
export type LeadershipMember = z.infer<typeof LeadershipMember>;

export const TeamMember = z
  .object({ personId: Id, role: NonEmptyText(200) })
  .strict();
export type TeamMember = z.infer<typeof TeamMember>;

/** "Client board relationship → Alejandro". An unowned responsibility is allowed but flagged in reviews. */
export const Responsibility = z
  .object({ id: Id, what: NonEmptyText(300), ownerId: Id.optional() })
  .strict();
export type Responsibility = z.infer<typeof Responsibility>;

export const Standard = z
  .object({ id: Id, text: NonEmptyText(500), agreedAt: Instant.optional() })
  .strict();
export type Standard = z.infer<typeof Standard>;

/**
 * A client relationship. The leadership team has at most one accountable lead ("one throat to choke");
 * `walls` lists people who must never see the account, which is checked server-side on every read.
 */
export const Account = RecordBase.extend({
  name: NonEmptyText(200),
  clientDomains: z.array(Domain).max(50).default([]),
  purpose: z.string().trim().max(2000).default(''),
  goals: z.array(Goal).max(50).default([]),
  leadershipTeam: z.array(LeadershipMember).max(12).default([]),
  accountTeam: z.array(TeamMember).max(500).default([]),
  responsibilities: z.array(Responsibility).max(200).default([]),
  standards: z.array(Standard).max(50).default([]),
  walls: z.array(Id).max(1000).default([]),
})
  .strict()
  .superRefine((account, ctx) => {
    const accountable = account.leadershipTeam.filter((member) => member.accountable);
    if (accountable.length > 1) {
      ctx.addIssue({ code: 'custom', path: ['leadershipTeam'], message: 'at most one leader can be the accountable lead' });
    }
    const leaders = new Set<string>();
    for (const [index, member] of account.leadershipTeam.entries()) {
      if (leaders.has(member.personId)) {
        ctx.addIssue({ code: 'custom', path: ['leadershipTeam', index, 'personId'], message: 'listed twice on the leadership team' });
      }
      leaders.add(member.personId);
    }
    for (const [index, walled] of account.walls.entries()) {
      const onTeam = leaders.has(walled) || account.accountTeam.some((member) => member.personId === walled);
      if (onTeam) {
        ctx.addIssue({ code: 'custom', path: ['walls', index], message: 'a walled person cannot be on the account' });
      }
    }
    for (const [index, domain] of account.clientDomains.entries()) {
      if (!isClaimableClientDomain(domain)) {
        ctx.addIssue({ code: 'custom', path: ['clientDomains', index], message: `${domain} is a personal or registry domain and cannot identify a client` });
      }
    }
    const goalIds = new Set<string>();
    for (const [index, goal] of account.goals.entries()) {
      if (goalIds.has(goal.id)) ctx.addIssue({ code: 'custom', path: ['goals', index, 'id'], message: 'duplicate goal id' });
      goalIds.add(goal.id);
    }
  });
export type Account = z.infer<typeof Account>;
