import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError } from '../http';
import { createWhatsappClient } from './client';
import { parseMetaError, WhatsappError } from './errors';
import { defaultFakeTemplates, FAKE_WABA_ID, type FakeGraph, startFakeGraph } from './fake';

let graph: FakeGraph;
beforeAll(async () => {
  graph = await startFakeGraph();
  graph.addNumber({
    phoneNumberId: '1065',
    displayPhoneNumber: '+221 77 000 00 01',
    verifiedName: 'Boutique Awa',
    accessToken: 'EAAG-good',
  });
});
afterAll(() => graph.close());

describe('WhatsApp Graph client (against the fake Graph API)', () => {
  it('sends to a business-scoped user id in `recipient`, and the fake refuses a BSUID in `to`', async () => {
    const client = createWhatsappClient({ baseUrl: graph.url, accessToken: 'EAAG-good' });
    const before = graph.sent.length;
    await client.send('1065', 'SN.13491208655302741918', {
      type: 'template',
      name: 'relance',
      language: 'fr',
    });
    expect(graph.sent.at(-1)?.body).toEqual({
      messaging_product: 'whatsapp',
      recipient: 'SN.13491208655302741918',
      type: 'template',
      template: { name: 'relance', language: { code: 'fr' } },
    });
    // A BSUID in `to` (a client unaware of usernames) is refused by the fake, so such a client fails here.
    const refused = await fetch(`${graph.url}/1065/messages`, {
      method: 'POST',
      headers: { authorization: 'Bearer EAAG-good', 'content-type': 'application/json' },
      body: JSON.stringify({
        messaging_product: 'whatsapp',
        to: 'SN.13491208655302741918',
        type: 'text',
        text: { body: 'x' },
      }),
    });
    expect(refused.status).toBe(400);
    expect(graph.sent.length).toBe(before + 1);
    graph.sent.splice(before); // the other tests read the sent list from the start
  });

  it('reads the number and sends text and templates in Meta’s wire format', async () => {
    const client = createWhatsappClient({ baseUrl: graph.url, accessToken: 'EAAG-good' });
    await expect(client.getPhoneNumber('1065')).resolves.toMatchObject({
      verified_name: 'Boutique Awa',
    });
    const id = await client.send('1065', '221771234567', { type: 'text', text: 'Bonjour !' });
    expect(id).toMatch(/^wamid\./);
    await client.send('1065', '221771234567', {
      type: 'template',
      name: 'relance',
      language: 'fr',
      parameters: ['Awa'],
    });
    expect(graph.sent.map((m) => m.body)).toEqual([
      {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '221771234567',
        type: 'text',
        text: { body: 'Bonjour !' },
      },
      {
        messaging_product: 'whatsapp',
        to: '221771234567',
        type: 'template',
        template: {
          name: 'relance',
          language: { code: 'fr' },
          components: [{ type: 'body', parameters: [{ type: 'text', text: 'Awa' }] }],
        },
      },
    ]);
  });

  it('a bad token and Meta’s errors come back as ProviderErrors with the Graph error code', async () => {
    const bad = createWhatsappClient({ baseUrl: graph.url, accessToken: 'nope' });
    await expect(bad.getPhoneNumber('1065')).rejects.toMatchObject({
      status: 401,
      body: { error: { code: 190 } },
    });
    const client = createWhatsappClient({ baseUrl: graph.url, accessToken: 'EAAG-good' });
    graph.failNext(131047, 'Re-engagement message');
    await expect(
      client.send('1065', '221771234567', { type: 'text', text: 'x' }),
    ).rejects.toMatchObject({
      status: 400,
      retryable: false,
      body: { error: { code: 131047 } },
    });
  });

  it('lists the account’s approved templates only, as Meta describes them', async () => {
    const client = createWhatsappClient({ baseUrl: graph.url, accessToken: 'EAAG-good' });
    const templates = await client.listTemplates('102290129340398');
    expect(templates.map((t) => [t.name, t.language, t.status, t.category])).toEqual([
      ['order_update', 'fr', 'APPROVED', 'UTILITY'],
      ['follow_up', 'fr', 'APPROVED', 'MARKETING'],
    ]);
    expect(templates[0]?.components).toEqual([
      { type: 'BODY', text: 'Bonjour {{1}}, votre commande {{2}} est en route.' },
    ]);
    const bad = createWhatsappClient({ baseUrl: graph.url, accessToken: 'nope' });
    await expect(bad.listTemplates('102290129340398')).rejects.toMatchObject({
      status: 401,
      body: { error: { code: 190 } },
    });
  });

  it('creates a template PENDING; it is offered once Meta approved it; a second one is refused', async () => {
    const client = createWhatsappClient({ baseUrl: graph.url, accessToken: 'EAAG-good' });
    const template = {
      wabaId: FAKE_WABA_ID,
      name: 'delivery_reminder',
      language: 'fr',
      category: 'UTILITY' as const,
      components: [
        {
          type: 'BODY' as const,
          text: 'Bonjour {{1}}, votre livreur arrive dans {{2}} minutes.',
          example: { body_text: [['Awa', '10']] },
        },
      ],
    };
    const created = await client.createTemplate(template);
    expect(created).toEqual({ id: expect.any(String), status: 'PENDING', category: 'UTILITY' });
    expect(graph.createdTemplates.at(-1)).toMatchObject({
      id: created.id,
      name: 'delivery_reminder',
      components: template.components,
    });
    const names = async () => (await client.listTemplates(FAKE_WABA_ID)).map((t) => t.name);
    expect(await names()).not.toContain('delivery_reminder');
    graph.approveTemplates();
    expect(await names()).toContain('delivery_reminder');
    // The same name and language again (a retry whose answer was lost): refused, not duplicated.
    const again = await client.createTemplate(template).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(WhatsappError);
    expect(again).toMatchObject({
      status: 400,
      retryable: false,
      meta: { code: 100, subcode: 2388024 },
    });
    await expect(client.createTemplate({ ...template, name: 'Pas Valide' })).rejects.toMatchObject({
      status: 400,
      code: 100,
    });
    const bad = createWhatsappClient({ baseUrl: graph.url, accessToken: 'nope' });
    await expect(bad.createTemplate({ ...template, name: 'other' })).rejects.toMatchObject({
      status: 401,
      code: 190,
    });
    graph.setTemplates(defaultFakeTemplates); // the other tests list the default templates
  });

  it('the sandbox approves a created template right away', async () => {
    const sandbox = await startFakeGraph({ acceptAny: true, templateReview: 'immediately' });
    try {
      const client = createWhatsappClient({ baseUrl: sandbox.url, accessToken: 'EAAG-anything' });
      await client.createTemplate({
        wabaId: '777',
        name: 'promo_korite',
        language: 'fr',
        category: 'MARKETING',
        components: [{ type: 'BODY', text: 'Bonne fête de Korité !' }],
      });
      const listed = await client.listTemplates('777');
      expect(listed.map((t) => [t.name, t.status])).toContainEqual(['promo_korite', 'APPROVED']);
    } finally {
      await sandbox.close();
    }
  });

  it('lists an account’s numbers to a token that manages it; Meta’s refusals otherwise', async () => {
    graph.addNumber({
      phoneNumberId: '2071',
      displayPhoneNumber: '+225 07 00 00 00 01',
      verifiedName: 'Chez Koffi',
      accessToken: 'EAAG-koffi',
      wabaId: '3001',
    });
    const koffi = createWhatsappClient({ baseUrl: graph.url, accessToken: 'EAAG-koffi' });
    await expect(koffi.listPhoneNumbers('3001')).resolves.toEqual([
      { id: '2071', display_phone_number: '+225 07 00 00 00 01', verified_name: 'Chez Koffi' },
    ]);
    // A valid token of another account: that account "does not exist" for it (Graph code 100).
    await expect(koffi.listPhoneNumbers(FAKE_WABA_ID)).rejects.toMatchObject({
      status: 400,
      body: { error: { code: 100 } },
    });
    await expect(koffi.getPhoneNumber('1065')).rejects.toMatchObject({
      status: 400,
      body: { error: { code: 100 } },
    });
    // A token Meta does not know at all (190).
    const stranger = createWhatsappClient({ baseUrl: graph.url, accessToken: 'EAAG-nobody' });
    await expect(stranger.listPhoneNumbers('3001')).rejects.toMatchObject({
      status: 401,
      body: { error: { code: 190 } },
    });
  });

  it('the sandbox answers any number and token, and lists a number in the account its token reads', async () => {
    const sandbox = await startFakeGraph({ acceptAny: true });
    try {
      const client = createWhatsappClient({ baseUrl: sandbox.url, accessToken: 'EAAG-anything' });
      await expect(client.getPhoneNumber('55501')).resolves.toMatchObject({ id: '55501' });
      await expect(client.listPhoneNumbers('777')).resolves.toMatchObject([{ id: '55501' }]);
    } finally {
      await sandbox.close();
    }
  });
});

describe('WhatsappError', () => {
  it("a refused send carries Meta's code, message and status; it is still a ProviderError", async () => {
    const client = createWhatsappClient({ baseUrl: graph.url, accessToken: 'EAAG-good' });
    graph.failNext(131026, 'Message undeliverable');
    const error = await client
      .send('1065', '221771234567', { type: 'text', text: 'x' })
      .catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(WhatsappError);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({
      status: 400,
      code: 131026,
      reason: 'Message undeliverable',
      meta: { code: 131026, message: 'Message undeliverable' },
    });
  });

  it('a number the fake cannot deliver to is refused with 131026 and not recorded; others go', async () => {
    const client = createWhatsappClient({ baseUrl: graph.url, accessToken: 'EAAG-good' });
    graph.addUndeliverable('+221779990001');
    const before = graph.sent.length;
    const error = await client
      .send('1065', '221779990001', { type: 'text', text: 'x' })
      .catch((failure: unknown) => failure);
    expect(error).toMatchObject({ status: 400, code: 131026 });
    await expect(client.send('1065', '221779990002', { type: 'text', text: 'x' })).resolves.toMatch(
      /^wamid\./,
    );
    expect(graph.sent.slice(before).map((sent) => sent.body.to)).toEqual(['221779990002']);
  });

  it('a call Meta never answered has no Meta code: the status stands in', async () => {
    const client = createWhatsappClient({ baseUrl: 'http://127.0.0.1:9', accessToken: 'x' });
    const error = await client.getPhoneNumber('1065').catch((failure: unknown) => failure);
    expect(error).toMatchObject({ status: 0, code: 0, meta: { code: null, message: null } });
  });

  it('keeps what is usable of a malformed body and drops the rest', () => {
    expect(
      parseMetaError({ error: { code: '131026', message: 'Nope', error_subcode: 2 } }),
    ).toEqual({
      code: null,
      subcode: 2,
      message: 'Nope',
      userMessage: null,
    });
    expect(parseMetaError('<html>bad gateway</html>')).toEqual({
      code: null,
      subcode: null,
      message: null,
      userMessage: null,
    });
  });
});
