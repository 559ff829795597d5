/** Who is calling, established from a validated token and the firm's person records. */
export interface Principal {
  tenantId: string;
  personId: string;
  email: string;
  name: string;
  roles: ('member' | 'admin')[];
}
