/**
 * The add-in's pure logic, without a browser: the contact's clock and quiet hours, who on a message is
 * looked up, and how the lookups are sorted into what the pane shows.
 */
import { accountTeamsApi, type AccountContext, type AccountTeamsApi, type Me } from '../../addin/src/api/account-teams-api';
import { ApiError, type ApiClient } from '../../addin/src/api/client';
import { peopleOnMessage, type MailMessage } from '../../addin/src/mail/message';
import { loadPaneData } from '../../addin/src/taskpane/load-pane';
import { formatDate, instantAtLocalTime, localClock, offsetMinutesOf, type QuietWindow } from '../../addin/src/shared/time';

const BEDTIME: QuietWindow = { start: '18:30', end: '21:00', days: [] };
const OVERNIGHT: QuietWindow = { start: '19:00', end: '07:30', days: [] };

describe('the contact’s clock', () => {
  it('is inside an evening window and outside it either side', () => {
    expect(localClock([BEDTIME], 'America/Chicago', new Date('2026-11-27T01:15:00Z'))).toMatchObject({ time: '19:15', inQuietHours: true, window: BEDTIME });
    expect(localClock([BEDTIME], 'America/Chicago', new Date('2026-11-27T00:29:00Z')).inQuietHours).toBe(false); // 18:29
    expect(localClock([BEDTIME], 'America/Chicago', new Date('2026-11-27T03:00:00Z')).inQuietHours).toBe(false); // 21:00, the end is open
  });

  it('handles windows that cross midnight, on both sides of it', () => {
    expect(localClock([OVERNIGHT], 'Europe/Berlin', new Date('2026-11-27T22:30:00Z')).inQuietHours).toBe(true); // 23:30
    expect(localClock([OVERNIGHT], 'Europe/Berlin', new Date('2026-11-27T05:00:00Z')).inQuietHours).toBe(true); // 06:00
    expect(localClock([OVERNIGHT], 'Europe/Berlin', new Date('2026-11-27T07:00:00Z')).inQuietHours).toBe(false); // 08:00
  });

  it('applies weekday filters, the morning part of an overnight window to the day it began', () => {
    const fridayNights: QuietWindow = { start: '22:00', end: '06:00', days: [5] };
    // Saturday 02:00 in London belongs to Friday's window; Sunday 02:00 does not.
    expect(localClock([fridayNights], 'Europe/London', new Date('2026-11-28T02:00:00Z')).inQuietHours).toBe(true);
    expect(localClock([fridayNights], 'Europe/London', new Date('2026-11-29T02:00:00Z')).inQuietHours).toBe(false);
  });

  it('gives the same answer from the server’s UTC offset as from the time-zone database', () => {
    const now = new Date('2026-07-01T23:40:00Z');
    const viaIntl = localClock([BEDTIME], 'America/Chicago', now);
    const viaOffset = localClock([BEDTIME], 'America/Chicago', now, offsetMinutesOf('2026-07-01T18:40:00.000-05:00'));
    expect(viaOffset).toEqual(viaIntl);
    expect(viaOffset).toMatchObject({ time: '18:40', weekdayName: 'Wed', inQuietHours: true });
  });

  it('reads offsets in every ISO form', () => {
    expect(offsetMinutesOf('2026-11-27T10:00:00.000-06:00')).toBe(-360);
    expect(offsetMinutesOf('2026-11-27T10:00:00+0530')).toBe(330);
    expect(offsetMinutesOf('2026-11-27T10:00:00Z')).toBe(0);
    expect(offsetMinutesOf('2026-11-27T10:00:00')).toBeUndefined();
  });

  it('finds the instant a wall clock shows a time, across daylight saving changes', () => {
    expect(instantAtLocalTime(new Date('2026-11-27T18:00:00Z'), 'America/Chicago', '19:15').toISOString()).toBe('2026-11-28T01:15:00.000Z');
    expect(instantAtLocalTime(new Date('2026-07-01T18:00:00Z'), 'America/Chicago', '19:15').toISOString()).toBe('2026-07-02T00:15:00.000Z');
  });

  it('formats calendar dates without a locale database', () => {
    expect(formatDate('2027-01-15')).toBe('15 Jan 2027');
    expect(formatDate('2026-12-08T00:00:00.000Z')).toBe('8 Dec 2026');
  });
});

describe('who on a message is looked up', () => {
  const message: MailMessage = {
    mode: 'read',
    from: { email: 'Sarah.Lindqvist@northwind-mfg.com', name: 'Sarah' },
    to: [{ email: 'alejandro.ruiz@hartwell-lowe.example' }, { email: 'sarah.lindqvist@northwind-mfg.com' }],
    cc: [{ email: 'james.okafor@northwind-mfg.com' }],
    subject: 'x',
  };

  it('puts the sender first and takes each address once, whatever its case', () => {
    expect(peopleOnMessage(message).map((person) => person.email)).toEqual(['Sarah.Lindqvist@northwind-mfg.com', 'alejandro.ruiz@hartwell-lowe.example', 'james.okafor@northwind-mfg.com']);
    expect(peopleOnMessage(message, ['ALEJANDRO.RUIZ@hartwell-lowe.example'])).toHaveLength(2);
  });
});

describe('sorting the lookups into what the pane shows', () => {
  const me: Me = { tenantId: 't', personId: 'alejandro', email: 'alejandro.ruiz@hartwell-lowe.example', name: 'Alejandro Ruiz', roles: ['member'] };
  const contextFor = (accountId: string, contactId?: string) =>
    ({ matchedBy: contactId ? 'email' : 'domain', account: { id: accountId, name: accountId, purpose: '', clientDomains: [] }, ...(contactId ? { contact: { id: contactId, name: contactId } } : {}) }) as unknown as AccountContext;
  const apiWith = (answers: Record<string, AccountContext | undefined>) =>
    ({ me: async () => me, context: async (email: string) => answers[email.toLowerCase()] }) as unknown as AccountTeamsApi;
  const read = (from: string, ...cc: string[]): MailMessage => ({ mode: 'read', from: { email: from }, to: [{ email: me.email }], cc: cc.map((email) => ({ email })), subject: '' });

  it('lists known contacts, the sender first, each contact once', async () => {
    const api = apiWith({ 'a@x.com': contextFor('x', 'a'), 'a2@x.com': contextFor('x', 'a'), 'b@x.com': contextFor('x', 'b') });
    const data = await loadPaneData(api, read('b@x.com', 'a@x.com', 'a2@x.com'));
    expect(data.contacts.map((entry) => entry.context.contact!.id)).toEqual(['b', 'a']);
    expect(data.contacts[0]!.isSender).toBe(true);
    expect(data.unknownSender).toBeUndefined();
  });

  it('offers to link a sender nobody knows, but never a colleague', async () => {
    expect((await loadPaneData(apiWith({}), read('robin@unknown.example'))).unknownSender).toEqual({ email: 'robin@unknown.example' });
    expect((await loadPaneData(apiWith({}), read('maya.patel@hartwell-lowe.example'))).unknownSender).toBeUndefined();
  });

  it('keeps the account of a sender whose domain is known but who is not a contact yet', async () => {
    const data = await loadPaneData(apiWith({ 'new.person@x.com': contextFor('x') }), read('new.person@x.com'));
    expect(data.contacts).toEqual([]);
    expect(data.senderAccountOnly?.context.account.id).toBe('x');
  });
});

describe('who the viewer is', () => {
  const me: Me = { tenantId: 't', personId: 'alejandro', email: 'alejandro.ruiz@hartwell-lowe.example', name: 'Alejandro Ruiz', roles: ['member'] };
  /** A client that answers /api/me with the next of `answers` (an Error is thrown) and counts the calls. */
  function clientAnswering(...answers: (Me | Error)[]) {
    const calls: string[] = [];
    const client = {
      get: async (path: string) => {
        calls.push(path);
        const answer = answers.shift() ?? me;
        if (answer instanceof Error) throw answer;
        return answer;
      },
      post: async () => undefined,
    } as unknown as ApiClient;
    return { client, calls };
  }

  it('is asked for once, not once per message', async () => {
    const { client, calls } = clientAnswering(me);
    const api = accountTeamsApi(client);
    await expect(Promise.all([api.me(), api.me()])).resolves.toEqual([me, me]);
    await expect(api.me()).resolves.toEqual(me);
    expect(calls).toEqual(['/api/me']);
  });

  it('is asked for again after a failure and after sign-out', async () => {
    const { client, calls } = clientAnswering(new ApiError(0, 'network', 'offline'), me, { ...me, personId: 'maya' });
    const api = accountTeamsApi(client);
    await expect(api.me()).rejects.toThrow('offline');
    await expect(api.me()).resolves.toEqual(me);
    api.forgetMe();
    await expect(api.me()).resolves.toMatchObject({ personId: 'maya' });
    expect(calls).toHaveLength(3);
  });
});
