// Which passwords are refused beyond their length: the ones attackers try first. The list is a
// text file in the repo (no network at sign-up), read once; each refusal has a reason code that
// the dashboard turns into words in the user's language.
import { readFileSync } from 'node:fs';
import type { PasswordReason } from '@flux/contracts';

/** The API's words (English, like every API message); the dashboard has its own per locale. */
export const passwordReasonMessages: Record<PasswordReason, string> = {
  common: 'This password is one of the most used ones: attackers try it first. Choose another',
  repetitive: 'This password repeats the same few characters: choose another',
  sequence: 'This password is a simple sequence: choose another',
  email: 'The password must not be your email address',
  businessName: 'The password must not contain the shop’s name',
};

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set(
    readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#')),
  );
  return common;
}

/** Lower case, no accents, letters and digits only: "Boutique Awa-Plateau" → "boutiqueawaplateau". */
function folded(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** "aaaaaaaaaa", "ababababab", "abcabcabca", "Soleil!Soleil!": a short unit said again and again. */
function isRepetitive(password: string): boolean {
  if (new Set(password).size < 4) return true;
  return /^(.+?)\1+$/su.test(password);
}

/** "0123456789", "abcdefghijk", "9876543210": each character one after or before the previous. */
function isSequence(password: string): boolean {
  const codes = [...password.toLowerCase()].map((char) => char.codePointAt(0) ?? 0);
  const step = (codes[1] ?? 0) - (codes[0] ?? 0);
  if (step !== 1 && step !== -1) return false;
  return codes.every((code, index) => index === 0 || code - (codes[index - 1] ?? 0) === step);
}

/**
 * Why `password` is refused, or null. Length is checked by the input schema first. A listed
 * password with digits or symbols added at either end ("Sunshine2024!", "123motdepasse") is as
 * guessable as the word itself, so the word is looked up too.
 */
export function passwordProblem(
  password: string,
  context: { email?: string | undefined; businessName?: string | undefined },
): PasswordReason | null {
  const lower = password.toLowerCase();
  const list = commonPasswords();
  const word = lower.replace(/^[\d\W_]+|[\d\W_]+$/gu, '');
  if (list.has(lower) || list.has(folded(password)) || (word.length >= 4 && list.has(word))) {
    return 'common';
  }
  if (isRepetitive(password)) return 'repetitive';
  if (isSequence(password)) return 'sequence';
  if (context.email) {
    const email = context.email.trim().toLowerCase();
    const local = folded(email.split('@')[0] ?? '');
    if (
      lower === email ||
      folded(password) === local ||
      (local.length >= 5 && folded(password).includes(local))
    ) {
      return 'email';
    }
  }
  if (context.businessName) {
    const name = folded(context.businessName);
    if (name.length >= 4 && folded(password).includes(name)) return 'businessName';
  }
  return null;
}
