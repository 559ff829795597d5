import { mountPage } from '../shared/AppRoot';
import { markOnce } from '../shared/perf';
import { TaskpaneApp } from './TaskpaneApp';
import type { TaskpaneDeps } from './useTaskpane';

/**
 * How long the first render may wait for data that is nearly in. Rendering the skeleton and then the
 * context costs two passes over the tree; a short wait usually saves one and avoids a skeleton flash.
 * On a slow network the skeleton appears after this delay.
 */
const FIRST_RENDER_GRACE_MS = 120;

/** The UI half of the taskpane: React, Fluent and the views, loaded by main.tsx right away. */
export async function mountTaskpane(deps: TaskpaneDeps) {
  markOnce('ui-script');
  if (deps.firstLoad && !deps.firstLoad.result) {
    await Promise.race([deps.firstLoad.promise.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, FIRST_RENDER_GRACE_MS))]);
    // One more task so that `settling` (which records the outcome in a then-callback) has caught up.
    await Promise.resolve();
  }
  mountPage(<TaskpaneApp {...deps} />);
}
