// CSV import of prospects: a merchant's contact list from a spreadsheet or another tool. Each row
// is reported (created, duplicate, or rejected and why); the rows that can be imported are all
// inserted in one transaction, so a failure of the file as a whole leaves nothing half-imported.
import { randomUUID } from 'node:crypto';
import type { Database, Db } from '@flux/db';
import {
  insertProspectsSkippingTakenPhones,
  lockProspectImports,
  prospectsByEmails,
  prospectsByPhones,
} from '@flux/db/queries/prospects';
import type { JobSender } from '../jobs/sender';
import type { Actor } from '../lib/audit';
import { writeAudit } from '../lib/audit';
import { type CsvRecord, detectDelimiter, parseCsv } from '../lib/csv';
import { refuse } from '../lib/errors';
import { emailInput, textInput } from '../lib/inputs';
import { normalizePhone } from '../lib/phone';
import { normalizeTags, tagsProblem } from './prospects';
import { emitProspectsImported } from './webhooks/events';

export const IMPORT_LIMITS = { rows: 5_000, bytes: 2_000_000 } as const;

// ---------------------------------------------------------------------------------------------
// The file: header, rows, and what each row would become

const COLUMN_NAMES: Record<string, 'name' | 'phone' | 'email' | 'tags'> = {
  name: 'name',
  nom: 'name',
  fullname: 'name',
  phone: 'phone',
  phonenumber: 'phone',
  telephone: 'phone',
  tel: 'phone',
  mobile: 'phone',
  email: 'email',
  emailaddress: 'email',
  mail: 'email',
  courriel: 'email',
  tags: 'tags',
  tag: 'tags',
  etiquettes: 'tags',
  labels: 'tags',
};

type Column = (typeof COLUMN_NAMES)[string];

const headerKey = (value: string) =>
  value
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[\s_-]+/g, '');

function readHeader(record: CsvRecord): Partial<Record<Column, number>> {
  const columns: Partial<Record<Column, number>> = {};
  record.fields.forEach((title, index) => {
    const column = COLUMN_NAMES[headerKey(title)];
    if (!column) return; // extra columns are ignored
    const previous = columns[column];
    if (previous !== undefined) {
      throw refuse(
        'import.duplicate_column',
        `The header names the ${column} column twice (columns ${previous + 1} and ${index + 1})`,
        { column },
      );
    }
    columns[column] = index;
  });
  if (columns.phone === undefined && columns.email === undefined) {
    throw refuse(
      'import.header_required',
      'The first line must be a header naming the columns, with at least a phone or an email column (name, phone, email, tags)',
    );
  }
  return columns;
}

export type ImportRowStatus = 'created' | 'duplicate' | 'rejected';
export type ImportRowCode =
  | 'invalid_phone'
  | 'invalid_email'
  | 'invalid_name'
  | 'invalid_tags'
  | 'missing_contact'
  | 'duplicate_in_file'
  | 'already_exists';

export interface ImportRowReport {
  line: number;
  status: ImportRowStatus;
  /** Why a row was not created, for a program (the dashboard translates it). */
  code?: ImportRowCode;
  /** Why a row was not created, for a person. */
  reason?: string;
  /** The prospect created, or the one that already had this phone or email. */
  prospectId?: string;
}

export interface ImportReport {
  dryRun: boolean;
  /** Rows created (or, in a dry run, that would be). */
  created: number;
  duplicates: number;
  rejected: number;
  /** duplicates + rejected. */
  skipped: number;
  rows: ImportRowReport[];
}

interface Candidate {
  line: number;
  id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  tags: string[];
}

type Checked = { ok: true; candidate: Candidate } | { ok: false; report: ImportRowReport };

const nameCheck = textInput(120);

function checkRow(
  record: CsvRecord,
  columns: Partial<Record<Column, number>>,
  country: string,
): Checked {
  const cell = (column: Column) => {
    const index = columns[column];
    return index === undefined ? '' : (record.fields[index] ?? '').trim();
  };
  const reject = (code: ImportRowCode, reason: string): Checked => ({
    ok: false,
    report: { line: record.line, status: 'rejected', code, reason },
  });
  const rawPhone = cell('phone');
  const rawEmail = cell('email');
  if (!rawPhone && !rawEmail) return reject('missing_contact', 'No phone and no email');
  const phone = rawPhone ? normalizePhone(rawPhone, country) : null;
  if (rawPhone && !phone) {
    return reject('invalid_phone', `Invalid phone number "${rawPhone.slice(0, 40)}"`);
  }
  let email: string | null = null;
  if (rawEmail) {
    const parsed = emailInput.safeParse(rawEmail);
    if (!parsed.success) {
      return reject('invalid_email', `Invalid email address "${rawEmail.slice(0, 80)}"`);
    }
    email = parsed.data;
  }
  const name = nameCheck.safeParse(cell('name'));
  if (!name.success) {
    return reject(
      'invalid_name',
      'Invalid name (longer than 120 characters, or control characters)',
    );
  }
  const tags = normalizeTags(cell('tags').split(/[;|]/));
  const problem = tagsProblem(tags);
  if (problem) return reject('invalid_tags', problem);
  return {
    ok: true,
    candidate: { line: record.line, id: randomUUID(), name: name.data || null, phone, email, tags },
  };
}

/** The key that makes two rows the same prospect: the phone, or the email of a row without one. */
const identity = (c: Pick<Candidate, 'phone' | 'email'>) =>
  c.phone ? `phone:${c.phone}` : `email:${c.email}`;

// ---------------------------------------------------------------------------------------------
// The import

export interface ImportParams {
  businessId: string;
  /** The business country: the default region of national phone numbers. */
  country: string;
  actor: Actor;
  csv: string;
  dryRun?: boolean;
}

/**
 * Imports prospects from CSV text with a header row (name, phone, email, tags; tags separated
 * by `;` or `|`; headers case-insensitive, French names accepted, other columns ignored).
 *
 * - A problem with the file itself (empty, no usable header, an unclosed quote, more than 5,000
 *   rows) is a BAD_REQUEST and nothing is written.
 * - A bad row (invalid phone or email, neither of them, bad tags) is rejected with its reason;
 *   the other rows still import.
 * - A row whose phone (or, without a phone, whose email) is already a prospect, or appeared on
 *   an earlier line, is a duplicate: reported with the existing prospect, left unchanged.
 * - All created rows are inserted in one transaction with the audit row and their
 *   `prospect.created` webhook events (channel `import`): a failure part-way rolls every one of
 *   them back, and no event is sent. Imports of one business run one at a time (advisory lock).
 * - `dryRun` runs the same checks against the database and writes nothing.
 */
export async function importProspects(
  db: Database,
  jobs: JobSender,
  params: ImportParams,
): Promise<ImportReport> {
  const text = params.csv.replace(/^\uFEFF/, '');
  const records = parseCsv(text, detectDelimiter(text));
  const [header, ...dataRecords] = records;
  if (!header) throw refuse('import.empty', 'The file is empty: it needs a header row');
  const columns = readHeader(header);
  if (dataRecords.length === 0) {
    throw refuse('import.no_rows', 'The file has a header but no rows');
  }
  if (dataRecords.length > IMPORT_LIMITS.rows) {
    throw refuse(
      'import.too_many_rows',
      `The file has ${dataRecords.length} rows; import at most ${IMPORT_LIMITS.rows} at a time (split it)`,
      { rows: dataRecords.length, max: IMPORT_LIMITS.rows },
    );
  }

  const reports = new Map<number, ImportRowReport>();
  const firstSeen = new Map<string, Candidate>();
  const candidates: Candidate[] = [];
  const sameAsEarlier = new Map<Candidate, Candidate>();
  const duplicatesInFile: Candidate[] = [];
  for (const record of dataRecords) {
    const checked = checkRow(record, columns, params.country);
    if (!checked.ok) {
      reports.set(record.line, checked.report);
      continue;
    }
    const key = identity(checked.candidate);
    const earlier = firstSeen.get(key);
    if (earlier) {
      sameAsEarlier.set(checked.candidate, earlier);
      duplicatesInFile.push(checked.candidate);
    } else {
      firstSeen.set(key, checked.candidate);
      candidates.push(checked.candidate);
    }
  }

  const run = async (tx: Db) => {
    if (!params.dryRun) {
      await lockProspectImports(tx, { businessId: params.businessId });
    }
    const existing = await existingIdentities(tx, params.businessId, candidates);
    const fresh = candidates.filter((candidate) => !existing.has(identity(candidate)));
    if (!params.dryRun) {
      // Ids are chosen here so that each inserted row is known by its line, whatever order the
      // database returns them in; a phone that a concurrent create took in the meantime is
      // skipped by the constraint and reported as a duplicate below.
      const inserted = new Set<string>();
      for (let start = 0; start < fresh.length; start += 500) {
        const chunk = fresh.slice(start, start + 500);
        const ids = new Set(
          await insertProspectsSkippingTakenPhones(tx, {
            businessId: params.businessId,
            rows: chunk.map((c) => ({
              id: c.id,
              name: c.name,
              phone: c.phone,
              email: c.email,
              tags: c.tags,
              status: 'new',
            })),
          }),
        );
        for (const id of ids) inserted.add(id);
        await emitProspectsImported(
          tx,
          jobs,
          chunk
            .filter((c) => ids.has(c.id))
            .map((c) => ({ ...c, businessId: params.businessId, status: 'new' })),
        );
      }
      const raced = fresh.filter((c) => !inserted.has(c.id));
      if (raced.length > 0) {
        for (const [key, id] of await existingIdentities(tx, params.businessId, raced)) {
          existing.set(key, id);
        }
      }
    }
    for (const candidate of candidates) {
      const holder = existing.get(identity(candidate));
      reports.set(
        candidate.line,
        holder
          ? {
              line: candidate.line,
              status: 'duplicate',
              code: 'already_exists',
              reason: candidate.phone
                ? `A prospect with the phone ${candidate.phone} already exists`
                : `A prospect with the email ${candidate.email} already exists`,
              prospectId: holder,
            }
          : {
              line: candidate.line,
              status: 'created',
              ...(params.dryRun ? {} : { prospectId: candidate.id }),
            },
      );
    }
    for (const candidate of duplicatesInFile) {
      const earlier = sameAsEarlier.get(candidate);
      const earlierReport = earlier ? reports.get(earlier.line) : undefined;
      reports.set(candidate.line, {
        line: candidate.line,
        status: 'duplicate',
        code: 'duplicate_in_file',
        reason: `Same ${candidate.phone ? 'phone' : 'email'} as line ${earlier?.line ?? '?'}`,
        ...(earlierReport?.prospectId ? { prospectId: earlierReport.prospectId } : {}),
      });
    }
    const report = summarize(
      params.dryRun ?? false,
      dataRecords.map((record) => reports.get(record.line)).filter((row) => row !== undefined),
    );
    if (!params.dryRun) {
      await writeAudit(tx, params.actor, {
        businessId: params.businessId,
        action: 'prospect.import',
        entityType: 'prospect',
        changes: {
          rows: report.rows.length,
          created: report.created,
          duplicates: report.duplicates,
          rejected: report.rejected,
        },
      });
    }
    return report;
  };
  return params.dryRun ? run(db) : db.transaction((tx) => run(tx));
}

function summarize(dryRun: boolean, rows: ImportRowReport[]): ImportReport {
  const count = (status: ImportRowStatus) => rows.filter((row) => row.status === status).length;
  const duplicates = count('duplicate');
  const rejected = count('rejected');
  return {
    dryRun,
    created: count('created'),
    duplicates,
    rejected,
    skipped: duplicates + rejected,
    rows,
  };
}

/** identity → id of the prospects that already hold these candidates' phones or emails. */
async function existingIdentities(
  db: Db,
  businessId: string,
  candidates: readonly Candidate[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const phones = candidates.flatMap((c) => (c.phone ? [c.phone] : []));
  const emails = candidates.flatMap((c) => (!c.phone && c.email ? [c.email] : []));
  for (let start = 0; start < phones.length; start += 1000) {
    const rows = await prospectsByPhones(db, {
      businessId,
      phones: phones.slice(start, start + 1000),
    });
    for (const row of rows) if (row.phone) found.set(`phone:${row.phone}`, row.id);
  }
  for (let start = 0; start < emails.length; start += 1000) {
    const rows = await prospectsByEmails(db, {
      businessId,
      emails: emails.slice(start, start + 1000),
    });
    // The oldest holder of an email wins when several prospects share it.
    for (const row of rows) {
      const key = `email:${row.email}`;
      if (row.email && !found.has(key)) found.set(key, row.id);
    }
  }
  return found;
}
