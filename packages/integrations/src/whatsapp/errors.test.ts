import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError } from '../http';
import { createWhatsappClient } from './client';
import { parseMetaError, WhatsappError } from './errors';
import { type FakeGraph, startFakeGraph } from './fake';

let graph: FakeGraph;
beforeAll(async () => {
  graph = await startFakeGraph();
  graph.addNumber({
    phoneNumberId: '1066',
    displayPhoneNumber: '+221 77 000 00 09',
    verifiedName: 'Shop',
    accessToken: 'EAAG-errors',
  });
});
afterAll(() => graph.close());

describe('WhatsappError', () => {
  it("a refused send carries Meta's code, message and status; it is still a ProviderError", async () => {
    const client = createWhatsappClient({ baseUrl: graph.url, accessToken: 'EAAG-errors' });
    graph.failNext(131026, 'Message undeliverable');
    const error = await client
      .send('1066', '221771234567', { type: 'text', text: 'x' })
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

  it('a call Meta never answered has no Meta code: the status stands in', async () => {
    const client = createWhatsappClient({ baseUrl: 'http://127.0.0.1:9', accessToken: 'x' });
    const error = await client.getPhoneNumber('1066').catch((failure: unknown) => failure);
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
