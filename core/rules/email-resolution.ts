/**
 * Resolving the sender of a message to a client contact and account.
 *
 * A message from `Jane.Doe+board@eu.globex.com` should find the contact stored as `jane.doe@globex.com`
 * and, failing that, the account that owns `globex.com`. Messages from personal mailboxes (gmail and
 * friends) are matched only by the exact address: a domain match there would put every gmail user on
 * one client's account.
 */

import { DomainError } from '../errors';

export const PERSONAL_EMAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'hotmail.co.uk', 'live.com', 'msn.com',
  'yahoo.com', 'yahoo.co.uk', 'ymail.com', 'icloud.com', 'me.com', 'mac.com', 'aol.com', 'proton.me',
  'protonmail.com', 'pm.me', 'gmx.com', 'gmx.de', 'gmx.net', 'web.de', 'mail.com', 'zoho.com', 'yandex.com',
  'yandex.ru', 'btinternet.com', 'comcast.net', 'verizon.net', 'att.net', 'qq.com', '163.com', 'fastmail.com',
]);

/**
 * Second-level labels under which registrations happen (co.uk, com.au, …). A domain such as `co.uk` is
 * never a client domain, and suffix matching stops above it.
 */
const REGISTRY_SECOND_LEVELS: ReadonlySet<string> = new Set(['co', 'com', 'org', 'net', 'ac', 'gov', 'edu', 'ltd', 'plc', 'or', 'ne', 'go']);

export class InvalidEmailError extends DomainError {
  readonly code = 'email.invalid';
  constructor(readonly input: string) {
    super(`not an email address: ${JSON.stringify(input.slice(0, 100))}`);
  }
}

export interface NormalizedEmail {
  /** lower-case, plus-tag removed: the form contacts are indexed under */
  address: string;
  localPart: string;
  domain: string;
}

const EMAIL_SHAPE = /^[^\s@"<>()[\],;:\\]+@([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export function normalizeEmail(input: string): NormalizedEmail {
  const trimmed = input.trim().toLowerCase();
  if (trimmed.length > 254 || !EMAIL_SHAPE.test(trimmed)) throw new InvalidEmailError(input);
  const at = trimmed.lastIndexOf('@');
  const rawLocal = trimmed.slice(0, at);
  const domain = trimmed.slice(at + 1);
  const plus = rawLocal.indexOf('+');
  const localPart = plus > 0 ? rawLocal.slice(0, plus) : rawLocal;
  return { address: `${localPart}@${domain}`, localPart, domain };
}

export function isPersonalEmailDomain(domain: string): boolean {
  return PERSONAL_EMAIL_DOMAINS.has(domain.toLowerCase());
}

/** True for a domain that could be a client's own: not a personal mailbox provider, not a bare registry suffix. */
export function isClaimableClientDomain(domain: string): boolean {
  const labels = domain.toLowerCase().split('.');
  if (labels.length < 2 || isPersonalEmailDomain(domain)) return false;
  if (labels.length === 2 && REGISTRY_SECOND_LEVELS.has(labels[0]!)) return false;
  return true;
}

/** `a.b.globex.com` → `a.b.globex.com`, `b.globex.com`, `globex.com` (longest first). */
export function domainSuffixes(domain: string): string[] {
  const labels = domain.split('.');
  const suffixes: string[] = [];
  for (let start = 0; start <= labels.length - 2; start++) {
    const suffix = labels.slice(start).join('.');
    if (isClaimableClientDomain(suffix)) suffixes.push(suffix);
  }
  return suffixes;
}

export const emailKey = (address: string) => `email:${address}`;
export const domainKey = (domain: string) => `domain:${domain}`;

/**
 * Every directory key that could identify the sender, strongest first. A personal-domain sender
 * gets only their exact address.
 */
export function lookupKeysFor(email: NormalizedEmail): string[] {
  const keys = [emailKey(email.address)];
  if (!isPersonalEmailDomain(email.domain)) keys.push(...domainSuffixes(email.domain).map(domainKey));
  return keys;
}

/** A directory entry: a key pointing at a contact (email keys) or an account (domain keys). */
export interface DirectoryEntry {
  key: string;
  accountId: string;
  contactId?: string;
}

export interface Resolution {
  accountId: string;
  contactId?: string;
  matchedBy: 'email' | 'domain';
  matchedKey: string;
}

/**
 * Orders the directory entries found for a sender's keys: exact-address matches first, then the most
 * specific domain. An account appears once, at its strongest match.
 */
export function rankResolutions(keys: readonly string[], entries: readonly DirectoryEntry[]): Resolution[] {
  const rank = new Map(keys.map((key, index) => [key, index]));
  const sorted = entries
    .filter((entry) => rank.has(entry.key))
    .sort((a, b) => rank.get(a.key)! - rank.get(b.key)! || a.accountId.localeCompare(b.accountId));
  const seen = new Set<string>();
  const resolutions: Resolution[] = [];
  for (const entry of sorted) {
    if (seen.has(entry.accountId)) continue;
    seen.add(entry.accountId);
    const byEmail = entry.key.startsWith('email:');
    resolutions.push({
      accountId: entry.accountId,
      matchedBy: byEmail ? 'email' : 'domain',
      matchedKey: entry.key,
      ...(byEmail && entry.contactId ? { contactId: entry.contactId } : {}),
    });
  }
  return resolutions;
}

/** The directory keys a contact is found under. */
export function contactDirectoryKeys(emails: readonly string[]): string[] {
  return [...new Set(emails.map((email) => emailKey(normalizeEmail(email).address)))];
}

/** The directory keys an account is found under. */
export function accountDirectoryKeys(domains: readonly string[]): string[] {
  return [...new Set(domains.filter(isClaimableClientDomain).map((domain) => domainKey(domain.toLowerCase())))];
}
