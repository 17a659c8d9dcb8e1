// The cue phrases the local analyzer reads intents by, in French, English, Wolof–French and Ivorian
// French, on normalized text (no accents, "ñ" → "n", "ë" → "e"), and the messages that try to
// instruct the AI.

export const has = (text: string, patterns: RegExp[]) =>
  patterns.some((pattern) => pattern.test(text));

/**
 * Messages that try to instruct the AI. They are never answered by the AI alone: the guard holds
 * the reply for a person, whatever the intent.
 */
export const INJECTION_PATTERNS: RegExp[] = [
  /\b(ignore|oublie|oubliez|ignorez|disregard|forget)\b.{0,30}\b(instructions?|regles?|rules?|consignes?|prompt|previous|precedent|above|tout ce qu)/,
  /\b(system ?prompt|prompt systeme|ton prompt|your prompt|reveal your|affiche (tes|vos) (instructions|regles))\b/,
  /\b(tu es|t es|you are|you re) (maintenant|now|desormais)\b|\b(tu es|t es|you are|you re)\b.{0,40}\b(desormais|from now on|a partir de maintenant)\b/,
  /\b(from now on|a partir de maintenant|desormais)\b.{0,30}\b(you|tu|t es)\b|\b(new|nouvelles?) (instructions?|consignes?|rules|regles)\b/,
  /\b(pretend|act as if|fais comme si|fait comme si|joue le role)\b.{0,30}\b(you|tu|t es|owner|patron|admin)\b/,
  /\b(admin mode|mode admin|developer mode|jailbreak|dan mode)\b/,
  /^\s*(system|assistant|systeme)\s*:/m,
  /\bpour l assistant (ia|ai)\b|\b(to|for) the (ai|assistant|bot)\b.*\b(ignore|apply|give|set)\b/,
  /\b(applique|apply|mets|set|give)\b.{0,20}\b(100|9\d) ?% ?(de )?(remise|discount|off)\b/,
];

export function isInjection(normalized: string): boolean {
  return has(normalized, INJECTION_PATTERNS);
}

export const CUES = {
  spam: [
    /\b(travail|emploi|job|recrut|recruit|hiring|stage|partenariat|photographer|photographe|collab)/,
    /\b(devenir|etre|cherche[rz]?|recrute[rz]?|become)\b.{0,20}\b(revendeu|reseller|distribut)|\b(fournisseurs?|suppliers?|chiffre d affaires|chiffre de ventes|turnover|sondage|survey|questionnaire|mot de passe|password|wifi|we sell|nous vendons|we offer|nous proposons|groupe whatsapp|whatsapp group|independant|freelance|besoin de quelqu un|need someone)\b/,
    /\b(wrong (number|chat)|mauvais(e)? (numero|conversation|chat)|change de numero|c est (moi|toi)|c toi)\b/,
    /\b(you have won|vous avez gagne|gift card|click the link|cliquez|prize|felicitations|congratulations)\b/,
    /\b(instagram|tiktok|facebook) (handle|page|account|compte)|\bwork for you\b|\bcherchez des (livreurs|vendeu)/,
    /^\s*(<?medias? omis>?|\[(image|audio|video|sticker|document)\])\s*$/,
    /\bje vous envoie (la|une) photo\b/,
    /\b(je suis|i am|i m) (commercial|sales|representant|agent commercial)\b|\b(presenter|present) (notre|nos|our) (offre|offer|service|solution)/,
  ],
  complaint: [
    /\b(decousu|abime|casse|deteint|dechire|tache|defectueu|ecrase|endommage|troue|moisi|perime|fondu|coule\b|gate\b|gater (mon|ma)|pas serieux|inadmissible|inacceptable|scandal|arnaque|abusez|vous abusez)/,
    /\b(rembours|refund|money back|mon argent|my money)/,
    /\b(alors que j avais|wrong (item|colou?r|size)|pas (le|la) bon(ne)?|mauvais(e)? (couleur|taille|article|produit|boubou|modele)|not the right|c est pas ca|pas ce que j ai commande)/,
    /\b(impoli|rude|malpoli|mal parle|pas normal|pas content|not happy|decu|disappointed|laisse a desirer|unacceptable|ridiculous|quel genre de service)/,
    /\b(tarnished|melted|crushed|damaged|broken|torn|fix this|leaking|faded|turning black|not real|fake|faux|contrefa|noirci)\b/,
    /\b(recu que|received only|only received|manque|missing|il manque)\b/,
    /\b(you sent|vous m avez envoye|on m a envoye|j ai recu|i received|i got)\b.{0,40}\b(i ordered|j ai commande|j avais commande)\b/,
    /\b(re(c|ç)u|livre|envoye|received|got|delivered|sent)\b.{0,40}\b(au lieu d|instead of)/,
    /\b(toujours (rien|pas (recu|livre|arrive))|still (nothing|not (arrived|delivered|here))|nothing yet|rien recu)\b/,
    /\b\d+ (jours|days|semaines|weeks)\b.{0,30}\b(toujours|still|rien|nothing|pas)\b/,
    /\bdafa (yagg|yaqu|yaq|toj|tooy|metti)|\byaqu\b|\btoj\b|\bsoppi\b|\bdelloo\b|\bduma ko (jel|jot)\b|\bbaaxul\b|\bbakhul\b|\bnexul\b/,
    /\b(received|recu|livre|got)\b.{0,40}\b(size|taille|pointure|colou?r|couleur)\b.{0,30}\b(ordered|commande)\b|\bsort (this|it) out\b|\b(gout|taste) (bizarre|weird|strange)/,
    /\b(pas serieux|c est quel genre)/,
    /\b(pas (original|authentique|d origine)|not (original|authentic|genuine)|vous m avez (eu|arnaque|trompe)|shr[ua]nk|retreci|pas correct|not fair|depuis (une|1|deux|2|trois|3) (semaines?|weeks?)|rance|rancid|inutilisable|unusable|pourri|rotten|emmele|tangled|pas bon du tout|not good at all|(il y a|y a|ya|il n y a) que \d+|only (got|received) \d+|jete|(est|sont|tout) sale\b|dirty|thrown|mouille|disappoint|c est quel(le)? affaire|(second|third|2nd|3rd) time\b.{0,30}\blate|encore en retard|broke|honteux|honte|shameful|it took \d+ (days|weeks)|a mis \d+ jours|\d+ (jours|days|semaines|weeks) d attente|trous?|troue|mauvaise qualite|bad quality|poor quality|smells? (bad|weird|strange)|sent mauvais|shedding|perd ses|facture .{0,30}alors que|charged me .{0,30}(but|instead)|rouille|rusted|tombent|falling out|pas fonctionne|doesn t work|does not work)\b/,
    /\b(j annule|annuler|cancel)\b.{0,50}\b(trop|long|rembours|refund|semaine|week|jours|days|attend|waiting)|\b(trop longtemps|too long)\b|\bdinaa annuler\b/,
    /\b(echange|exchange|retour|return)\b.{0,20}\b(casse|abime|broken|damaged|defectueu)|\b(casse|abime|broken|damaged)\b.{0,30}\b(echange|exchange)\b/,
  ],
  delivery_status: [
    /\b(ma|mon|notre|sama) (commande|colis|livraison|order)\b.*\b(ou|quand|qd|arrive|aujourd hui|demain|expedie|pret|parti|quitte|en route|nekk|agsi)/,
    /\b(commande|colis|order) (n|no|numero)? ?\d{3,}/,
    /\b(livreur|gars de la livraison|delivery guy|courier|driver)\b.*\b(arrive|ou|quand|heure|toujours pas|pas encore|appele|nekk|fan|attend|en route|right now|now|where)/,
    /\b(livrez|livre|livrer|livraison|arrive|ca arrive) (quand|qd)\b/,
    /\b(quand|qd)\b.{0,25}\b(livr|arriv|recevoir)/,
    /\bwhen (will|does|is|do)\b.*\b(arrive|come|get here|deliver|courier|driver|order|package|ship)/,
    /\b(colis|suivi|tracking|expedie|shipped|on the way|en route|est parti|quitte quand)\b/,
    /\b(where is my|where s my|my (order|package|parcel|delivery)|delivery guy|any (update|news)|des nouvelles)\b/,
    /\b(fan la|fan lay|ana) .*\b(colis|commande|livreur|nekk)\b|\bkan (la|lay|ngeen|nga)\b.*\b(indi|agsi|yonne|livr|commande)/,
    /\bou en est\b/,
    /\b(livraison|livre|delivery|deliver)\b.{0,20}\b(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|demain|monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow)\b.{0,30}\b(toujours|still|confirm|bon|ok)\b/,
    /\b(pas de|aucune|sans) nouvelles?\b.{0,30}\b(livraison|commande|colis|livreur)|\b(no (news|update)|not heard)\b.{0,30}\b(order|delivery|parcel|package)|\bout for delivery\b/,
    /\b(ma|mon|notre|sama|my) (paquet|package|parcel|colis|commande|order)\b.{0,30}\b(ou|where|arrive|arriving|new na|new|agsi|nekk|maintenant|now|today|aujourd hui)\b/,
    /\b(coursier|rider|motard|livreur|driver|courier)\b.{0,40}\b(passe|parti|left|come|venu|passed|came|ou|where|quand|when|devait|should have|toujours personne|still nobody)\b/,
    /\b(commande|colis|order|paquet|livreur) bi\b.{0,15}\b(new|agsi|genn|dem)\b/,
  ],
  negotiation: [
    /\b(vous me faites|tu me fais|fais moi|faites moi|vous faites|tu fais) (combien|prix|un prix|une remise|un geste)/,
    /\bsi je prends (les |la |le )?\d+\b.*\b(combien|prix|remise|reduction|offert|offerte|gratuit|gratuite|free|cadeau)|\b(combien|prix)\b.*\bsi je prends (les |la |le )?\d+/,
    /\b(dernier prix|last price|best price|meilleur prix|prix d ami|reduction|remise|discount|rabais|geste commercial)\b/,
    /\b(baisser|diminuer|diminue|gater prix|negocier|negociable|negotiable)\b/,
    /\b(can you do|could you do|pouvez faire|peux faire|vous pouvez faire|tu peux faire)\b.{0,15}\d/,
    /\bcombien (pour|si j en prends) \d+|\bcombien pour (les )?\d+|what price .*for \d+|price for \d+/,
    /\bsi j en prends \d+\b/,
    /\b(better|good|special|wholesale|bulk) (price|deal|rate)\b|\b(bon|petit) prix\b|\bfaire prix\b|\bprix de gros\b|\b(vous pouvez|tu peux|pouvez vous|peux tu|can you) (descendre|baisser|diminuer|go lower|lower)\b/,
  ],
  order: [
    /\b(je|j|moi) ?(veux|veut|voudrai|voudrais|voudrait|voulais|prends|prend|commande|achete|souhaite|souhaiterais|aimerais)\b/,
    /\b(jveux|jveu|jvx|jvoudrai|jvoudrais|jprends|jprend|je ve|jpren)\b/,
    /\bj ?en (prends|prend|veux|voudrais)\b/,
    /\b(pouvez vous|vous pouvez|tu peux|peux tu|pourriez vous) me (livrer|envoyer|mettre|reserver|garder)\b/,
    /\b(envoyez|envoie|envoi|envoyer|apportez|livrez|mettez|mets|met|reservez|donnez|donne|gardez)[ -]?(moi|nous|m|me)\b/,
    /\b(envoyez|apportez|livrez|mettez|reservez)\b/,
    /\b(j ai besoin d|jai besoin d|besoin de \d|commander|reserver|je passe commande|a commander|il me faut|faut m envoyer|faut me mettre|faut me donner)\b/,
    /\b(i ll take|i will take|i want|i d like|i would like|i need|can i get|could i get|can u send|can you send|send me|please send|reserve|i ll have|i ll buy|to order|to buy|i ll get)\b/,
    /\b(dama begg|begg naa|bega naa|maa ngi begg|yonnee ma|yonne ma|indil ma|indi ma|jox ma|joxe ma|dama beug|beug naa)\b/,
    /\b(veut|veulent|wants)\b|\b(could|can|may) i have\b|\bpuis je avoir\b/,
    /\bx ?\d+\s*$|\bje le prends\b|\bje la prends\b|\bje les prends\b/,
    /\b(possible de|pourriez vous|pouvez vous|vous pouvez|could you|can you|would you|will you|could u|can u)\b.{0,12}\b(m envoyer|me livrer|me mettre|me garder|me reserver|mettre de cote|put aside|set aside|keep|hold|send|deliver|reserve|save)\b/,
    /\b(mettez|mets|mettre|gardez|garde|put|set)\b.{0,12}\b(de cote|aside)\b|\bje (valide|confirme)\b|\bi (confirm|ll go with)\b/,
  ],
  question: [
    /\b(combien|cmb|cb|kmb|cbn|cmbien|prix|tarif|c est quoi|c quoi|dispo|disponible|vous avez|avez vous|est ce que|est ce qu|quel|quelle|quels|quelles|comment|pourquoi|ou se trouve|vous livrez|livrez vous|on peut|peut on|je peux|ouvert|difference|bon pour|ca fait combien)\b/,
    /\b(how much|how many|how long|price|do you|are the|is the|is it|what|which|can i pay|accept|available|in stock|do the)\b/,
    /\b(naata|lan mooy|lan la|ndax|am ngeen|am nga|ana)\b/,
  ],
  greeting: [
    /\b(bonjour|bjr|bonsoir|bsr|salut|slt|salam|salamalekum|salaamaalekum|salamalekoum|aleykoum|alaykoum|malekum|nangadef|nanga def|na nga def|nanga fanaan|naka nga fanaane?|coucou|hello|hi|hey|good (morning|evening|afternoon)|ca va|comment (allez vous|vas tu|tu vas|ca va)|how are you|how r u|hope you re|ana waa|merci|mrc|dieuredieuf|dieureudieuf|jerejef|thanks|thank you|thx|bonne (journee|soiree|fete|nuit)|cheers|have a nice|have a blessed|blessed|bon vendredi|juma|jummah|happy (friday|eid|tabaski|korite)|bon week end|^(good )?(morning|evening|afternoon)|ok|okay|d accord|dac|on dit quoi|ba suba|ba beneen|jamm|a?salaa? ?maa?lekum|maa?lekum)\b/,
  ],
};
