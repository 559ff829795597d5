import { randomUUID } from 'node:crypto';
import type { AuditEntry } from '../domain/audit-entry';
import type { RecordInput } from '../domain/record-kinds';
import type { Store } from '../store/ports';
import { requireAdmin, type RoleViewer } from './viewer';

const MAX_LISTED = 500;

type AuditRecord = RecordInput<'auditEntry'>;

interface Waiting {
  record: AuditRecord;
  settle: (outcome: PromiseSettledResult<unknown>) => void;
}

/**
 * Appends audit entries and shows them to admins, newest first.
 *
 * Group commit: record() resolves only once its entry is stored, but the entries recorded while the
 * event loop is busy are written together on its next turn, in one createEach — one transaction on
 * SQLite instead of one per request (every context read is audited, so this is on the hot path).
 */
export class AuditLog {
  private waiting: Waiting[] = [];

  constructor(private readonly store: Store) {}

  record(entry: { tenantId: string; actorId: string; action: string; target: Record<string, string>; status: number; at?: Date }): Promise<void> {
    const at = (entry.at ?? new Date()).toISOString();
    const record: AuditRecord = {
      tenantId: entry.tenantId,
      // Time-ordered ids keep a tenant's entries sorted by id in both stores.
      id: `${at.replace(/[^0-9]/g, '')}-${randomUUID().slice(0, 8)}`,
      at,
      actorId: entry.actorId,
      action: entry.action,
      target: entry.target,
      status: entry.status,
      createdAt: at,
      updatedAt: at,
    };
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ record, settle: (outcome) => (outcome.status === 'fulfilled' ? resolve() : reject(outcome.reason)) });
      if (this.waiting.length === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.waiting;
    this.waiting = [];
    try {
      const outcomes = await this.store.records.createEach('auditEntry', batch.map((waiting) => waiting.record));
      batch.forEach((waiting, index) => waiting.settle(outcomes[index]!));
    } catch (reason) {
      for (const waiting of batch) waiting.settle({ status: 'rejected', reason });
    }
  }

  async list(viewer: RoleViewer, since?: string): Promise<AuditEntry[]> {
    requireAdmin(viewer, 'only admins can read the audit log');
    const entries = (await this.store.records.list('auditEntry', { tenantId: viewer.tenantId })).map((found) => found.record);
    return entries
      .filter((entry) => !since || entry.at >= since)
      .sort((a, b) => b.id.localeCompare(a.id))
      .slice(0, MAX_LISTED);
  }
}
