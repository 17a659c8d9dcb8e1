import { schema } from '@flux/db';
import { type FakeGraph, startFakeGraph } from '@flux/integrations';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../testing';

let graph: FakeGraph;
beforeAll(async () => {
  graph = await startFakeGraph();
});
afterAll(() => graph.close());
const app = useTestApp({ whatsappApiBaseUrl: () => graph.url });

const TOKEN = 'EAAGm0PX4ZCpsBAKZBgoodtoken123';

describe('settings.whatsapp', () => {
  it('connects a number with its token encrypted at rest, never returned, and tests it against Meta', async () => {
    const owner = await app.signUp();
    graph.addNumber({
      phoneNumberId: '106540352242922',
      displayPhoneNumber: '+221 77 000 00 01',
      verifiedName: 'Boutique Awa',
      accessToken: TOKEN,
    });
    const connected = await owner.caller.settings.whatsapp.connect({
      phoneNumberId: '106540352242922',
      wabaId: '102290129340398',
      displayPhoneNumber: '+221 77 000 00 01',
      accessToken: TOKEN,
    });
    expect(connected).not.toHaveProperty('accessToken');
    expect(await owner.caller.settings.whatsapp.get()).toMatchObject({
      phoneNumberId: '106540352242922',
      active: true,
    });
    const raw = await app.services.db.execute<{ token: string }>(
      sql`select access_token_encrypted as token from whatsapp_accounts where phone_number_id = '106540352242922'`,
    );
    expect(raw.rows[0]?.token).toMatch(/^v1:/);
    expect(raw.rows[0]?.token).not.toContain('EAAG');
    await expect(owner.caller.settings.whatsapp.test()).resolves.toEqual({
      ok: true,
      displayPhoneNumber: '+221 77 000 00 01',
      verifiedName: 'Boutique Awa',
    });
  });

  it('nobody connects a number Meta does not show them: wrong token, someone else’s number, a number outside that account', async () => {
    // Awa's shop holds its number in its own WhatsApp Business Account; an attacker has a real
    // Meta account of their own (a valid token, another WABA).
    graph.addNumber({
      phoneNumberId: '106540352249999',
      displayPhoneNumber: '+221 77 000 00 09',
      verifiedName: 'Boutique Awa',
      accessToken: TOKEN,
      wabaId: '102290129340398',
    });
    graph.addNumber({
      phoneNumberId: '106540352248888',
      displayPhoneNumber: '+33 6 00 00 00 08',
      verifiedName: 'Attaquant',
      accessToken: 'EAAGm0PX4ZCpsBAKZBattackertoken',
      wabaId: '102290129349999',
    });
    const attacker = await app.signUp();
    const tries = [
      // Someone else's number, a token Meta does not know.
      {
        input: {
          phoneNumberId: '106540352249999',
          wabaId: '102290129340398',
          accessToken: `${TOKEN}-wrong`,
        },
        field: 'accessToken',
      },
      // Someone else's number with the attacker's own valid token (and either account).
      {
        input: {
          phoneNumberId: '106540352249999',
          wabaId: '102290129349999',
          accessToken: 'EAAGm0PX4ZCpsBAKZBattackertoken',
        },
        field: 'phoneNumberId',
      },
      {
        input: {
          phoneNumberId: '106540352249999',
          wabaId: '102290129340398',
          accessToken: 'EAAGm0PX4ZCpsBAKZBattackertoken',
        },
        field: 'phoneNumberId',
      },
      // Their own number, claiming Awa's account.
      {
        input: {
          phoneNumberId: '106540352248888',
          wabaId: '102290129340398',
          accessToken: 'EAAGm0PX4ZCpsBAKZBattackertoken',
        },
        field: 'wabaId',
      },
    ];
    for (const { input, field } of tries) {
      const error = await attacker.caller.settings.whatsapp.connect(input).then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(error, JSON.stringify(input)).toMatchObject({
        code: 'BAD_REQUEST',
        cause: { details: { field } },
      });
    }
    expect(await attacker.caller.settings.whatsapp.get()).toBeNull();
    expect(
      await app.services.db.$count(
        schema.whatsappAccounts,
        sql`phone_number_id = '106540352249999'`,
      ),
    ).toBe(0);
    expect(await attacker.caller.audit.list({ action: 'whatsapp.connect' })).toMatchObject({
      items: [],
    });
  });

  it('a number in another account its token manages is refused: the number must be in the account given', async () => {
    const owner = await app.signUp();
    const token = 'EAAGm0PX4ZCpsBAKZBtwoaccounts';
    graph.addNumber({
      phoneNumberId: '106540352247771',
      displayPhoneNumber: '+221 77 000 00 71',
      verifiedName: 'A',
      accessToken: token,
      wabaId: '102290129347001',
    });
    graph.addNumber({
      phoneNumberId: '106540352247772',
      displayPhoneNumber: '+221 77 000 00 72',
      verifiedName: 'B',
      accessToken: token,
      wabaId: '102290129347002',
    });
    await expect(
      owner.caller.settings.whatsapp.connect({
        phoneNumberId: '106540352247771',
        wabaId: '102290129347002',
        accessToken: token,
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', cause: { details: { field: 'wabaId' } } });
    // The right pair connects, with the number as Meta shows it, whatever was typed.
    await expect(
      owner.caller.settings.whatsapp.connect({
        phoneNumberId: '106540352247771',
        wabaId: '102290129347001',
        displayPhoneNumber: '+221 00 000 00 00',
        accessToken: token,
      }),
    ).resolves.toMatchObject({ displayPhoneNumber: '+221 77 000 00 71', verifiedName: 'A' });
  });

  it('a number connected to another business is a CONFLICT that does not say which; a wrong token later tests as not ok', async () => {
    const first = await app.signUp({ businessName: 'Boutique Premiere' });
    const second = await app.signUp({ businessName: 'Boutique Seconde' });
    const number = { phoneNumberId: '106540352246666', wabaId: '102290129346666' };
    // A token of its own, so that once rotated Meta no longer knows it at all (190).
    const CONFLICT_TOKEN = 'EAAGm0PX4ZCpsBAKZBconflicttoken';
    graph.addNumber({
      ...number,
      displayPhoneNumber: '+221 77 000 00 66',
      verifiedName: 'X',
      accessToken: CONFLICT_TOKEN,
    });
    await first.caller.settings.whatsapp.connect({ ...number, accessToken: CONFLICT_TOKEN });
    const conflict = await second.caller.settings.whatsapp
      .connect({ ...number, accessToken: CONFLICT_TOKEN })
      .then(
        () => null,
        (caught: unknown) => caught,
      );
    expect(conflict).toMatchObject({ code: 'CONFLICT' });
    const said = JSON.stringify(conflict) + String((conflict as Error).message);
    for (const secret of ['Premiere', first.businessId, first.email, 'boutique-premiere']) {
      expect(said).not.toContain(secret);
    }
    expect(await second.caller.settings.whatsapp.get()).toBeNull();
    // Meta revokes the token: the stored connection tests as not ok, in Meta's words.
    graph.addNumber({
      ...number,
      displayPhoneNumber: '+221 77 000 00 66',
      verifiedName: 'X',
      accessToken: `${CONFLICT_TOKEN}-rotated`,
    });
    await expect(first.caller.settings.whatsapp.test()).resolves.toMatchObject({
      ok: false,
      code: 190,
    });
  });

  it('disconnect removes the number (and is NOT_FOUND when there is none)', async () => {
    const owner = await app.signUp();
    graph.addNumber({
      phoneNumberId: '106540352241111',
      displayPhoneNumber: '+221 77 000 00 11',
      verifiedName: 'Y',
      accessToken: TOKEN,
    });
    await owner.caller.settings.whatsapp.connect({
      phoneNumberId: '106540352241111',
      wabaId: '102290129340398',
      displayPhoneNumber: '+221 77 000 00 11',
      accessToken: TOKEN,
    });
    await owner.caller.settings.whatsapp.disconnect();
    expect(await owner.caller.settings.whatsapp.get()).toBeNull();
    expect(
      await app.services.db.$count(
        schema.whatsappAccounts,
        sql`phone_number_id = '106540352241111'`,
      ),
    ).toBe(0);
    await expect(owner.caller.settings.whatsapp.disconnect()).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('settings.sms', () => {
  it('connects an SMS account with its key encrypted, never returned, and a reports URL only this business signs', async () => {
    const owner = await app.signUp();
    const key = 'atsk_0123456789abcdef0123456789abcdef';
    const account = await owner.caller.settings.sms.connect({
      provider: 'africastalking',
      accountId: 'boutique-awa',
      apiKey: key,
      senderId: 'AWA',
    });
    expect(JSON.stringify(account)).not.toContain(key);
    expect(account).toMatchObject({ provider: 'africastalking', accountId: 'boutique-awa' });
    const url = new URL(account.reportsUrl ?? '');
    expect(url.pathname).toBe('/webhooks/sms/africastalking');
    const raw = await app.services.db.execute<{ key: string; secret: string }>(
      sql`select api_key_encrypted as key, callback_secret_encrypted as secret from sms_accounts where account_id = 'boutique-awa'`,
    );
    expect(raw.rows[0]?.key).toMatch(/^v1:/);
    expect(raw.rows[0]?.key).not.toContain('atsk_');
    expect(JSON.stringify(await owner.caller.settings.sms.get())).not.toContain(key);

    // Twilio needs its sender and a real-looking SID, said on the fields.
    await expect(
      owner.caller.settings.sms.connect({ provider: 'twilio', accountId: 'nope', apiKey: key }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });

    await owner.caller.settings.sms.disconnect();
    expect(await owner.caller.settings.sms.get()).toBeNull();
    await expect(owner.caller.settings.sms.disconnect()).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('settings.templates', () => {
  it('lists the notification templates with Meta’s verdict and submits the missing ones once', async () => {
    const owner = await app.signUp();
    const phoneNumberId = `10654035224${Date.now() % 10_000}`;
    graph.addNumber({
      phoneNumberId,
      displayPhoneNumber: '+221 77 000 00 09',
      verifiedName: 'Boutique Templates',
      accessToken: TOKEN,
      wabaId: '999000111222333',
    });
    await owner.caller.settings.whatsapp.connect({
      phoneNumberId,
      wabaId: '999000111222333',
      accessToken: TOKEN,
    });
    const before = await owner.caller.settings.templates.list();
    expect(before.length).toBeGreaterThan(4);
    expect(new Set(before.map((t) => t.language))).toEqual(new Set(['fr', 'en']));
    const missing = before.filter((t) => t.state === 'MISSING');
    expect(missing.length).toBeGreaterThan(0);

    const { submitted } = await owner.caller.settings.templates.submit();
    expect(submitted).toHaveLength(missing.length);
    const after = await owner.caller.settings.templates.list();
    expect(after.filter((t) => t.state === 'MISSING')).toEqual([]);
    expect(after.every((t) => ['PENDING', 'APPROVED'].includes(t.state))).toBe(true);
    // Meta received each with a sample for its parameters (its review requires them).
    const created = graph.createdTemplates.filter((t) =>
      submitted.includes(`${t.name}:${t.language}`),
    );
    expect(created).toHaveLength(submitted.length);

    graph.approveTemplates();
    expect(
      (await owner.caller.settings.templates.list()).every((t) => t.state === 'APPROVED'),
    ).toBe(true);
    expect((await owner.caller.settings.templates.submit()).submitted).toEqual([]);
  });
});
