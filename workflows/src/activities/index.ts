import type { Messenger } from '../../../core/services/messenger';
import type { Store } from '../../../core/store/ports';
import { createAgendaActivities } from './agenda-activities';
import { createCommonActivities } from './common-activities';
import { createDelegationActivities } from './delegation-activities';
import { createFeedbackActivities } from './feedback-activities';
import { createImportActivities } from './import-activities';
import { createReviewActivities } from './review-activities';

export interface ActivityDeps {
  store: Store;
  messenger: Messenger;
}

/**
 * Every activity the worker registers, built from injected dependencies (no module-level I/O).
 * Each process adds its factory here; names must be unique across factories.
 */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createCommonActivities(deps),
    ...createDelegationActivities(deps),
    ...createAgendaActivities(deps),
    ...createFeedbackActivities(deps),
    ...createReviewActivities(deps),
    ...createImportActivities(deps),
  };
}
