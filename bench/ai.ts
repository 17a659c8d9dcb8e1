// The AI analysis pipeline: `ai.analyze-conversation` jobs run by pg-boss workers, each calling
// Gemini (a local fake answering in 300 ms, through the real SDK) and storing the insight, the
// conversation's fields and the draft order. Jobs/s at the default concurrency, then how it scales.
// Run: pnpm bench:ai   (BENCH_JOBS=200, BENCH_DELAY_MS=300, BENCH_CONCURRENCY=1,4,8,16,32;
// DATABASE_URL or the embedded PostgreSQL)
import { aiWork, apiEnv, createAppServices, startJobs } from '@flux/api';
import { openDatabase, schema } from '@flux/db';
import { demoProducts } from '@flux/db/seed';
import { startFakeGemini } from '@flux/integrations';
import { and, count, eq } from 'drizzle-orm';
import pino from 'pino';

const JOBS = Number(process.env.BENCH_JOBS ?? 200);
const DELAY_MS = Number(process.env.BENCH_DELAY_MS ?? 300);
const LEVELS = (process.env.BENCH_CONCURRENCY ?? '1,4,8,16,32').split(',').map(Number);
const DEFAULT_CONCURRENCY = apiEnv.AI_CONCURRENCY;

const database = await openDatabase({ migrate: true });
const { db } = database;
const gemini = await startFakeGemini({
  respond: (request) => {
    const catalog = (JSON.parse(request.user) as { catalog: { id: string }[] }).catalog;
    return {
      delayMs: DELAY_MS,
      text: JSON.stringify({
        language: 'fr',
        intent: 'order',
        sentiment: 'positive',
        summary: 'Commande de 2 pagnes',
        confidence: 0.9,
        orderLines: [{ productId: catalog[0]?.id ?? '', quantity: 2, confidence: 0.9 }],
        deliveryAddress: 'Médina',
        replyDraft: 'Merci ! 2 pagnes wax, 25 000 F CFA.',
      }),
    };
  },
});
const { services, close } = createAppServices({
  db,
  log: pino({ level: 'warn' }),
  redisUrl: undefined,
  gemini: { apiKey: 'bench', baseUrl: gemini.url, timeoutMs: 10_000 },
  aiDebounceSeconds: 0,
});

/** A business with the demo catalog and `JOBS` conversations, each with a customer message. */
async function seedBusiness(label: string) {
  const slug = `bench-ai-${label}-${Date.now()}`;
  const [business] = await db
    .insert(schema.businesses)
    .values({
      name: slug,
      slug,
      country: 'SN',
      currency: 'XOF',
      settings: schema.defaultBusinessSettings,
    })
    .returning();
  const businessId = business?.id ?? '';
  await db.insert(schema.subscriptions).values({
    businessId,
    currentPeriodEnd: new Date(Date.now() + 30 * 86_400_000),
    messagesLimit: 100_000,
    aiCallsLimit: 1_000_000,
    couriersLimit: 10,
  });
  await db.insert(schema.products).values(
    demoProducts.map((p) => ({
      businessId,
      sku: p.sku,
      name: p.name,
      price: p.price,
      currency: 'XOF' as const,
      stock: p.stock,
      active: p.active,
    })),
  );
  const prospects = await db
    .insert(schema.prospects)
    .values(
      Array.from({ length: JOBS }, (_, i) => ({
        businessId,
        phone: `+22177${String(1_000_000 + i).slice(-7)}`,
      })),
    )
    .returning({ id: schema.prospects.id });
  const conversations = await db
    .insert(schema.conversations)
    .values(prospects.map((p) => ({ businessId, prospectId: p.id, channel: 'whatsapp' as const })))
    .returning({ id: schema.conversations.id });
  await db.insert(schema.messages).values(
    conversations.map((c, i) => ({
      businessId,
      conversationId: c.id,
      direction: 'in' as const,
      externalId: `wamid.bench-ai-${slug}-${i}`,
      type: 'text' as const,
      body: 'Bonjour, je veux 2 pagnes wax bleus, livraison à Médina svp',
      status: 'received' as const,
      authorType: 'customer' as const,
    })),
  );
  return { businessId, conversationIds: conversations.map((c) => c.id) };
}

const insights = async (businessId: string) =>
  (
    await db
      .select({ n: count() })
      .from(schema.aiInsights)
      .where(and(eq(schema.aiInsights.businessId, businessId)))
  )[0]?.n ?? 0;

const rows: Record<string, unknown>[] = [];
try {
  for (const concurrency of LEVELS) {
    const { businessId, conversationIds } = await seedBusiness(`c${concurrency}`);
    const runner = await startJobs(database.url, services, {
      work: true,
      schedule: false,
      workOverrides: {
        'ai.analyze-conversation': aiWork(concurrency),
      },
    });
    const geminiCalls = gemini.requests.length;
    const started = performance.now();
    await services.jobs.sendMany(
      'ai.analyze-conversation',
      conversationIds.map((conversationId) => ({
        payload: { businessId, conversationId },
        singletonKey: conversationId,
      })),
    );
    let done = 0;
    while (done < JOBS && performance.now() - started < 600_000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      done = await insights(businessId);
    }
    const seconds = (performance.now() - started) / 1000;
    await runner.stop();
    const drafts = await db
      .select({ n: count() })
      .from(schema.orders)
      .where(eq(schema.orders.businessId, businessId));
    rows.push({
      concurrency: concurrency === DEFAULT_CONCURRENCY ? `${concurrency} (default)` : concurrency,
      jobs: done,
      seconds: +seconds.toFixed(1),
      'jobs/s': +(done / seconds).toFixed(1),
      'ideal jobs/s': +(concurrency / (DELAY_MS / 1000)).toFixed(1),
      'gemini calls': gemini.requests.length - geminiCalls,
      'draft orders': drafts[0]?.n ?? 0,
    });
  }
  console.log(
    `\nFluxAsync AI pipeline — ${database.embedded ? 'embedded PostgreSQL' : 'DATABASE_URL'}, Node ${process.version}, ${JOBS} conversations per level, fake Gemini answering in ${DELAY_MS} ms`,
  );
  console.table(rows);
} finally {
  await close();
  await gemini.close();
  await database.close();
}
