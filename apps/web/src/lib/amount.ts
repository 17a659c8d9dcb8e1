// Amounts as people type them: "12,50", "2 500", "2 500 F". The API takes "12.50" / "2500".
export function normalizeAmount(input: string): string {
  return input
    .replace(/[\s\u00a0\u202f]/g, '')
    .replace(/[^\d.,]/g, '')
    .replace(',', '.');
}

/** Minor units of a typed amount, or null when it is not an amount of this currency. */
export function toMinorUnits(input: string, digits: number): number | null {
  const text = normalizeAmount(input);
  if (!/^\d+(\.\d+)?$/.test(text)) return null;
  const [whole = '0', fraction = ''] = text.split('.');
  if (fraction.length > digits) return null;
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}
