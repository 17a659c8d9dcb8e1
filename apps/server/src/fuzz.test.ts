// Property tests over real HTTP: every procedure of the API and the WhatsApp webhook, fed random
// and adversarial values (NaN, Infinity, huge strings, `__proto__`, invalid UUIDs, deep nesting,
// wrong types), answer 2xx or 4xx, never 5xx, and the server stays ready. Procedures are
// enumerated from the router and called with the valid inputs of the tenant harness
// (packages/api/src/routers/*.cases.ts), mutated. Deterministic: a fixed seed (fast-check prints
// it with the failing input; FUZZ_SEED in the message names it too), bounded runs per procedure.
import { appRouter } from '@flux/api';
import { procedureCases, type World } from '@flux/api/testing/cases';
import { schema } from '@flux/db';
import { DEMO_LOGIN } from '@flux/db/seed';
import { signWebhook, textMessage, webhookPayload } from '@flux/integrations';
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import superjson from 'superjson';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer } from './testing';
import { MAX_WEBHOOK_DEPTH } from './webhooks/whatsapp';

const SEED = 20_260_514;
const RUNS_PER_PROCEDURE = 12;
const WEBHOOK_RUNS = 120;
const SECRET = 'flux-dev-app-secret';

const server = useTestServer();
let base = '';
const tokens = { owner: '', courier: '' };
let world: World;

async function signIn(email: string): Promise<string> {
  const response = await fetch(`${base}/trpc/auth.signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ json: { email, password: DEMO_LOGIN.password, client: 'app' } }),
  });
  const body = (await response.json()) as { result: { data: { json: { token: string } } } };
  return body.result.data.json.token;
}

/** A session the fuzz may have ended (auth.signOut with any input) is opened again. */
async function ensureSession(kind: 'owner' | 'courier') {
  const me = await fetch(`${base}/trpc/auth.me`, {
    headers: { authorization: `Bearer ${tokens[kind]}` },
  });
  if (me.status === 200) return;
  tokens[kind] = await signIn(kind === 'owner' ? DEMO_LOGIN.email : 'courier1@fluxasync.test');
}

beforeAll(async () => {
  base = server.url;
  const { db } = server.running.database;
  const businessId = server.running.demo?.businessId ?? '';
  tokens.owner = await signIn(DEMO_LOGIN.email);
  tokens.courier = await signIn('courier1@fluxasync.test');
  // Real ids of the demo shop, so valid inputs reach the procedures' bodies.
  const first = async <T extends { id: string }>(rows: Promise<T[]>) => (await rows)[0]?.id ?? '';
  const records: Record<string, string> = {
    productId: await first(
      db.select().from(schema.products).where(eq(schema.products.businessId, businessId)),
    ),
    orderId: await first(
      db.select().from(schema.orders).where(eq(schema.orders.businessId, businessId)),
    ),
    conversationId: await first(
      db.select().from(schema.conversations).where(eq(schema.conversations.businessId, businessId)),
    ),
    prospectId: await first(
      db.select().from(schema.prospects).where(eq(schema.prospects.businessId, businessId)),
    ),
    courierId: await first(
      db.select().from(schema.couriers).where(eq(schema.couriers.businessId, businessId)),
    ),
    deliveryId: await first(
      db.select().from(schema.deliveries).where(eq(schema.deliveries.businessId, businessId)),
    ),
    insightId: await first(
      db.select().from(schema.aiInsights).where(eq(schema.aiInsights.businessId, businessId)),
    ),
  };
  records.aiConversationId = records.conversationId ?? '';
  records.orderProductId = records.productId ?? '';
  records.orderProspectId = records.prospectId ?? '';
  const [ownerRow] = await db
    .select({ id: schema.users.id })
    .from(schema.users)
    .where(eq(schema.users.email, DEMO_LOGIN.email));
  const owner = {
    token: tokens.owner,
    userId: ownerRow?.id ?? '',
    businessId,
    email: DEMO_LOGIN.email,
  } as World['victim'];
  world = { attacker: owner, victim: owner, victimAgent: owner, victimCourier: owner, records };
}, 60_000);

// --- values -------------------------------------------------------------------------------

/** Placeholders replaced in the JSON text: what superjson cannot carry (depth, `__proto__`). */
const DEEP = '"__fuzz_deep__"';
const PROTO = '"__fuzz_proto__"';
/** A key superjson refuses to write: sent under this name, renamed in the text. */
const PROTO_KEY = '__fuzz_proto_key__';
const deepText = (depth: number) => `${'{"a":['.repeat(depth)}1${']}'.repeat(depth)}`;
const protoText = '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}';

const adversarial = (huge: number) =>
  fc.oneof(
    fc.constantFrom<unknown>(
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      -0,
      1e308,
      -1e308,
      2 ** 31,
      -(2 ** 31) - 1,
      Number.MAX_SAFE_INTEGER + 2,
      0.5,
      '',
      ' ',
      '\u0000',
      'a\u0000b',
      '\ud800',
      '\u202e\u0007',
      "' or '1'='1",
      '%_\\',
      '__proto__',
      'constructor',
      'not-a-uuid',
      '00000000-0000-0000-0000-000000000000',
      'ffffffff-ffff-ffff-ffff-ffffffffffff',
      '9999-99-99',
      '+275760-09-13T00:00:00.000Z',
      '-271821-04-20T00:00:00.000Z',
      new Date(8.64e15),
      new Date(-8.64e15),
      new Date(Number.NaN),
      10n ** 30n,
      true,
      null,
      undefined,
      [],
      {},
      // Cursors of the right encoding with a key of the wrong type or range.
      Buffer.from('{"k":"x","id":"7d0b7c3e-3f0e-4c55-9d1a-0f7e6a3c2b11"}').toString('base64url'),
      Buffer.from('{"k":{"a":1},"d":true,"id":"x"}').toString('base64url'),
      DEEP.slice(1, -1),
      PROTO.slice(1, -1),
    ),
    fc.string({ minLength: huge / 2, maxLength: huge }),
    fc.string({ unit: 'binary', maxLength: 50 }),
    fc.uuid(),
    fc.integer(),
    fc.double(),
    fc.date({ noInvalidDate: false }),
    fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.integer()), { maxLength: 1_000 }),
    fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }), { maxKeys: 5 }),
  );

/** A value anywhere: adversarial, or nested objects and arrays of them. */
const anything = (huge: number) =>
  fc.oneof(
    { weight: 3, arbitrary: adversarial(huge) },
    fc.array(adversarial(huge), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 12 }), adversarial(huge), { maxKeys: 4 }),
  );

/** fast-check writes `__proto__` keys on purpose; superjson refuses them: renamed, then restored. */
function withoutProtoKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutProtoKeys);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key === '__proto__' ? PROTO_KEY : key,
        withoutProtoKeys(item),
      ]),
    );
  }
  return value;
}

/** The wire body of one call: superjson's `{ json, meta }` with the placeholders filled in. */
function wire(value: unknown, depth: number): string {
  const text = JSON.stringify(superjson.serialize(withoutProtoKeys(value)));
  return text
    .replaceAll(DEEP, deepText(depth))
    .replaceAll(PROTO, protoText)
    .replaceAll(`"${PROTO_KEY}"`, '"__proto__"');
}

/** The valid input with one field replaced, one added, or the whole input replaced. */
const inputs = (valid: Record<string, unknown>, huge: number) => {
  const keys = Object.keys(valid);
  const replaceOne =
    keys.length > 0
      ? fc
          .tuple(fc.constantFrom(...keys), anything(huge))
          .map(([key, value]) => ({ ...valid, [key]: value }))
      : anything(huge);
  return fc.oneof(
    replaceOne,
    fc
      .tuple(fc.constantFrom('businessId', 'id', 'cursor', 'limit', PROTO_KEY), anything(huge))
      .map(([key, value]) => ({ ...valid, [key]: value })),
    fc.record(Object.fromEntries(keys.map((key) => [key, anything(huge)]))),
    anything(huge),
  );
};

// --- calls ---------------------------------------------------------------------------------

async function call(path: string, type: string, body: string, token: string) {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const send = () =>
    type === 'query'
      ? fetch(`${base}/trpc/${path}?input=${encodeURIComponent(body)}`, { headers })
      : fetch(`${base}/trpc/${path}`, { method: 'POST', headers, body });
  let response: Response;
  try {
    response = await send();
  } catch (error) {
    // A request refused before its body was read (401, 403) has the rest of the body dropped
    // with its connection, which the client may already be reusing for the next request: that
    // one is sent again on a new connection. A server that died would fail the retry too.
    if ((error as { cause?: { code?: string } }).cause?.code !== 'UND_ERR_SOCKET') throw error;
    response = await send();
  }
  return { status: response.status, text: (await response.text()).slice(0, 500) };
}

const procedures = Object.entries(appRouter._def.procedures)
  .map(([path, procedure]) => ({
    path,
    type: (procedure as unknown as { _def: { type: string } })._def.type,
  }))
  // A subscription that accepts its input streams for ever: its input is one businessId.
  .filter(({ type }) => type !== 'subscription')
  .sort((a, b) => a.path.localeCompare(b.path));

/** The top-level fields of a procedure's input schemas (zod objects, unwrapped). */
function inputFields(path: string): string[] {
  const procedure = (appRouter._def.procedures as Record<string, unknown>)[path] as {
    _def: { inputs: unknown[] };
  };
  const fields = new Set<string>();
  for (let schema of procedure._def.inputs) {
    for (let i = 0; i < 5 && schema; i++) {
      const def = (
        schema as { _zod?: { def?: { shape?: object; innerType?: unknown; in?: unknown } } }
      )._zod?.def;
      if (def?.shape) {
        for (const key of Object.keys(def.shape)) fields.add(key);
        break;
      }
      schema = def?.innerType ?? def?.in;
    }
  }
  return [...fields];
}

/** The values that broke something once (issue 14), tried in every field of every procedure. */
const knownBad: unknown[] = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  1e308,
  '\u0000',
  '\ud800',
  'x'.repeat(5_000),
  'not-a-uuid',
  new Date(8.64e15),
  new Date(-8.64e15),
  Buffer.from('{"k":"x","id":"7d0b7c3e-3f0e-4c55-9d1a-0f7e6a3c2b11"}').toString('base64url'),
  DEEP.slice(1, -1),
  PROTO.slice(1, -1),
];

describe('every procedure over HTTP, fuzzed', () => {
  it('enumerates the router, with a case for each procedure', () => {
    expect(procedures.length).toBeGreaterThan(80);
    for (const { path } of procedures) expect(procedureCases[path], path).toBeDefined();
  });

  it('answers 2xx or 4xx, never 5xx, whatever the input', async () => {
    for (const [index, { path, type }] of procedures.entries()) {
      const kase = procedureCases[path];
      const kind = kase?.callerRole === 'courier' ? 'courier' : 'owner';
      await ensureSession(kind);
      const valid = kase?.input?.(world) ?? {};
      // A query travels in the URL (16 KB of headers at most): long strings go in mutations,
      // under the 3 MB body limit even escaped (the 413 is tested in server.test.ts).
      const huge = type === 'query' ? 1_000 : 50_000;
      await fc.assert(
        fc.asyncProperty(
          inputs(valid, huge),
          fc.integer({ min: 65, max: 20_000 }),
          async (input, depth) => {
            const body = wire(input, depth);
            const { status, text } = await call(path, type, body, tokens[kind]);
            if (status >= 500) {
              throw new Error(`${path} answered ${status} (FUZZ_SEED ${SEED + index}): ${text}`);
            }
          },
        ),
        { seed: SEED + index, numRuns: RUNS_PER_PROCEDURE, endOnFailure: true },
      );
    }
    // Every field of every procedure, with each value that once gave a 500 somewhere.
    for (const { path, type } of procedures) {
      const kase = procedureCases[path];
      const kind = kase?.callerRole === 'courier' ? 'courier' : 'owner';
      await ensureSession(kind);
      const valid = kase?.input?.(world) ?? {};
      for (const field of inputFields(path)) {
        for (const value of knownBad) {
          const body = wire({ ...valid, [field]: value }, 10_000);
          const { status, text } = await call(path, type, body, tokens[kind]);
          if (status >= 500)
            throw new Error(
              `${path} with ${field} = ${String(value).slice(0, 40)}: ${status} ${text}`,
            );
        }
      }
    }
    // Nothing reached Object.prototype, and the server is still ready.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  }, 120_000);
});

describe('the WhatsApp webhook, fuzzed', () => {
  it('any body, signed or not, deep or huge: 200, 400, 401 or 413, never 5xx; still ready', async () => {
    const message = fc
      .tuple(
        fc.constantFrom('id', 'from', 'timestamp', 'type', 'text', 'user_id', '__proto__'),
        anything(5_000),
      )
      .map(([key, value]) => ({ ...textMessage('221770000001', 'Bonjour'), [key]: value }));
    const known = message.map((m) =>
      JSON.stringify(webhookPayload({ phoneNumberId: '106540352242922', messages: [m] })),
    );
    const body = fc.oneof(
      known,
      anything(20_000).map((value) => JSON.stringify(value) ?? 'null'),
      fc.integer({ min: MAX_WEBHOOK_DEPTH - 2, max: 100_000 }).map(deepText),
      fc.constant(protoText),
      fc.string({ maxLength: 2_000 }),
    );
    await fc.assert(
      fc.asyncProperty(body, fc.boolean(), async (text, signed) => {
        const response = await fetch(`${base}/webhooks/whatsapp`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(signed ? { 'x-hub-signature-256': signWebhook(text, SECRET) } : {}),
          },
          body: text,
        });
        expect([200, 400, 401, 413]).toContain(response.status);
        if (!signed) expect(response.status).toBe(401);
      }),
      { seed: SEED, numRuns: WEBHOOK_RUNS, endOnFailure: true },
    );
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  }, 60_000);
});
