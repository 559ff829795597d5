import { ForbiddenError } from '../errors';

/** Whoever a service acts for; the API builds it from the validated token. */
export interface Viewer {
  tenantId: string;
  personId: string;
}

/** The caller with their firm-wide roles from the token, for what only admins (or admins too) may do. */
export interface RoleViewer extends Viewer {
  roles: readonly string[];
}

export const isAdmin = (viewer: Pick<RoleViewer, 'roles'>): boolean => viewer.roles.includes('admin');

/** Refuses anyone but a firm admin, with `refusal` as the message (e.g. "only admins can read the audit log"). */
export function requireAdmin(viewer: Pick<RoleViewer, 'roles'>, refusal: string): void {
  if (!isAdmin(viewer)) throw new ForbiddenError(refusal);
}
