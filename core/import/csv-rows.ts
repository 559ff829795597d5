import { z } from 'zod';
import { Domain, Email, Id, TimeZone } from '../domain/common';
import type { ImportKind, ImportRow, RowError } from '../domain/import-job';
import { Rank } from '../domain/person';
import { ValidationError } from '../errors';
import { isClaimableClientDomain, normalizeEmail } from '../rules/email-resolution';
import type { CsvFile, CsvRow } from './csv-file';

export interface ImportColumn {
  name: string;
  /** Must be in the header; an optional column left out of the header leaves the stored field as it is. */
  inHeader: 'required' | 'optional';
  description: string;
}

/** The columns of each kind of file, as the admin console documents them. Header names are matched case-insensitively. */
export const IMPORT_COLUMNS: Record<ImportKind, ImportColumn[]> = {
  accounts: [
    { name: 'id', inHeader: 'required', description: 'the account id (letters, digits, . _ : -); the key: a row with an existing id updates that account' },
    { name: 'name', inHeader: 'required', description: 'the client’s name' },
    { name: 'clientDomains', inHeader: 'optional', description: 'the client’s email domains, separated by ";" (e.g. globex.com;globex.eu); personal-mail domains are refused' },
    { name: 'purpose', inHeader: 'optional', description: 'the leadership team’s shared purpose' },
  ],
  contacts: [
    { name: 'accountId', inHeader: 'required', description: 'the account the contact belongs to' },
    { name: 'email', inHeader: 'required', description: 'the contact’s email address; the key (case and +tags ignored): a row for a known address updates that contact' },
    { name: 'name', inHeader: 'required', description: 'full name' },
    { name: 'timeZone', inHeader: 'required', description: 'IANA time zone, e.g. Europe/London' },
    { name: 'title', inHeader: 'optional', description: 'job title' },
    { name: 'relationshipOwnerEmail', inHeader: 'optional', description: 'email of the firm member who owns the relationship (on the account’s team); empty removes the owner' },
  ],
  roster: [
    { name: 'accountId', inHeader: 'required', description: 'the account whose team the person is on' },
    { name: 'email', inHeader: 'required', description: 'the person’s sign-in email; the key: a known address updates that person' },
    { name: 'name', inHeader: 'required', description: 'full name' },
    { name: 'rank', inHeader: 'required', description: 'partner, director, senior associate, associate or support' },
    { name: 'practice', inHeader: 'required', description: 'e.g. audit, tax, risk advisory' },
    { name: 'region', inHeader: 'required', description: 'e.g. US Central' },
    { name: 'timeZone', inHeader: 'required', description: 'IANA time zone, e.g. America/Chicago' },
    { name: 'leader', inHeader: 'required', description: 'yes: on the leadership team (needs remit); no: on the account team (needs role)' },
    { name: 'role', inHeader: 'optional', description: 'what the person does on the account (team members)' },
    { name: 'remit', inHeader: 'optional', description: 'the practice/region the leader speaks for (leaders)' },
    { name: 'accountable', inHeader: 'optional', description: 'yes for the one accountable lead ("one throat to choke"); needs leader = yes; without this column a leader keeps their flag' },
  ],
};

const REQUIRED = 'is required';

const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);
const required = (max: number) => z.string().trim().min(1, REQUIRED).max(max, `must be at most ${max} characters`);
const requiredId = z.string().trim().min(1, REQUIRED).pipe(Id);
const requiredEmail = z.string().trim().min(1, REQUIRED).pipe(Email);
const requiredZone = z.string().trim().min(1, REQUIRED).pipe(TimeZone);
/** An email address, or empty (which clears the field). */
const emailOrEmpty = z
  .string()
  .trim()
  .transform((value, ctx) => {
    if (value === '') return '';
    const parsed = Email.safeParse(value);
    if (parsed.success) return parsed.data;
    ctx.addIssue({ code: 'custom', message: 'must be an email address' });
    return z.NEVER;
  });
const yesNo = z
  .string()
  .trim()
  .toLowerCase()
  .refine((value) => ['', 'yes', 'no', 'y', 'n', 'true', 'false', '1', '0'].includes(value), { message: 'must be yes or no' })
  .transform((value) => ['yes', 'y', 'true', '1'].includes(value));
const rank = z
  .string()
  .trim()
  .min(1, REQUIRED)
  .transform((value) => value.toLowerCase().replace(/[\s-]+/g, '_'))
  .pipe(z.enum(Rank.options, { message: `must be one of ${Rank.options.map((option) => option.replace('_', ' ')).join(', ')}` }));
const domains = z
  .string()
  .transform((value) => [...new Set(value.split(/[;,\s]+/).map((domain) => domain.trim().toLowerCase()).filter(Boolean))])
  .pipe(z.array(Domain).max(50, 'at most 50 domains'))
  .superRefine((list, ctx) => {
    for (const domain of list) {
      if (!isClaimableClientDomain(domain)) ctx.addIssue({ code: 'custom', message: `${domain} is a personal or registry domain and cannot identify a client` });
    }
  });

const ROW_SCHEMAS = {
  accounts: z.object({ id: requiredId, name: required(200), clientDomains: domains.optional(), purpose: text(2000).optional() }),
  contacts: z.object({
    accountId: requiredId,
    email: requiredEmail,
    name: required(200),
    timeZone: requiredZone,
    title: text(200).optional(),
    relationshipOwnerEmail: emailOrEmpty.optional(),
  }),
  roster: z
    .object({
      accountId: requiredId,
      email: requiredEmail,
      name: required(200),
      rank,
      practice: required(100),
      region: required(100),
      timeZone: requiredZone,
      leader: z.string().trim().min(1, 'is required (yes or no)').pipe(yesNo),
      accountable: yesNo.optional(),
      remit: text(200).optional(),
      role: text(200).optional(),
    })
    .superRefine((row, ctx) => {
      if (row.leader && !row.remit) ctx.addIssue({ code: 'custom', path: ['remit'], message: 'is required for a leader (leader = yes)' });
      if (!row.leader && !row.role) ctx.addIssue({ code: 'custom', path: ['role'], message: 'is required for a team member (leader = no)' });
      if (row.accountable && !row.leader) ctx.addIssue({ code: 'custom', path: ['accountable'], message: 'only a leader (leader = yes) can be the accountable lead' });
    }),
} as const;

/** The canonical column names of the header, or a ValidationError naming what is missing or unknown. */
export function checkHeader(kind: ImportKind, file: CsvFile): Map<string, string> {
  const known = new Map(IMPORT_COLUMNS[kind].map((column) => [column.name.toLowerCase(), column.name]));
  const canonical = new Map<string, string>();
  const issues: { path: string; message: string }[] = [];
  for (const column of file.columns) {
    const name = known.get(column.toLowerCase());
    if (!name) issues.push({ path: 'csv', message: `line 1: unknown column “${column}” for a ${kind} file; the columns are ${IMPORT_COLUMNS[kind].map((spec) => spec.name).join(', ')}` });
    else canonical.set(column, name);
  }
  const present = new Set(canonical.values());
  for (const column of IMPORT_COLUMNS[kind]) {
    if (column.inHeader === 'required' && !present.has(column.name)) issues.push({ path: 'csv', message: `line 1: the header has no “${column.name}” column, which a ${kind} file needs` });
  }
  if (issues.length > 0) throw new ValidationError('invalid CSV header', issues);
  return canonical;
}

/** A row's fields checked one by one: the row, or every problem with it by column. */
export function validateRow(kind: ImportKind, row: CsvRow, header: Map<string, string>, columnCount: number): { data: ImportRow } | { errors: RowError[] } {
  if (row.fieldCount !== undefined) {
    return { errors: [{ line: row.line, message: `has ${row.fieldCount} field${row.fieldCount === 1 ? '' : 's'} but the header has ${columnCount}` }] };
  }
  const input: Record<string, string> = {};
  for (const [column, value] of Object.entries(row.values)) input[header.get(column)!] = value;
  const result = ROW_SCHEMAS[kind].safeParse(input);
  if (!result.success) {
    const errors: RowError[] = [];
    const seen = new Set<string>();
    for (const issue of result.error.issues) {
      const column = issue.path.length > 0 ? String(issue.path[0]) : undefined;
      const key = `${column}\u0000${issue.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      errors.push({ line: row.line, ...(column ? { column } : {}), message: issue.message });
    }
    return { errors };
  }
  const data = result.data as Record<string, unknown>;
  for (const key of Object.keys(data)) if (data[key] === undefined) delete data[key];
  return { data: { kind, ...data } as ImportRow };
}

/** The key a row is identified by within the file, and what a duplicate is told. */
export function naturalKey(row: ImportRow): { key: string; column: string; what: string } {
  switch (row.kind) {
    case 'accounts':
      return { key: row.id, column: 'id', what: `account id ${row.id}` };
    case 'contacts':
      return { key: contactAddress(row.email), column: 'email', what: `contact email ${contactAddress(row.email)}` };
    case 'roster':
      return { key: `${row.accountId}\u0000${row.email}`, column: 'email', what: `${row.email} on account ${row.accountId}` };
  }
}

/** Contacts are found by their normalised address (lower case, +tag removed), as the Outlook look-up finds them. */
export const contactAddress = (email: string) => normalizeEmail(email).address;
