// The server key's text forms: ENCRYPTION_KEY is one key, ENCRYPTION_KEY_PREVIOUS a list of old ones
// (a key rotation, docs/security.md). Kept apart from crypto.ts so env.ts can validate them without
// importing the box that reads env.ts.

/** 32 bytes from 64 hex characters or base64; anything else throws, naming the variable. */
export function parseEncryptionKey(raw: string, name = 'ENCRYPTION_KEY'): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32) {
    throw new Error(`${name} must be 32 bytes, given as 64 hex characters or base64`);
  }
  return key;
}

/** Whether `raw` is a usable key (what env.ts checks before anything starts). */
export function isEncryptionKey(raw: string): boolean {
  try {
    parseEncryptionKey(raw);
    return true;
  } catch {
    return false;
  }
}

/**
 * The keys of a comma-separated list, each as written (trimmed): tokens were made under the key's
 * text, so an old key must be given exactly as it was set, not re-encoded.
 */
export function splitKeyList(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((key) => key.trim())
    .filter((key) => key !== '');
}
