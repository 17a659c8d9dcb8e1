import { describe, expect, it } from 'vitest';
import { csvField, csvRow } from './orders-export';

describe('CSV fields', () => {
  it('quotes separators, quotes and line breaks, doubling quotes (RFC 4180)', () => {
    expect(csvField('Awa')).toBe('Awa');
    expect(csvField('Diop, Awa')).toBe('"Diop, Awa"');
    expect(csvField('le "grand" boubou')).toBe('"le ""grand"" boubou"');
    expect(csvField('Mermoz\r\nvilla 12')).toBe('"Mermoz\r\nvilla 12"');
    expect(csvField(null)).toBe('');
    expect(csvRow(['a', 2, null, 'b,c'])).toBe('a,2,,"b,c"\r\n');
  });

  it('disarms what a spreadsheet would run as a formula; numbers stay numbers', () => {
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('+221770000000')).toBe("'+221770000000");
    expect(csvField('-2')).toBe("'-2");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\t=cmd')).toBe("'\t=cmd");
    expect(csvField('=HYPERLINK("http://x", "y")')).toBe(`"'=HYPERLINK(""http://x"", ""y"")"`);
    expect(csvField(-2)).toBe('-2');
    expect(csvField(12.5)).toBe('12.5');
    expect(csvField('Awa = reine')).toBe('Awa = reine');
  });
});
