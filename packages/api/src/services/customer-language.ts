// The customer's language, guessed from what they write: French or English, or nothing when
// unsure. Counts words common in one language and rare in the other (greetings, pronouns,
// articles, the shop's everyday words); one language must have at least two of them and three
// times as many as the other. Words both languages use ("ok", "stop", "menu", "message", "as",
// and "on", "me", "cash" French speakers use too) are left out. Wrong is worse than unknown: the
// business's language stands in when this answers null.
import type { Locale } from '@flux/contracts';

const FRENCH = new Set(
  (
    "bonjour bonsoir salut coucou merci svp stp s' plait plaît je j' moi tu vous nous il elle ils " +
    'le la les un une des du au aux ce cet cette ces mon ma mes ton ta tes votre vos notre ' +
    'est sont suis es avez avons ai veux voudrais voulais peux pouvez aimerais cherche ' +
    'combien coûte coute quel quelle quels quelles comment pourquoi quand où ou et mais avec ' +
    "pour dans sur pas oui non bien très tres aussi encore demain aujourd' hui ici livraison " +
    'livrer commande commander disponible taille couleur prix reçu recu payer espèces especes ' +
    "adresse quartier c' d' l' qu' n' ça ca beaucoup bonne journée journee soirée soiree"
  ).split(' '),
);

const ENGLISH = new Set(
  (
    'hello hi hey thanks thank please i you we he she they the this that these those my your ' +
    'our is are am was were do does did have has want would like could can need looking how ' +
    'much what which when where why and but with for in not yes yeah very also still tomorrow ' +
    'today here delivery deliver order available size colour color pay address good morning evening'
  ).split(' '),
);

/** The words of a message, lower-case, French elisions kept as their own word (`j'`, `l'`). */
function words(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replaceAll('’', "'")
      .match(/\p{L}+'?/gu) ?? []
  );
}

/** 'fr' or 'en' when the text clearly is one; null when it is short, mixed or neither. */
export function guessLanguage(text: string): Locale | null {
  let fr = 0;
  let en = 0;
  for (const token of words(text)) {
    // A quote's closing mark is not an elision: "'hello'" is hello.
    const word = FRENCH.has(token) ? token : token.replace(/'$/, '');
    if (FRENCH.has(word)) fr += 1;
    if (ENGLISH.has(word)) en += 1;
  }
  if (fr >= 2 && fr >= 3 * en) return 'fr';
  if (en >= 2 && en >= 3 * fr) return 'en';
  return null;
}
