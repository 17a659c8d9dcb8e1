// The demo merchant's world as plain data: a Sandaga market shop in Dakar, its catalogue,
// customers, couriers and the shape of its last month of orders. build-demo.ts turns it into rows.
// Over 400 lines on purpose: it is data, read as a list, not logic.
import type { OrderStatus, PaymentMethod, ProspectStatus, Vehicle } from '../schema';

export const DEMO_SLUG = 'boutique-awa-dakar';
export const DEMO_PICKUP = { address: 'Marché Sandaga, Dakar', lat: 14.6708, lng: -17.4381 };
export const DEMO_DELIVERY_FEE = 1500;
/** The number customers pay by Wave or Orange Money: the shop's WhatsApp number. */
export const DEMO_WHATSAPP_DISPLAY = '+221 77 000 00 01';
/** Meta's id of that number (phone_number_id): the webhooks of the shop's customers name it. */
export const DEMO_PHONE_NUMBER_ID = '100000000000001';

export const demoStaff = {
  owner: { name: 'Awa Diop', phone: '+221771234567' },
  agent: { name: 'Moussa Ndiaye', phone: '+221776543210' },
};

export interface DemoProduct {
  sku: string;
  name: string;
  description: string;
  /** XOF, no minor unit. */
  price: number;
  stock: number;
  active: boolean;
  /** How a customer asks for it ("vous avez …"). */
  ask: string;
  /** How a customer counts it: "1 …", "2 …". */
  one: string;
  many: string;
}

export const demoProducts: readonly DemoProduct[] = [
  {
    sku: 'WAX-001',
    name: 'Pagne wax 6 yards – bleu indigo',
    description: 'Wax imprimé 100 % coton, 6 yards (5,48 m), motif feuilles bleu indigo.',
    price: 12_500,
    stock: 34,
    active: true,
    ask: 'le wax bleu en 6 yards',
    one: 'pagne wax bleu',
    many: 'pagnes wax bleus',
  },
  {
    sku: 'WAX-002',
    name: 'Pagne wax 6 yards – fleurs de mariage jaune',
    description: 'Wax 6 yards, motif « fleurs de mariage » jaune et vert.',
    price: 12_500,
    stock: 21,
    active: true,
    ask: 'le wax fleurs de mariage jaune',
    one: 'pagne wax jaune',
    many: 'pagnes wax jaunes',
  },
  {
    sku: 'WAX-003',
    name: 'Wax hollandais premium 6 yards',
    description: 'Wax hollandais haut de gamme, 6 yards, couleurs garanties au lavage.',
    price: 35_000,
    stock: 8,
    active: true,
    ask: 'le wax hollandais',
    one: 'wax hollandais',
    many: 'wax hollandais',
  },
  {
    sku: 'WAX-004',
    name: 'Demi-pièce wax 3 yards',
    description: 'Wax 3 yards pour jupe ou camisole, motifs variés selon arrivage.',
    price: 6_500,
    stock: 45,
    active: true,
    ask: 'les demi-pièces wax en 3 yards',
    one: 'demi-pièce wax',
    many: 'demi-pièces wax',
  },
  {
    sku: 'BOU-001',
    name: 'Grand boubou brodé homme',
    description: 'Grand boubou trois pièces en bazin, broderie main faite à Thiès.',
    price: 45_000,
    stock: 6,
    active: true,
    ask: 'le grand boubou brodé pour homme',
    one: 'grand boubou brodé',
    many: 'grands boubous brodés',
  },
  {
    sku: 'BOU-002',
    name: 'Boubou femme brodé',
    description: 'Boubou ample en bazin, col brodé, taille unique.',
    price: 27_500,
    stock: 11,
    active: true,
    ask: 'le boubou brodé pour femme',
    one: 'boubou femme',
    many: 'boubous femme',
  },
  {
    sku: 'BAZ-001',
    name: 'Bazin riche getzner 5 m',
    description: 'Bazin riche getzner teint à la main, coupon de 5 m.',
    price: 40_000,
    stock: 0,
    active: true,
    ask: 'le bazin riche getzner',
    one: 'bazin riche',
    many: 'bazins riches',
  },
  {
    sku: 'BAZ-002',
    name: 'Bazin teinté 3 m',
    description: 'Bazin teinté à Bamako, coupon de 3 m, couleurs au choix.',
    price: 18_000,
    stock: 14,
    active: true,
    ask: 'le bazin teinté',
    one: 'bazin teinté',
    many: 'bazins teintés',
  },
  {
    sku: 'SAN-001',
    name: 'Sandales cuir homme (Ngaye Mékhé)',
    description: 'Sandales en cuir de Ngaye Mékhé, cousues main, pointures 40 à 45.',
    price: 15_000,
    stock: 19,
    active: true,
    ask: 'les sandales en cuir pour homme',
    one: 'paire de sandales',
    many: 'paires de sandales',
  },
  {
    sku: 'SAN-002',
    name: 'Babouches cuir femme',
    description: 'Babouches en cuir souple, brodées, pointures 36 à 41.',
    price: 9_500,
    stock: 0,
    active: true,
    ask: 'les babouches en cuir pour femme',
    one: 'paire de babouches',
    many: 'paires de babouches',
  },
  {
    sku: 'SAC-001',
    name: 'Sac en raphia tressé',
    description: 'Grand cabas en raphia tressé, anses en cuir, naturel ou noir.',
    price: 11_000,
    stock: 17,
    active: true,
    ask: 'le sac en raphia',
    one: 'sac en raphia',
    many: 'sacs en raphia',
  },
  {
    sku: 'SAC-002',
    name: 'Panier en osier (petit modèle)',
    description: 'Petit panier en osier pour le marché ou la décoration.',
    price: 4_500,
    stock: 26,
    active: true,
    ask: 'les petits paniers en osier',
    one: 'panier en osier',
    many: 'paniers en osier',
  },
  {
    sku: 'ENC-001',
    name: 'Encens thiouraye de Kaolack (sachet)',
    description: 'Thiouraye parfumé de Kaolack, sachet de 100 g.',
    price: 2_500,
    stock: 60,
    active: true,
    ask: 'le thiouraye',
    one: 'sachet de thiouraye',
    many: 'sachets de thiouraye',
  },
  {
    sku: 'ENC-002',
    name: 'Coffret thiouraye et cuuraay',
    description: 'Coffret cadeau : thiouraye, cuuraay et petit encensoir en terre cuite.',
    price: 8_000,
    stock: 13,
    active: false,
    ask: 'le coffret thiouraye',
    one: 'coffret thiouraye',
    many: 'coffrets thiouraye',
  },
  {
    sku: 'KAR-001',
    name: 'Beurre de karité pur 250 g',
    description: 'Beurre de karité 100 % pur et non raffiné, pot de 250 g.',
    price: 3_000,
    stock: 52,
    active: true,
    ask: 'le beurre de karité',
    one: 'pot de karité',
    many: 'pots de karité',
  },
  {
    sku: 'BIS-001',
    name: 'Bissap séché 500 g',
    description: 'Fleurs de bissap rouge séchées, sachet de 500 g.',
    price: 2_500,
    stock: 40,
    active: true,
    ask: 'le bissap séché',
    one: 'sachet de bissap',
    many: 'sachets de bissap',
  },
  {
    sku: 'SAV-001',
    name: 'Savon noir artisanal 200 g',
    description: 'Savon noir au karité, fait main, pain de 200 g.',
    price: 2_500,
    stock: 38,
    active: true,
    ask: 'le savon noir',
    one: 'savon noir',
    many: 'savons noirs',
  },
  {
    sku: 'BIJ-001',
    name: 'Collier en perles de verre',
    description: 'Collier long en perles de verre recyclé, fait main.',
    price: 7_500,
    stock: 22,
    active: true,
    ask: 'les colliers en perles',
    one: 'collier en perles',
    many: 'colliers en perles',
  },
  {
    sku: 'BIJ-002',
    name: 'Bracelet argent filigrane',
    description: 'Bracelet en argent filigrane travaillé par les bijoutiers de la Médina.',
    price: 16_500,
    stock: 9,
    active: true,
    ask: 'le bracelet en argent filigrane',
    one: 'bracelet en argent',
    many: 'bracelets en argent',
  },
  {
    sku: 'BIJ-003',
    name: "Boucles d'oreilles plaqué or",
    description: "Créoles plaqué or, motif tressé. Plus fabriquées par l'atelier.",
    price: 5_500,
    stock: 3,
    active: false,
    ask: "les boucles d'oreilles dorées",
    one: "paire de boucles d'oreilles",
    many: "paires de boucles d'oreilles",
  },
];

export interface DemoNeighbourhood {
  name: string;
  /** "à Pikine", "aux Parcelles Assainies": how a sentence says "in it". */
  at: string;
  lat: number;
  lng: number;
  streets: readonly string[];
}

export const demoNeighbourhoods = {
  plateau: {
    name: 'Plateau',
    at: 'au Plateau',
    lat: 14.669,
    lng: -17.436,
    streets: [
      'Rue Carnot, immeuble Maginot',
      'Avenue Pompidou, 3e étage',
      'Rue Vincens, bureau 12',
    ],
  },
  medina: {
    name: 'Médina',
    at: 'à la Médina',
    lat: 14.683,
    lng: -17.448,
    streets: ['Rue 11 x 22', 'Rue 6 angle Blaise Diagne', 'Rue 27, près de la grande mosquée'],
  },
  pikine: {
    name: 'Pikine',
    at: 'à Pikine',
    lat: 14.754,
    lng: -17.392,
    streets: ['Tally Boumack, près du marché', 'Pikine Icotaf, rue 10', 'Cité Lobatt Fall'],
  },
  parcelles: {
    name: 'Parcelles Assainies',
    at: 'aux Parcelles Assainies',
    lat: 14.764,
    lng: -17.44,
    streets: ['Unité 17, villa 245', 'Unité 9, en face de la pharmacie', 'Unité 24, villa 80'],
  },
  almadies: {
    name: 'Almadies',
    at: 'aux Almadies',
    lat: 14.744,
    lng: -17.513,
    streets: ['Route des Almadies, résidence Les Cocotiers', 'Zone 12, villa 4'],
  },
  ouakam: {
    name: 'Ouakam',
    at: 'à Ouakam',
    lat: 14.723,
    lng: -17.488,
    streets: ['Cité Avion, villa 58', 'Derrière la mosquée de la Divinité'],
  },
  grandYoff: {
    name: 'Grand Yoff',
    at: 'à Grand Yoff',
    lat: 14.737,
    lng: -17.45,
    streets: ['Arafat, près du terrain de foot', 'Cité Millionnaire, villa 112'],
  },
  hlm: {
    name: 'HLM',
    at: 'aux HLM',
    lat: 14.711,
    lng: -17.444,
    streets: ['HLM 5, villa 1320', 'HLM Grand Médine, près du marché'],
  },
  sicap: {
    name: 'Sicap Liberté',
    at: 'à Sicap Liberté',
    lat: 14.716,
    lng: -17.46,
    streets: ['Liberté 6, villa 6734', 'Liberté 4, près du rond-point'],
  },
  pointE: {
    name: 'Point E',
    at: 'au Point E',
    lat: 14.694,
    lng: -17.465,
    streets: ['Rue 3 x D', 'Rue de Kaolack, villa 21'],
  },
  mermoz: {
    name: 'Mermoz',
    at: 'à Mermoz',
    lat: 14.706,
    lng: -17.476,
    streets: ['Mermoz Pyrotechnie, villa 20', 'Cité Comico, villa 7'],
  },
  yoff: {
    name: 'Yoff',
    at: 'à Yoff',
    lat: 14.756,
    lng: -17.472,
    streets: ['Yoff Tonghor, près de la plage', 'Yoff Virage, rue 12'],
  },
  guediawaye: {
    name: 'Guédiawaye',
    at: 'à Guédiawaye',
    lat: 14.776,
    lng: -17.396,
    streets: ['Golf Sud, villa 88', 'Sam Notaire, près du marché'],
  },
  grandDakar: {
    name: 'Grand Dakar',
    at: 'à Grand Dakar',
    lat: 14.704,
    lng: -17.454,
    streets: ['Rue 4, près du stade Iba Mar Diop', 'Cité Bissap, villa 9'],
  },
  ngor: {
    name: 'Ngor',
    at: 'à Ngor',
    lat: 14.747,
    lng: -17.515,
    streets: ["Ngor village, près de l'embarcadère", 'Cité Ngor Extension, villa 33'],
  },
} as const satisfies Record<string, DemoNeighbourhood>;

export type NeighbourhoodKey = keyof typeof demoNeighbourhoods;

/** The conversations of prospects without a recent order (see demoQuestionStories). */
export type QuestionStoryKey =
  | 'tabaski'
  | 'karite'
  | 'too-expensive'
  | 'bazin-out-of-stock'
  | 'wholesale-quote'
  | 'thiouraye-wholesale'
  | 'delivery-fee'
  | 'opening-hours'
  | 'raphia-photo';

export interface DemoProspect {
  name: string;
  /** What the team calls them in a reply. */
  greet: string;
  hood: NeighbourhoodKey;
  status: ProspectStatus;
  tags: readonly string[];
  email?: string;
  notes?: string;
  /** For prospects whose conversation is not about a recent order. */
  story?: { key: QuestionStoryKey; messages: number; lastHoursAgo: number; closed?: boolean };
}

export const demoProspects: readonly DemoProspect[] = [
  {
    name: 'Fatou Sow',
    greet: 'Fatou',
    hood: 'mermoz',
    status: 'customer',
    tags: ['vip', 'mermoz'],
    email: 'fatou.sow@gmail.com',
    notes: 'Cliente fidèle, commande pour toute la famille aux fêtes. Préfère le wax bleu.',
    story: { key: 'tabaski', messages: 5, lastHoursAgo: 20 },
  },
  {
    name: 'Aminata Fall',
    greet: 'Aminata',
    hood: 'ouakam',
    status: 'customer',
    tags: ['ouakam'],
    story: { key: 'karite', messages: 4, lastHoursAgo: 84, closed: true },
  },
  {
    name: 'Mariama Ba',
    greet: 'Mariama',
    hood: 'parcelles',
    status: 'customer',
    tags: ['vip', 'parcelles'],
    email: 'mariama.ba@yahoo.fr',
  },
  {
    name: 'Khady Mbaye',
    greet: 'Khady',
    hood: 'pikine',
    status: 'lost',
    tags: ['pikine'],
    story: { key: 'too-expensive', messages: 6, lastHoursAgo: 262, closed: true },
  },
  { name: 'Aïssatou Diallo', greet: 'Aïssatou', hood: 'guediawaye', status: 'lost', tags: [] },
  {
    name: 'Ndèye Fatou Mbaye',
    greet: 'Ndèye Fatou',
    hood: 'hlm',
    status: 'customer',
    tags: ['hlm'],
  },
  { name: 'Coumba Gueye', greet: 'Coumba', hood: 'medina', status: 'customer', tags: ['medina'] },
  { name: 'Astou Seck', greet: 'Astou', hood: 'grandYoff', status: 'contacted', tags: [] },
  {
    name: 'Bineta Faye',
    greet: 'Bineta',
    hood: 'almadies',
    status: 'customer',
    tags: ['vip', 'almadies'],
    email: 'bineta.faye@outlook.com',
  },
  {
    name: 'Rokhaya Cissé',
    greet: 'Rokhaya',
    hood: 'pikine',
    status: 'qualified',
    tags: ['pikine'],
  },
  { name: 'Sokhna Thiam', greet: 'Sokhna', hood: 'yoff', status: 'qualified', tags: [] },
  { name: 'Adama Sarr', greet: 'Adama', hood: 'sicap', status: 'qualified', tags: [] },
  { name: 'Penda Sy', greet: 'Penda', hood: 'medina', status: 'qualified', tags: ['medina'] },
  { name: 'Yacine Niang', greet: 'Yacine', hood: 'pointE', status: 'customer', tags: [] },
  {
    name: 'Dieynaba Ka',
    greet: 'Dieynaba',
    hood: 'grandDakar',
    status: 'qualified',
    tags: ['grand-dakar'],
  },
  { name: 'Oumou Diagne', greet: 'Oumou', hood: 'ouakam', status: 'qualified', tags: ['ouakam'] },
  {
    name: 'Marème Dieng',
    greet: 'Marème',
    hood: 'plateau',
    status: 'qualified',
    tags: ['dakar-plateau'],
    email: 'mareme.dieng@orange.sn',
  },
  { name: 'Ibrahima Sarr', greet: 'Ibrahima', hood: 'parcelles', status: 'qualified', tags: [] },
  {
    name: 'Cheikh Tidiane Mbodj',
    greet: 'Cheikh',
    hood: 'almadies',
    status: 'qualified',
    tags: ['almadies'],
  },
  {
    name: 'Mamadou Lamine Diouf',
    greet: 'Mamadou',
    hood: 'grandYoff',
    status: 'customer',
    tags: [],
  },
  { name: 'Ousmane Ba', greet: 'Ousmane', hood: 'hlm', status: 'qualified', tags: ['hlm'] },
  { name: 'Babacar Gaye', greet: 'Babacar', hood: 'pikine', status: 'contacted', tags: ['pikine'] },
  { name: 'Maman Khadija 💕', greet: 'Madame', hood: 'guediawaye', status: 'contacted', tags: [] },
  {
    name: 'Boutique Dieynaba Thiaroye',
    greet: 'Madame',
    hood: 'pikine',
    status: 'qualified',
    tags: ['grossiste', 'pikine'],
    notes: 'Revendeuse au marché de Thiaroye, achète par lots de 20.',
    story: { key: 'wholesale-quote', messages: 7, lastHoursAgo: 5 },
  },
  { name: 'Seynabou Lo', greet: 'Seynabou', hood: 'mermoz', status: 'contacted', tags: ['mermoz'] },
  {
    name: 'Ndèye Coumba Diouf',
    greet: 'Ndèye Coumba',
    hood: 'ngor',
    status: 'new',
    tags: [],
    story: { key: 'delivery-fee', messages: 3, lastHoursAgo: 2 },
  },
  {
    name: 'Modou Fall',
    greet: 'Modou',
    hood: 'plateau',
    status: 'contacted',
    tags: ['grossiste', 'dakar-plateau'],
    notes: 'Tient une boutique de parfums rue Sandiniéry.',
    story: { key: 'thiouraye-wholesale', messages: 5, lastHoursAgo: 27 },
  },
  {
    name: 'Pape Demba Touré',
    greet: 'Pape',
    hood: 'medina',
    status: 'new',
    tags: [],
    story: { key: 'opening-hours', messages: 3, lastHoursAgo: 150 },
  },
  {
    name: 'Assane Ndour',
    greet: 'Assane',
    hood: 'yoff',
    status: 'lost',
    tags: [],
    story: { key: 'bazin-out-of-stock', messages: 6, lastHoursAgo: 318, closed: true },
  },
  {
    name: 'Marie-Louise Mendy',
    greet: 'Marie-Louise',
    hood: 'ouakam',
    status: 'new',
    tags: ['ouakam'],
    story: { key: 'raphia-photo', messages: 3, lastHoursAgo: 0.7 },
  },
];

export interface DemoQuestionStory {
  intent: string;
  sentiment: 'positive' | 'neutral' | 'negative';
  summary: string;
  /** Alternating lines, the customer's first. `{greet}` is replaced, `{hello}` by Bonjour or Bonsoir. */
  lines: readonly string[];
}

export const demoQuestionStories: Record<QuestionStoryKey, DemoQuestionStory> = {
  tabaski: {
    intent: 'order',
    sentiment: 'positive',
    summary:
      'Cliente VIP : réserve 3 coupons de bazin riche (bleu ciel, blanc, bordeaux) pour la Tabaski, à livrer au réassort.',
    lines: [
      '{hello} Awa, vous aurez du bazin riche pour la Tabaski ? Je veux habiller toute la famille 😊',
      '{hello} {greet} ! Oui, le getzner arrive la semaine prochaine, 40 000 FCFA les 5 m. Je vous en réserve ?',
      'Oui réservez-moi 3 pièces svp : un bleu ciel, un blanc et un bordeaux',
      "C'est réservé ✅ Je vous écris dès que ça arrive.",
      'Merci beaucoup, vous êtes la meilleure 🙏',
    ],
  },
  karite: {
    intent: 'product_question',
    sentiment: 'positive',
    summary:
      'Demande si le beurre de karité est pur (pour les cheveux) ; en prendra 2 pots à la prochaine commande.',
    lines: [
      "{hello}, votre beurre de karité c'est du pur ? C'est pour les cheveux de ma fille",
      '{hello} {greet} ! Oui, 100 % pur et non raffiné. 3 000 FCFA le pot de 250 g.',
      'Ok je vais en prendre 2 la prochaine fois avec le bissap',
      'Très bien, à votre service 😊',
    ],
  },
  'too-expensive': {
    intent: 'price_negotiation',
    sentiment: 'negative',
    summary:
      'Trouve le grand boubou brodé (45 000 FCFA) trop cher ; refuse le dernier prix de 42 000.',
    lines: [
      "{hello}, le grand boubou brodé pour homme c'est combien ?",
      '{hello} {greet} ! 45 000 FCFA, broderie faite main à Thiès.',
      "C'est trop cher 😅 vous pouvez faire 30 000 ?",
      "Désolée, mon dernier prix c'est 42 000 FCFA. On a aussi le boubou femme brodé à 27 500.",
      'Non merci, ça ira',
      'Pas de souci, bonne journée !',
    ],
  },
  'bazin-out-of-stock': {
    intent: 'product_question',
    sentiment: 'negative',
    summary:
      'Cherchait du bazin riche getzner (en rupture) pour un baptême samedi ; a refusé le bazin teinté proposé.',
    lines: [
      'Salam, vous avez le bazin riche getzner ?',
      'Aleykoum salam {greet} ! Il est en rupture, le réassort arrive la semaine prochaine.',
      "C'est pour un baptême samedi, je ne peux pas attendre",
      'Je comprends. On a du bazin teinté à 18 000 FCFA les 3 m si ça vous dépanne.',
      "Non c'est bon, je vais chercher ailleurs. Merci",
      'Bonne fête pour le baptême 🙏',
    ],
  },
  'wholesale-quote': {
    intent: 'wholesale',
    sentiment: 'positive',
    summary:
      'Revendeuse à Thiaroye : devis de gros 20 pots de karité + 50 sachets de bissap = 150 000 FCFA, en attente de sa validation.',
    lines: [
      '{hello}, je suis revendeuse au marché de Thiaroye. Vous faites un prix de gros pour le beurre de karité ?',
      "{hello} {greet} ! Oui, à partir de 20 pots c'est 2 500 FCFA le pot au lieu de 3 000.",
      "Et le bissap séché ? J'en prendrais 50 sachets",
      'Pour 50 sachets, 2 000 FCFA le sachet. Je vous prépare un devis ?',
      'Oui envoyez-moi le devis svp',
      'Voilà : 20 pots de karité + 50 sachets de bissap = 150 000 FCFA, livraison offerte à Thiaroye.',
      "Je valide avec mon mari et je reviens vers vous inch'Allah",
    ],
  },
  'thiouraye-wholesale': {
    intent: 'wholesale',
    sentiment: 'neutral',
    summary:
      'Commerçant du Plateau intéressé par 10 sachets de thiouraye à 22 000 FCFA livrés ; confirmation attendue.',
    lines: [
      'Assalamou aleykoum, vous avez du thiouraye de Kaolack ?',
      'Aleykoum salam {greet} ! Oui, 2 500 FCFA le sachet de 100 g.',
      "J'en veux 10 sachets pour ma boutique au Plateau, vous faites un geste ?",
      'Pour 10 sachets je vous fais 22 000 FCFA au lieu de 25 000, livraison comprise au Plateau.',
      'Je vous confirme demain matin',
    ],
  },
  'delivery-fee': {
    intent: 'delivery_question',
    sentiment: 'neutral',
    summary: 'Demande si la boutique livre à Ngor et le prix de la livraison (1 500 FCFA).',
    lines: [
      "{hello}, vous livrez à Ngor ? C'est combien la livraison ?",
      '{hello} {greet} ! Oui, 1 500 FCFA partout à Dakar, livraison dans la journée 🛵',
      'Ok merci, je regarde le catalogue et je reviens',
    ],
  },
  'opening-hours': {
    intent: 'other',
    sentiment: 'positive',
    summary: 'Demande les horaires du dimanche ; passera à la boutique de Sandaga.',
    lines: [
      '{hello}, vous êtes ouverts le dimanche ?',
      '{hello} {greet} ! Oui, de 10 h à 18 h au marché Sandaga.',
      'Super, je passe demain avec ma femme',
    ],
  },
  'raphia-photo': {
    intent: 'product_question',
    sentiment: 'positive',
    summary:
      "Vue sur Instagram : intéressée par le sac en raphia naturel, demande une photo de l'intérieur.",
    lines: [
      '{hello}, je vous ai vue sur Instagram. Vous avez encore les sacs en raphia ?',
      '{hello} {greet} ! Oui, le grand modèle tressé est à 11 000 FCFA, en naturel et en noir.',
      "Le naturel est trop beau 😍 vous pouvez m'envoyer une photo de l'intérieur ?",
    ],
  },
};

export interface DemoCourier {
  name: string;
  phone: string;
  vehicle: Vehicle;
  capacity: number;
  status: 'available' | 'busy' | 'offline';
  lat: number;
  lng: number;
  lastSeenMinutesAgo: number;
}

/** All within ~3 km of the Sandaga pickup point. */
export const demoCouriers: readonly DemoCourier[] = [
  {
    name: 'Ibrahima Faye',
    phone: '+221775550101',
    vehicle: 'motorbike',
    capacity: 3,
    status: 'available',
    lat: 14.695,
    lng: -17.445,
    lastSeenMinutesAgo: 1,
  },
  {
    name: 'Cheikh Sène',
    phone: '+221785550102',
    vehicle: 'motorbike',
    capacity: 2,
    status: 'available',
    lat: 14.665,
    lng: -17.43,
    lastSeenMinutesAgo: 3,
  },
  {
    name: 'Babacar Diouf',
    phone: '+221765550103',
    vehicle: 'motorbike',
    capacity: 2,
    status: 'busy',
    lat: 14.6815,
    lng: -17.4465,
    lastSeenMinutesAgo: 0.5,
  },
  {
    name: 'Lamine Badji',
    phone: '+221705550104',
    vehicle: 'bicycle',
    capacity: 2,
    status: 'offline',
    lat: 14.685,
    lng: -17.45,
    lastSeenMinutesAgo: 9 * 60,
  },
  {
    name: 'Pape Ndiaye',
    phone: '+221775550105',
    vehicle: 'motorbike',
    capacity: 3,
    status: 'available',
    lat: 14.679,
    lng: -17.428,
    lastSeenMinutesAgo: 6,
  },
];

export interface DemoOrderPlan {
  status: OrderStatus;
  /** Index into demoProspects. */
  prospect: number;
  daysAgo: number;
  payment: PaymentMethod;
  /** Index into demoCouriers, for orders that reached a courier. */
  courier?: number;
  note?: string;
  /** What happened to a returned order before it came back. */
  returnedAfter?: 'delivered' | 'failed';
  /** A cancelled order that had been confirmed first. */
  cancelledAfterConfirm?: boolean;
  failureReason?: string;
  /** A ready order whose first offer this courier refused. */
  rejectedBy?: number;
}

/** In created order, so numbers 1..N follow time. At least two orders in every status. */
export const demoOrderPlan: readonly DemoOrderPlan[] = [
  { status: 'delivered', prospect: 0, daysAgo: 27.2, payment: 'cash_on_delivery', courier: 0 },
  {
    status: 'returned',
    prospect: 1,
    daysAgo: 24.1,
    payment: 'mobile_money',
    courier: 1,
    returnedAfter: 'delivered',
    note: 'Taille trop petite, retour accepté et remboursé par Wave.',
  },
  { status: 'delivered', prospect: 2, daysAgo: 20.8, payment: 'cash_on_delivery', courier: 4 },
  { status: 'cancelled', prospect: 3, daysAgo: 18.6, payment: 'cash_on_delivery' },
  { status: 'delivered', prospect: 0, daysAgo: 15.9, payment: 'mobile_money', courier: 2 },
  {
    status: 'returned',
    prospect: 4,
    daysAgo: 12.3,
    payment: 'cash_on_delivery',
    courier: 4,
    returnedAfter: 'failed',
    failureReason: 'Cliente en voyage, colis rapporté en boutique.',
  },
  { status: 'delivered', prospect: 5, daysAgo: 9.6, payment: 'cash_on_delivery', courier: 0 },
  {
    status: 'cancelled',
    prospect: 7,
    daysAgo: 6.4,
    payment: 'cash_on_delivery',
    cancelledAfterConfirm: true,
  },
  {
    status: 'delivered',
    prospect: 6,
    daysAgo: 4.7,
    payment: 'cash_on_delivery',
    courier: 3,
    note: 'Appeler avant de passer.',
  },
  {
    status: 'failed',
    prospect: 9,
    daysAgo: 3.1,
    payment: 'cash_on_delivery',
    courier: 1,
    failureReason: 'Cliente injoignable : 3 appels sans réponse.',
  },
  { status: 'delivered', prospect: 8, daysAgo: 2.2, payment: 'mobile_money', courier: 2 },
  {
    status: 'failed',
    prospect: 10,
    daysAgo: 1.6,
    payment: 'cash_on_delivery',
    courier: 4,
    failureReason: 'Adresse introuvable, la cliente ne répond pas.',
  },
  { status: 'pending', prospect: 11, daysAgo: 1.1, payment: 'cash_on_delivery' },
  {
    status: 'out_for_delivery',
    prospect: 12,
    daysAgo: 0.31,
    payment: 'cash_on_delivery',
    courier: 2,
  },
  {
    status: 'out_for_delivery',
    prospect: 13,
    daysAgo: 0.27,
    payment: 'cash_on_delivery',
    courier: 2,
    note: 'Livrer après 17 h.',
  },
  {
    status: 'out_for_delivery',
    prospect: 2,
    daysAgo: 0.24,
    payment: 'cash_on_delivery',
    courier: 0,
  },
  // Offered to Cheikh, who refused it: back to pending, waiting for the next offer.
  { status: 'ready', prospect: 14, daysAgo: 0.2, payment: 'cash_on_delivery', rejectedBy: 1 },
  { status: 'ready', prospect: 15, daysAgo: 0.17, payment: 'mobile_money' },
  { status: 'preparing', prospect: 16, daysAgo: 0.14, payment: 'mobile_money' },
  { status: 'preparing', prospect: 17, daysAgo: 0.12, payment: 'cash_on_delivery' },
  { status: 'confirmed', prospect: 18, daysAgo: 0.09, payment: 'cash_on_delivery' },
  { status: 'confirmed', prospect: 19, daysAgo: 0.07, payment: 'cash_on_delivery' },
  { status: 'pending', prospect: 20, daysAgo: 0.05, payment: 'cash_on_delivery' },
  { status: 'pending', prospect: 21, daysAgo: 0.035, payment: 'cash_on_delivery' },
  { status: 'draft', prospect: 22, daysAgo: 0.02, payment: 'cash_on_delivery' },
  { status: 'draft', prospect: 24, daysAgo: 0.01, payment: 'cash_on_delivery' },
];
