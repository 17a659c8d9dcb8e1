import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password-policy';

const who = { email: 'mariama.sy@example.com', businessName: 'Boutique Mariama' };

describe('password policy', () => {
  it.each([
    ['aaaaaaaaaa', 'repetitive'],
    ['ababababab', 'repetitive'],
    ['abcabcabcabc', 'repetitive'],
    ['Soleil!Soleil!', 'repetitive'],
    ['abcdefghijk', 'sequence'],
    ['9876543210', 'sequence'],
    ['qwertyuiop', 'common'],
    ['azertyuiop', 'common'],
    ['password123', 'common'],
    ['Sunshine2024!', 'common'],
    ['motdepasse123', 'common'],
    ['1234567890', 'common'],
    ['mariama.sy@example.com', 'email'],
    ['mariamasy2024!', 'email'],
    ['boutique-mariama-77', 'businessName'],
    ['BoutiqueMariama!', 'businessName'],
  ])('refuses %s (%s)', (password, reason) => {
    expect(passwordProblem(password, who)).toBe(reason);
  });

  it.each([
    'correct horse battery',
    'a long enough password',
    'Thiéboudienne du vendredi',
    'k7#Lq2!vZp9w',
  ])('accepts %s', (password) => {
    expect(passwordProblem(password, who)).toBeNull();
  });
});
