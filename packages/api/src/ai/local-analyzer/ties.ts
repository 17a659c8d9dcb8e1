// Words after a product that fits several ("deux pagnes wax, le bleu là", "3 tee-shirts : 2 blancs
// 1 noir", "two embroidered boubous, one for men and one for women", "les deux robes, la rouge et
// la verte"): each word that names exactly one of those products chooses it, with the count said
// right before it; several such words split the line into one line each.
import type { CatalogItem } from '../output';
import type { Match, Vocabulary } from './match';
import type { ReadNumber } from './numbers';
import { STOPWORDS } from './shop-words';

/**
 * The mentions (in order), with one that fitted several products chosen or split; the words that
 * chose are not mentions of their own any more.
 */
export function chooseAmongTies<T extends Match>(
  lines: T[],
  words: string[],
  numbers: Map<number, ReadNumber>,
  vocabulary: Vocabulary,
): T[] {
  const out: T[] = [];
  /** Tokens that chose among a line's products. */
  const used = new Set<number>();
  for (const [i, line] of lines.entries()) {
    if ([...used].some((k) => k >= line.start && k <= line.end)) continue;
    if (!line.alternatives.length) {
      out.push(line);
      continue;
    }
    const candidates = [line.product, ...line.alternatives];
    const next = lines[i + 1];
    const picks: { product: CatalogItem; quantity: number | null }[] = [];
    for (let k = line.end + 1; k < words.length && words[k] !== '\n'; k++) {
      if (next && k >= next.start && !candidates.includes(next.product)) break;
      const named = vocabulary.words.get(words[k] ?? '');
      const fits = candidates.filter((c) => {
        const source = named?.get(c);
        return source === 'name' || source === 'synonym';
      });
      const [only] = fits;
      if (fits.length !== 1 || !only || picks.some((p) => p.product === only)) continue;
      // The count right before the word ("2 blancs", "one for men"), articles aside.
      let quantity: number | null = null;
      for (let b = k - 1; b >= Math.max(line.end + 1, k - 3); b--) {
        const n = numbers.get(b);
        if (n && !n.weak) {
          quantity = n.value;
          break;
        }
        if (!STOPWORDS.has(words[b] ?? '') && !/^(for|pour)$/.test(words[b] ?? '')) break;
      }
      picks.push({ product: only, quantity });
      used.add(k);
    }
    if (!picks.length) {
      out.push(line);
      continue;
    }
    for (const pick of picks) {
      const quantity = pick.quantity ?? (picks.length === 1 ? line.quantity : 1);
      out.push({ ...line, product: pick.product, alternatives: [], quantity, weakQuantity: false });
    }
  }
  return out;
}
