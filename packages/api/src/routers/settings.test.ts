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

  it('a number already connected elsewhere is a CONFLICT; a wrong token tests as not ok, in Meta’s words', async () => {
    const first = await app.signUp();
    const second = await app.signUp();
    const number = {
      phoneNumberId: '106540352249999',
      wabaId: '102290129340398',
      displayPhoneNumber: '+221 77 000 00 09',
    };
    graph.addNumber({
      phoneNumberId: number.phoneNumberId,
      displayPhoneNumber: number.displayPhoneNumber,
      verifiedName: 'X',
      accessToken: TOKEN,
    });
    await first.caller.settings.whatsapp.connect({ ...number, accessToken: `${TOKEN}-wrong` });
    await expect(
      second.caller.settings.whatsapp.connect({ ...number, accessToken: TOKEN }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(first.caller.settings.whatsapp.test()).resolves.toMatchObject({
      ok: false,
      code: 190,
    });
  });

  it('disconnect removes the number (and is NOT_FOUND when there is none)', async () => {
    const owner = await app.signUp();
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
