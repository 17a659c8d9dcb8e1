// Changes to the open draft order, read from a customer's later turn: "plutôt 4 que 3", "3 au
// lieu de 2", "retirez la casquette", "ajoutez-en un autre", "doublez", "un de moins", "la verte"
// (a choice between two products), "en blanc plutôt" (another variant of the same product).
import type { CatalogItem, Intent } from '../output';
import { readCounts } from './counts';
import { readNumber } from './numbers';
import { type buildVocabulary, type Match, tokenize } from './products';
import { COUNTERS } from './shop-words';
import { normalize } from './text';

export interface DraftLine {
  match: Match;
  quantity: number | null;
}
export type Draft = Map<string, DraftLine>;

export const REMOVE =
  /\b(retire|retirez|retirer|enleve|enlevez|enlever|supprime|supprimez|annule|annulez|oublie|oubliez|laisse tomber|laissez tomber|remove|take off|drop|forget|skip|cancel|sans|pas de|plus besoin|no more|dindi|dindil|dindileen|dindiy)\b/;
export const SET =
  /\b(plutot|au lieu de?|a la place|swap|switch|replace|remplace|remplacez|echange|echangez|on a dit|j ai dit|j avais dit|i said|we said|finalement|en fait|instead|make it|actually|change|mets en|mettez en|met en|un seul|une seule|juste|seulement|only|just|rek|rekk|je voulais dire|je veux dire|i meant|i mean|def ko|defal ko|make (that|them)|faites en|fais en)\b/;
export const ADD =
  /\b(ajoute|ajoutez|ajouter|rajoute|rajoutez|add|another|autre|autres|en plus|aussi|also|more|encore|yokk|yokkal|yokkul|de plus)\b/;
/** A turn that starts by saying no ("non, 5", "déedéet, juróom laa bëgg"): what follows corrects the draft. */
const NO_FIRST = /^(non|no|nope|nan|nah|deedeet|dedet|deedet|ah non|oh non)\b/;
/** "yokk ko ba ñaar fukk", "wàññi ko ba ñaar" (Wolof: raise it, lower it, to N): the new count. */
const SET_TO = /\b(yokk|yokkal|yokkul|wanni|wannil)( ko| leen| ma)? ba\b/;
/** "2 de plus", "one more", "another": more of it, whatever else the turn says. */
export const MORE = /\b(de plus|en plus|more|another|additional|supplementaire)\b/;
/** "un de moins", "one less", Wolof "wàññi". */
export const LESS =
  /\b(de moins|en moins|less|fewer|wanni|wannil|(retire|enleve|supprime)(z)? (un|une|1)|(remove|take off|take away|minus|cancel|drop) (one|1|a single)|moins (un|une|1))\b/;
/** "doublez", "double that", "deux fois plus". */
export const DOUBLE = /\b(double|doublez|doubler|doublons|twice as many|deux fois plus)\b/;
/** "halve that", "la moitié". */
export const HALVE = /\b(halve|half of (that|it)|la moitie|moitie moins|divise(z)? par deux)\b/;
/** Words that say "not this one": the word right after them is the one left behind. */
const NOT = new Set(['pas', 'not', 'non', 'no', 'sans', 'without']);
/** Words before the old quantity in a change: "plutôt 4 que 3", "3 au lieu de 2", "3 instead of 2". */
const OLD_QUANTITY_AFTER = new Set(['que', 'de', 'd', 'of', 'than', 'pas', 'not']);

/**
 * The new quantity a change says ("plutôt 4 que 3" → 4, "non un seul" → 1, "un seul… non je
 * rigole mets 2" → 2: the last said wins), if any.
 */
export function newQuantity(normalized: string): number | null {
  const { set, added, strong, weak } = quantitiesSaid(normalized);
  return set ?? added ?? strong ?? weak;
}

/** The counts a change says: right after its own words, after an add word, the last strong, a weak one. */
function quantitiesSaid(normalized: string) {
  const words = tokenize(normalized).map((t) => t.word);
  let weak: number | null = null;
  let strong: number | null = null;
  // Said right after the change's own words ("make it two, one for my sister"): the last such.
  let set: number | null = null;
  // Said right after the words that add ("yokkal ma benn, ñett la doon": one more, three in all).
  let added: number | null = null;
  // Sizes, measures and addresses are no counts ("en 45", "villa 12", "Zone 12", "250 ml").
  for (const [i, n] of readCounts(words).numbers) {
    if (OLD_QUANTITY_AFTER.has(words[i - 1] ?? '')) continue;
    // "a" alone is no count here: it is French "à" as often as English "a" ("plutôt à Pikine").
    if (n.weak && /^an?$/.test(words[i] ?? '')) continue;
    if (n.weak) weak ??= n.value;
    else strong = n.value;
    const said = words.slice(Math.max(0, i - 2), i).join(' ');
    if (SET_BEFORE.test(said)) set = n.value;
    else if (ADD_BEFORE.test(said)) added ??= n.value;
  }
  return { set, added, strong, weak };
}

/** The words right before a change's new quantity: "make it 2", "mets-en 5", "plutôt 4". */
const SET_BEFORE =
  /\b((make|change) (it|that|them)|(mets|mettez|met|mettre)( en)?|on a dit|j ai dit|j avais dit|i said|we said|plutot|finalement|instead|actually|en fait|change (to|a)|passe a|passez a|faites en|fais en|def ko|defal ko|(ko|leen) ba|(yokk|yokkal|wanni|wannil) ba)$/;

/** The words right before the count a change adds: "ajoutez 2", "add one", "yokkal ma benn". */
const ADD_BEFORE = /\b(ajoute|ajoutez|rajoute|rajoutez|add|yokk|yokkal)( (moi|ma|me|en|m))?$/;

/** The team asked how many. */
const ASKS_HOW_MANY =
  /\b(combien (de|d|en|vous en|tu en)|how many|quantite|quantity|nombre de|combien il vous en faut|naata (nga|ngay|ngeen) (begg|soxla))\b|\bcombien \?/;
/** The team said how many are left ("il en reste 4", "only 3 left", "juróom benn rekk a nu des"). */
const SAYS_LEFT =
  /\b(il (en )?reste|en reste|plus que|only (\d+|[a-z]+) left|(\d+|[a-z]+) left|a nu des|nu des|en stock)\b/;

/** The count in an answer to "how many": a number with its container ("deux paires"), or the only one. */
function counted(normalized: string): number | null {
  const words = tokenize(normalized).map((t) => t.word);
  const said: number[] = [];
  for (let i = 0; i < words.length; i++) {
    const n = readNumber(words, i);
    if (!n || n.weak) continue;
    if (COUNTERS.has(words[i + n.length] ?? '')) return n.value;
    said.push(n.value);
    i += n.length - 1;
  }
  return said.length === 1 ? (said[0] ?? null) : null;
}

/**
 * The turn answers a choice the team offered ("Naturel ou noir ?" — "noir"): no number, and every
 * word of it was in the offer.
 */
export function answersOffer(before: string, normalized: string): boolean {
  if (!before.includes('?') || !/\b(ou|or|lequel|laquelle|which)\b/.test(before)) return false;
  const words = normalized
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 2 && !/^(svp|stp|please|merci|thanks|plutot|le|la|les|the)$/.test(w));
  return (
    words.length > 0 && words.length <= 3 && words.every((w) => !/\d/.test(w) && before.includes(w))
  );
}

/** Words that say a product takes another's place: "mettez 2 fleurs de mariage à la place". */
const REPLACE =
  /\b(a la place|instead|au lieu|plutot|remplace|remplacez|replace|swap|change|make (it|that)|actually|en fait|finalement|je voulais dire|i meant|non|no)\b/;
/** The same, said outright: with one line in the draft, that line is the one replaced. */
const REPLACE_OUTRIGHT = /\b(a la place|instead|au lieu|remplace|remplacez|replace|swap)\b/;
/** Before a product, it is the one left behind: "pas l'indigo", "instead of the hat". */
const LEFT_BEHIND =
  /\b(pas|not|non|no|sans|without|au lieu d[e]?|instead of|a la place d[e]?|plutot que|rather than|remplace|replace)\b/;

/**
 * A product said in place of a draft line ("non finalement pas l'indigo, mettez 2 fleurs de
 * mariage à la place", "actually make that the straight one"): the line left behind goes, the
 * new product takes its place (and its quantity, if the turn says none).
 */
function replaceLines(
  next: Draft,
  normalized: string,
  known: Match[],
  fresh: Match[],
  vocabulary: ReturnType<typeof buildVocabulary>,
): boolean {
  if (!fresh.length || !REPLACE.test(normalized) || ADD.test(normalized)) return false;
  const words = tokenize(normalized).map((t) => t.word);
  const leftBehind = known.filter((m) =>
    LEFT_BEHIND.test(words.slice(Math.max(0, m.start - 4), m.start).join(' ')),
  );
  let targets = leftBehind.map((m) => next.get(m.product.id));
  if (!known.length) {
    // The new product is another of a line's kind (they share a head word: "perruque").
    const heads = (p: CatalogItem) => vocabulary.heads.get(p) ?? new Set<string>();
    const kin = [...next.values()].filter((line) =>
      fresh.some((m) => [...heads(m.product)].some((w) => heads(line.match.product).has(w))),
    );
    const [only] = next.values();
    targets = kin.length ? kin : next.size === 1 && REPLACE_OUTRIGHT.test(normalized) ? [only] : [];
  }
  const [first] = fresh;
  if (!targets.length || !first) return false;
  let quantity: number | null = null;
  for (const line of targets) {
    if (!line) continue;
    quantity ??= line.quantity;
    next.delete(line.match.product.id);
  }
  // An article is no count here: "2 pagnes indigo … un jaune à la place" is 2 yellow ones.
  for (const m of fresh) {
    next.set(m.product.id, {
      match: m,
      quantity: m.quantity === null || m.weakQuantity ? (quantity ?? m.quantity) : m.quantity,
    });
  }
  return true;
}

/**
 * A draft line that fitted two products ("une robe pagne") and a turn whose words single one out
 * ("la verte"): the words that are in one candidate's name and no other's decide.
 */
function resolveChoice(
  line: DraftLine,
  normalized: string,
  vocabulary: ReturnType<typeof buildVocabulary>,
): boolean {
  const { product, alternatives } = line.match;
  if (!alternatives.length) return false;
  const candidates = [product, ...alternatives];
  const chosen = new Set<CatalogItem>();
  for (const { word } of tokenize(normalized)) {
    // The word in its own language or the other ("green" for "vert"), by the catalog's names.
    const named = vocabulary.words.get(word);
    const fits = candidates.filter((c) => named?.get(c) === 'name');
    if (fits.length === 1 && fits[0]) chosen.add(fits[0]);
  }
  const [only] = chosen;
  if (chosen.size !== 1 || !only) return false;
  line.match = { ...line.match, product: only, alternatives: [] };
  return true;
}

/**
 * A turn that changes its mind between products of one kind ("2 t-shirts noirs" … "ah non en
 * blanc plutôt", "je voulais dire noirs, pas blancs"): a word said (not after "pas") that names
 * exactly one other product sharing the line's first name word, and not the line's own product.
 */
function swapVariant(
  line: DraftLine,
  normalized: string,
  catalog: CatalogItem[],
  vocabulary: ReturnType<typeof buildVocabulary>,
): boolean {
  // Of its kind: another product sharing a head word of its name ("boubou", "perruque").
  const heads = (p: CatalogItem) => vocabulary.heads.get(p) ?? new Set<string>();
  const own = [...heads(line.match.product)].filter((w) =>
    tokenize(normalize(line.match.product.name)).some((t) => t.word === w),
  );
  const siblings = catalog.filter(
    (p) => p !== line.match.product && own.some((w) => heads(p).has(w)),
  );
  if (!siblings.length) return false;
  const words = tokenize(normalized).map((t) => t.word);
  const chosen = new Set<CatalogItem>();
  words.forEach((word, i) => {
    if (NOT.has(words[i - 1] ?? '')) return;
    const named = vocabulary.words.get(word);
    if (!named || named.get(line.match.product) === 'name') return;
    const fits = siblings.filter((p) => named.get(p) === 'name');
    if (fits.length === 1 && fits[0]) chosen.add(fits[0]);
  });
  const [only] = chosen;
  if (chosen.size !== 1 || !only) return false;
  line.match = { ...line.match, product: only, alternatives: [] };
  return true;
}

/** The turn says "not" before a word of the line's own name ("c'est noir je voulais, pas blanc"). */
function negatesOwn(
  line: DraftLine,
  normalized: string,
  vocabulary: ReturnType<typeof buildVocabulary>,
): boolean {
  const words = tokenize(normalized).map((t) => t.word);
  return words.some(
    (word, i) =>
      NOT.has(words[i - 1] ?? '') && vocabulary.words.get(word)?.get(line.match.product) === 'name',
  );
}

/**
 * "enlève le noir, juste le blanc" with a black and a white tee drafted: the word right after the
 * removing word that names one drafted line alone (a colour names no product by itself) removes
 * it. Returns whether a line went.
 */
function removedByWord(
  next: Draft,
  normalized: string,
  vocabulary: ReturnType<typeof buildVocabulary>,
): boolean {
  const words = tokenize(normalized).map((t) => t.word);
  const at = words.findIndex((_word, i) =>
    REMOVE.test(words.slice(Math.max(0, i - 1), i + 1).join(' ')),
  );
  if (at < 0) return false;
  for (const word of words.slice(at + 1, at + 4)) {
    const named = vocabulary.words.get(word);
    const lines = [...next.values()].filter((l) => {
      const source = named?.get(l.match.product);
      return source === 'name' || source === 'synonym';
    });
    const [only] = lines;
    if (lines.length === 1 && only) {
      next.delete(only.match.product.id);
      return true;
    }
  }
  return false;
}

/**
 * The open draft as a turn leaves it (changed in place): a change to it, or new lines when the
 * turn is an order. Returns whether the turn changed the draft (a change reads as an order).
 */
export function applyTurn(
  next: Draft,
  turn: {
    normalized: string;
    /** What the team wrote before the turn. */
    before: string;
    matches: Match[];
    intent: Intent;
    negotiation: boolean;
  },
  catalog: CatalogItem[],
  vocabulary: ReturnType<typeof buildVocabulary>,
): boolean {
  const { normalized, before, intent, negotiation } = turn;
  // Words that fit several products, one of them in the draft ("dindil t-shirt bi" with a white
  // tee drafted): that line.
  const matches = turn.matches.map((m) => {
    if (next.has(m.product.id)) return m;
    const drafted = m.alternatives.filter((p) => next.has(p.id));
    const [only] = drafted;
    return drafted.length === 1 && only ? { ...m, product: only, alternatives: [] } : m;
  });
  let changed = false;
  const quantity = newQuantity(normalized);
  const known = matches.filter((m) => next.has(m.product.id));
  const fresh = matches.filter((m) => !next.has(m.product.id));
  const last = [...next.values()].at(-1);
  for (const line of next.values()) {
    if (resolveChoice(line, normalized, vocabulary)) changed = true;
  }
  const onlyNumber =
    /^(\d+|[a-z]+)( (svp|stp|please|pls|merci))?$/.test(normalized) && quantity !== null;
  if (
    !changed &&
    !fresh.length &&
    !known.length &&
    next.size === 1 &&
    last &&
    (SET.test(normalized) ||
      NO_FIRST.test(normalized) ||
      negatesOwn(last, normalized, vocabulary)) &&
    swapVariant(last, normalized, catalog, vocabulary)
  ) {
    changed = true;
    if (quantity !== null) last.quantity = quantity;
  }
  if (!changed && replaceLines(next, normalized, known, fresh, vocabulary)) return true;
  if (changed) {
    // A choice made between two products ("la verte"): nothing else to read in it.
  } else if (SET_TO.test(normalized) && quantity !== null && intent !== 'question') {
    const line = known[0] ? next.get(known[0].product.id) : last;
    if (line) line.quantity = quantity;
    changed = true;
  } else if (DOUBLE.test(normalized) && intent !== 'question') {
    for (const line of known.length ? known.map((m) => next.get(m.product.id)) : [last]) {
      if (line) line.quantity = (line.quantity ?? 1) * 2;
    }
    changed = true;
  } else if (HALVE.test(normalized) && intent !== 'question') {
    const line = known[0] ? next.get(known[0].product.id) : last;
    if (line) line.quantity = Math.max(1, Math.floor((line.quantity ?? 1) / 2));
    changed = true;
  } else if (LESS.test(normalized) && intent !== 'question') {
    const line = known[0] ? next.get(known[0].product.id) : last;
    if (line) line.quantity = Math.max(1, (line.quantity ?? 1) - (quantity ?? 1));
    changed = true;
  } else if (
    REMOVE.test(normalized) &&
    !known.length &&
    removedByWord(next, normalized, vocabulary)
  ) {
    changed = true;
  } else if (REMOVE.test(normalized) && known.length) {
    // "forget the tee, just the caps": what follows "just" is kept.
    const words = tokenize(normalized).map((t) => t.word);
    const keep = words.findIndex((w) => /^(just|only|juste|seulement)$/.test(w));
    // Wolof says it after: "dindil collier bi, bracelet bi rek laa bëgg" keeps the bracelet.
    const kept = (m: Match) =>
      words.slice(m.end + 1, m.end + 3).some((w) => /^(rek|rekk|seulement|only)$/.test(w));
    for (const m of known) if ((keep < 0 || m.start < keep) && !kept(m)) next.delete(m.product.id);
    changed = true;
  } else if (
    (SET.test(normalized) || (NO_FIRST.test(normalized) && quantity !== null)) &&
    !MORE.test(normalized) &&
    // "et 4 savons noirs aussi, je suis plutôt à Pikine": the count is the new product's own.
    !(
      !known.length &&
      quantitiesSaid(normalized).set === null &&
      fresh.some((m) => m.quantity === quantity && !m.weakQuantity && !m.countElsewhere)
    ) &&
    !negotiation &&
    (quantity !== null || known.length)
  ) {
    const target = known[0]
      ? next.get(known[0].product.id)
      : next.size === 1 || !fresh.length
        ? last
        : undefined;
    const value = known[0]?.quantity ?? quantity;
    if (target && value !== null) {
      target.quantity = value;
      changed = true;
    }
  } else if (ADD.test(normalized) && intent !== 'question') {
    if (matches.length) {
      for (const m of known) {
        const line = next.get(m.product.id);
        if (line) line.quantity = (line.quantity ?? 1) + (m.quantity ?? 1);
      }
    } else if (last) last.quantity = (last.quantity ?? 1) + (quantity ?? 1);
    changed = true;
  } else if (
    (ASKS_HOW_MANY.test(before) || SAYS_LEFT.test(before)) &&
    !fresh.length &&
    last &&
    counted(normalized)
  ) {
    // "Quelle pointure et combien de paires ? — 42, deux paires": the count, not the size.
    const line = known[0] ? next.get(known[0].product.id) : last;
    if (line) line.quantity = counted(normalized);
    changed = true;
  } else if (onlyNumber && last && intent !== 'question') {
    last.quantity = quantity;
    changed = true;
  }
  // A new order that says nothing of the one before ("je veux 3 karités", days after the soaps
  // were delivered) starts again; "et une casquette", "un karité aussi" add to it.
  const adds = ADD.test(normalized) || /^(et|and|plus|avec)\b/.test(normalized);
  if (intent === 'order' && !changed && fresh.length && !known.length && !adds) next.clear();
  if (intent === 'order' || changed) {
    // "finalement mettez 3 et ajoutez un bracelet": the 3 went to the change, not the bracelet.
    for (const m of fresh) {
      next.set(m.product.id, {
        match: m,
        quantity: changed && m.countElsewhere ? null : m.quantity,
      });
    }
    if (!changed) {
      for (const m of known) {
        const line = next.get(m.product.id);
        if (line && m.quantity !== null && !m.weakQuantity) line.quantity = m.quantity;
      }
    }
  }
  // A line whose product changed ("bouclée", "en blanc plutôt") is that product's line now:
  // the words that chose it are not one more line.
  for (const [id, line] of [...next]) {
    if (line.match.product.id === id) continue;
    next.delete(id);
    // The chosen product said again with its own count ("3 bouclées") keeps that count.
    const said = next.get(line.match.product.id)?.quantity;
    next.set(line.match.product.id, { ...line, quantity: said ?? line.quantity });
  }
  return changed;
}
