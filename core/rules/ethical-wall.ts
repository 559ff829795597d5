import type { Account } from '../domain/account';

/**
 * An ethical wall keeps named people away from an account entirely. Callers must answer a walled
 * person exactly as they would answer for an account that does not exist.
 */
export function isWalledOff(account: Pick<Account, 'walls'>, personId: string): boolean {
  return account.walls.includes(personId);
}

export function canSeeAccount(account: Pick<Account, 'walls' | 'tenantId'>, viewer: { tenantId: string; personId: string }): boolean {
  return account.tenantId === viewer.tenantId && !isWalledOff(account, viewer.personId);
}
