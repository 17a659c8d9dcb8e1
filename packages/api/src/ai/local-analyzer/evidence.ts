// How much of a customer's turn the local analyzer understood, and how sure that makes it.
// On messages written in words it has never met, the analyzer errs far more often than on its
// tuning set: a word it cannot place (not a product word, not a cue, not a common word) is the
// evidence it may have missed what the customer meant. The confidence it gives is that evidence
// (the reading's own strength, less what was not understood), capped by the tuning set's
// calibration table: how often answers with that evidence were fully right (calibration.json,
// written by `pnpm eval:ai --calibrate`).
import calibration from './calibration.json';
import { COMMON_WORDS } from './common-words';
import { cueSpans } from './intent';
import { isMeasure, isNumberWord, NOT_QUANTITY_AFTER, NUMBER_HELPERS } from './numbers';
import { wordForm } from './products';
import { COUNTERS, STOPWORDS } from './shop-words';

/** Words of everyday French, English and Wolof that carry no product and no intent alone. */
const FUNCTION_WORDS = new Set(
  // French
  (
    'je tu il elle on nous vous ils elles me te se moi toi lui eux leur leurs ce cet cette ces ca ' +
    'cela ceci celui celle ceux qui que qu quoi dont ou y en ne n pas plus jamais rien tres trop ' +
    'bien mal tout tous toute toutes mon ma mes ton ta tes son sa ses notre nos votre vos par sur ' +
    'sous dans chez vers entre avant apres depuis pendant comme si oui non mais donc car ni est ' +
    'sont suis es etes ai as avons avez ont ete etre avoir fait faire fais faites dire dit dis ' +
    'va vais vont aller allez venir viens vient peux peut pouvez pourrais voir vu mettre prendre ' +
    'prends prend donner envoyer livrer acheter payer veux veut voudrais voulais vouloir alors ' +
    'voila hein ben bah euh bon deja aussi encore ici la bas quand comment combien pourquoi ' +
    'quel quelle quels quelles autre autres meme memes chose choses fois peu beaucoup assez ' +
    'petit grand grande gros mois semaine jour jours heure heures soir matin hier ' +
    'svp stp slt bjr bsr cc mr mme mlle monsieur madame tantie tonton frere soeur ami amie ' +
    'gars go maman papa mari femme enfant enfants fille fils famille cousin cousine mere pere ' +
    'faut jai mets met envoie envoi arrive arriver livre livree paye payer attends attend pres ' +
    'devant derriere cote maison etait avait passer passe seulement total via super plait ' +
    'personne reste pense recuperer offrir cadeau cadeaux taille pointure rue villa cite ' +
    'immeuble etage route quartier lundi mardi mercredi jeudi vendredi samedi dimanche ' +
    'wave cash espece especes vocal note besoin qualite normal recevoir demande vrai vraiment ' +
    'commandes livraisons produit produits article articles prix paiement frais ' +
    // English
    'i you he she it we they me my mine your yours his her our their them us the a an of to in ' +
    'on at for with from by and or but so if is are am was were be been being have has had do ' +
    'does did can could will would should shall may might must not no yes yeah ok please pls ' +
    'thanks this that these those there here what which who whom how when where why just only ' +
    'also very too much many some any all more less one ones get got want need like take make ' +
    'made go going come coming send buy pay know think see let im ive id ill dont cant its ' +
    'thats hi hey um uh so well now then still yet again soon day days week time already ' +
    'after before yesterday monday tuesday wednesday thursday friday saturday sunday actually ' +
    'give gave left arrived ordered size sizes voice note total via super house home street ' +
    'deliver delivered delivering shipping ship shipped package address fees fee payment ' +
    'mobile product products shop store orders real said keep forget item items ' +
    // Wolof
    'dama begg naa ma nga la mu nu ngeen nun yow man moom bi yi gi ji li mi wi ak ci ba ndax lan ' +
    'fan kan naka rek rekk waaw deedeet baal sama sa saa am nekk dem new jend jox yonnee indil ' +
    'maa ngi dinaa laa nga ko ka leen def ba ci kanam tey demb suba'
  ).split(' '),
);

/** The words of a normalized turn the analyzer could not place. */
export function unknownWords(
  normalized: string,
  isProductWord: (word: string) => boolean,
  /** The rules' own word lists (changes to an order) and the address read (a place's words). */
  also: { patterns: RegExp[]; address: string | null },
) {
  const text = also.address ? normalized.replace(also.address, ' ') : normalized;
  const spans = [
    ...cueSpans(text),
    ...also.patterns.flatMap((pattern) =>
      [...text.matchAll(new RegExp(pattern.source, 'g'))].map((m): [number, number] => [
        m.index,
        m.index + m[0].length,
      ]),
    ),
  ];
  const unknown: string[] = [];
  for (const match of text.matchAll(/[a-z]+/g)) {
    const word = match[0];
    const at = match.index;
    if (word.length < 3) continue;
    if (spans.some(([from, to]) => at >= from && at < to)) continue;
    const stemmed = wordForm(word);
    if (
      STOPWORDS.has(word) ||
      FUNCTION_WORDS.has(word) ||
      FUNCTION_WORDS.has(stemmed) ||
      COMMON_WORDS.has(word) ||
      COUNTERS.has(stemmed) ||
      NOT_QUANTITY_AFTER.has(word) ||
      isNumberWord(word) ||
      isNumberWord(stemmed) ||
      NUMBER_HELPERS.has(stemmed) ||
      isMeasure(stemmed) ||
      isProductWord(stemmed)
    )
      continue;
    unknown.push(word);
  }
  return unknown;
}

/** Each word not understood takes this much from the reading's own confidence. */
const PER_UNKNOWN_WORD = 0.1;
/** A product chosen by a small margin over another (fuzzy words) is less sure. */
const NARROW_MARGIN = 0.25;

export interface CalibrationBin {
  from: number;
  items: number;
  fullyRight: number;
}

/** The lower bound (one-sided 95 %, Wilson) of a bin's rate of fully right answers. */
export function lowerBound(bin: CalibrationBin | undefined): number {
  if (!bin || bin.items === 0) return 0.5;
  const z = 1.645;
  const n = bin.items;
  const p = bin.fullyRight / n;
  const centre = p + (z * z) / (2 * n);
  const spread = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return (centre - spread) / (1 + (z * z) / n);
}

/** The evidence as a score before calibration: the reading's strength, less what was not read. */
export function evidenceScore(
  reading: number,
  doubts: {
    /** Words of the turn not understood. */
    unknown: number;
    /** The narrowest lead a drafted product had over the next one. */
    margin: number;
    /** Cues of other intents in the turn. */
    rivals: number;
    /** Not an order while a draft was open. */
    turnedAway: boolean;
    /** Counts said that no drafted line took. */
    stray?: number;
    /** Lines named by one word with no count by it. */
    bare?: number;
  },
): number {
  const score =
    reading -
    PER_UNKNOWN_WORD * Math.min(doubts.unknown, 5) -
    (doubts.margin < NARROW_MARGIN ? 0.1 : 0) -
    (doubts.rivals > 0 ? 0.1 : 0) -
    (doubts.turnedAway ? 0.05 : 0) -
    (doubts.stray ? 0.1 : 0) -
    (doubts.bare ? 0.1 : 0);
  return Math.max(0.05, Math.min(0.99, score));
}

export const CALIBRATION_STEP = 0.05;

/** The tuning set's answers binned by evidence, for calibration.json. */
export function calibrationTable(answers: { evidence: number; right: boolean }[]) {
  const bins: CalibrationBin[] = Array.from(
    { length: Math.round(1 / CALIBRATION_STEP) },
    (_, i) => ({
      from: Math.round(i * CALIBRATION_STEP * 100) / 100,
      items: 0,
      fullyRight: 0,
    }),
  );
  for (const { evidence, right } of answers) {
    const bin = bins.findLast((b) => evidence >= b.from - 1e-9);
    if (!bin) continue;
    bin.items += 1;
    if (right) bin.fullyRight += 1;
  }
  return bins;
}

/** The confidence given: the evidence, never above what the tuning set showed for it. */
export function calibrated(score: number): number {
  const bins = calibration.bins as CalibrationBin[];
  const bin = bins.findLast((b) => score >= b.from - 1e-9);
  return Math.min(score, lowerBound(bin));
}
