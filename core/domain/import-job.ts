import { z } from 'zod';
import { Domain, Email, Id, Instant, NonEmptyText, RecordBase, TimeZone } from './common';
import { Rank } from './person';

/** What a CSV file imports: client accounts, client contacts, or the firm's people on account teams. */
export const ImportKind = z.enum(['accounts', 'contacts', 'roster']);
export type ImportKind = z.infer<typeof ImportKind>;

/** A file larger than this is refused as a whole: split it (the job record must stay one stored document). */
export const MAX_IMPORT_ROWS = 5000;

/** One problem with one row: the line in the file (header = line 1) and, when it is about one field, its column. */
export const RowError = z
  .object({
    line: z.number().int().min(1),
    column: z.string().max(100).optional(),
    message: z.string().max(1000),
  })
  .strict();
export type RowError = z.infer<typeof RowError>;

/*
 * A row as validated from the file. An optional column left out of the header is `undefined` here and
 * leaves the stored field as it is; a column that is present but empty clears the field.
 */

export const AccountImportRow = z
  .object({
    kind: z.literal('accounts'),
    id: Id,
    name: NonEmptyText(200),
    clientDomains: z.array(Domain).max(50).optional(),
    purpose: z.string().trim().max(2000).optional(),
  })
  .strict();
export type AccountImportRow = z.infer<typeof AccountImportRow>;

export const ContactImportRow = z
  .object({
    kind: z.literal('contacts'),
    accountId: Id,
    email: Email,
    name: NonEmptyText(200),
    timeZone: TimeZone,
    title: z.string().trim().max(200).optional(),
    /** The firm member who owns the relationship; `''` removes the owner. */
    relationshipOwnerEmail: z.union([Email, z.literal('')]).optional(),
  })
  .strict();
export type ContactImportRow = z.infer<typeof ContactImportRow>;

export const RosterImportRow = z
  .object({
    kind: z.literal('roster'),
    accountId: Id,
    email: Email,
    name: NonEmptyText(200),
    rank: Rank,
    practice: NonEmptyText(100),
    region: NonEmptyText(100),
    timeZone: TimeZone,
    /** On the leadership team (with a remit) rather than the account team (with a role). */
    leader: z.boolean(),
    /** Left out (no such column): a leader keeps the flag they have; a new leader is not accountable. */
    accountable: z.boolean().optional(),
    remit: z.string().trim().max(200).optional(),
    role: z.string().trim().max(200).optional(),
  })
  .strict();
export type RosterImportRow = z.infer<typeof RosterImportRow>;

export const ImportRow = z.discriminatedUnion('kind', [AccountImportRow, ContactImportRow, RosterImportRow]);
export type ImportRow = z.infer<typeof ImportRow>;

/** One data row of the file: its validated content, or why it cannot be imported. */
export const ImportEntry = z
  .object({
    line: z.number().int().min(2),
    data: ImportRow.optional(),
    errors: z.array(RowError).max(50).default([]),
  })
  .strict()
  .refine((entry) => (entry.data === undefined) !== (entry.errors.length === 0), { message: 'an entry has either its data or its errors' });
export type ImportEntry = z.infer<typeof ImportEntry>;

/** queued: stored, workflow not started yet; importing: the workflow is working through the rows; done; failed: the workflow itself failed. */
export const ImportPhase = z.enum(['queued', 'importing', 'done', 'failed']);
export type ImportPhase = z.infer<typeof ImportPhase>;

export const ImportCounts = z
  .object({
    /** Data rows in the file (blank lines excluded). */
    total: z.number().int().min(0),
    processed: z.number().int().min(0),
    created: z.number().int().min(0),
    updated: z.number().int().min(0),
    unchanged: z.number().int().min(0),
    failed: z.number().int().min(0),
  })
  .strict();
export type ImportCounts = z.infer<typeof ImportCounts>;

/**
 * A CSV import: the parsed and validated rows, stored by the API before the import workflow starts, and
 * the outcome once it is done. Tenant-scoped (a file may touch many accounts); seen only by the admin who
 * started it. Its entries never change once it is stored (the import activities keep them in memory
 * between batches on that promise).
 */
export const ImportJob = RecordBase.extend({
  kind: ImportKind,
  createdById: Id,
  phase: ImportPhase.default('queued'),
  entries: z.array(ImportEntry).max(MAX_IMPORT_ROWS),
  counts: ImportCounts,
  /** Every row error, in line order: the validation errors at first, the final list once done. */
  errors: z.array(RowError).default([]),
  workflowId: z.string().max(300).optional(),
  startedAt: Instant.optional(),
  finishedAt: Instant.optional(),
  /** Why the workflow failed, when phase is `failed`. */
  failure: NonEmptyText(1000).optional(),
}).strict();
export type ImportJob = z.infer<typeof ImportJob>;

/** The import's progress as the API and the workflow's query report it. */
export interface ImportProgress extends ImportCounts {
  jobId: string;
  kind: ImportKind;
  phase: ImportPhase;
  errors: RowError[];
  startedAt: string | null;
  finishedAt: string | null;
}
