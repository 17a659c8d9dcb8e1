// Words customers write often that must never be read as a typo of a product word ("korité" is a
// feast, not "karité"): greetings, feasts, courtesy, the words of asking and delivering.
export const COMMON_WORDS = new Set(
  (
    'bonjour bonsoir salut salam merci thanks thank hello please korite tabaski tamkharit ' +
    'noel paques ramadan magal gamou fete journee soiree equipe boutique madame monsieur ' +
    'combien livraison livrer livreur commande commander colis adresse quartier demain ' +
    'aujourd samedi dimanche lundi mardi mercredi jeudi vendredi matin possible toujours ' +
    'encore finalement plutot vraiment franchement desole desolee probleme question ' +
    'photo photos video audio message numero telephone orange money paiement payer ' +
    'delivery order where when today tomorrow money change sorry there about would could ' +
    'should really thing things something anything everything received recu envoye ' +
    'jerejef dieureudieuf nangadef maalekum malekum salamalekum inchallah ' +
    'location position localisation lemme gimme wanna gonna gotta'
  ).split(' '),
);
