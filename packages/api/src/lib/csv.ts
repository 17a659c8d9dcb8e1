// CSV (RFC 4180), small enough to read: fields separated by a delimiter, records by CRLF, LF or
// CR; a field in double quotes may hold delimiters, line breaks and "" for a quote.
import { refuse } from './errors';

export interface CsvRecord {
  /** The line of the file the record starts on, 1-based (the header is line 1). */
  line: number;
  fields: string[];
}

/** The delimiter of a file: the one of `,` `;` tab the header line uses most (Excel in French writes `;`). */
export function detectDelimiter(text: string): string {
  const header = text.slice(0, text.search(/\r|\n|$/));
  let best = ',';
  let bestCount = 0;
  for (const candidate of [',', ';', '\t']) {
    const count = header.split(candidate).length - 1;
    if (count > bestCount) [best, bestCount] = [candidate, count];
  }
  return best;
}

export function parseCsv(text: string, delimiter = ','): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false; // the current field started with a quote
  let inQuotes = false; // between that quote and its closing one
  let line = 1;
  let recordLine = 1;
  const endRecord = () => {
    fields.push(field);
    // A blank line is no record.
    if (fields.length > 1 || fields[0] !== '' || quoted) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    quoted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          inQuotes = false;
        }
      } else {
        if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
        field += ch;
      }
    } else if (ch === '"' && field === '' && !quoted) {
      quoted = true;
      inQuotes = true;
    } else if (ch === delimiter) {
      fields.push(field);
      field = '';
      quoted = false;
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      // Lenient on a stray quote inside an unquoted field (`5" screen`): it is kept as text.
      field += ch;
    }
  }
  if (inQuotes) {
    throw refuse(
      'csv.unclosed_quote',
      `Line ${recordLine}: a quoted field is never closed (a " is missing)`,
      { line: recordLine },
    );
  }
  if (field !== '' || fields.length > 0 || quoted) endRecord();
  return records;
}
