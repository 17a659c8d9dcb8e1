import { schema } from '@flux/db';
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { detectDelimiter, parseCsv } from '../lib/csv';
import { type TestUser, useTestApp } from '../testing';

describe('parseCsv', () => {
  it('reads quoted fields with delimiters, "" escapes and line breaks, over CRLF', () => {
    const text =
      'name,phone,notes\r\n"Diop, Awa",771234567,"She said ""hi"""\r\n"Multi\r\nline",772222222,x\r\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['name', 'phone', 'notes'] },
      { line: 2, fields: ['Diop, Awa', '771234567', 'She said "hi"'] },
      { line: 3, fields: ['Multi\r\nline', '772222222', 'x'] },
    ]);
  });

  it('numbers records by the line they start on and skips blank lines', () => {
    const text = 'a,b\n\n1,"x\ny"\n\n2,z';
    expect(parseCsv(text).map((r) => [r.line, r.fields])).toEqual([
      [1, ['a', 'b']],
      [3, ['1', 'x\ny']],
      [6, ['2', 'z']],
    ]);
  });

  it('keeps empty fields, a stray quote inside a field, and a last line without newline', () => {
    expect(parseCsv('a,,"",5" screen')).toEqual([{ line: 1, fields: ['a', '', '', '5" screen'] }]);
  });

  it('an unclosed quote is a BAD_REQUEST naming its line', () => {
    expect(() => parseCsv('name,phone\nok,1\n"Awa,771234567\n')).toThrow(/Line 3/);
  });

  it('finds the delimiter from the header (Excel in French writes semicolons)', () => {
    expect(detectDelimiter('name;phone;email\n1,2;3')).toBe(';');
    expect(detectDelimiter('name,phone\n')).toBe(',');
    expect(detectDelimiter('name\tphone')).toBe('\t');
    expect(detectDelimiter('phone')).toBe(',');
  });
});

const app = useTestApp();

let phoneCounter = 0;
/** A valid Senegalese mobile number in national form, different on every call. */
function phone(): string {
  phoneCounter += 1;
  return `76${String(1_000_000 + phoneCounter * 6133).slice(-7)}`;
}
const e164 = (national: string) => `+221${national}`;

async function prospectsOf(user: TestUser) {
  return app.services.db
    .select()
    .from(schema.prospects)
    .where(eq(schema.prospects.businessId, user.businessId));
}

async function importAudits(user: TestUser) {
  return app.services.db
    .select()
    .from(schema.auditLogs)
    .where(
      and(
        eq(schema.auditLogs.businessId, user.businessId),
        eq(schema.auditLogs.action, 'prospect.import'),
      ),
    );
}

describe('prospects.importCsv', () => {
  it('imports rows with names, normalized phones, emails and tags; headers in any case, extra columns ignored', async () => {
    const owner = await app.signUp();
    const [p1, p2] = [phone(), phone()];
    const csv = [
      'Name,PHONE,Email,Tags,Source',
      `"Diop, Awa",${p1},Awa@Example.com,VIP;Dakar,instagram`,
      `Moussa,+221 ${p2},,grossiste|VIP,`,
      'Mail Only,,mail.only@example.com,,',
    ].join('\r\n');
    const report = await owner.caller.prospects.importCsv({ csv });
    expect(report).toMatchObject({
      dryRun: false,
      created: 3,
      duplicates: 0,
      rejected: 0,
      skipped: 0,
    });
    expect(report.rows.map((r) => [r.line, r.status])).toEqual([
      [2, 'created'],
      [3, 'created'],
      [4, 'created'],
    ]);
    const stored = await prospectsOf(owner);
    const byName = new Map(stored.map((p) => [p.name, p]));
    expect(byName.get('Diop, Awa')).toMatchObject({
      phone: e164(p1),
      email: 'awa@example.com',
      tags: ['vip', 'dakar'],
      status: 'new',
    });
    expect(byName.get('Moussa')).toMatchObject({ phone: e164(p2), tags: ['grossiste', 'vip'] });
    expect(byName.get('Mail Only')).toMatchObject({ phone: null, email: 'mail.only@example.com' });
    expect(report.rows.map((r) => r.prospectId).sort()).toEqual(stored.map((p) => p.id).sort());
    const [audit] = await importAudits(owner);
    expect(audit?.changes).toEqual({ rows: 3, created: 3, duplicates: 0, rejected: 0 });
  });

  it('reports each row it did not create, and why, and still imports the others', async () => {
    const owner = await app.signUp();
    const existing = await owner.caller.prospects.create({ name: 'Already', phone: phone() });
    const [good, twice] = [phone(), phone()];
    const csv = [
      'name,phone,email,tags',
      `Good,${good},,`,
      'Bad phone,not-a-number,,',
      'Nobody,,,',
      'Bad email,,not-an-email,',
      `Twice,${twice},,`,
      `Twice again,+221${twice},,`,
      `Already here,${existing.phone},,`,
      `Too many tags,${phone()},,${Array.from({ length: 21 }, (_, i) => `t${i}`).join(';')}`,
      'Mail,,same@example.com,',
      'Mail again,,SAME@example.com,',
    ].join('\n');
    const report = await owner.caller.prospects.importCsv({ csv });
    expect(report.rows).toEqual([
      { line: 2, status: 'created', prospectId: expect.any(String) },
      {
        line: 3,
        status: 'rejected',
        code: 'invalid_phone',
        reason: 'Invalid phone number "not-a-number"',
      },
      { line: 4, status: 'rejected', code: 'missing_contact', reason: 'No phone and no email' },
      {
        line: 5,
        status: 'rejected',
        code: 'invalid_email',
        reason: 'Invalid email address "not-an-email"',
      },
      { line: 6, status: 'created', prospectId: expect.any(String) },
      {
        line: 7,
        status: 'duplicate',
        code: 'duplicate_in_file',
        reason: 'Same phone as line 6',
        prospectId: report.rows[4]?.prospectId,
      },
      {
        line: 8,
        status: 'duplicate',
        code: 'already_exists',
        reason: `A prospect with the phone ${existing.phone} already exists`,
        prospectId: existing.id,
      },
      { line: 9, status: 'rejected', code: 'invalid_tags', reason: 'At most 20 tags' },
      { line: 10, status: 'created', prospectId: expect.any(String) },
      {
        line: 11,
        status: 'duplicate',
        code: 'duplicate_in_file',
        reason: 'Same email as line 10',
        prospectId: report.rows[8]?.prospectId,
      },
    ]);
    expect(report).toMatchObject({ created: 3, duplicates: 3, rejected: 4, skipped: 7 });
    expect((await prospectsOf(owner)).map((p) => p.name).sort()).toEqual(
      ['Already', 'Good', 'Mail', 'Twice'].sort(),
    );
  });

  it('importing the same file twice creates nothing the second time', async () => {
    const owner = await app.signUp();
    const csv = `name,phone,email\nA,${phone()},\nB,,b@example.com\n`;
    await owner.caller.prospects.importCsv({ csv });
    const again = await owner.caller.prospects.importCsv({ csv });
    expect(again).toMatchObject({ created: 0, duplicates: 2 });
    expect(again.rows.every((r) => r.code === 'already_exists')).toBe(true);
    expect(await prospectsOf(owner)).toHaveLength(2);
  });

  it('reads semicolon-separated files with a byte order mark and French headers', async () => {
    const owner = await app.signUp();
    const p1 = phone();
    const csv = `\uFEFFNom;Téléphone;Courriel;Étiquettes\r\nAwa;${p1};awa@example.com;"vip;dakar"\r\n`;
    const report = await owner.caller.prospects.importCsv({ csv });
    expect(report.created).toBe(1);
    expect(await prospectsOf(owner)).toMatchObject([
      { name: 'Awa', phone: e164(p1), email: 'awa@example.com', tags: ['vip', 'dakar'] },
    ]);
  });

  it('a dry run reports the same and writes nothing, not even an audit row', async () => {
    const owner = await app.signUp();
    const existing = await owner.caller.prospects.create({ phone: phone() });
    const csv = `name,phone\nNew,${phone()}\nOld,${existing.phone}\nBad,123\n`;
    const report = await owner.caller.prospects.importCsv({ csv, dryRun: true });
    expect(report).toMatchObject({ dryRun: true, created: 1, duplicates: 1, rejected: 1 });
    expect(report.rows[0]).toEqual({ line: 2, status: 'created' });
    expect(report.rows[1]).toMatchObject({ status: 'duplicate', prospectId: existing.id });
    expect(await prospectsOf(owner)).toHaveLength(1);
    expect(await importAudits(owner)).toHaveLength(0);
  });

  it('refuses a file without a usable header, with clear messages, and writes nothing', async () => {
    const owner = await app.signUp();
    const refusals: [string, RegExp][] = [
      [`Awa,${phone()}\nMoussa,${phone()}`, /header/],
      ['name,city\nAwa,Dakar', /phone or an email column/],
      ['name,phone,Téléphone\nAwa,1,2', /phone column twice/],
      ['name,phone\n', /no rows/],
      ['\n\n', /empty/],
      ['name,phone\n"Awa,771234567\n', /never closed/],
    ];
    for (const [csv, message] of refusals) {
      await expect(owner.caller.prospects.importCsv({ csv })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: expect.stringMatching(message),
      });
    }
    await expect(owner.caller.prospects.importCsv({ csv: '' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect(await prospectsOf(owner)).toHaveLength(0);
    expect(await importAudits(owner)).toHaveLength(0);
  });

  it('takes 5,000 rows and refuses 5,001', async () => {
    const owner = await app.signUp();
    const rows = (count: number, start: number) =>
      Array.from({ length: count }, (_, i) => `P${i},+22170${String(start + i).padStart(7, '0')}`);
    const tooMany = ['name,phone', ...rows(5_001, 1_000_000)].join('\n');
    await expect(owner.caller.prospects.importCsv({ csv: tooMany })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/5001 rows.*at most 5000/),
    });
    const limit = ['name,phone', ...rows(5_000, 2_000_000)].join('\n');
    const report = await owner.caller.prospects.importCsv({ csv: limit });
    expect(report.created).toBe(5_000);
    expect(await prospectsOf(owner)).toHaveLength(5_000);
  });

  it('a database failure part-way rolls the whole import back, its webhook events with it', async () => {
    const owner = await app.signUp();
    // An endpoint on loopback (allowed here; nothing is sent: no worker runs in this file).
    app.services.config.webhooks = {
      ...app.services.config.webhooks,
      allowedNetworks: ['127.0.0.1/32'],
    };
    const { endpoint } = await owner.caller.webhooks.create({
      url: 'http://127.0.0.1:9/imported',
      events: ['prospect.created'],
    });
    // A trigger that fails on one row in the middle of the file stands in for any failure
    // (disk, constraint, connection) after some rows were already written.
    await app.services.db.execute(sql`
      create function fail_on_boom() returns trigger language plpgsql as $$
      begin
        if new.name = 'BOOM' then raise exception 'disk on fire'; end if;
        return new;
      end $$`);
    await app.services.db.execute(sql`
      create trigger prospects_fail_on_boom before insert on prospects
      for each row execute function fail_on_boom()`);
    try {
      const csv = [
        'name,phone',
        ...Array.from({ length: 700 }, (_, i) => `${i === 600 ? 'BOOM' : `Row ${i}`},${phone()}`),
      ].join('\n');
      await expect(owner.caller.prospects.importCsv({ csv })).rejects.toMatchObject({
        code: 'INTERNAL_SERVER_ERROR',
      });
      expect(await prospectsOf(owner)).toHaveLength(0);
      expect(await importAudits(owner)).toHaveLength(0);
      // The first 500 rows' events were written before the failure: gone with them.
      const deliveries = await app.services.db
        .select()
        .from(schema.webhookDeliveries)
        .where(eq(schema.webhookDeliveries.endpointId, endpoint.id));
      expect(deliveries).toEqual([]);
    } finally {
      await app.services.db.execute(sql`drop trigger prospects_fail_on_boom on prospects`);
      await app.services.db.execute(sql`drop function fail_on_boom()`);
    }
  });

  it('a courier cannot import', async () => {
    const owner = await app.signUp();
    const courier = await app.signUp();
    await app.join(owner, courier, 'courier');
    const asCourier = await app.as(courier.token);
    await expect(
      asCourier.prospects.importCsv({ businessId: owner.businessId, csv: `phone\n${phone()}` }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
