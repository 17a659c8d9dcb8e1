// The local analyzer: rule-based, French and English, no network. The offline default when no
// Gemini key is configured, and the fallback when Gemini fails. It reads the customer's current
// turn (their messages since the business last wrote), finds the intent from cue phrases, the
// order lines by matching words against the catalog (accents, case and plurals ignored, rarer
// words weighing more, a few French↔English shop words), quantities in digits or words, an address
// after delivery cues, and drafts a reply from templates with the catalog's real prices and stock.
import { type Currency, formatMoney, multiplyMinor } from '../lib/money';
import type { Analysis, CatalogItem, ConversationLine, Intent } from './output';

/** Lower case, no accents, apostrophes and punctuation as spaces, digits split from letters. */
export function normalize(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’`]/g, ' ')
    .replace(/([a-z])-(?=[a-z])/g, '$1 ')
    .replace(/(\d)([a-z])/g, '$1 $2')
    .replace(/([a-z])(\d)/g, '$1 $2')
    .replace(/[^a-z0-9\n?,;.!:+-]+/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

/** Singular, roughly: "pagnes" → "pagne", "bijoux" → "bijou", "butters" → "butter". */
export function stem(word: string): string {
  if (word.length > 3 && /[sx]$/.test(word) && !/ss$/.test(word)) return word.slice(0, -1);
  return word;
}

const STOPWORDS = new Set(
  (
    'de du des d la le les l un une en et a au aux pour avec sans mon ma mes ton ta tes son sa ses ' +
    'ce cet cette the of and an to for with my in on s svp stp pls please merci moi me je j il'
  ).split(' '),
);

/** Measures whose numbers are not quantities ("500 g", "3 yards", "3 m"). */
const UNITS = new Set(['g', 'kg', 'm', 'cm', 'ml', 'l', 'yard', 'yards', 'h', 'mn', 'min']);
/** Words after which a number is not a quantity ("taille 43", "rue 22", "n° 1042"). */
const NOT_QUANTITY_AFTER = new Set([
  'taille',
  'pointure',
  'size',
  'rue',
  'villa',
  'n',
  'no',
  'numero',
  'number',
  'unite',
  'lot',
  'appartement',
  'apt',
]);
/** Containers counted, not sold: "2 paires de …", "3 sachets d'…", "4 packs of …". */
const COUNTERS = new Set([
  'paire',
  'pair',
  'sachet',
  'pack',
  'paquet',
  'bag',
  'piece',
  'boite',
  'box',
  'pot',
  'bouteille',
  'bottle',
  'unite',
  'unit',
]);
const NUMBER_WORDS: Record<string, number> = {
  un: 1,
  une: 1,
  a: 1,
  an: 1,
  one: 1,
  deux: 2,
  two: 2,
  trois: 3,
  three: 3,
  quatre: 4,
  four: 4,
  cinq: 5,
  five: 5,
  six: 6,
  sept: 7,
  seven: 7,
  huit: 8,
  eight: 8,
  neuf: 9,
  nine: 9,
  dix: 10,
  ten: 10,
  douze: 12,
  douzaine: 12,
  dozen: 12,
};
/** Shop words in French and English (stems), so an English customer finds a French catalog. */
const SYNONYMS: [string, string][] = [
  ['savon', 'soap'],
  ['noir', 'black'],
  ['beurre', 'butter'],
  ['karite', 'shea'],
  ['collier', 'necklace'],
  ['perle', 'pearl'],
  ['argent', 'silver'],
  ['sac', 'bag'],
  ['panier', 'basket'],
  ['osier', 'wicker'],
  ['petit', 'small'],
  ['sandale', 'sandal'],
  ['homme', 'men'],
  ['homme', 'man'],
  ['femme', 'women'],
  ['femme', 'woman'],
  ['brode', 'embroidered'],
  ['encen', 'incense'],
  ['bleu', 'blue'],
  ['jaune', 'yellow'],
  ['vert', 'green'],
  ['rouge', 'red'],
  ['blanc', 'white'],
  ['demi', 'half'],
  ['teinte', 'dyed'],
  ['teint', 'dyed'],
  ['boucle', 'earring'],
  ['oreille', 'earring'],
  ['or', 'gold'],
  ['plaque', 'plated'],
  ['bissap', 'hibiscu'],
  ['cuir', 'leather'],
  ['robe', 'dress'],
  ['chaussure', 'shoe'],
  ['tissu', 'fabric'],
  ['huile', 'oil'],
  ['the', 'tea'],
  ['cafe', 'coffee'],
  ['miel', 'honey'],
  ['raphia', 'raffia'],
  ['tresse', 'woven'],
  ['babouche', 'slipper'],
];

interface Token {
  word: string;
  index: number;
}

function tokenize(normalized: string): Token[] {
  const words = normalized.match(/[a-z0-9]+|[\n?,;.!:+]/g) ?? [];
  return words.map((word, index) => ({
    word: /^[a-z]+$/.test(word) && !(word in NUMBER_WORDS) ? stem(word) : word,
    index,
  }));
}

const SEPARATORS = new Set(['\n', ',', ';', '.', '!', '?', ':', '+', 'et', 'and', 'ou', 'or']);

interface Vocabulary {
  /** stem → products whose name has it (directly or through a synonym), with the word's weight. */
  words: Map<string, Set<CatalogItem>>;
  /** A product's first two name words (and their synonyms): enough, alone, to name it. */
  heads: Map<CatalogItem, Set<string>>;
  weight: (word: string) => number;
}

export function buildVocabulary(catalog: CatalogItem[]): Vocabulary {
  const words = new Map<string, Set<CatalogItem>>();
  const heads = new Map<CatalogItem, Set<string>>();
  const add = (word: string, product: CatalogItem, head: boolean) => {
    const set = words.get(word) ?? new Set<CatalogItem>();
    set.add(product);
    words.set(word, set);
    if (head) heads.get(product)?.add(word);
  };
  for (const product of catalog) {
    heads.set(product, new Set());
    let position = 0;
    for (const token of tokenize(normalize(product.name))) {
      const word = token.word;
      if (STOPWORDS.has(word) || UNITS.has(word) || /^\d+$/.test(word) || word.length < 2) continue;
      const head = position < 2;
      position += 1;
      add(word, product, head);
      for (const [fr, en] of SYNONYMS) {
        if (word === fr) add(en, product, head);
        if (word === en) add(fr, product, head);
      }
    }
  }
  const total = Math.max(1, catalog.length);
  return {
    words,
    heads,
    weight: (word) => Math.log(1 + total / (words.get(word)?.size ?? total)),
  };
}

interface Mention {
  product: CatalogItem;
  /** The catalog words it was named with. */
  named: string[];
  start: number;
  end: number;
  score: number;
  quantity: number | null;
}

function quantityAt(tokens: Token[], i: number): number | null {
  const token = tokens[i];
  if (!token) return null;
  const before = tokens[i - 1]?.word;
  if (before && NOT_QUANTITY_AFTER.has(before)) return null;
  const after = tokens[i + 1]?.word;
  if (/^\d+$/.test(token.word)) {
    if (after && UNITS.has(after)) return null;
    const n = Number(token.word);
    return n >= 1 && n <= 1000 ? n : null;
  }
  return NUMBER_WORDS[token.word] ?? null;
}

/** The catalog products a text names, each with the quantity asked (null: not said). */
export function findProducts(
  text: string,
  catalog: CatalogItem[],
  vocabulary = buildVocabulary(catalog),
) {
  const tokens = tokenize(normalize(text));
  const isCounter = (i: number) =>
    COUNTERS.has(tokens[i]?.word ?? '') && ['de', 'd', 'of'].includes(tokens[i + 1]?.word ?? '');
  const isVocab = (i: number) => !isCounter(i) && vocabulary.words.has(tokens[i]?.word ?? '');

  // Runs of catalog words (stopwords and counters may sit inside), each naming one product.
  const mentions: Mention[] = [];
  let i = 0;
  while (i < tokens.length) {
    if (!isVocab(i)) {
      i += 1;
      continue;
    }
    const start = i;
    let end = i;
    let j = i + 1;
    while (j < tokens.length) {
      const word = tokens[j]?.word ?? '';
      if (isVocab(j)) end = j;
      else if (!(STOPWORDS.has(word) || isCounter(j)) || SEPARATORS.has(word)) break;
      if (j - end > 2) break;
      j += 1;
    }
    // "2 pieces" alone names a counter, not the product that has "pièce" in its name.
    const named = tokens.slice(start, end + 1).filter((_, k) => isVocab(start + k));
    if (named.every((token) => COUNTERS.has(token.word))) {
      i = end + 1;
      continue;
    }
    const scores = new Map<CatalogItem, number>();
    const seen = new Set<string>();
    for (let k = start; k <= end; k++) {
      const word = tokens[k]?.word ?? '';
      if (!isVocab(k) || seen.has(word)) continue;
      seen.add(word);
      for (const product of vocabulary.words.get(word) ?? []) {
        scores.set(product, (scores.get(product) ?? 0) + vocabulary.weight(word));
      }
    }
    const ranked = [...scores.entries()].sort(
      ([a, x], [b, y]) =>
        y - x ||
        Number(b.active) - Number(a.active) ||
        Number(b.stock > 0) - Number(a.stock > 0) ||
        a.name.length - b.name.length,
    );
    const best = ranked[0];
    if (best && best[1] >= 1) {
      mentions.push({
        product: best[0],
        named: [...seen],
        start,
        end,
        score: best[1],
        quantity: null,
      });
    }
    i = end + 1;
  }

  // Quantities: the nearest number before the mention (up to 4 words, within its item), else
  // the first one after it ("le wax jaune ? j'en prends 2").
  mentions.forEach((mention, m) => {
    const floor = m > 0 ? (mentions[m - 1]?.end ?? -1) : -1;
    for (let k = mention.start - 1; k > floor && k >= mention.start - 4; k--) {
      const word = tokens[k]?.word ?? '';
      if (SEPARATORS.has(word) && word !== ':') break;
      const n = quantityAt(tokens, k);
      if (n !== null) {
        mention.quantity = n;
        return;
      }
    }
    const ceiling = mentions[m + 1]?.start ?? tokens.length;
    for (let k = mention.end + 1; k < ceiling && k <= mention.end + 6; k++) {
      const word = tokens[k]?.word ?? '';
      if (word === 'et' || word === 'and') break;
      if (/^\d+$/.test(word) || (NUMBER_WORDS[word] ?? 0) > 1) {
        const n = quantityAt(tokens, k);
        if (n !== null) {
          mention.quantity = n;
          return;
        }
      }
    }
  });

  // A product named twice is one line; an explicit quantity wins over none. One word that is
  // not the start of the product's name, without a quantity ("cadeaux de mariage", "voir
  // quelques modèles"), names nothing.
  const lines = new Map<CatalogItem, { quantity: number | null; score: number }>();
  for (const mention of mentions) {
    const [only] = mention.named;
    if (
      mention.named.length === 1 &&
      mention.quantity === null &&
      only &&
      !vocabulary.heads.get(mention.product)?.has(only)
    ) {
      continue;
    }
    const line = lines.get(mention.product);
    if (!line) lines.set(mention.product, { quantity: mention.quantity, score: mention.score });
    else {
      line.quantity = mention.quantity ?? line.quantity;
      line.score = Math.max(line.score, mention.score);
    }
  }
  return [...lines.entries()].map(([product, line]) => ({ product, ...line }));
}

const has = (text: string, patterns: RegExp[]) => patterns.some((pattern) => pattern.test(text));

const CUES: Record<Exclude<Intent, 'greeting'> | 'greeting' | 'injection', RegExp[]> = {
  other: [
    /\b(travail|emploi|job|recrut|recruit|hiring|stage)/,
    /\b(wrong number|mauvais numero|change de numero|c est (moi|toi)|c toi)\b/,
    /\b(you have won|vous avez gagne|gift card|click the link|cliquez sur le lien|prize)\b/,
  ],
  complaint: [
    /\b(decousu|abime|casse|cassee|deteint|dechire|tache|defectueu|ecrase|endommage|troue|moisi|perime|fondu|pas serieux|inadmissible|scandal|arnaque)/,
    /\b(rembours|refund|echange|exchange|retourner|return it)/,
    /\b(au lieu d|alors que j avais|instead of|wrong (item|colou?r|size)|pas (le|la) bon|mauvaise (couleur|taille)|not the right)/,
    /\b(impoli|rude|malpoli|pas normal|pas content|not happy|decu|disappointed|laisse a desirer)/,
    /\b(tarnished|melted|crushed|damaged|broken|torn|fix this)\b/,
    /\b(recu que|received only|only received|manque|missing)\b/,
  ],
  delivery_status: [
    /\b(ma|mon|notre) (commande|colis|livraison)\b.*\b(ou|quand|arrive|aujourd hui|demain|expedie|pret)/,
    /\b(commande|colis) (n|no|numero)? ?\d+/,
    /\blivreur\b.*\b(arrive|ou|quand|heure|toujours pas|pas encore|appele|nekk|fan|attend)/,
    /\b(vous )?(livrez|livre|livrer|livraison|arrive) (quand|aujourd hui|demain)\b.*\b(paye|commande|paiement)|\b(paye|commande)\b.*\b(livrez|livre|arrive) quand\b/,
    /\bwhen (will|does|is)\b.*\b(arrive|come|get here|deliver|courier|driver|order|package)/,
    /\b(colis|suivi|tracking|expedie)\b/,
    /\b(where is my|my (order|package|parcel|delivery)|delivery guy|driver|any update|shipped)\b/,
  ],
  order: [
    /\b(je|j) ?(veux|voudrai|voudrais|prends|prend|commande|achete|souhaite)\b/,
    /\bjveux\b/,
    /\bj ?en (prends|prend|veux|voudrais)\b/,
    /\b(pouvez vous|vous pouvez|tu peux|peux tu|pourriez vous) me (livrer|envoyer|mettre|reserver|garder)\b/,
    /\b(envoyez|envoie|apportez|livrez|mettez|reservez)\b/,
    /\b(envoyez|envoie|envoyer|mettez|mets|met|gardez|reservez|livrez|donnez|apportez)[ -]?(moi|nous)\b/,
    /\b(commander|reserver|je passe commande|a commander)\b/,
    /\b(i ll take|i will take|i want|i d like|i would like|i need|can i get|could i get|send me|please send|reserve|i ll have|i ll buy|to order|to buy)\b/,
  ],
  question: [
    /\b(combien|prix|tarif|c est quoi|c quoi|dispo|disponible|vous avez|avez vous|est ce que|est ce qu|quel|quelle|quels|quelles|comment|pourquoi|ou se trouve|vous livrez|livrez vous|on peut|peut on|ouvert|difference)\b/,
    /\b(how much|how many|how long|price|do you|are the|is the|is it|what|which|can i pay|accept|available|in stock)\b/,
  ],
  greeting: [
    /\b(bonjour|bjr|bonsoir|salut|slt|salam|salamalekoum|aleykoum|alaykoum|nangadef|nanga def|coucou|hello|hi|hey|good (morning|evening|afternoon)|merci|mrc|dieuredieuf|dieureudieuf|jerejef|thanks|thank you|thx|bonne (journee|soiree|fete)|ok)\b/,
  ],
  injection: [/\b(ignore|system|prompt|instructions?|regles precedentes)\b/],
};

const GREETING_WORDS =
  /\b(jamm|rek|sama|soxna|naka|mangi|fi|bien|recu|dieu|vous|benisse|que|bonjour|bjr|bonsoir|salut|slt|salam|aleykoum|alaykoum|nangadef|coucou|hello|hi|hey|good|morning|evening|merci|bcp|beaucoup|dieureudieuf|thanks|thank|you|so|much|ok|la|boutique|bonne|journee|fete|tabaski|a|toute|l|equipe|great|service)\b/g;

/** Which of the six intents a customer's turn carries, with how sure the rules are. */
function classify(text: string, lineCount: number, quantified: boolean): [Intent, number] {
  if (has(text, CUES.other)) return ['other', 0.8];
  if (has(text, CUES.complaint)) return ['complaint', 0.8];
  if (has(text, CUES.delivery_status)) return ['delivery_status', 0.8];
  if (has(text, CUES.order) && lineCount > 0) return ['order', 0.9];
  if (has(text, CUES.order) && /\b(commander|order)\b/.test(text)) return ['order', 0.6];
  const content = text.replace(GREETING_WORDS, '').replace(/[^a-z0-9]+/g, '');
  const asks = has(text, CUES.question) || (text.includes('?') && content.length > 0);
  if (asks && content.length > 0) return ['question', 0.75];
  if (quantified && lineCount > 0) return ['order', 0.75];
  if (has(text, CUES.greeting) && content.length < 12) return ['greeting', 0.9];
  if (lineCount > 0) return ['question', 0.5];
  return ['other', 0.5];
}

const ADDRESS_PATTERNS: RegExp[] = [
  /\b\d+[ ,]*(?:rue|avenue|av\.?|bd|boulevard|all[ée]e|route|impasse|chemin|place)\b[^\n.!?]*/i,
  /\b(?:adresse|address)\s*:?\s*([^\n!?]+)/i,
  /\blivr(?:aison|ez(?:[- ]moi)?)\s+(?:(?:à|a|au|aux|sur|chez)\s+)?([A-ZÀ-Ý0-9][^\n!?]*)/i,
  /\b(?:livrer|envoyer|deliver|send)\b[^\n!?]*?\s(?:à|au|to)\s+([A-ZÀ-Ý0-9][^\n!?]*)/,
  /\bje suis (?:à|a|au|aux|sur)\s+([^\n!?]+)/i,
  /\b(?:deliver(?:y|ed)?|ship(?:ping)?)\s+(?:to|at)\s+([^\n!?]+)/i,
];

/** The delivery address in the customer's words, if they gave one. */
export function findAddress(text: string): string | null {
  for (const pattern of ADDRESS_PATTERNS) {
    const match = pattern.exec(text);
    if (!match) continue;
    const address = (match[1] ?? match[0])
      .replace(
        /\s*(?:,|\.)?\s*\b(svp|stp|s'il vous pla[iî]t|please|pls|merci|thanks|inchallah)\b.*$/i,
        '',
      )
      .replace(/[\s,.;:]+$/, '')
      .trim();
    if (address.length >= 3) return address;
  }
  return null;
}

function languageOf(text: string): 'fr' | 'en' {
  const words = text.split(/[^a-z]+/);
  const fr = words.filter((w) =>
    /^(je|j|vous|le|la|les|des|du|est|pour|svp|stp|bonjour|bjr|merci|combien|avec|une|mon|ma|jveux|slt|salut|c|commande|livraison|et|pas)$/.test(
      w,
    ),
  ).length;
  const en = words.filter((w) =>
    /^(i|you|the|is|are|my|to|for|please|pls|hi|hello|thanks|thank|how|much|want|like|do|and|of|can|get|order|where)$/.test(
      w,
    ),
  ).length;
  return en > fr ? 'en' : 'fr';
}

const SUMMARIES = {
  fr: {
    order: 'Commande',
    question: 'Question',
    complaint: 'Réclamation',
    greeting: 'Salutation',
    delivery_status: 'Suivi de commande',
    other: 'Autre message',
  },
  en: {
    order: 'Order',
    question: 'Question',
    complaint: 'Complaint',
    greeting: 'Greeting',
    delivery_status: 'Order tracking',
    other: 'Other message',
  },
} as const;

export interface LocalAnalyzerInput {
  conversation: ConversationLine[];
  catalog: CatalogItem[];
  business: { name: string; currency: Currency };
}

/** The customer's current turn: what they wrote since the business last did. */
/**
 * The customer's latest turn: their messages since the business last spoke before them. A quick
 * "bien reçu" sent by the team after it does not hide it (the analysis runs a few seconds late).
 */
export function currentTurn(conversation: ConversationLine[]): string {
  const lines: string[] = [];
  let end = conversation.length;
  while (end > 0 && conversation[end - 1]?.from !== 'customer') end--;
  for (const line of conversation.slice(0, end).reverse()) {
    if (line.from !== 'customer') break;
    lines.unshift(line.text);
  }
  return lines.join('\n');
}

export function analyzeLocally(input: LocalAnalyzerInput): Analysis {
  const turn = currentTurn(input.conversation).slice(0, 4_000);
  const normalized = normalize(turn);
  const language = languageOf(normalized);
  const address = findAddress(turn);
  // The address is not products: "rue 22 x 15" must not become 22 of something.
  const productText = address ? turn.replace(address, ' ') : turn;
  const found = findProducts(productText, input.catalog);
  const quantified = found.some((line) => line.quantity !== null);
  const [intent, confidence] = classify(normalized, found.length, quantified);
  const lines =
    intent === 'order'
      ? found.map((line) => ({
          product: line.product,
          quantity: line.quantity ?? 1,
          confidence: Math.min(0.95, 0.5 + line.score / 6),
        }))
      : [];
  const sentiment =
    intent === 'complaint' || /😡|😞|😠|pas content|not happy/.test(turn)
      ? 'negative'
      : /🙏|😊|❤|merci|thank|great|super|parfait/.test(turn.toLowerCase())
        ? 'positive'
        : 'neutral';
  const names = (intent === 'order' ? lines.map((l) => l.product) : found.map((l) => l.product))
    .map((p) => p.name)
    .slice(0, 3);
  const summary = `${SUMMARIES[language][intent]}${names.length ? ` : ${names.join(', ')}` : ''}`;
  return {
    language,
    intent,
    sentiment,
    summary: summary.slice(0, 300),
    confidence:
      intent === 'order' && lines.length
        ? Math.min(confidence, ...lines.map((l) => l.confidence))
        : confidence,
    orderLines: lines.map((l) => ({
      productId: l.product.id,
      quantity: l.quantity,
      confidence: l.confidence,
    })),
    deliveryAddress: intent === 'order' ? address : null,
    replyDraft: draftReply({
      language,
      intent,
      lines: lines.map((l) => ({ product: l.product, quantity: l.quantity })),
      mentioned: found.map((l) => l.product),
      address: intent === 'order' ? address : null,
      currency: input.business.currency,
    }),
  };
}

/** A reply from templates, with the catalog's real prices and stock. */
export function draftReply(input: {
  language: 'fr' | 'en';
  intent: Intent;
  lines: { product: CatalogItem; quantity: number }[];
  mentioned: CatalogItem[];
  address: string | null;
  currency: Currency;
}): string {
  const fr = input.language === 'fr';
  const price = (minor: number) => formatMoney(minor, input.currency, input.language);
  const unavailable = (p: CatalogItem, quantity: number) => !p.active || p.stock < quantity;
  switch (input.intent) {
    case 'order': {
      if (input.lines.length === 0) {
        return fr
          ? 'Merci pour votre message ! Quels articles souhaitez-vous commander, et en quelle quantité ?'
          : 'Thank you! Which items would you like to order, and how many?';
      }
      const available = input.lines.filter((l) => !unavailable(l.product, l.quantity));
      const missing = input.lines.filter((l) => unavailable(l.product, l.quantity));
      const list = available
        .map(
          (l) =>
            `${l.quantity} × ${l.product.name} (${price(multiplyMinor(l.product.priceMinor, l.quantity))})`,
        )
        .join(fr ? ', ' : ', ');
      const total = available.reduce(
        (sum, l) => sum + multiplyMinor(l.product.priceMinor, l.quantity),
        0,
      );
      const parts: string[] = [];
      if (available.length) {
        parts.push(
          fr
            ? `Merci pour votre commande : ${list}. Total ${price(total)} hors livraison.`
            : `Thank you for your order: ${list}. Total ${price(total)} before delivery.`,
        );
      }
      if (missing.length) {
        const names = missing
          .map((l) =>
            l.product.stock > 0 && l.product.active
              ? `${l.product.name} (${fr ? 'il en reste' : 'only'} ${l.product.stock}${fr ? '' : ' left'})`
              : l.product.name,
          )
          .join(', ');
        parts.push(
          fr
            ? `Désolé, ${names} : pas disponible en ce moment.`
            : `Sorry, ${names}: not available right now.`,
        );
      }
      parts.push(
        input.address
          ? fr
            ? `Livraison à ${input.address} : nous vous confirmons l'heure. Paiement à la livraison.`
            : `Delivery to ${input.address}: we will confirm the time. Cash on delivery.`
          : fr
            ? 'À quelle adresse faut-il livrer ?'
            : 'What address should we deliver to?',
      );
      return parts.join(' ');
    }
    case 'question': {
      const product = input.mentioned[0];
      if (product) {
        const stock =
          !product.active || product.stock === 0
            ? fr
              ? "il n'est pas disponible en ce moment"
              : 'it is not available right now'
            : fr
              ? `il nous en reste ${product.stock}`
              : `we have ${product.stock} in stock`;
        return fr
          ? `Bonjour ! ${product.name} est à ${price(product.priceMinor)} ; ${stock}. Souhaitez-vous le commander ?`
          : `Hello! ${product.name} is ${price(product.priceMinor)}; ${stock}. Would you like to order it?`;
      }
      return fr
        ? 'Bonjour ! Merci pour votre question, un membre de l’équipe vous répond tout de suite.'
        : 'Hello! Thanks for your question, someone from the team will answer you shortly.';
    }
    case 'complaint':
      return fr
        ? 'Nous sommes vraiment désolés. Pouvez-vous nous envoyer une photo et votre numéro de commande ? Nous allons arranger cela au plus vite.'
        : 'We are very sorry. Could you send us a photo and your order number? We will sort this out quickly.';
    case 'delivery_status':
      return fr
        ? 'Bonjour ! Nous vérifions où en est votre commande et revenons vers vous dans quelques minutes.'
        : 'Hello! We are checking on your order and will get back to you in a few minutes.';
    case 'greeting':
      return fr
        ? 'Bonjour et merci ! Comment pouvons-nous vous aider ?'
        : 'Hello and thank you! How can we help you?';
    default:
      return fr
        ? 'Merci pour votre message. Un membre de l’équipe vous répond bientôt.'
        : 'Thank you for your message. Someone from the team will get back to you soon.';
  }
}
