import type { TabHost } from './host';

/** Teams gives a tab this long to call app.initialize(); past it, we carry on without the SDK's extras. */
const INITIALIZE_TIMEOUT_MS = 5_000;

export interface TeamsContextInfo {
  /** The signed-in user's Entra tenant and object id, for matching the viewer; absent outside Teams. */
  tenantId?: string;
  userObjectId?: string;
  theme?: string;
}

/**
 * The only place teams-js is used. It is loaded (a separate chunk) only when the page already knows it
 * runs inside Teams, because outside a Microsoft host `app.initialize()` waits 60 seconds before failing.
 * Inside Teams it initialises the SDK, tells Teams the tab has loaded and returns the context it needs.
 */
export async function initializeInTeams(host: TabHost): Promise<TeamsContextInfo | undefined> {
  if (host.kind !== 'teams') return undefined;
  const { app } = await import('@microsoft/teams-js');
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('Teams did not answer app.initialize()')), INITIALIZE_TIMEOUT_MS);
  });
  try {
    await Promise.race([app.initialize(), timeout]);
    const context = await Promise.race([app.getContext(), timeout]);
    app.notifySuccess();
    return {
      ...(context.user?.tenant?.id ? { tenantId: context.user.tenant.id } : {}),
      ...(context.user?.id ? { userObjectId: context.user.id } : {}),
      ...(context.app.theme ? { theme: context.app.theme } : {}),
    };
  } catch (error) {
    console.warn('Running without the Teams SDK:', error);
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
