import { ValidationError } from '../../core/errors';
import { readCsv } from '../../core/import/csv-file';
import { checkHeader, validateRow } from '../../core/import/csv-rows';
import { contactIdFor, personIdFor, sameRecord } from '../../core/import/import-planner';

const failureOf = (fn: () => unknown): ValidationError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
};

describe('reading a CSV file', () => {
  it('numbers rows by the line they start on, across blank lines, CRLF and quoted line breaks', () => {
    const file = readCsv('id,name\r\nacme,Acme\r\n\r\n"multi","Line one\nline two"\r\nlast,Last', 100);
    expect(file.columns).toEqual(['id', 'name']);
    expect(file.rows.map((row) => [row.line, row.values.id])).toEqual([
      [2, 'acme'],
      [4, 'multi'],
      [6, 'last'],
    ]);
    expect(file.rows[1]!.values.name).toBe('Line one\nline two');
  });

  it('skips a byte-order mark and rows of empty fields', () => {
    const file = readCsv('\uFEFFid,name\n,\nacme,Acme\n', 100);
    expect(file.columns).toEqual(['id', 'name']);
    expect(file.rows).toEqual([{ line: 3, values: { id: 'acme', name: 'Acme' } }]);
  });

  it('keeps a row with the wrong number of fields, for a row error', () => {
    const file = readCsv('id,name\nacme\n', 100);
    expect(file.rows[0]).toMatchObject({ line: 2, fieldCount: 1 });
  });

  it('names the line where an unterminated quote opens', () => {
    const error = failureOf(() => readCsv('id,name\nacme,Acme\n\nglobex,"Globex\nhooli,Hooli\n', 100));
    expect(error.issues[0]!.message).toMatch(/^line 4: a quoted field starts here/);
    expect(error.message).toContain('line 4');
  });

  it('names the line of a stray quote', () => {
    expect(failureOf(() => readCsv('id,name\nacme,"Acme"x\n', 100)).issues[0]!.message).toMatch(/^line 2:/);
    expect(failureOf(() => readCsv('id,name\nacme,Ac"me\n', 100)).issues[0]!.message).toMatch(/^line 2:/);
  });

  it('refuses an empty file, a header without names or with a repeated name, and too many rows', () => {
    expect(failureOf(() => readCsv('\n\n', 100)).message).toMatch(/empty/);
    expect(failureOf(() => readCsv('id,,name\n', 100)).issues[0]!.message).toMatch(/line 1: .*column 2 has no name/);
    expect(failureOf(() => readCsv('id,ID\n', 100)).issues[0]!.message).toMatch(/twice/);
    expect(failureOf(() => readCsv('id\na\nb\nc\n', 2)).issues[0]!.message).toMatch(/more than 2 data rows/);
  });
});

describe('checking the header', () => {
  it('matches column names case-insensitively and names missing and unknown columns', () => {
    const header = checkHeader('accounts', readCsv('ID,Name,clientdomains\n', 10));
    expect([...header.values()]).toEqual(['id', 'name', 'clientDomains']);
    const error = failureOf(() => checkHeader('contacts', readCsv('accountId,email,name,colour\n', 10)));
    expect(error.issues.map((issue) => issue.message)).toEqual([expect.stringMatching(/unknown column “colour”/), expect.stringMatching(/no “timeZone” column/)]);
  });
});

describe('validating a row', () => {
  const rowsOf = (kind: 'accounts' | 'contacts' | 'roster', csv: string) => {
    const file = readCsv(csv, 100);
    const header = checkHeader(kind, file);
    return file.rows.map((row) => validateRow(kind, row, header, file.columns.length));
  };

  it('turns an accounts row into its data: domains split on ";" and lower-cased', () => {
    expect(rowsOf('accounts', 'id,name,clientDomains,purpose\nacme,Acme, Acme.com ; acme.eu ,Grow\n')).toEqual([
      { data: { kind: 'accounts', id: 'acme', name: 'Acme', clientDomains: ['acme.com', 'acme.eu'], purpose: 'Grow' } },
    ]);
  });

  it('leaves an optional column out of the data when the header leaves it out', () => {
    expect(rowsOf('accounts', 'id,name\nacme,Acme\n')).toEqual([{ data: { kind: 'accounts', id: 'acme', name: 'Acme' } }]);
  });

  it('names the line and column of every problem', () => {
    const [result] = rowsOf('accounts', 'id,name,clientDomains\n-bad,,gmail.com;not a domain\n');
    expect(result).toEqual({
      errors: expect.arrayContaining([
        { line: 2, column: 'id', message: expect.stringMatching(/must start with a letter or digit/) },
        { line: 2, column: 'name', message: 'is required' },
        { line: 2, column: 'clientDomains', message: expect.stringMatching(/domain name/) },
      ]),
    });
    const [personal] = rowsOf('accounts', 'id,name,clientDomains\nacme,Acme,gmail.com\n');
    expect(personal).toEqual({ errors: [{ line: 2, column: 'clientDomains', message: 'gmail.com is a personal or registry domain and cannot identify a client' }] });
  });

  it('checks contacts: email, time zone, owner email', () => {
    const [result] = rowsOf('contacts', 'accountId,email,name,timeZone,relationshipOwnerEmail\nacme,not-an-email,Jo,Mars/Olympus,nobody\n');
    expect(result).toEqual({
      errors: [
        { line: 2, column: 'email', message: 'must be an email address' },
        { line: 2, column: 'timeZone', message: 'must be an IANA time zone such as Europe/London' },
        { line: 2, column: 'relationshipOwnerEmail', message: 'must be an email address' },
      ],
    });
    const [ok] = rowsOf('contacts', 'accountId,email,name,timeZone,relationshipOwnerEmail\nacme,Jo.Smith@Acme.com,Jo Smith,Europe/London,\n');
    expect(ok).toEqual({ data: { kind: 'contacts', accountId: 'acme', email: 'jo.smith@acme.com', name: 'Jo Smith', timeZone: 'Europe/London', relationshipOwnerEmail: '' } });
  });

  it('checks roster rows: rank words, yes/no, remit for leaders, role for members, accountable leaders only', () => {
    const csv = [
      'accountId,email,name,rank,practice,region,timeZone,leader,role,remit,accountable',
      'acme,a@firm.example,Ann,Senior Associate,audit,US,America/Chicago,no,audit senior,,',
      'acme,b@firm.example,Bo,partner,tax,US,America/Chicago,yes,,tax,yes',
      'acme,c@firm.example,Cy,intern,tax,US,America/Chicago,maybe,,,',
      'acme,d@firm.example,Di,partner,tax,US,America/Chicago,yes,,,',
      'acme,e@firm.example,Ed,associate,tax,US,America/Chicago,no,,,yes',
    ].join('\n');
    const [ann, bo, cy, di, ed] = rowsOf('roster', csv);
    expect(ann).toEqual({ data: expect.objectContaining({ rank: 'senior_associate', leader: false, accountable: false, role: 'audit senior' }) });
    expect(bo).toEqual({ data: expect.objectContaining({ leader: true, accountable: true, remit: 'tax' }) });
    expect(cy).toEqual({ errors: [expect.objectContaining({ line: 4, column: 'rank' }), { line: 4, column: 'leader', message: 'must be yes or no' }] });
    expect(di).toEqual({ errors: [{ line: 5, column: 'remit', message: 'is required for a leader (leader = yes)' }] });
    expect(ed).toEqual({
      errors: [
        { line: 6, column: 'role', message: 'is required for a team member (leader = no)' },
        { line: 6, column: 'accountable', message: 'only a leader (leader = yes) can be the accountable lead' },
      ],
    });
  });

  it('reports a row with the wrong number of fields as a whole', () => {
    expect(rowsOf('accounts', 'id,name\nacme,Acme,extra\n')).toEqual([{ errors: [{ line: 2, message: 'has 3 fields but the header has 2' }] }]);
  });
});

describe('natural keys', () => {
  it('derives the same valid id from the same address, whatever its case', () => {
    expect(personIdFor('Jo.Smith@Firm.example')).toBe(personIdFor('jo.smith@firm.example'));
    expect(personIdFor('jo.smith@firm.example')).toMatch(/^person-jo-smith-[0-9a-f]{10}$/);
    expect(contactIdFor('jo@acme.com')).toMatch(/^contact-jo-[0-9a-f]{10}$/);
    expect(contactIdFor('jo@acme.com')).not.toBe(contactIdFor('jo@acme.eu'));
  });

  it('compares records without their write time or key order', () => {
    expect(sameRecord({ a: 1, b: [1, 2], updatedAt: 'x' }, { b: [1, 2], a: 1, updatedAt: 'y' })).toBe(true);
    expect(sameRecord({ a: 1, b: [1, 2] }, { a: 1, b: [2, 1] })).toBe(false);
    expect(sameRecord({ a: 1, c: undefined }, { a: 1 })).toBe(true);
  });
});
