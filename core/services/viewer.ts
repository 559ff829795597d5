/** Whoever a service acts for; the API builds it from the validated token. */
export interface Viewer {
  tenantId: string;
  personId: string;
}
