import { describe, expect, it } from 'vitest';
import { deviceCountry, signInIdentifier } from './identifier';

describe('the sign-in identifier', () => {
  it('an @ makes an email (lower-cased), anything else a phone number in the device’s country', () => {
    expect(signInIdentifier('  Courier4@FluxAsync.test ', 'SN')).toEqual({
      email: 'courier4@fluxasync.test',
    });
    expect(signInIdentifier(' 70 555 01 04 ', 'SN')).toEqual({
      phone: '70 555 01 04',
      country: 'SN',
    });
    expect(signInIdentifier('+33 6 12 34 56 78', 'SN')).toEqual({
      phone: '+33 6 12 34 56 78',
      country: 'SN',
    });
  });

  it('the country comes from the time zone first, then the language region, else Senegal', () => {
    // A phone in Dakar set to French from France reads numbers as Senegalese.
    expect(deviceCountry('Africa/Dakar', 'fr-FR')).toBe('SN');
    expect(deviceCountry('Africa/Abidjan', 'fr')).toBe('CI');
    expect(deviceCountry('Europe/Paris', 'en-US')).toBe('FR');
    expect(deviceCountry('UTC', 'fr-BE')).toBe('BE');
    expect(deviceCountry('America/New_York', 'en-US')).toBe('SN');
    expect(deviceCountry(undefined, undefined)).toBe('SN');
  });
});
