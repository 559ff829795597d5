import { randomUUID } from 'node:crypto';
import type { AuditEntry } from '../domain/audit-entry';
import { ForbiddenError } from '../errors';
import type { Store } from '../store/ports';

export interface AuditViewer {
  tenantId: string;
  personId: string;
  roles: readonly string[];
}

const MAX_LISTED = 500;

/** Appends audit entries and shows them to admins, newest first. */
export class AuditLog {
  constructor(private readonly store: Store) {}

  async record(entry: { tenantId: string; actorId: string; action: string; target: Record<string, string>; status: number; at?: Date }): Promise<void> {
    const at = (entry.at ?? new Date()).toISOString();
    // Time-ordered ids keep a tenant's entries sorted by id in both stores.
    await this.store.records.create('auditEntry', {
      tenantId: entry.tenantId,
      id: `${at.replace(/[^0-9]/g, '')}-${randomUUID().slice(0, 8)}`,
      at,
      actorId: entry.actorId,
      action: entry.action,
      target: entry.target,
      status: entry.status,
      createdAt: at,
      updatedAt: at,
    });
  }

  async list(viewer: AuditViewer, since?: string): Promise<AuditEntry[]> {
    if (!viewer.roles.includes('admin')) throw new ForbiddenError('only admins can read the audit log');
    const entries = (await this.store.records.list('auditEntry', { tenantId: viewer.tenantId })).map((found) => found.record);
    return entries
      .filter((entry) => !since || entry.at >= since)
      .sort((a, b) => b.id.localeCompare(a.id))
      .slice(0, MAX_LISTED);
  }
}
