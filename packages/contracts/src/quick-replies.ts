// Saved answers' variables: `{prénom}`, `{nom}`, `{boutique}` (and their English names), filled in
// from the customer and the shop when the answer is put in the composer. Zod-free: the web imports
// it through `@flux/contracts/quick-replies`.

export interface QuickReplyValues {
  /** The customer's name as the team knows it. */
  name: string | null;
  shopName: string;
  phone?: string | null;
}

/** The variables a saved answer may use, by the names people type. */
const READERS: Record<string, (values: QuickReplyValues) => string | null> = {
  prénom: (v) => v.name?.trim().split(/\s+/)[0] ?? null,
  prenom: (v) => v.name?.trim().split(/\s+/)[0] ?? null,
  first_name: (v) => v.name?.trim().split(/\s+/)[0] ?? null,
  nom: (v) => v.name?.trim() || null,
  name: (v) => v.name?.trim() || null,
  boutique: (v) => v.shopName,
  shop: (v) => v.shopName,
  téléphone: (v) => v.phone ?? null,
  telephone: (v) => v.phone ?? null,
  phone: (v) => v.phone ?? null,
};

export const QUICK_REPLY_VARIABLES = ['prénom', 'nom', 'boutique', 'téléphone'] as const;

/**
 * The answer with its variables filled in. A variable with no value (a customer without a name)
 * goes away with the space before it ("Bonjour {prénom}," → "Bonjour,"); an unknown one stays as
 * written, so a typo shows.
 */
export function fillQuickReply(body: string, values: QuickReplyValues): string {
  return body.replace(/(\s?)\{\s*([^{}\s]+)\s*\}/g, (whole, space: string, name: string) => {
    const read = READERS[name.toLowerCase()];
    if (!read) return whole;
    const value = read(values);
    return value ? `${space}${value}` : '';
  });
}
