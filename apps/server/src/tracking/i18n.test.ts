// Which language the tracking page speaks.
import { describe, expect, it } from 'vitest';
import { pickLang } from './i18n';
import { esc } from './page';

describe('the tracking page’s language', () => {
  it('is ?lang= when it is ours, else the first of ours in Accept-Language by preference, else the shop’s', () => {
    expect(pickLang('en', 'fr-FR')).toBe('en');
    expect(pickLang('fr', 'en-GB')).toBe('fr');
    expect(pickLang('de', 'en-GB,en;q=0.9')).toBe('en');
    expect(pickLang(undefined, 'wo-SN,wo;q=0.9,fr;q=0.8,en;q=0.7')).toBe('fr');
    expect(pickLang(undefined, 'fr;q=0.3,en;q=0.8')).toBe('en');
    expect(pickLang(undefined, 'en;q=0,fr;q=0.1')).toBe('fr');
    expect(pickLang(undefined, 'de-DE', 'en')).toBe('en');
    expect(pickLang(undefined, undefined)).toBe('fr');
    expect(pickLang(undefined, ';;;,,q=abc')).toBe('fr');
  });

  it('escapes what the database says before it becomes HTML', () => {
    expect(esc(`<img src=x onerror="alert('1')">&`)).toBe(
      '&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;',
    );
  });
});
