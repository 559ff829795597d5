import { z } from 'zod';
import { AccountScoped, Id, Instant } from './common';

/** Who helped or contacted whom within an account team: the raw material of the team's network diagram. */
export const Interaction = AccountScoped.extend({
  fromId: Id,
  toId: Id,
  at: Instant,
  via: z.enum(['check_in', 'card_answer', 'help_request', 'delegation', 'feedback']),
}).strict();
export type Interaction = z.infer<typeof Interaction>;
