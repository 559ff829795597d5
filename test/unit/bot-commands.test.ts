import { parseCommand, parseDueDate } from '../../bot/src/conversation/commands';

// Wednesday 2026-03-11, 10:00 in Chicago.
const context = { now: new Date('2026-03-11T15:00:00Z'), timeZone: 'America/Chicago' };
const tom = { id: '29:tom', name: 'Tom Becker', text: '<at>Tom Becker</at>' };

describe('reading bot commands', () => {
  it('reads the simple commands, with or without a leading slash', () => {
    expect(parseCommand('help', [], context)).toEqual({ command: 'help' });
    expect(parseCommand('', [], context)).toEqual({ command: 'help' });
    expect(parseCommand('Agenda', [], context)).toEqual({ command: 'agenda' });
    expect(parseCommand('/review', [], context)).toEqual({ command: 'review' });
    expect(parseCommand('check-in', [], context)).toEqual({ command: 'checkin' });
    expect(parseCommand('link', [], context)).toEqual({ command: 'link' });
  });

  it('takes the account first for people on several accounts', () => {
    expect(parseCommand('northwind: agenda', [], context)).toEqual({ command: 'agenda', account: 'northwind' });
    expect(parseCommand('Globex Logistics: raise update: New nexus states', [], context)).toEqual({ command: 'raise', account: 'Globex Logistics', kind: 'update', title: 'New nexus states' });
    // A colon inside a command's text is not an account prefix.
    expect(parseCommand('raise initiative: agenda hygiene', [], context)).toEqual({ command: 'raise', kind: 'initiative', title: 'agenda hygiene' });
  });

  it('raises an initiative by default and reads a leading kind', () => {
    expect(parseCommand('raise Offer a cyber workshop', [], context)).toEqual({ command: 'raise', kind: 'initiative', title: 'Offer a cyber workshop' });
    expect(parseCommand('raise tension: Board time goes to audit only', [], context)).toEqual({ command: 'raise', kind: 'tension', title: 'Board time goes to audit only' });
    expect(parseCommand('raise Decision Which plant first', [], context)).toEqual({ command: 'raise', kind: 'decision', title: 'Which plant first' });
  });

  it('says what is wrong with a malformed raise, with an example', () => {
    expect(parseCommand('raise', [], context)).toMatchObject({ command: 'malformed', name: 'raise', problem: 'say what to raise after “raise”.', example: expect.stringMatching(/^raise /) });
    expect(parseCommand('raise tension:', [], context)).toMatchObject({ command: 'malformed', problem: 'give the tension a title after “tension”.' });
    expect(parseCommand(`raise ${'x'.repeat(301)}`, [], context)).toMatchObject({ command: 'malformed', problem: expect.stringMatching(/301 characters; keep it to 300/) });
  });

  it('reads a delegation with a real @mention and a due date', () => {
    expect(parseCommand('delegate <at>Tom Becker</at> Draft the transfer-pricing memo by 2026-03-31', [tom], context)).toEqual({
      command: 'delegate',
      delegate: { kind: 'mention', mention: tom },
      objective: 'Draft the transfer-pricing memo',
      dueDate: '2026-03-31',
    });
  });

  it('reads a typed @name where no mention entity came with the message', () => {
    expect(parseCommand('delegate @Tom Draft the memo by friday', [], context)).toMatchObject({ command: 'delegate', delegate: { kind: 'name', name: 'Tom Draft' } });
    expect(parseCommand('delegate @tom Draft the memo by friday', [], context)).toMatchObject({ command: 'delegate', objective: 'the memo', dueDate: '2026-03-13' });
  });

  it('takes the last “by” as the due date, so the task may contain the word', () => {
    expect(parseCommand('delegate <at>Tom Becker</at> Get sign-off by the CFO by 31 March', [tom], context)).toMatchObject({ objective: 'Get sign-off by the CFO', dueDate: '2026-03-31' });
  });

  it.each([
    ['delegate', /say who, what and by when/],
    ['delegate Draft the memo by friday', /start with the person you delegate to, as an @mention/],
    ['delegate <at>Tom Becker</at> Draft the memo', /say when it is due with “by <date>”/],
    ['delegate <at>Tom Becker</at> by friday', /say what the task is/],
    ['delegate <at>Tom Becker</at> Draft the memo by someday', /could not read “someday” as a date/],
    ['delegate <at>Tom Becker</at> Draft the memo by 03/04/2026', /could be read two ways/],
    ['delegate <at>Tom Becker</at> Draft the memo by 2026-03-01', /2026-03-01 is in the past/],
    ['delegate <at>Tom Becker</at> <at>Maya Patel</at> Draft the memo by friday', /mention exactly one person/],
  ])('answers “%s” with what is wrong and an example', (text, problem) => {
    const parsed = parseCommand(text, [tom, { id: '29:maya', name: 'Maya Patel', text: '<at>Maya Patel</at>' }], context);
    expect(parsed).toMatchObject({ command: 'malformed', name: 'delegate', problem: expect.stringMatching(problem), example: expect.stringMatching(/^delegate @/) });
  });

  it('names an unknown command', () => {
    expect(parseCommand('dance now', [], context)).toEqual({ command: 'unknown', word: 'dance' });
  });
});

describe('due dates in the speaker’s zone', () => {
  const due = (text: string) => parseDueDate(text, context);

  it.each([
    ['2026-03-31', '2026-03-31'],
    ['31 March 2026', '2026-03-31'],
    ['March 31st, 2026', '2026-03-31'],
    ['31 Mar', '2026-03-31'],
    ['March 1', '2027-03-01'],
    ['today', '2026-03-11'],
    ['tomorrow', '2026-03-12'],
    ['friday', '2026-03-13'],
    ['Fri', '2026-03-13'],
    ['wednesday', '2026-03-18'],
    ['next friday', '2026-03-20'],
    ['in 2 weeks', '2026-03-25'],
    ['in 10 days', '2026-03-21'],
    ['end of month', '2026-03-31'],
  ])('reads “%s” as %s', (text, iso) => {
    expect(due(text)).toEqual({ ok: true, date: iso });
  });

  it('uses the speaker’s calendar day, not UTC’s', () => {
    // 23:30 in Chicago on the 11th is already the 12th in UTC.
    expect(parseDueDate('today', { now: new Date('2026-03-12T04:30:00Z'), timeZone: 'America/Chicago' })).toEqual({ ok: true, date: '2026-03-11' });
  });
});
