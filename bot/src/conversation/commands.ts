import { DateTime } from 'luxon';
import { AgendaItemKind } from '../../../core/domain/agenda-item';
import type { Mention } from './conversation';

export const COMMANDS = [
  { name: 'agenda', usage: 'agenda', does: 'shows the next leadership meeting’s agenda' },
  { name: 'raise', usage: 'raise <text>', does: 'raises an item for the next leadership meeting' },
  { name: 'review', usage: 'review', does: 'opens your standards review for this account' },
  { name: 'delegate', usage: 'delegate @person <task> by <date>', does: 'hands a task to a team member, with weekly check-ins' },
  { name: 'checkin', usage: 'checkin', does: 'checks in on a task delegated to you' },
  { name: 'link', usage: 'link', does: 'links this channel or group chat to its client account' },
  { name: 'help', usage: 'help', does: 'shows this list' },
] as const;

export const EXAMPLES = {
  raise: 'raise initiative: Offer Northwind a cyber-risk workshop for the Board',
  delegate: 'delegate @Tom Becker Draft the transfer-pricing memo by 2026-03-31',
  account: 'northwind: agenda',
} as const;

export function helpText(): string {
  return [
    'I run your account leadership team’s routines: standards reviews, the facilitated-issue agenda, delegation check-ins and peer feedback.',
    '',
    ...COMMANDS.map((command) => `- **${command.usage}** — ${command.does}`),
    '',
    'In a channel or group chat, mention me first. In our personal chat, start with the account if you are on several, e.g. **northwind: agenda**.',
  ].join('\n');
}

// ---- parsing ------------------------------------------------------------------------------------

export type ParsedCommand =
  | { command: 'help' }
  | { command: 'link' }
  | { command: 'agenda'; account?: string }
  | { command: 'review'; account?: string }
  | { command: 'checkin'; account?: string }
  | { command: 'raise'; account?: string; kind: AgendaItemKind; title: string }
  | { command: 'delegate'; account?: string; delegate: DelegateTarget; objective: string; dueDate: string }
  | { command: 'unknown'; word: string }
  | { command: 'malformed'; name: string; problem: string; example: string };

/** Whom a `delegate` names: a real Teams @mention, or (typed by hand) `@Name`. */
export type DelegateTarget = { kind: 'mention'; mention: Mention } | { kind: 'name'; name: string };

/** `raise tension: …`: the item's kind first (initiative when none is named). */
const KIND_PREFIX = new RegExp(`^(${AgendaItemKind.options.join('|')})\\b\\s*:?\\s*(.*)$`, 'i');
const TITLE_MAX = 300;
const OBJECTIVE_MAX = 1000;

export interface ParseContext {
  now: Date;
  /** The speaker's zone: "friday" and "tomorrow" are their Friday and tomorrow. */
  timeZone: string;
}

/**
 * Parses one message into a command. Malformed commands come back with what was wrong and an example,
 * so the bot can answer with both; nothing is acted on until a command parses.
 */
export function parseCommand(text: string, mentions: readonly Mention[], context: ParseContext): ParsedCommand {
  let body = decodeEntities(text).replace(/\s+/g, ' ').trim();
  // "northwind: agenda" — the account first, for people on several accounts.
  let account: string | undefined;
  const startsWithCommand = /^\/?(agenda|raise|review|delegate|checkin|check-in|help|link|welcome)\b/i.test(body);
  const prefixed = startsWithCommand ? null : /^([A-Za-z0-9][\w .&'-]{0,80}?)\s*:\s*(agenda|raise|review|delegate|checkin|check-in)\b(.*)$/i.exec(body);
  if (prefixed) {
    account = prefixed[1]!.trim();
    body = `${prefixed[2]}${prefixed[3]}`;
  }
  const firstSpace = body.search(/\s/);
  const word = (firstSpace < 0 ? body : body.slice(0, firstSpace)).toLowerCase().replace(/^\//, '');
  const rest = firstSpace < 0 ? '' : body.slice(firstSpace + 1).trim();
  const withAccount = <T extends object>(parsed: T) => (account ? { ...parsed, account } : parsed);

  switch (word) {
    case '':
    case 'help':
    case 'hi':
    case 'hello':
    case '?':
      return { command: 'help' };
    case 'link':
    case 'welcome':
      return { command: 'link' };
    case 'agenda':
      return withAccount({ command: 'agenda' as const });
    case 'review':
      return withAccount({ command: 'review' as const });
    case 'checkin':
    case 'check-in':
      return withAccount({ command: 'checkin' as const });
    case 'raise':
      return withAccount(parseRaise(rest));
    case 'delegate':
      return withAccount(parseDelegate(rest, mentions, context));
    default:
      return { command: 'unknown', word: word.replace(/<[^>]*>/g, '').slice(0, 40) };
  }
}

function malformed(name: string, problem: string, example: string): ParsedCommand {
  return { command: 'malformed', name, problem, example };
}

function parseRaise(rest: string): ParsedCommand {
  const text = rest.replace(/<at>([^<]*)<\/at>/g, '$1').trim();
  if (!text) return malformed('raise', 'say what to raise after “raise”.', EXAMPLES.raise);
  const kindMatch = KIND_PREFIX.exec(text);
  const kind = (kindMatch ? kindMatch[1]!.toLowerCase() : 'initiative') as AgendaItemKind;
  const title = (kindMatch ? kindMatch[2]! : text).trim();
  if (!title) return malformed('raise', `give the ${kind} a title after “${kind}”.`, EXAMPLES.raise);
  if (title.length > TITLE_MAX) return malformed('raise', `the title is ${title.length} characters; keep it to ${TITLE_MAX} (add detail in the agenda card).`, EXAMPLES.raise);
  return { command: 'raise', kind, title };
}

function parseDelegate(rest: string, mentions: readonly Mention[], context: ParseContext): ParsedCommand {
  if (!rest) return malformed('delegate', 'say who, what and by when.', EXAMPLES.delegate);
  const tags = [...rest.matchAll(/<at>([^<]*)<\/at>/g)];
  let target: DelegateTarget | undefined;
  let remainder = rest;
  if (tags.length > 1) return malformed('delegate', 'mention exactly one person to delegate to.', EXAMPLES.delegate);
  if (tags.length === 1) {
    const tag = tags[0]!;
    const mention = mentions.find((candidate) => candidate.text === tag[0]) ?? mentions.find((candidate) => candidate.name === tag[1]) ?? mentions[0];
    if (!mention) return malformed('delegate', `I could not tell who “${tag[1]}” is; mention them with @ so Teams links the name.`, EXAMPLES.delegate);
    target = { kind: 'mention', mention };
    remainder = (rest.slice(0, tag.index) + rest.slice(tag.index! + tag[0].length)).trim();
  } else {
    // Typed by hand ("@Tom Becker …", e.g. in the Agents Playground): the name runs up to the task, which
    // the bot resolves against the account's team; two words at most.
    const typed = /^@(\S+(?:\s+\S+)?)\s+(.*)$/.exec(rest);
    if (!typed) return malformed('delegate', 'start with the person you delegate to, as an @mention.', EXAMPLES.delegate);
    target = { kind: 'name', name: typed[1]! };
    remainder = typed[2]!.trim();
  }
  const by = /^(?:(.*)\s+)?by\s+(.+)$/i.exec(remainder);
  if (!by) return malformed('delegate', 'say when it is due with “by <date>” at the end.', EXAMPLES.delegate);
  const objective = (by[1] ?? '').trim();
  const dateText = by[2]!.trim();
  if (!objective) return malformed('delegate', 'say what the task is between the person and “by”.', EXAMPLES.delegate);
  if (objective.length > OBJECTIVE_MAX) return malformed('delegate', `the task is ${objective.length} characters; keep it to ${OBJECTIVE_MAX}.`, EXAMPLES.delegate);
  const due = parseDueDate(dateText, context);
  if (!due.ok) return malformed('delegate', due.problem, EXAMPLES.delegate);
  return { command: 'delegate', delegate: target, objective, dueDate: due.date };
}

// ---- dates --------------------------------------------------------------------------------------

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const WEEKDAY_ALIASES: Record<string, number> = Object.fromEntries(WEEKDAYS.flatMap((name, index) => [[name, index + 1], [name.slice(0, 3), index + 1]]));
const ABSOLUTE_FORMATS = ['yyyy-MM-dd', 'd MMMM yyyy', 'd MMM yyyy', 'MMMM d yyyy', 'MMM d yyyy', 'MMMM d, yyyy', 'MMM d, yyyy', 'd MMMM, yyyy'];
const YEARLESS_FORMATS = ['d MMMM', 'd MMM', 'MMMM d', 'MMM d'];

/**
 * A due date in the speaker's zone: ISO (2026-03-31), a day and month name with or without a year
 * (31 March, March 31st 2026), or relative (today, tomorrow, friday, next friday, in 2 weeks, end of
 * month). Day/month numbers alone (03/04) are refused as ambiguous. Dates in the past are refused.
 */
export function parseDueDate(input: string, context: ParseContext): { ok: true; date: string } | { ok: false; problem: string } {
  const today = DateTime.fromJSDate(context.now, { zone: context.timeZone }).startOf('day');
  const text = input
    .trim()
    .toLowerCase()
    .replace(/[.!]+$/, '')
    .replace(/(\d)(st|nd|rd|th)\b/g, '$1')
    .replace(/^(on|the)\s+/, '')
    .replace(/\s+/g, ' ');
  const hint = 'Use a date like 2026-03-31, 31 March, friday, next friday or in 2 weeks.';
  let date: DateTime | undefined;

  if (text === 'today') date = today;
  else if (text === 'tomorrow') date = today.plus({ days: 1 });
  else if (text === 'end of week' || text === 'eow') date = today.set({ weekday: 5 }) < today ? today.plus({ weeks: 1 }).set({ weekday: 5 }) : today.set({ weekday: 5 });
  else if (text === 'end of month' || text === 'eom') date = today.endOf('month').startOf('day');
  else {
    const weekday = /^(next )?([a-z]+)$/.exec(text);
    const relative = /^in (\d{1,3}) (day|days|week|weeks|month|months)$/.exec(text);
    if (weekday && WEEKDAY_ALIASES[weekday[2]!] !== undefined) {
      const target = WEEKDAY_ALIASES[weekday[2]!]!;
      let candidate = today.plus({ days: (target - today.weekday + 7) % 7 });
      if (candidate <= today) candidate = candidate.plus({ weeks: 1 });
      if (weekday[1]) candidate = candidate.plus({ weeks: candidate.diff(today, 'days').days < 7 ? 1 : 0 });
      date = candidate;
    } else if (relative) {
      const count = Number(relative[1]);
      const unit = relative[2]!.replace(/s$/, '') as 'day' | 'week' | 'month';
      date = today.plus({ [`${unit}s`]: count });
    } else if (/^\d{1,2}[/.]\d{1,2}([/.]\d{2,4})?$/.test(text)) {
      return { ok: false, problem: `“${input}” could be read two ways (day/month or month/day). ${hint}` };
    } else {
      const cleaned = text.replace(/,/g, ', ').replace(/\s+/g, ' ').replace(/ ,/g, ',');
      for (const format of ABSOLUTE_FORMATS) {
        const parsed = DateTime.fromFormat(cleaned, format, { zone: context.timeZone, locale: 'en' });
        if (parsed.isValid) {
          date = parsed;
          break;
        }
      }
      if (!date) {
        for (const format of YEARLESS_FORMATS) {
          const parsed = DateTime.fromFormat(cleaned.replace(/,/g, ''), format, { zone: context.timeZone, locale: 'en' });
          if (parsed.isValid) {
            const thisYear = parsed.set({ year: today.year });
            date = thisYear < today ? thisYear.plus({ years: 1 }) : thisYear;
            break;
          }
        }
      }
    }
  }
  if (!date || !date.isValid) return { ok: false, problem: `I could not read “${input}” as a date. ${hint}` };
  if (date.startOf('day') < today) return { ok: false, problem: `${date.toISODate()} is in the past; give a due date from today on.` };
  return { ok: true, date: date.toISODate()! };
}

function decodeEntities(text: string): string {
  return text.replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&').replace(/&lt;(?!\/?at>)/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'");
}

/** What a malformed command is answered with: what was wrong, and an example that works. */
export function malformedReply(parsed: Extract<ParsedCommand, { command: 'malformed' }>): string {
  return `I couldn’t do that: ${parsed.problem}\nFor example: **${parsed.example}**`;
}
