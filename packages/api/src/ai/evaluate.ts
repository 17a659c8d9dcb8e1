// Scores the local analyzer on the labelled WhatsApp messages (test/fixtures/ai): intent accuracy,
// order-line precision and recall (product and quantity both right), address accuracy.
// Used by the evaluation test, and printable: `pnpm eval:ai`.
import { readFileSync } from 'node:fs';
import { demoProducts } from '@flux/db/seed';
import { analyzeLocally, normalize } from './local-analyzer';
import type { CatalogItem } from './output';

export interface LabelledMessage {
  id: string;
  lang: 'fr' | 'en';
  text: string;
  intent: string;
  lines: { sku: string; quantity: number }[];
  address: string | null;
}

/**
 * The labelled sets under test/fixtures/ai: the one the rules were written with, then sets written
 * blind by someone who never saw the rules.
 */
export const LABELLED_SETS = ['labelled-messages', 'held-out-messages', 'blind-messages'] as const;

export const labelledMessages = (
  set: (typeof LABELLED_SETS)[number] = 'labelled-messages',
): LabelledMessage[] =>
  JSON.parse(
    readFileSync(new URL(`../../../../test/fixtures/ai/${set}.json`, import.meta.url), 'utf8'),
  );

/** The demo shop's catalog, ids being the SKUs. */
export const demoCatalog = (): CatalogItem[] =>
  demoProducts.map((p) => ({
    id: p.sku,
    sku: p.sku,
    name: p.name,
    priceMinor: p.price,
    currency: 'XOF',
    stock: p.stock,
    active: p.active,
  }));

export function evaluateLocalAnalyzer(messages = labelledMessages(), catalog = demoCatalog()) {
  let intentsRight = 0;
  let truePositives = 0;
  let predicted = 0;
  let expected = 0;
  let addressesRight = 0;
  const mistakes: string[] = [];
  for (const message of messages) {
    const analysis = analyzeLocally({
      conversation: [{ from: 'customer', text: message.text }],
      catalog,
      business: { name: 'Boutique Awa', currency: 'XOF' },
    });
    if (analysis.intent === message.intent) intentsRight += 1;
    else
      mistakes.push(`${message.id} intent ${analysis.intent} ≠ ${message.intent}: ${message.text}`);
    const got = analysis.orderLines.map((l) => `${l.productId}×${l.quantity}`);
    const want = message.lines.map((l) => `${l.sku}×${l.quantity}`);
    predicted += got.length;
    expected += want.length;
    const hits = got.filter((line) => want.includes(line)).length;
    truePositives += hits;
    if (hits !== got.length || hits !== want.length) {
      mistakes.push(`${message.id} lines [${got}] ≠ [${want}]: ${message.text}`);
    }
    const same = (a: string | null, b: string | null) =>
      (a === null && b === null) || (a !== null && b !== null && normalize(a) === normalize(b));
    if (same(analysis.deliveryAddress, message.address)) addressesRight += 1;
    else mistakes.push(`${message.id} address ${analysis.deliveryAddress} ≠ ${message.address}`);
  }
  return {
    messages: messages.length,
    intentAccuracy: intentsRight / messages.length,
    linePrecision: predicted ? truePositives / predicted : 1,
    lineRecall: expected ? truePositives / expected : 1,
    addressAccuracy: addressesRight / messages.length,
    mistakes,
  };
}
