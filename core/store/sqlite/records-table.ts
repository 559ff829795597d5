/**
 * The records table: every kind of record, one JSON body per row, keyed by tenant, kind and id. The
 * store's file and the audit trail's file (see AuditTrailFile) both have one.
 */
export const RECORDS_TABLE = `
  CREATE TABLE IF NOT EXISTS records (
    tenant_id  TEXT NOT NULL,
    kind       TEXT NOT NULL,
    id         TEXT NOT NULL,
    account_id TEXT,
    body       TEXT NOT NULL,
    etag       TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (tenant_id, kind, id)
  ) WITHOUT ROWID;
`;

/** The columns of a RecordRow, in its order. */
export const RECORDS_COLUMNS = 'tenant_id, kind, id, account_id, body, etag, updated_at';

export const RECORDS_INSERT = `INSERT INTO records (${RECORDS_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`;

/** RECORDS_INSERT that leaves a row whose key is already there as it is (copying between files). */
export const RECORDS_COPY = `INSERT OR IGNORE INTO records (${RECORDS_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`;

/** A row of the records table, in the order of RECORDS_INSERT's parameters. */
export type RecordRow = [tenantId: string, kind: string, id: string, accountId: string | null, body: string, etag: string, updatedAt: string];
