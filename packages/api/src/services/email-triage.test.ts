import { schema } from '@flux/db';
import { type FakeGemini, startFakeGemini } from '@flux/integrations';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, type TestUser, useTestApp } from '../testing';
import { triageEmail, triageLocally } from './email-triage';

let gemini: FakeGemini;
/** The catalog's product ids the model is told about: it answers with the first, and one made up. */
beforeAll(async () => {
  gemini = await startFakeGemini({
    respond: (request) => {
      const catalog = (JSON.parse(request.user) as { catalog?: { id: string }[] }).catalog ?? [];
      return {
        text: JSON.stringify({
          category: 'order',
          priority: 'high',
          summary: 'Commande de 3 pagnes',
          language: 'fr',
          replyDraft: 'Bonjour Aminata, nous préparons vos 3 pagnes. Cordialement, la boutique',
          orderLines: [
            ...(catalog[0] ? [{ productId: catalog[0].id, quantity: 3, confidence: 0.9 }] : []),
            { productId: 'not-in-the-catalog', quantity: 1, confidence: 0.9 },
          ],
        }),
      };
    },
  });
});
afterAll(() => gemini.close());

const withGemini = useTestApp({
  gemini: () => ({ apiKey: 'k', baseUrl: gemini.url, retryDelaySeconds: 0.01, timeoutMs: 1_000 }),
});
const offline = useTestApp();

let n = 0;
async function inbox(app: TestApp, owner: TestUser) {
  n += 1;
  const [account] = await app.services.db
    .insert(schema.emailAccounts)
    .values({
      businessId: owner.businessId,
      userId: owner.userId,
      provider: 'gmail',
      address: `shop${n}@example.test`,
      accessToken: 'ya29.test',
    })
    .returning();
  const receive = async (mail: { from: string; subject: string; text: string }) => {
    const [email] = await app.services.db
      .insert(schema.emails)
      .values({
        businessId: owner.businessId,
        emailAccountId: account?.id ?? '',
        providerMessageId: `m-${n}-${Math.random()}`,
        fromAddress: mail.from,
        subject: mail.subject,
        bodyText: mail.text,
        receivedAt: new Date(),
      })
      .returning();
    return email?.id ?? '';
  };
  return receive;
}

describe('email.triage', () => {
  it('through Gemini: category, priority, summary, draft and catalog lines stored; the sender’s prospect linked', async () => {
    const owner = await withGemini.signUp();
    const product = await owner.caller.products.create({
      sku: 'WAX-1',
      name: 'Pagne wax bleu',
      price: 6_000,
      stock: 20,
    });
    const [prospect] = await withGemini.services.db
      .insert(schema.prospects)
      .values({ businessId: owner.businessId, name: 'Aminata', email: 'aminata@example.test' })
      .returning();
    const receive = await inbox(withGemini, owner);
    const emailId = await receive({
      from: 'Aminata Sow <Aminata@Example.test>',
      subject: 'Commande',
      text: 'Bonjour, je voudrais 3 pagnes wax bleus livrés à Dakar.',
    });
    await triageEmail(withGemini.services, { businessId: owner.businessId, emailId });
    const [email] = await withGemini.services.db
      .select()
      .from(schema.emails)
      .where(eq(schema.emails.id, emailId));
    expect(email).toMatchObject({
      aiCategory: 'order',
      aiPriority: 'high',
      aiSummary: 'Commande de 3 pagnes',
      prospectId: prospect?.id,
    });
    const insights = await withGemini.services.db
      .select()
      .from(schema.aiInsights)
      .where(eq(schema.aiInsights.emailId, emailId));
    expect(insights).toMatchObject([
      {
        kind: 'email_triage',
        output: {
          category: 'order',
          language: 'fr',
          replyDraft: expect.stringMatching(/^Bonjour Aminata/),
          // The made-up product is not a line.
          orderLines: [{ productId: product.id, quantity: 3 }],
        },
      },
    ]);
    expect(JSON.parse(gemini.requests.at(-1)?.user ?? '{}')).toMatchObject({
      email: { subject: 'Commande' },
      catalog: [{ id: product.id, name: 'Pagne wax bleu' }],
    });
  });

  it('without Gemini, or when it fails, the local rules triage; other businesses are not touched', async () => {
    const owner = await offline.signUp();
    const stranger = await offline.signUp();
    const receive = await inbox(offline, owner);
    const emailId = await receive({
      from: 'compta@fournisseur.test',
      subject: 'Facture F-2026-118',
      text: 'Veuillez trouver ci-joint la facture, échéance le 30.',
    });
    expect(
      await triageEmail(offline.services, { businessId: stranger.businessId, emailId }),
    ).toMatchObject({ status: 'skipped' });
    const outcome = await triageEmail(offline.services, { businessId: owner.businessId, emailId });
    expect(outcome).toMatchObject({
      status: 'triaged',
      source: 'local',
      triage: { category: 'invoice', priority: 'normal' },
    });
  });

  it('locally: an order’s lines against the catalog and a reply in the email’s language', async () => {
    const owner = await offline.signUp();
    const product = await owner.caller.products.create({
      sku: 'BOUBOU-L',
      name: 'Boubou brodé',
      price: 25_000,
      stock: 5,
    });
    const receive = await inbox(offline, owner);
    const emailId = await receive({
      from: 'buyer@example.test',
      subject: 'Order',
      text: 'Hello, I would like to order 2 boubou brodé please.',
    });
    const outcome = await triageEmail(offline.services, { businessId: owner.businessId, emailId });
    expect(outcome).toMatchObject({
      status: 'triaged',
      source: 'local',
      triage: {
        category: 'order',
        language: 'en',
        orderLines: [{ productId: product.id, quantity: expect.any(Number) }],
        replyDraft: expect.stringMatching(/^Hello,/),
      },
    });
  });

  it('local rules: spam, supplier, complaint, question, order', () => {
    expect(
      triageLocally({
        subject: 'Arrivage conteneur',
        text: 'Le nouvel arrivage de wax est disponible, voici notre liste de prix.',
      }).category,
    ).toBe('supplier');
    expect(triageLocally({ subject: 'Promo', text: 'Newsletter : -50 %' }).replyDraft).toBeNull();
    const cat = (subject: string, text: string) => triageLocally({ subject, text }).category;
    expect(cat('Vous avez gagné !', 'Cliquez ici pour réclamer votre prix')).toBe('spam');
    expect(cat('Colis abîmé', 'Le sac est arrivé déchiré, je veux un remboursement')).toBe(
      'complaint',
    );
    expect(cat('Question', 'Vous livrez à Thiès ?')).toBe('question');
    expect(cat('Commande', 'Je voudrais commander des pagnes pour un mariage')).toBe('order');
    expect(triageLocally({ subject: 'Colis abîmé', text: 'déchiré' }).priority).toBe('high');
  });
});
