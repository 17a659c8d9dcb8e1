// The delivery address in a customer's words: found after delivery cues ("j'habite à…", "livrez
// à…", "… laa nekk") and stopped at the next clause, so "j'habite à Marcory, je veux 3 savons"
// gives "Marcory" and leaves the order to be read.

/** Where an address stops: a new clause ("…, je veux 3 savons"), a courtesy, a line break. */
const ADDRESS_END =
  /(?:\s*[,.;]\s*|\s+)(?:je|j'|j’|jveux|i|i'm|i'd|svp|stp|s'il|please|pls|merci|thanks|inchallah|et je|on dit|envoie|envoyez|mets|mettez|donnez|faut|c'est|ok)\b.*$|\s*[.!?].*$/i;

const ADDRESS_PATTERNS: RegExp[] = [
  /\b(?:adresse|address)\s*:?\s*([^\n!?]+)/i,
  /\bj'?\s?habite\s+(?:(?:à|a|au|aux|sur|vers|chez)\s+)?([^\n!?]+)/i,
  /\bje (?:suis|reste|vis) (?:à|a|au|aux|sur|vers)\s+([^\n!?]+)/i,
  /\bi(?: live| stay| am|'m|’m|m) (?:in|at)\s+([^\n!?]+)/i,
  /\b\d+[ ,]*(?:rue|avenue|av\.?|bd|boulevard|all[ée]e|route|impasse|chemin|place)\b[^\n.!?]*/i,
  /\b(?:livrer|envoyer|envoie(?:[- ]moi)?|envoyez(?:[- ]moi)?|deliver|send)\b[^\n!?]*?\s(?:à|au|to)\s+([A-ZÀ-Ý0-9][^\n!?]*)/,
  /\b(?:à )?livr(?:aison|ez(?:[- ]moi)?|er|é|ée|és|ées)\s+(?:(?:à|a|au|aux|sur|chez)\s+)?([A-ZÀ-Ý0-9][^\n!?]*)/i,
  /\b(?:deliver(?:y|ed)?|ship(?:ping)?)\s+(?:to|at)\s+([^\n!?]+)/i,
  // Wolof: "Guédiawaye laa nekk", "… laa dëkk" (that is where I am, where I live).
  /(?:^|[,.;]\s*|\s)([A-ZÀ-Ý][^\n,.;!?]*?)\s+(?:laa|la|laay|lay)\s+(?:nekk|dëkk|dekk)\b/,
  // Wolof: "… ci Yoff Tonghor".
  /\bci\s+([A-ZÀ-Ý][^\n!?]*)/,
  // "…, c'est à Yopougon Siporex", "it's in Riviera 3": a place's name after it.
  /\b(?:[Cc]'est|[Cc]’est|[Cc] est|[Ii]t's|[Ii]t’s|[Ii]ts)\s+(?:à|a|au|aux|vers|in|at)\s+([A-ZÀ-Ý][^\n!?]*)/,
];

/**
 * Words that point at a place without naming it ("livrez ici", "à la maison", "I'll send my
 * location"): no address; a location pin, if one comes, says where.
 */
const POINTING =
  /^(?:(?:à|a|au|at|to|chez|vers)\s+)?(?:ici|là|la|here|there|moi|chez moi|home|at home|la maison|ma maison|maison|the house|my house|my place|mon domicile|domicile|le bureau|the office|(?:(?:my|ma|mon|the|la) )?(?:location|position|localisation|loc|pin))$/i;
const SENDS_LOCATION =
  /\b(?:send|share|drop|envoie|envoyer|envoyez|partage|partager|vous envoie|t envoie|je t'envoie|je vous envoie)\b.{0,20}\b(?:location|position|localisation|loc|pin|localisation whatsapp)\b/i;

/** A place named, not only pointed at. */
export function isPlace(address: string): boolean {
  const words = address.trim().replace(/[\s,.;:!]+$/, '');
  return !POINTING.test(words) && !SENDS_LOCATION.test(words);
}

/** The delivery address in the customer's words, if they gave one, without the rest of the sentence. */
export function findAddress(text: string): string | null {
  for (const pattern of ADDRESS_PATTERNS) {
    const match = pattern.exec(text);
    if (!match) continue;
    const address = (match[1] ?? match[0])
      .replace(ADDRESS_END, '')
      .replace(/[\s,.;:]+$/, '')
      .trim();
    if (
      address.length >= 3 &&
      isPlace(address) &&
      !/^(demain|tomorrow|today|tonight|aujourd|ce soir|ce matin|cet apr|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday|friday|saturday|sunday)/i.test(
        address,
      )
    )
      return address;
  }
  return null;
}

/** The business just asked where to deliver: the customer's next words may be only the address. */
export function asksForAddress(text: string): boolean {
  return /\b(adresse|address|(livr\w*|deliver\w*|envoy\w*|send|ship\w*|yonne\w*)( ca| le| la| les| vous| te| it| them)? (ou|where|fan)|(ou|where) (faut il |doit on |do we |should we |can we |to )?(livr\w*|deliver|send|ship)|livraison ou|livrer ou|where (should|do) we deliver|where to deliver|vous etes ou|tu es ou|vous habitez ou|tu habites ou|c est pour ou|ou etes vous|ou habitez vous|quel quartier|where are you|where do you (live|stay)|c est ou|c est pour ou|your location|localisation)\b/.test(
    text,
  );
}
