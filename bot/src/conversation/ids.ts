import { createHash } from 'node:crypto';

/**
 * A stable id made from what identifies one Teams action (tenant, conversation, activity): `prefix-`
 * and the first 40 hex digits of the SHA-256 of the parts joined by `/`. Teams resends the same activity
 * id when it retries, so a retried action gets the same id and applies once.
 */
export function hashedId(prefix: string, ...parts: string[]): string {
  return `${prefix}-${createHash('sha256').update(parts.join('/')).digest('hex').slice(0, 40)}`;
}
