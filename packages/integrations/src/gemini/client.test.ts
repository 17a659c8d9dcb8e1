import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGeminiClient, GeminiError } from './client';
import { type FakeGemini, startFakeGemini } from './fake';

let fake: FakeGemini;
beforeAll(async () => {
  fake = await startFakeGemini({ apiKey: 'test-key', respond: () => ({ text: '{"ok":true}' }) });
});
afterAll(() => fake.close());

const client = (overrides = {}) =>
  createGeminiClient({
    apiKey: 'test-key',
    baseUrl: fake.url,
    model: 'gemini-test',
    retryDelaySeconds: 0.01,
    timeoutMs: 2_000,
    ...overrides,
  });
const request = {
  system: 'Answer in JSON.',
  user: 'Bonjour',
  responseJsonSchema: { type: 'object', properties: { ok: { type: 'boolean' } } },
};

describe('Gemini client (the real SDK against the fake REST API)', () => {
  it('sends the system instruction, the text and the schema; returns the JSON text and usage', async () => {
    const before = fake.requests.length;
    const result = await client().generateJson(request);
    expect(result).toMatchObject({ text: '{"ok":true}', model: 'gemini-test' });
    expect(result.tokensIn).toBeGreaterThan(0);
    expect(result.tokensOut).toBeGreaterThan(0);
    const sent = fake.requests[before];
    expect(sent).toMatchObject({
      model: 'gemini-test',
      system: 'Answer in JSON.',
      user: 'Bonjour',
    });
    expect(sent?.body.generationConfig).toMatchObject({
      responseMimeType: 'application/json',
      responseJsonSchema: request.responseJsonSchema,
    });
  });

  it('retries 429 and 503 with backoff, then answers', async () => {
    const before = fake.requests.length;
    fake.queue({ status: 429 }, { status: 503 });
    await expect(client().generateJson(request)).resolves.toMatchObject({ text: '{"ok":true}' });
    expect(fake.requests.length - before).toBe(3);
  });

  it('gives up after its attempts, and does not retry a 400', async () => {
    fake.queue({ status: 429 }, { status: 429 }, { status: 429 });
    await expect(client().generateJson(request)).rejects.toMatchObject({ status: 429 });
    const before = fake.requests.length;
    fake.queue({ status: 400, message: 'bad schema' });
    const error = await client()
      .generateJson(request)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GeminiError);
    expect(error).toMatchObject({ status: 400 });
    expect(fake.requests.length - before).toBe(1);
  });

  it('a call slower than the timeout fails with status 0', async () => {
    fake.queue({ text: '{"ok":true}', delayMs: 500 });
    await expect(
      client({ timeoutMs: 100, attempts: 1 }).generateJson(request),
    ).rejects.toMatchObject({ status: 0 });
  });

  it('a wrong key is refused (403), not retried', async () => {
    await expect(client({ apiKey: 'nope' }).generateJson(request)).rejects.toMatchObject({
      status: 403,
    });
  });
});
