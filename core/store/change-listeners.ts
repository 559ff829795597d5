import type { RecordKind } from '../domain/record-kinds';
import type { StoreChange } from './ports';

/**
 * The listeners of one store object. A write has committed by the time they run, so a listener that
 * throws must not turn it into a failure: its error is reported as a process warning instead.
 */
export class ChangeListeners {
  private readonly listeners = new Set<(change: StoreChange) => void>();

  subscribe(listener: (change: StoreChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells every listener that a write of this record committed. */
  announce(kind: RecordKind, tenantId: string, id: string, accountId: string | undefined): void {
    this.notify({ tenantId, kind, id, ...(accountId !== undefined ? { accountId } : {}) });
  }

  private notify(change: StoreChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        process.emitWarning(`a store change listener failed: ${error instanceof Error ? error.message : String(error)}`, 'StoreChangeListenerWarning');
      }
    }
  }
}
