// Courtesy: the greetings, wellbeing questions, thanks, wishes, blessings and praise customers
// write around a request, or instead of one. A courtesy question asks for nothing the shop holds:
// "ça va ?", "vous allez bien ?", "la santé ?", "on est là ?", "how's your day going?", "naka nga
// def ?" are greetings, question mark or not. What is left once the courtesy is taken away is
// what the turn asks for; with nothing left, the turn is a greeting. (Normalized text: no accents,
// apostrophes and hyphens as spaces, letters typed three times or more folded: "hiii" → "hi".)

const alternatives = (words: string[]) => new RegExp(`\\b(?:${words.join('|')})\\b`, 'g');

/** Opening formulas, French, English, Wolof, Ivorian French. */
const HELLO = [
  'bonjour',
  'bjr',
  'bonsoir',
  'bsr',
  'salut',
  'slt',
  'coucou',
  'cc',
  'hello',
  'hi',
  'hey',
  'hiya',
  'yo',
  'allo',
  'good (?:morning|afternoon|evening|day|night)',
  'morning',
  'evening',
  'a?salaa?m?(?: ?(?:aa?|u|ou)? ?(?:maa?le?(?:kum|koum|ikum)|aleykoum|alaykoum|alaikum))?',
  'salamalekum',
  'salamalekoum',
  'maa?lekum',
  'malekoum',
  'aleykoum',
  'alaykoum',
  'on dit quoi',
  'rebonjour',
  're bonjour',
  'bienvenue',
  'on dit koi',
  'bonne arrivee',
];

/** Questions and wishes about the other's health and day: they ask for no information. */
const WELLBEING = [
  'ca va(?: bien| un peu| et vous| et toi| chez vous| la bas)?',
  'cv',
  'how (?:you|u) doing',
  'nanu def',
  'naka mu deme',
  'ana (?:yow|yaw)',
  'yow nak',
  'naka waa ker (?:gi|ga)',
  'comment (?:allez vous|vas tu|tu vas|ca va|va la famille|se passe (?:la|ta|votre) journee)',
  '(?:vous|tu) (?:allez|vas|va) bien',
  '(?:vous )?allez bien',
  '(?:la|ta|votre|et la) sante',
  '(?:la )?famille va bien',
  '(?:vous avez|tu as|t as) bien (?:dormi|passe la nuit|passe la journee)',
  'bien (?:dormi|reveille|reveillee|passe la nuit)',
  'tout (?:va|se passe|s est passe|roule) bien(?: (?:de|du) (?:votre|ton|notre|mon) cote| chez vous| chez nous| la bas)?',
  'yako(?: pour [a-z]+)?',
  '(?:ndax|ana) jamm',
  'ndax (?:mu|yangi|ngeen) (?:ngi )?(?:baax|ci jamm)',
  'tout va(?: chez vous)?',
  // The wellbeing question returned: "ça va bien, grâce à Dieu. Et vous ?".
  '(?:et|and) (?:vous|toi|you|yow|yeen)(?= ?\\?)',
  'on est la',
  'on est ensemble',
  'j espere que (?:vous allez|tu vas|tout va|tout se passe|vous vous portez|la famille va) bien',
  'j espere que vous etes en forme',
  'en forme',
  'how (?:are|r) (?:you|u|ya)(?: doing| all| guys)?',
  'how (?:s|is|was) (?:it going|things|everything|your (?:day|morning|evening|week|weekend|family))(?: going)?',
  'how (?:do you do|have you been)',
  'quoi de neuf',
  'ca (?:roule|gaze|boume|dit quoi)',
  'la forme',
  'bien ou bien',
  'on fait comment',
  'tranquille',
  'how (?:s|is|are) (?:business|work|life|the (?:family|shop|business|kids)|things|everyone)(?: going| today| treating you)?',
  'what s (?:up|new|good)',
  'wassup',
  'sup',
  'hope (?:you|u|all|everything|you all|you guys)(?: re| are| is| r)? (?:doing )?(?:well|good|great|fine|ok|okay)(?: with you)?',
  'hope (?:you|u) (?:had|have) a (?:good|great|nice|lovely) (?:day|night|weekend|week)',
  'hope this finds you well',
  // "trust you're keeping well", "hope the week is treating you well", "j'espère que tout va bien".
  '(?:i )?(?:hope|trust|pray|wishing)(?: [a-z]+){0,5} (?:well|good|great|fine|kindly|okay|ok)(?: with you| too| as well)?',
  '(?:j espere|je prie|on espere) que(?: [a-z]+){0,5} (?:bien|en forme|en bonne sante)',
  'keeping well',
  'all (?:good|well)',
  'nanga def',
  'na nga def',
  'nangadef',
  'naka nga def',
  'naka ngeen def',
  'naka (?:suba|bichi|ngon) si',
  'nanga fanaan',
  'naka nga fanaane?',
  'jamm (?:nga|ngeen|nu) (?:am|fanaan)',
  'jamm rekk?',
  'mangi fi rekk?',
  'ana waa ker gi',
  'waa ker gi',
];

/** Thanks, and the courtesy that closes a conversation. */
const THANKS = [
  // Longest first: "merci pour le service" before "merci".
  '(?:merci|thanks?|thank you) (?:encore )?(?:pour|for) (?:le |la |les |l |the |your |votre |vos |ton |ta |tes )?(?:service|accueil|patience|aide|help|livraison|delivery|confiance|trust|rapidite|gentillesse|kindness|disponibilite|professionnalisme|conseils?|advice|tout|everything|cadeau|gift|geste|surprise|bonus|petit plus|infos?|information|reponse|answer)(?: en plus| extra| offert| offered)?',
  'merci(?: (?:beaucoup|bcp|infiniment|bien|encore|pour tout|a vous|a toi|du fond du coeur|mille fois))?',
  'mrc',
  'mci',
  'grand merci',
  '(?:je vous|je te|on vous|nous vous) remercie(?: beaucoup| infiniment| encore)?',
  'thanks a bunch',
  'grace a vous',
  'thanks?(?: (?:a lot|a million|so much|again|for everything))?',
  'thank (?:you|u)(?: (?:so|very) much| again| for everything)?',
  'thx',
  'tnx',
  'ty',
  'much appreciated',
  'appreciate it',
  'jerejef',
  'jarajef',
  // Thanks returned: "jërëjëf yéen itam", "merci à vous aussi", "you too".
  '(?:yeen|yow|yaw|yen) itam',
  '(?:a )?(?:vous|toi) aussi',
  'pareillement',
  'you too',
  'same to you',
  'dieuredieuf',
  'dieureudieuf',
  'a bientot',
  'a la prochaine',
  'a tres vite',
  'a plus tard',
  'see you (?:soon|next time|later)',
  'until next time',
  'a plus',
  'bye',
  'see you',
  'ba beneen yoon',
  'ba suba',
  'ba ci kanam',
  'bu baax',
];

/** Wishes for a day, a feast, a season. */
const WISHES = [
  'bonne fete(?: de (?:la |l )?(?:tabaski|korite|tamkharit|gamou|magal|noel|ramadan|paques|fin d annee|nouvel an|aid|eid|independance|la femme|des meres|des peres))?',
  'joyeuses? (?:fetes?|tabaski|korite|tamkharit|aid|eid)',
  'bonne (?:annee|fete|journee|soiree|nuit|semaine|fin de (?:journee|semaine|soiree)|tabaski|korite|tamkharit|ramadan|continuation|reception)',
  'bon (?:apres midi|aprem|apm)',
  'bon debut de (?:semaine|journee|mois|annee)',
  '(?:belle|excellente) (?:journee|soiree|semaine|fete)',
  'take care',
  'stay safe',
  '(?:best |kind |warm )?regards',
  'much love',
  'bon (?:week end|weekend|vendredi|dimanche|courage|appetit|ramadan|mois)',
  'joyeux (?:noel|anniversaire|ramadan|paques)',
  'joyeuses fetes',
  'happy (?:new (?:year|month|week)|holidays|friday|eid|tabaski|korite|sunday|weekend|birthday|easter)',
  'merry christmas',
  'season s greetings',
  '(?:eid|ramadan|tabaski|korite|juma|jummah) (?:mubarak|moubarak|kareem|karim)',
  'dewenati',
  'have a (?:nice|good|great|blessed|lovely) (?:day|weekend|evening|week|one|night)',
  'enjoy your (?:day|weekend|evening)',
  'blessed (?:friday|jumma|jummah|day|week)',
];

/** Blessings: everything after "Yàlla na" or "que Dieu" is the prayer. */
const BLESSINGS = [
  'yalla na(?: [a-z]+){0,6}',
  '(?:que )?dieu (?:vous|te|nous) (?:benisse|garde|protege|aide|le rende|recompense)',
  'dieu merci',
  'grace a dieu',
  'god bless(?: you)?',
  '(?:stay|be) blessed',
  'amine?',
  'amen',
  'barke',
  'alhamdoulillah',
  'alhamdulillah',
];

/** Praise and satisfaction: feedback on what was received, not a request. */
const PRAISE = [
  '(?:tres |vraiment |trop |super |bien )?(?:satisfaite?s?|ravie?s?|contente?s?|heureux|heureuse)',
  'magnifiques?',
  'superbes?',
  'splendides?',
  'nickel',
  'parfaite?s?',
  'impeccables?',
  'top',
  'trop (?:beaux?|belles?|jolie?s?|doux|bon|bonne|bien|propre)',
  '(?:tres|vraiment|si) (?:beaux?|belles?|jolie?s?|doux|douce|bon|bonne)',
  'j adore',
  'je kiffe',
  'bravo',
  'i (?:really )?love (?:it|them|this|that|the|my|your)',
  'love (?:it|them|the|my|your|this)',
  'loved (?:it|them)?',
  'lovely',
  'beautiful',
  'gorgeous',
  'amazing',
  'awesome',
  'excellent',
  'great (?:quality|service|job|work|stuff)',
  'good (?:quality|service|job)',
  '(?:belle|bonne) qualite',
  'service (?:au top|impeccable)',
  '(?:bien|c est|est) arrivee?s? (?:propre|en bon etat|a temps|a l heure)',
  'arrivee?s? propre',
  'in (?:good|perfect|great) (?:shape|condition)',
  'bien recue?s?',
  'bien arrivee?s?',
  'super',
  'you re the best',
  '(?:vous etes|tu es|t es) (?:les? |la )?(?:meilleure?s?|top|formidables?|geniale?s?)',
  'the best',
  '(?:livraison|delivery|service) (?:rapide|fast|quick|top|impeccable|au top|efficace)',
  '(?:fast|quick|speedy) (?:delivery|service)',
  'well received',
  'received (?:it|them|everything|all)',
  'tout (?:est|etait) (?:bon|ok|nickel|parfait|top|beau)',
  'baax na',
  'c est (?:du |trop |tres )?(?:lourd|propre|doux)',
  'neex na',
  'rafet na',
  'dafa rafet',
  'dafa neex',
];

/** Short answers that acknowledge: "ok", "d'accord", "noted". */
const ACKNOWLEDGE = [
  'ok',
  'okay',
  'okk',
  'okey',
  'oke',
  'dacc',
  'yep',
  'yup',
  'got it',
  'understood',
  '(?:c est )?compris',
  'oki',
  'd accord',
  'daccord',
  'dac',
  'bien note',
  'c est note',
  'note',
  'noted',
  'entendu',
  'ca marche',
  'pas de souci',
  'no (?:problem|worries)',
  'alright',
  'cool',
  'waaw',
  'yes',
  'oui',
];

/** Who the courtesy is addressed to: "madame", "tantie", "ma sœur", "la famille", "the team". */
const VOCATIVES = [
  'madame',
  'mme',
  'monsieur',
  'mr',
  'mlle',
  'mademoiselle',
  'tantie',
  'tanti',
  'tata',
  'tonton',
  'maman',
  'papa',
  'ma (?:soeur|chere|cherie|belle|grande|petite)',
  'mon (?:frere|cher|ami|grand|petit|bro)',
  'sis',
  'sister',
  'bro',
  'brother',
  'boss',
  'chef',
  'patronne?',
  'dear',
  'cherie?',
  '(?:la|toute la|a toute la) (?:famille|boutique|team)',
  '(?:a )?(?:toute )?l equipe',
  '(?:to )?(?:all of you|everyone|the team|the whole team|guys|y all|yall)',
  'sama (?:soxna|xarit|doom|yaay|baay|mag)',
  'soxna si',
  'yaay',
  '(?:la )?boutique(?: bi)?',
  'waa (?:ker|boutique|magasin|shop) (?:gi|bi)',
  'o',
  'deh',
  'oh',
];

const FORMULAS = {
  hello: alternatives(HELLO),
  wellbeing: alternatives(WELLBEING),
  thanks: alternatives(THANKS),
  wishes: alternatives(WISHES),
  blessings: alternatives(BLESSINGS),
  praise: alternatives(PRAISE),
  acknowledge: alternatives(ACKNOWLEDGE),
};
const VOCATIVE = alternatives(VOCATIVES);

/** Every courtesy formula: the words they cover are words the analyzer read. */
export const COURTESY_PATTERNS: RegExp[] = [...Object.values(FORMULAS), VOCATIVE];

/** Words that carry nothing alone around courtesy ("et", "à vous", "de votre côté"). */
const FILLERS =
  /\b(?:et|and|a|à|vous|tu|toi|te|you|u|your|votre|ton|to|for|pour|de|du|des|la|le|les|l|the|all|tous|toutes?|tout|with|avec|aussi|too|also|encore|again|so|much|tres|very|vraiment|really|c|est|it|is|s|ce|this|matin|morning|aujourd|hui|today|hier|yesterday|ici|here|bien|well|rek|rekk|bi|yi|gi|si|ak|nga|na|la|ba|yeah|bon|alors|hein|en|ma|mon|mes|my|me|moi|i|j|je|just|only|juste|deja|already|one|un|une|que|qui|au|aux|chez|from|of|in|on|ici|la bas|deh|o|oh|as always|as usual|comme toujours|comme d habitude)\b/g;

export interface Courtesy {
  /** The turn carries some courtesy formula. */
  found: boolean;
  /** It praises or thanks for what was received ("très satisfaite du pagne", "love the perfume"). */
  praise: boolean;
  /** The turn without its courtesy: what it asks for, if anything. */
  rest: string;
}

/** The courtesy in a normalized turn, and what is left without it. */
export function readCourtesy(normalized: string): Courtesy {
  let rest = normalized;
  let found = false;
  let praise = false;
  for (const [kind, pattern] of Object.entries(FORMULAS)) {
    const without = rest.replace(pattern, ' ');
    if (without !== rest) {
      found = true;
      if (kind === 'praise' || kind === 'thanks') praise ||= kind === 'praise';
    }
    rest = without;
  }
  rest = rest.replace(VOCATIVE, ' ').replace(/\s+/g, ' ').trim();
  return { found, praise, rest };
}

/**
 * The words of what is left that say something: not fillers, not punctuation. A greeting may
 * keep one of them (a name: "Bonsoir Mme Awa, vous allez bien ?").
 */
export function substance(rest: string): string[] {
  return rest
    .replace(FILLERS, ' ')
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 1);
}
