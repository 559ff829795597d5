import type { Store } from '../../../core/store/ports';
import { createDelegationActivities } from './delegation-activities';

export interface ActivityDeps {
  store: Store;
}

/** Every activity the worker registers, built from injected dependencies (no module-level I/O). */
export function createActivities(deps: ActivityDeps) {
  return { ...createDelegationActivities(deps) };
}
