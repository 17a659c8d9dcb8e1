// The local analyzer's reading of what a customer wants: the intent from cue phrases, the
// delivery address after delivery cues, and the language they write in.
import type { Intent } from '../output';

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
export function classify(text: string, lineCount: number, quantified: boolean): [Intent, number] {
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

export function languageOf(text: string): 'fr' | 'en' {
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
