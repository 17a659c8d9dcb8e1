import { describe, expect, it } from 'vitest';
import { demoCatalog, modeCatalog } from './evaluate';
import { analyzeLocally, currentTurn } from './local-analyzer';

describe('currentTurn', () => {
  it('is the customer’s last messages since the business last spoke', () => {
    expect(
      currentTurn([
        { from: 'customer', text: 'Bonjour' },
        { from: 'business', text: 'Bonjour, que puis-je pour vous ?' },
        { from: 'customer', text: 'Je voudrais 2 sacs' },
        { from: 'customer', text: 'livraison à Mermoz' },
      ]),
    ).toBe('Je voudrais 2 sacs\nlivraison à Mermoz');
  });

  it('a quick reply from the team after the customer does not hide their turn', () => {
    expect(
      currentTurn([
        { from: 'business', text: 'Bienvenue' },
        { from: 'customer', text: 'Je voudrais 2 sacs' },
        { from: 'business', text: 'Bien reçu !' },
      ]),
    ).toBe('Je voudrais 2 sacs');
  });

  it('is empty when the customer has not written', () => {
    expect(currentTurn([{ from: 'business', text: 'Bonjour' }])).toBe('');
  });
});

describe('the delivery address over the conversation', () => {
  const catalog = [
    {
      id: 'p1',
      sku: null,
      name: 'Savon noir artisanal 200 g',
      priceMinor: 2_500,
      currency: 'XOF',
      stock: 10,
      active: true,
    },
  ];
  const business = { name: 'Boutique', currency: 'XOF' as const };
  const pin = { latitude: 14.7645, longitude: -17.3661, label: 'Marché de Pikine' };

  it('a pin sent before the order is the address: nobody asks “À quelle adresse ?”', () => {
    const analysis = analyzeLocally({
      business,
      catalog,
      conversation: [
        { from: 'customer', text: '[location] Marché de Pikine', pin },
        { from: 'customer', text: 'je veux 2 savons noirs' },
      ],
    });
    expect(analysis).toMatchObject({ intent: 'order', deliveryAddress: 'Marché de Pikine' });
    expect(analysis.replyDraft).not.toContain('À quelle adresse');
  });

  it('a pin answering “where” after an order keeps the order and its lines', () => {
    const analysis = analyzeLocally({
      business,
      catalog,
      conversation: [
        { from: 'customer', text: 'je veux 2 savons noirs' },
        { from: 'business', text: 'À quelle adresse faut-il livrer ?' },
        { from: 'customer', text: '', pin },
      ],
    });
    expect(analysis.intent).toBe('order');
    expect(analysis.orderLines.map((l) => l.quantity)).toEqual([2]);
    expect(analysis.deliveryAddress).toBe('Marché de Pikine');
  });

  it('a turn that is only a pin is an answer to “where”: thanked, never read as products', () => {
    const analysis = analyzeLocally({
      business,
      catalog,
      conversation: [
        { from: 'customer', text: 'je veux 2 savons noirs' },
        { from: 'business', text: 'À quelle adresse faut-il livrer ?' },
        { from: 'customer', text: '[location] Marché de Pikine', pin },
      ],
    });
    expect(analysis.deliveryAddress).toBe('Marché de Pikine');
    expect(analysis.replyDraft).toBe(
      "Merci, c'est noté : livraison à Marché de Pikine. Nous vous confirmons l'heure.",
    );
  });

  it('without a pin or a written address, the reply still asks', () => {
    const analysis = analyzeLocally({
      business,
      catalog,
      conversation: [{ from: 'customer', text: 'je veux 2 savons noirs' }],
    });
    expect(analysis.replyDraft).toContain('À quelle adresse');
  });
});

/** The analysis of turns (`b: ` the shop's) against a catalog, its lines as `ID×quantity`. */
function readTurns(
  catalog: ReturnType<typeof modeCatalog>,
  turns: string[],
): ReturnType<typeof analyzeLocally> & { lines: string[] } {
  const analysis = analyzeLocally({
    conversation: turns.map((turn) => ({
      from: turn.startsWith('b: ') ? 'business' : 'customer',
      text: turn.replace(/^b: /, ''),
    })),
    catalog,
    business: { name: 'Boutique', currency: 'XOF' },
  });
  return { ...analysis, lines: analysis.orderLines.map((l) => `${l.productId}×${l.quantity}`) };
}

describe('analyzeLocally', () => {
  const catalog = modeCatalog();
  const read = (...turns: string[]) => readTurns(catalog, turns);

  it('a size in the product name is not a quantity', () => {
    expect(read('je veux 2 perruques lisses 20 pouces').lines).toEqual(['PER-20×2']);
    expect(read("I'd like to buy the 20 inch straight wig").lines).toEqual(['PER-20×1']);
  });

  it('reads number words, dozens and large quantities', () => {
    expect(read('une demi-douzaine de savons kabakrou').lines).toEqual(['SAV-KB×6']);
    expect(read('half a dozen black tees').lines).toEqual(['TEE-BLK×6']);
    expect(read('vingt-cinq jus de bissap').lines).toEqual(['JUS-1×25']);
    expect(read('il me faut 1200 bouteilles de jus de bissap').lines).toEqual(['JUS-1×1200']);
    expect(read('deux mille cinq cents jus de bissap').lines).toEqual(['JUS-1×2500']);
    expect(read('quatre-vingt-dix-sept jus de bissap').lines).toEqual(['JUS-1×97']);
    expect(read('three hundred and five bissap juices').lines).toEqual(['JUS-1×305']);
    expect(read('2 lots of 18" weave').lines).toEqual(['MEC-18×2']);
  });

  it('a change switches the variant, doubles, or takes one off', () => {
    expect(read('2 t-shirts noirs', 'b: Noté !', 'ah non en blanc plutôt').lines).toEqual([
      'TEE-WHT×2',
    ]);
    expect(read('2 caps', 'b: Noted.', 'double that').lines).toEqual(['CAS-001×4']);
    expect(read('3 savons kabakrou', 'b: Noté.', 'un de moins').lines).toEqual(['SAV-KB×2']);
  });

  it('a word it cannot place keeps an order below the auto-reply threshold', () => {
    const sure = read('je veux 2 casquettes brodées');
    const unsure = read('je veux 2 casquettes brodées pour le zouglou de Gbagbi');
    expect(sure.lines).toEqual(unsure.lines);
    expect(sure.confidence).toBeGreaterThanOrEqual(0.85);
    expect(unsure.unknownWords).toEqual(['zouglou', 'gbagbi']);
    expect(unsure.confidence).toBeLessThan(0.85);
  });

  it('two products that fit the words equally: no line, the reply asks which', () => {
    const analysis = read('je veux une robe pagne');
    expect(analysis).toMatchObject({ intent: 'order', lines: [] });
    expect(analysis.replyDraft).toMatch(/Robe pagne – rouge ou Robe pagne – vert/);
  });

  it('more than the stock: no line, the reply asks how many', () => {
    const analysis = read('je veux 10 robes pagne rouges');
    expect(analysis.lines).toEqual([]);
    expect(analysis.replyDraft).toMatch(/il nous en reste 5/);
  });

  it('an address inside the sentence does not swallow the order', () => {
    expect(read("j'habite à Marcory, je veux 3 savons kabakrou")).toMatchObject({
      intent: 'order',
      lines: ['SAV-KB×3'],
      deliveryAddress: 'Marcory',
    });
  });

  it('a follow-up changes the draft: another quantity, a product removed, one more', () => {
    expect(read('2 tee noirs', 'b: OK', 'finalement mets 4').lines).toEqual(['TEE-BLK×4']);
    expect(read('2 black tees and a cap', 'b: Got it.', 'remove the cap').lines).toEqual([
      'TEE-BLK×2',
    ]);
    expect(read('1 perruque bouclée 14 pouces', 'b: Noté.', 'ajoutez-en une autre').lines).toEqual([
      'PER-14×2',
    ]);
  });

  it('a new order that says nothing of the one before starts again; "et …" adds to it', () => {
    expect(read('2 tee noirs', 'b: Livré, merci !', 'je veux 3 savons kabakrou').lines).toEqual([
      'SAV-KB×3',
    ]);
    expect(read('2 tee noirs', 'b: Noté', 'et une casquette brodée').lines).toEqual([
      'TEE-BLK×2',
      'CAS-001×1',
    ]);
  });

  it('a price asked for a quantity is a question, not an order', () => {
    expect(read('vous me faites combien pour 5 parfums ?')).toMatchObject({
      intent: 'question',
      lines: [],
    });
  });

  it('Wolof–French: an order, a late-order complaint, a greeting', () => {
    expect(read('dama bëgg ñetti savon kabakrou').lines).toEqual(['SAV-KB×3']);
    expect(read('sama commande dafa yàgg').intent).toBe('complaint');
    expect(read('Salaamaalekum, na nga def ?').intent).toBe('greeting');
  });

  it('courtesy asked as a question is a greeting; a question after it is still a question', () => {
    expect(read('Bonsoir madame, vous allez bien ?').intent).toBe('greeting');
    expect(read('on dit quoi ma sœur, ça va un peu ?').intent).toBe('greeting');
    expect(read("Hi hi! How's your day going?").intent).toBe('greeting');
    expect(read('Merci pour tout, le parfum est magnifique 😍')).toMatchObject({
      intent: 'greeting',
      lines: [],
    });
    expect(read('Bonjour, ça va ? Vous avez encore la casquette brodée ?').intent).toBe('question');
  });

  it('a question mark is no question without something asked of the shop', () => {
    expect(read('Tu as vu le match hier soir ? 😂').intent).toBe('other');
    expect(read('le lait coco là, c’est pour le visage aussi ?').intent).toBe('question');
    // Asked before buying, a defect word is a question, not a complaint.
    expect(read('est-ce que le t-shirt déteint au lavage ?').intent).toBe('question');
  });

  it('tracking asked in new words, about the customer’s own order or its courier', () => {
    expect(read('mon paquet est déjà en chemin ?').intent).toBe('delivery_status');
    expect(read('le livreur là il est à quel niveau ?').intent).toBe('delivery_status');
    expect(read('Any idea when my lotion will get to me?').intent).toBe('delivery_status');
  });

  it('a product said in place of a line replaces it, with its count when none is said', () => {
    expect(read('one curly wig', 'b: Noted!', 'actually make that the straight one').lines).toEqual(
      ['PER-20×1'],
    );
    expect(read('2 t-shirts noirs', 'b: Noté.', 'le blanc à la place').lines).toEqual([
      'TEE-WHT×2',
    ]);
    expect(read('1 parfum oud', 'b: Noted.', 'make it two, one for my sister').lines).toEqual([
      'PAR-50×2',
    ]);
  });

  it('words after a product that fits several choose among them', () => {
    expect(read('3 tee shirts : 2 blancs 1 noir').lines).toEqual(['TEE-WHT×2', 'TEE-BLK×1']);
    expect(read('un tee-shirt noir et un blanc').lines).toEqual(['TEE-BLK×1', 'TEE-WHT×1']);
    expect(read('Need the black cap x2').lines).toEqual(['CAS-001×2']);
  });

  it('an amount in the measure a product is sold by is a count', () => {
    expect(read("3 kg d'attiéké").lines).toEqual(['ATT-1×3']);
    expect(read('Bonsoir, 5 litres de jus de bissap').lines).toEqual(['JUS-1×5']);
  });

  it('words that point at a place are no address: the pin says where', () => {
    const analysis = analyzeLocally({
      conversation: [
        { from: 'customer', text: 'un parfum oud' },
        { from: 'business', text: 'C’est noté, on livre où ?' },
        { from: 'customer', text: 'je vous envoie ma position' },
        { from: 'customer', text: '', pin: { latitude: 5.39, longitude: -3.98, label: 'Angré' } },
      ],
      catalog,
      business: { name: 'Boutique', currency: 'XOF' },
    });
    expect(analysis).toMatchObject({ intent: 'order', deliveryAddress: 'Angré' });
  });

  it('the trained model overrules the rules on wording no rule lists, below the auto-reply threshold', () => {
    // The rules read no courtesy they know here ("other"); the model reads a greeting.
    const greeting = read('wesh la boutique, ça dit quoi aujourdhui');
    expect(greeting.modelInput?.rules?.intent).toBe('other');
    expect(greeting.intent).toBe('greeting');
    expect(greeting.confidence).toBeLessThan(0.85);
    // The rules read tracking ("vous livrez quand ?"); the model an order, read again as one.
    const order = read('Je prends 2 casquettes, vous livrez quand ?');
    expect(order.modelInput?.rules?.intent).toBe('delivery_status');
    expect(order).toMatchObject({ intent: 'order', lines: ['CAS-001×2'] });
    expect(order.confidence).toBeLessThan(0.85);
  });

  it('a location pin already shared: the reply does not ask for an address', () => {
    const analysis = analyzeLocally({
      conversation: [{ from: 'customer', text: 'je veux 2 casquettes' }],
      catalog,
      business: { name: 'Boutique', currency: 'XOF' },
      deliveryPoint: { address: null, lat: 5.3, lng: -4.0 },
    });
    expect(analysis.replyDraft).not.toMatch(/adresse/i);
    expect(analysis.replyDraft).toMatch(/endroit que vous avez partagé/);
  });
});

describe('order lines in wording the rules were not written for (issue 19)', () => {
  const read = readTurns;
  const mode = (...turns: string[]) => read(modeCatalog(), turns);
  const demo = (...turns: string[]) => read(demoCatalog(), turns);

  it('sizes, places and ranks are no counts', () => {
    expect(
      mode('1 paire de sandales plates', 'b: Noté.', 'ajoutez-en une autre en 39').lines,
    ).toEqual(['SAN-PL×2']);
    expect(
      mode('le parfum oud c combien ?', 'b: 18 000 F.', 'ok je le prends, Parcelles Unité 17')
        .lines,
    ).toEqual(['PAR-50×1']);
    expect(
      mode('les tapettes c combien ?', 'b: 8 000 F la paire.', 'ok envoie une paire 39').lines,
    ).toEqual(['SAN-PL×1']);
    expect(
      mode('le lait coco c combien ?', 'b: 6 000 F.', 'je le prends. Sicap Baobab 3').lines,
    ).toEqual(['LAIT-250×1']);
    expect(mode('le t-shirt noir en 2XL').lines).toEqual(['TEE-BLK×1']);
  });

  it('a colour or size word alone, a typo beside named products, a word further in a name: no line', () => {
    expect(demo('deux pots de karité pour ma grand-mère').lines).toEqual(['KAR-001×2']);
    expect(mode('3 perruques lisses pour mon salon').lines).toEqual(['PER-20×3']);
    expect(demo('pour la fête du mariage il me faut 4 paniers en osier').lines).toEqual([
      'SAC-002×4',
    ]);
  });

  it('Wolof counts as typed with French letters, tens and colours', () => {
    expect(demo('gnaari pot karité ak nienti savon noir').lines).toEqual([
      'KAR-001×2',
      'SAV-001×4',
    ]);
    expect(mode('juróom fukk jus bissap').lines).toEqual(['JUS-1×50']);
    expect(mode('ñaar fukk ak juróom jus bissap').lines).toEqual(['JUS-1×25']);
    expect(mode('t-shirt bu weex ñett').lines).toEqual(['TEE-WHT×3']);
  });

  it('changes said as a correction, "make that", "to N", Wolof removal and "each"', () => {
    expect(mode('3 savons kabakrou', 'b: Noté.', 'non, 5').lines).toEqual(['SAV-KB×5']);
    expect(mode('4 caps', 'b: Noted.', 'make that 2').lines).toEqual(['CAS-001×2']);
    expect(mode('6 jus de bissap', 'b: Noté.', 'wàññi ko ba ñett').lines).toEqual(['JUS-1×3']);
    expect(mode('2 parfums oud et 1 casquette', 'b: Noté.', 'dindil casquette bi').lines).toEqual([
      'PAR-50×2',
    ]);
    expect(mode('lait coco ak savon kabakrou, ñaar ñaar').lines).toEqual([
      'LAIT-250×2',
      'SAV-KB×2',
    ]);
    expect(mode('trois casquettes non attends cinq').lines).toEqual(['CAS-001×5']);
  });

  it('a colour picks the variant of the product talked about, or the drafted line it names', () => {
    expect(
      mode('la robe pagne rouge vous avez ?', 'b: Oui, en rouge et en vert.', 'la verte alors')
        .lines,
    ).toEqual(['ROB-V×1']);
    expect(
      mode('2 t-shirts blancs', 'b: Noté.', "c'est le noir que je voulais, pas blanc").lines,
    ).toEqual(['TEE-BLK×2']);
    expect(mode('un tshirt noir et un blanc', 'b: Noté.', 'enlève le noir').lines).toEqual([
      'TEE-WHT×1',
    ]);
  });

  it('the product talked about, taken beside a new one', () => {
    expect(
      mode('le parfum oud il est à combien ?', 'b: 18 000 F.', 'je le prends avec une casquette')
        .lines,
    ).toEqual(['PAR-50×1', 'CAS-001×1']);
  });
});
