import { Account } from '../../core/domain/account';
import {
  accountDirectoryKeys,
  InvalidEmailError,
  lookupKeysFor,
  normalizeEmail,
  rankResolutions,
} from '../../core/rules/email-resolution';

describe('resolving a sender’s address', () => {
  it('normalises case and drops plus-addressing', () => {
    expect(normalizeEmail('  Sarah.Lindqvist+Board@Northwind-MFG.com ')).toEqual({
      address: 'sarah.lindqvist@northwind-mfg.com',
      localPart: 'sarah.lindqvist',
      domain: 'northwind-mfg.com',
    });
  });

  it.each(['', 'no-at-sign', 'two@@example.com', 'a@b', 'a b@example.com', 'x@-bad-.com'])('rejects %j as not an address', (input) => {
    expect(() => normalizeEmail(input)).toThrow(InvalidEmailError);
  });

  it('looks up the exact address first, then each client domain from the most specific', () => {
    expect(lookupKeysFor(normalizeEmail('ops@plant2.eu.northwind-mfg.com'))).toEqual([
      'email:ops@plant2.eu.northwind-mfg.com',
      'domain:plant2.eu.northwind-mfg.com',
      'domain:eu.northwind-mfg.com',
      'domain:northwind-mfg.com',
    ]);
  });

  it('never matches a personal mailbox by its domain', () => {
    expect(lookupKeysFor(normalizeEmail('sarah.l@gmail.com'))).toEqual(['email:sarah.l@gmail.com']);
    expect(lookupKeysFor(normalizeEmail('someone@outlook.com'))).toEqual(['email:someone@outlook.com']);
  });

  it('stops domain suffixes above registry levels such as co.uk', () => {
    expect(lookupKeysFor(normalizeEmail('a@legal.acme.co.uk'))).toEqual(['email:a@legal.acme.co.uk', 'domain:legal.acme.co.uk', 'domain:acme.co.uk']);
  });

  it('ranks an exact contact match above a domain match, and lists each account once', () => {
    const keys = lookupKeysFor(normalizeEmail('sarah@northwind-mfg.com'));
    const ranked = rankResolutions(keys, [
      { key: 'domain:northwind-mfg.com', accountId: 'northwind' },
      { key: 'email:sarah@northwind-mfg.com', accountId: 'northwind', contactId: 'sarah' },
      { key: 'domain:northwind-mfg.com', accountId: 'northwind-eu' },
      { key: 'email:somebody-else@northwind-mfg.com', accountId: 'stray', contactId: 'x' },
    ]);
    expect(ranked).toEqual([
      { accountId: 'northwind', contactId: 'sarah', matchedBy: 'email', matchedKey: 'email:sarah@northwind-mfg.com' },
      { accountId: 'northwind-eu', matchedBy: 'domain', matchedKey: 'domain:northwind-mfg.com' },
    ]);
  });

  it('indexes an account under its claimable domains only', () => {
    expect(accountDirectoryKeys(['northwind-mfg.com', 'gmail.com', 'co.uk'])).toEqual(['domain:northwind-mfg.com']);
  });

  it('refuses an account that claims a personal-mail domain', () => {
    const result = Account.safeParse({
      tenantId: 't',
      id: 'a',
      name: 'A',
      clientDomains: ['gmail.com'],
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/personal or registry domain/);
  });
});
