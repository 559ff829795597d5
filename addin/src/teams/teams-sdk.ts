import type { TabHost } from './host';

/** Teams gives a tab this long to call app.initialize(); past it, we carry on without the SDK's extras. */
const INITIALIZE_TIMEOUT_MS = 5_000;

/**
 * The only place teams-js is used. It is loaded (a separate chunk) only when the page already knows it
 * runs inside Teams, because outside a Microsoft host `app.initialize()` waits 60 seconds before failing.
 * Inside Teams it initialises the SDK and tells Teams the tab has loaded; it never rejects.
 */
export async function initializeInTeams(host: TabHost): Promise<void> {
  if (host.kind !== 'teams') return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const { app } = await import('@microsoft/teams-js');
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('Teams did not answer app.initialize()')), INITIALIZE_TIMEOUT_MS);
    });
    await Promise.race([app.initialize(), timeout]);
    app.notifySuccess();
  } catch (error) {
    console.warn('Running without the Teams SDK:', error);
  } finally {
    clearTimeout(timer);
  }
}
