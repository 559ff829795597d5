import { CsvError, parse } from 'csv-parse/sync';
import { ValidationError } from '../errors';

/** One data row as read: its line in the file (the line it starts on; the header is line 1) and its fields by column. */
export interface CsvRow {
  line: number;
  values: Record<string, string>;
  /** Set when the row has more or fewer fields than the header. */
  fieldCount?: number;
}

export interface CsvFile {
  /** The header's column names, trimmed, in file order. */
  columns: string[];
  rows: CsvRow[];
}

const countNewlines = (text: string) => {
  let count = 0;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) count++;
  return count;
};

const fileError = (line: number | undefined, message: string) =>
  new ValidationError('malformed CSV', [{ path: 'csv', message: line !== undefined ? `line ${line}: ${message}` : message }]);

/**
 * Reads a CSV file (RFC 4180: comma-separated, fields with commas, quotes or line breaks in double
 * quotes) with csv-parse. The first non-blank line is the header. Blank lines, and rows whose fields
 * are all empty, are skipped. A row with the wrong number of fields is kept (and reported by the caller
 * as a row error); a file that cannot be read as CSV at all — a quote that is never closed, a stray quote
 * inside a field — is refused with a ValidationError naming the line.
 */
export function readCsv(text: string, maxRows: number): CsvFile {
  // One line ending throughout, so csv-parse's line counts are the file's (a CRLF is one line).
  const normalized = text.replace(/\r\n?/g, '\n');
  let records: { record: string[]; raw: string; info: { lines: number } }[];
  try {
    records = parse(normalized, { bom: true, info: true, raw: true, relax_column_count: true, skip_empty_lines: true }) as unknown as typeof records;
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    throw fileError(...describeCsvError(error, normalized));
  }

  let columns: string[] | undefined;
  const rows: CsvRow[] = [];
  for (const { record, raw, info } of records) {
    // info.lines is the line the record ends on; a quoted field can span lines, and the raw text may start
    // with the blank lines skipped before it.
    const body = raw.replace(/^\n+/, '').replace(/\n$/, '');
    const line = info.lines - countNewlines(body);
    if (record.every((field) => field.trim() === '')) continue;
    if (!columns) {
      columns = readHeader(record, line);
      continue;
    }
    if (rows.length >= maxRows) throw new ValidationError('file too large', [{ path: 'csv', message: `more than ${maxRows} data rows (line ${line}); split the file` }]);
    const values: Record<string, string> = {};
    columns.forEach((column, index) => (values[column] = record[index] ?? ''));
    rows.push({ line, values, ...(record.length !== columns.length ? { fieldCount: record.length } : {}) });
  }
  if (!columns) throw fileError(undefined, 'the file is empty: it needs a header row naming the columns');
  return { columns, rows };
}

function readHeader(record: string[], line: number): string[] {
  const columns = record.map((field) => field.trim());
  const blank = columns.findIndex((column) => column === '');
  if (blank !== -1) throw fileError(line, `the header’s column ${blank + 1} has no name`);
  const seen = new Set<string>();
  for (const column of columns) {
    if (seen.has(column.toLowerCase())) throw fileError(line, `the header names column “${column}” twice`);
    seen.add(column.toLowerCase());
  }
  return columns;
}

function describeCsvError(error: CsvError, text: string): [number | undefined, string] {
  const details = error as CsvError & { lines?: number; bytes_records?: number };
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
    // csv-parse reports the end of the file; the quote opened in the record after the last complete one.
    const consumed = Buffer.from(text, 'utf8').subarray(0, details.bytes_records ?? 0).toString('utf8');
    const lines = text.split('\n');
    let line = countNewlines(consumed) + 1;
    while (line < lines.length && lines[line - 1]!.trim() === '') line++;
    return [line, 'a quoted field starts here and its closing quote is missing'];
  }
  const line = typeof details.lines === 'number' ? details.lines : undefined;
  switch (error.code) {
    case 'CSV_INVALID_CLOSING_QUOTE':
      return [line, 'a closing quote must be followed by a comma or the end of the line (write a quote inside a quoted field as "")'];
    case 'INVALID_OPENING_QUOTE':
      return [line, 'a quote inside an unquoted field: put the whole field in double quotes and double the quote ("")'];
    default:
      return [line, error.message.replace(/^[^:]*:\s*/, '')];
  }
}
