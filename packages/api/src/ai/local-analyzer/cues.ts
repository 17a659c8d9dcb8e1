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
  // "oublie ce qu'on t'a dit", "disregard your guidelines", "act like my girlfriend".
  /\b(ignore|oublie|oubliez|ignorez|disregard|forget)\b.{0,20}\b(ce qu on t a dit|ce que je t ai dit|ce qu on vous a dit|what (you were|i|they) told|everything (you were|i|they)|guidelines?|directives?|programming|programmation|training)\b/,
  /\b(act|behave|roleplay|role play) (like|as)\b|\b(comporte toi|fais semblant d etre|fait semblant d etre|imagine que tu es)\b/,
  /\b(set|mets|mettez|put|make|change)\b.{0,20}\b(every|all|each|tous les|toutes les|chaque)\b.{0,20}\b(prix|price|prices)\b.{0,20}\b(zero|0|gratuit|free)\b/,
];

export function isInjection(normalized: string): boolean {
  return has(normalized, INJECTION_PATTERNS);
}

/** "c'est moi Fatou": someone the shop knows, unless the same turn orders. */
export const IDENTITY = /\b(c est (moi|toi)|c toi|it s me)\b/;

/** A payment made, told ("j'ai envoyé l'argent par Wave"): nothing else asked, it is no order. */
export const PAYMENT_SENT =
  /\b(envoye|transfere|fait|paye|effectue|sent|paid|transferred|made|done)\b.{0,25}\b(l argent|money|transfert|depot|paiement|payment|virement|wave|orange money|free money|mobile money)\b/;

/**
 * A property asked about before buying ("est-ce que le pagne déteint ?", "does it fade?") is a
 * question; the same word told of something received is a complaint. These say it was received.
 */
export const EXPERIENCE =
  /\b(j ai|j avais|on m a|vous m avez|tu m as|il m a|elle m a|m a|me|moi|mon|ma|mes|my|i|we|sama|recu|livre|livree|arrive|arrivee|received|got|arrived|came|bought|achete|depuis|since|deja|already|toujours|still|encore|again)\b/;
export const ASKS_BEFORE_BUYING = /^(est ce qu|est ce que|does|do|is|are|will|would|can|could)\b/;

/**
 * Words of the shop's business: a question mark with none of them, no product and no question
 * cue is chat ("il pleut chez vous aussi ?"), not an information request.
 */
export const SHOP_WORDS =
  /\b(prix|tarifs?|cout\w*|combien|livr\w*|command\w*|boutique|magasin|shop|store|stock|dispo\w*|tailles?|pointures?|sizes?|couleurs?|colou?rs?|modeles?|models?|paiement|payer|pay\w*|wave|orange money|cash|especes?|cartes?|cards?|ouvert\w*|ferm\w*|open|closed?|horaires?|hours|adresse|address|location|localisation|retrait|recuperer|pick ?up|collect|echang\w*|exchange|retour|return|garantie|warranty|qualite|quality|matiere|coton|cotton|cuir|leather|originale?|authentique|real|lavable|washable|fait main|handmade|neuf|new|promos?|soldes?|sales?|offres?|catalogue|catalog|photos?|pictures?|pics?|videos?|articles?|produits?|products?|items?|vend\w*|sell\w*|achat|acheter|buy|colis|envoi|ship\w*|expedi\w*|quitte|frais|fees?|delai|delivery|deliver\w*|y a encore|il y a|il reste|reste encore|encore|still have|left|grandeurs?|mesures?|poids|weight|ml|kg|litre|gramme|yards?|metres?|pouces|inches|marque|brand|ingredients?|composition|allergi\w*|peau|skin|cheveux|hair|visage|face|corps|body|enfant|bebe|baby|kids?)\b/;

export const CUES = {
  spam: [
    /\b(travail|emploi|job|recrut|recruit|hiring|stage|partenariat|photographer|photographe|collab)/,
    /\b(devenir|etre|cherche[rz]?|recrute[rz]?|become)\b.{0,20}\b(revendeu|reseller|distribut)|\b(fournisseurs?|suppliers?|chiffre d affaires|chiffre de ventes|turnover|sondage|survey|questionnaire|mot de passe|password|wifi|we sell|nous vendons|we offer|nous proposons|groupe whatsapp|whatsapp group|independant|freelance|besoin de quelqu un|need someone)\b/,
    /\b(wrong (number|chat)|mauvais(e)? (numero|conversation|chat)|change de numero)\b/,
    /\b(you have won|vous avez gagne|gift card|click the link|cliquez|prize|felicitations|congratulations)\b/,
    /\b(instagram|tiktok|facebook) (handle|page|account|compte)|\bwork for you\b|\bcherchez des (livreurs|vendeu)/,
    /^\s*(<?medias? omis>?|<?media omitted>?|\[(image|audio|video|sticker|document|photo|gif|voice (message|note)|message vocal|note vocale|vocal)\])\s*$/,
    // Something lost or found at the shop: "quelqu'un a trouvé un portefeuille ?".
    /\b(perdu|oublie|trouve|lost|forgot|found|left|laisse)\b.{0,12}\b(mon|ma|mes|un|une|my|a|son|sa)\b.{0,10}\b(portefeuille|porte monnaie|telephone|portable|phone|cles?|keys?|wallet|purse|lunettes|glasses|parapluie|umbrella|carte d identite|id card|papiers)\b/,
    // Offers to the shop: a fair's stand, a partnership, a sponsor.
    /\b(nous|we) (organisons|organise|are organi[sz]ing|proposons|offrons|cherchons des (partenaires|exposants))\b|\b(voulez vous|would you like|interested in|souhaitez vous) (un stand|a stand|participer|to participate|exposer|to exhibit|partner|devenir partenaire|sponsor)/,
    // A survey or a student's study: "je fais une enquête sur…", "for my thesis".
    /\b(enquete|etude de marche|memoire|these|thesis|research|recherche sur|interview|questionnaire)\b|\bje suis (etudiant|etudiante|journaliste|chercheur|chercheuse)\b|\bi m a (student|journalist|researcher)\b/,
    // Looking for work: "vous embauchez ?", "stagiaire", "apply for the cashier position".
    /\b(embauch|stagiaire|candidature|postuler|apply(ing)? for|(mon|my|le|the|votre|your|a|un) cv\b|curriculum|vacanc|(sales|cashier|job|open|the) positions?\b|offre d emploi|cherche (un |du )?(boulot|taf|emploi|travail))/,
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
    // A problem with the order; a bad judgement of it; "why is it taking so long".
    /\b(probleme|souci|soucis|problem|issue|erreur|mistake)\b.{0,25}\b(avec|with|sur|on|dans|in)\b.{0,25}\b(commande|colis|livraison|livreur|order|delivery|parcel|package|article|produit|item|achat)|\b(y a|il y a|there s|there is|j ai) (un |une )?(probleme|souci|problem|issue|erreur)\b/,
    /\b(nul|nulle|horrible|terrible|awful|worst|mediocre|catastroph\w*|lamentable|decevant|decevante|pathetique|pathetic|trash|rubbish|waste of money)\b/,
    /\b(pourquoi|why)\b.{0,30}\b(si long|aussi long|tant de temps|autant de temps|toujours pas|still not|so long|taking (so )?long|en retard|late|pas encore|not yet|personne)\b/,
    // "vous m'avez envoyé le mauvais !", "you sent the wrong one".
    /\b(le|la|les|un|une) mauvaise?s?( (article|produit|colis|modele|taille|couleur|pointure))?\s*(\?|!|\.|,|$)|\bwrong (one|ones|order|parcel|package)\b/,
    // Watered down, smells of nothing; late by so many hours; no apology.
    /\b((sent|sens|sentent|smells?) (rien|nothing)|no smell|c est de l eau|watered down|dilue\w*|coupe a l eau|\d+ (heures?|jours?|minutes?|hours?|days?) de retard|de retard|(meme )?pas (dit )?(pardon|desole|d excuses?)|no apology|didn t (even )?apologi[sz]e)\b/,
    // Words of grievance: thieves, liars, scams, lateness, a complaint lodged.
    /\b(mecontente?s?|voleurs?|escroc\w*|menteurs?|mensonges?|vous mentez|n importe quoi|trop c est trop|plainte|reclamation|pas arrange|grug\w*|unhappy|scam\w*|rip ?off|fraud\w*|liars?|lying|lied to|complain\w*|not acceptable|stained|expired|spoil(ed|t)|gone bad|went bad|delayed|always late|so late|very late|too late)\b/,
    /\b(en retard|du retard|retards|retard de livraison|vous m avez fatiguee?|tu m as fatiguee?|tchai|tchrr)\b|\b(is|was|are|were|running) late\b/,
    /\b((ne |n )?(marche|fonctionne|s allume) (pas|plus)|doesn t (fit|close|open|light|turn on)|won t (close|open|work|turn on))\b/,
    /\b(pas frais|plus frais|not fresh|arrivee?s? froide?s?|came cold|arrived cold|dafa sedd|yaqu na|dama mer|mer naa)\b/,
    // Dirty, or what should not be in it; anger; nobody came.
    /\b((c est |c |est |sont |etait )?pas propres?|not clean|plein de (sable|poussiere|terre|cailloux|insectes|fourmis|cheveux)|full of (sand|dust|dirt|stones|insects|ants|hair)|(insectes?|fourmis|cafards?|vers|worms|bugs|cheveu) dedans|(insects?|ants|bugs|worms|hair) in (it|them|the))\b/,
    /\b(fache|fachee|enerve|enervee|en colere|furieux|furieuse|angry|upset|furious|frustrated|frustre|frustree|marre|ras le bol|fed up|sick of|tired of waiting|fatigue d attendre|c est grave|grave hein)\b/,
    /\b(personne n est (venu|passe)|nobody (came|showed up|turned up)|no one (came|showed up|turned up)|never showed up|jamais venu|pas venu|didn t (come|show up))\b/,
    /\b(danu|dafa|dafay|danuy) (yagg|yaqu|yaq|toj|tooy|metti|bon|sew|gatt|xasaw|rey|tas)\b|\bduma (ko|leen) (begg|jel|jot)\b/,
    // Damage told in other words, a part come off, dissatisfaction, disrespect, no answer.
    /\b(fendu|fissure|cracked|squashed|smashed|dented|ripped|scratched|raye|rayee|lache|dagg|tasse|froisse|crumpled|bent|tordu)\b|\b(anse|bride|bouton|strap|handle|heel|talon|zip|fermeture|perle|bead|stone|pierre)s?\b.{0,15}\b(off|came off|come off|fell off|parti|partie|tombe|tombee|arrache|lache|broke|missing)\b/,
    /\b(pas|not|non|jamais|never) satisfaite?s?\b|\binsatisfaite?s?\b|\bnot (okay|ok|good|happy) at all\b|\bnot okay\b|\bunsatisfied\b|\bdissatisfied\b|\bc est pas bon( ca)?\b|\bc pas bon\b|\bdu baax\b|\bdafa bon\b|\b(m a |nous a )?(parle|parler) mal\b|\b(insolent|insolente|arrogant|arrogante|pas poli|impolite|talked (to me )?(badly|rudely))\b|\bmanque de respect|\bmanque? (de )?respect|\bdisrespect|\binsult|\b(crie|shouted|yelled)\b|\bc est quoi ce (service|travail|comportement|delire|genre)|\bwhat kind of service\b/,
    /\b(personne ne (repond|decroche)|on ne me repond|vous ne repondez|tu ne reponds|no one (answers|picks up|replies|responds)|nobody (answers|picks up|replies|responds)|you (don t|never) (answer|reply|pick up)|injoignable|unreachable)\b/,
    // Charged more than agreed; paid for more than came.
    /\b(reclame|demande|charge|charged|asked|facture|pris)\b.{0,25}\b(de plus|en plus|extra|more)\b|\b(plus que prevu|plus que le prix|more than (agreed|the price|we agreed))\b|\b(pas ce qu on avait (dit|convenu)|not what we agreed)\b/,
    /\b(paid for|payed for|j ai paye( pour)?) \d+\b.{0,25}\b(but|mais)\b|\bonly \d+ (came|arrived|were delivered)\b|\bseulement \d+ (sont arrive|recu|livre)/,
    // Fewer came than were bought: "ñetti sachet laa commander, ñaar rekk laa jot", "ñakk na
    // benn", "il y en avait 3 seulement… vous me devez un pot", "j'en avais pris 3".
    /\b(nakk na|nakk nanu|vous me devez|tu me dois|you owe me|j en avais pris|il y en avait (que )?\d+|there (were|was) only)\b|\brekk (laa|lanu|lañu|lanu) jot\b|\b(laa|lanu) (commander|fey|jend)\b.{0,40}\b(laa|lanu) jot\b|\b(dama fey|fey naa|jend naa)\b.{0,40}\b(waaye|mais)\b/,
    // Ordered one thing, brought another; cannot wear it; to be returned.
    /\b(j ai commande|j avais commande|i ordered|i had ordered|i asked for|j avais demande|j ai demande)\b.{0,40}\b(on m a|vous m avez|tu m as|ils m ont|i got|i received|you sent|they sent|j ai recu|came|arrived|recu)\b/,
    /\b(je ne peux pas|je peux pas|j arrive pas a|i can t|i cannot|can t) (les |le |la |l |them |it )?(porter|mettre|utiliser|wear|use|fit)\b|\b(way|much|far|bien|beaucoup) (too|trop) (small|big|tight|short|long|petite?s?|grande?s?|serree?s?|courte?s?|large)\b/,
    /\b(je veux|je voudrais|i want to|i d like to|i would like to) (le |la |les |l )?(retourner|rendre|return|send (it|them) back)\b|\b(jamais (recu|arrive|livre)|never (arrived|came|received|got|delivered))\b|\b(sent|sens|sentent|smells?) (le vieux|le renferme|old|off|funny|musty)\b/,
  ],
  delivery_status: [
    /\b(ma|mon|notre|sama) (commande|colis|livraison|order)\b.*\b(ou|quand|qd|arrive|aujourd hui|demain|expedie|envoy|pret|parti|quitte|en route|nekk|agsi|yonne|new|jot|genn|dem na)/,
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
    /\b(coursier|rider|motard|livreur|driver|courier)\b.{0,40}\b(pass\w*|parti|left|come|venu|vien\w*|venir|passed|came|ou|where|quand|when|devait|should have|toujours personne|still nobody|reach\w*|close|proche)\b/,
    /\b(commande|colis|order|paquet|livreur) bi\b.{0,15}\b(new|agsi|genn|dem)\b/,
    // The customer's order, parcel or things, and where/when/whether it left: "mon paquet est
    // toujours chez vous ?", "is my stuff still coming today?", "sama yëf yi, kañ lay ñëw ?".
    /\b(ma|mon|mes|notre|nos|sama|my|our)\b.{0,20}\b(commandes?|colis|paquets?|livraisons?|orders?|packages?|parcels?|delivery|stuff|things|affaires?|achats?|yef)\b.{0,40}\b(aujourd hui|today|quand|when|ou bien|toujours chez vous|still with you|sorti|sortie|remis|still coming|coming today|on (its|the) way|deja (parti|sorti|envoye|expedie)|already (sent|shipped|left)|pret|prete|ready|confirmee?|scheduled|prevue?)\b/,
    /\b(remis|donne|handed|given|gave)\b.{0,30}\b(au livreur|to the (courier|driver|rider|delivery))\b|\b(courier|driver|rider|livreur|coursier)\b.{0,20}\b(pick(ed)? up|recupere|pris)\b.{0,20}\b(my|ma|mon|mes)\b/,
    /\b(delivery|livraison) (man|guy|boy|person|lady|rider)\b.{0,40}\b(when|what time|where|arrive|expect|coming|come)\b|\b(what time|when) (should|will|can|do) (i|we) (expect|get|receive|see)\b|\bexpect (the|my) (delivery|order|package|parcel|courier|driver|rider)\b/,
    /\b(quand|qd)\b.{0,25}\b(re(c|ç)oi\w*|recev\w*|je (l |les )?aurai|je vais (l |les )?avoir)|\bwhen (do|will|can) (i|we) (get|receive|have) (my|our|it|them)\b/,
    /\b(expedi\w*|envoy\w*|ship\w*|dispatch\w*) (quand|qd|ma|mon|mes)\b|\bwhen (do|will|did) you (ship|send|dispatch|post)\b/,
    /\b(a quel niveau|on est ou avec|ca en est ou|c est ou avec|a combien de (minutes|min|km|temps))\b/,
    /\b(livreur|coursier|colis|commande|paquet|driver|courier)\b.{0,20}\b(ana|fan (la|lay|mu|nu))\b|\bkan (la|lay|ngeen|nga|lanu|lay)\b.{0,30}\b(new|agsi|indi|yonne|jot)\b/,
    /\b(toujours|still|bien) (prevue?|confirmee?|on|valable|d actualite|scheduled)\b.{0,25}\b(aujourd hui|today|ce soir|tonight|demain|tomorrow|ce matin|cet apres midi|this (morning|afternoon|evening))\b|\b(livraison|commande|delivery|order)\b.{0,20}\b(confirmee?|prevue?|scheduled|confirmed)\b.{0,20}\b(aujourd hui|today|ce soir|tonight|demain|tomorrow)\b/,
    /\b(livreur|coursier|driver|courier|rider)\b.{0,20}\b(perdu|lost|perdu le chemin)\b/,
    /\b(c est|est ce que c est|elle est|il est|it s|is it)( deja)? (pret|prete|parti|partie|en route|expedie|expediee|envoye|envoyee|ready|shipped|sent|dispatched)\s*\?|\b(ca|elle|il) (vient|arrive|sort|part) quand\b|\bquand (ca|elle|il) (vient|arrive|sort|part)\b/,
    /\b(eta|statut|(order|delivery|parcel|package|shipping|tracking) status|status (of|de) (my|ma|mon|the|la|le))\b|\b(check|verify|verifier|verifiez) (the |le |mon |my )?(status|statut)\b|\bci yoon\b/,
    // The customer's own thing and where it is: "mon panier est déjà en chemin ?", "when my shea
    // butter will get to me", "my wig has not arrived", "mes mèches là sont parties ou bien ?",
    // "the sandals I ordered will arrive before Friday?" (asked, or not yet come).
    /^(?=.*(\?|\b(quand|when|yet|encore|pas|not|deja|already|check|verifi\w*)\b)).*(\b(mon|ma|mes|my|sama|nos|our)\b|\b(i|we) (ordered|bought)\b|\bj ai (commande|achete)\b)[^.?!]{0,40}\b(arriv\w*|en chemin|en route|partie?s?|sortie?s?|expedi\w*|envoye\w*|on (its|the|his|her) way|shipped|dispatched|sent out|get (here|to me)|reach(ed)? me|coming|new na|agsi)\b/,
    // Whoever is bringing it: "le gars qui livre là, il a mon numéro ?".
    /\b(gars|celui|personne|monsieur|dame|guy|man|person|one|someone) (qui (livre|apporte|amene|vient)|delivering|bringing)\b/,
    /\b(livreur|coursier|driver|courier|rider|delivery (guy|man|boy))\b.{0,25}\b(on (his|her|their|the) way|en chemin|en route|not yet|pas encore|coming|close|near|loin|far|proche)\b/,
    /\b(livraison|delivery|commande|order|colis|parcel|package)\b.{0,40}\b(toujours|still|tjrs) (prevue?|d actualite|valable|bon|on|confirmee?|ok|good)\b|\b(toujours|still) (d actualite|valable|on track)\b/,
  ],
  negotiation: [
    /\b(vous me faites|tu me fais|fais moi|faites moi|vous faites|tu fais) (combien|prix|un prix|une remise|un geste)/,
    /\bsi je prends (les |la |le )?\d+\b.*\b(combien|prix|remise|reduction|offert|offerte|gratuit|gratuite|free|cadeau)|\b(combien|prix)\b.*\bsi je prends (les |la |le )?\d+/,
    /\b(dernier prix|last price|best price|meilleur prix|prix d ami|reduction|remise|discount|rabais|geste commercial)\b/,
    /\b(baisser|diminuer|diminue|gater prix|negocier|negociable|negotiable)\b/,
    // "can you do 15 000 ?", "tu peux faire 2 à 10 000 ?": a price; "can you do me 4 bottles" orders.
    /\b(can you do|could you do|pouvez faire|peux faire|vous pouvez faire|tu peux faire)\b( me| moi)?( it| le| la| les| them)? (\d{3,}|\d+ ?(k|f|fr|fcfa|cfa|francs?|mille|thousand|euros?)\b|\d+ (for|pour|a|at) \d)/,
    /\bcombien (pour|si j en prends) \d+|\bcombien pour (les )?\d+|what price .*for \d+|price for \d+/,
    /\bsi j en prends \d+\b/,
    /\b(better|good|special|wholesale|bulk) (price|deal|rate)\b|\b(give me|get|make me|faire|fais moi|faites moi) an? (deal|discount|good price|bon prix|prix)\b|\ba deal (on|for)\b|\b(bon|petit) prix\b|\bfaire prix\b|\bprix de gros\b|\b(vous pouvez|tu peux|pouvez vous|peux tu|can you) (descendre|baisser|diminuer|go lower|lower)\b/,
  ],
  order: [
    /\b(je|j|moi) ?(veux|veut|voudrai|voudrais|voudrait|voulais|prends|prend|commande|achete|souhaite|souhaiterais|aimerais)\b/,
    /\b(jveux|jveu|jvx|jvoudrai|jvoudrais|jprends|jprend|je ve|jpren)\b/,
    /\bj ?en (prends|prend|veux|voudrais)\b/,
    /\b(pouvez vous|vous pouvez|tu peux|peux tu|pourriez vous) me (livrer|envoyer|mettre|reserver|garder)\b/,
    /\b(envoyez|envoie|envoi|envoyer|apportez|apporte|amenez|amene|ramene|livrez|livre|mettez|mets|met|reservez|reserve|donnez|donne|gardez|garde|preparez|prepare|emballez|emballe)[ -]?(moi|nous|m|me)\b/,
    /\b(envoyez|apportez|livrez|mettez|reservez)\b/,
    /\b(j ai besoin d|jai besoin d|besoin de \d|commander|reserver|je passe commande|a commander|il me faut|faut m envoyer|faut me mettre|faut me donner)\b/,
    /\b(i ll take|i will take|i want|i d like|i would like|i need|can i get|could i get|can u send|can you send|send me|please send|reserve|i ll have|i ll buy|to order|to buy|i ll get)\b/,
    /\b(dama begg|begg naa|bega naa|maa ngi begg|yonnee ma|yonne ma|indil ma|indi ma|jox ma|joxe ma|dama beug|beug naa|dama soxla|soxla naa|denc ma|dencal ma|jend naa)\b/,
    // Wolof "I'll take it", "I'll buy it": "dinaa ko jënd", "ma jël ko", "jël naa ko".
    /\b(dinaa (ko |leen )?(jend|jel)|maa? (jel|jend) (ko|leen)|(jel|jend) naa (ko|leen))\b/,
    /\b(veut|veulent|wants)\b|\b(could|can|may) i have\b|\bpuis je avoir\b/,
    /\bx ?\d+\s*$|\bje le prends\b|\bje la prends\b|\bje les prends\b/,
    /\b(possible de|pourriez vous|pouvez vous|vous pouvez|could you|can you|would you|will you|could u|can u)\b.{0,12}\b(m envoyer|me livrer|me mettre|me garder|me reserver|mettre de cote|put aside|set aside|keep|hold|send|deliver|reserve|save)\b/,
    /\b(mettez|mets|mettre|gardez|garde|put|set)\b.{0,12}\b(de cote|aside)\b|\bje (valide|confirme)\b|\bi (confirm|ll go with)\b/,
    // "je vais prendre…", "pour moi ce sera…", "faut mettre quatre…", "could I order…", "put me
    // down for…", "go ahead with…".
    /\b(je vais|j vais|jvais|je compte|on va) (prendre|acheter|commander|recuperer)\b|\b(pour moi )?(ce sera|ca sera|ca va etre)\b.{0,6}\d|\bfaut (mettre|envoyer|donner|garder|amener|livrer|apporter)\b/,
    /\b(could|can|may) (i|we) (please )?(order|get|have|buy|grab|take|book)\b|\b(je peux|j peux|puis je|est ce que je peux|on peut|pourrais je|je pourrais) (avoir|prendre|commander|acheter)\b|\b(put me down for|book me|hold (one|two|\d+|it|them) for me|save me|count me in for)\b|\b(go ahead with|i ll go for|i ll grab|(let me|lemme) (get|have|take)|give me|gimme|get me|i d love|we d like|we want|we need)\b|\bcan you do me\b/,
  ],
  question: [
    /\b(dites moi|dis moi|tell me|let me know|renseigne[rz]?|renseignements?|informations?|infos?|details? (sur|on|about))\b/,
    // "vous êtes situés où ?", "c'est où la boutique ?": where, asked.
    /\bou( exactement| exactly)?\s*\?|\b(ou|where) (est|sont|se trouve|se trouvent|etes|es|is|are) (vous|la boutique|le magasin|votre|your|the shop|the store|you)\b|\b(situe|situes|situee|localise|located|based)\b/,
    /\b(voudrais|aimerais|veux|voulais|souhaite|souhaiterais|want|wanted|like|d like) (savoir|know|to know|demander|ask|to ask|vous demander|verifier|to check)\b/,
    /\b(combien|cmb|cb|kmb|cbn|cmbien|prix|tarif|c est quoi|c quoi|dispo|disponible|vous avez|avez vous|est ce que|est ce qu|quel|quelle|quels|quelles|comment|pourquoi|ou se trouve|vous livrez|livrez vous|on peut|peut on|je peux|ouvert|difference|bon pour|ca fait combien)\b/,
    /\b(how much|how many|how long|price|do you|are the|is the|is it|what|which|can i pay|accept|available|in stock|do the)\b/,
    /\b(naata|lan mooy|lan la|ndax|am ngeen|am nga|ana)\b/,
  ],
  greeting: [
    /\b(bonjour|bjr|bonsoir|bsr|salut|slt|salam|salamalekum|salaamaalekum|salamalekoum|aleykoum|alaykoum|malekum|nangadef|nanga def|na nga def|nanga fanaan|naka nga fanaane?|coucou|hello|hi|hey|good (morning|evening|afternoon)|ca va|comment (allez vous|vas tu|tu vas|ca va)|how are you|how r u|hope you re|ana waa|merci|mrc|dieuredieuf|dieureudieuf|jerejef|thanks|thank you|thx|bonne (journee|soiree|fete|nuit)|cheers|have a nice|have a blessed|blessed|bon vendredi|juma|jummah|happy (friday|eid|tabaski|korite)|bon week end|^(good )?(morning|evening|afternoon)|ok|okay|d accord|dac|on dit quoi|ba suba|ba beneen|jamm|a?salaa? ?maa?lekum|maa?lekum)\b/,
  ],
};
