// How deep a JSON text nests, read from its bytes without parsing it: a body nested thousands of
// levels deep exhausts whatever walks it recursively (our cleaning copy, JSON.stringify,
// PostgreSQL's jsonb input, which refuses it with "stack depth limit exceeded").

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * True when the JSON text opens more than `max` objects or arrays inside one another. One pass
 * over the bytes, stopping at the first level too deep; brackets inside strings do not count
 * (UTF-8 continuation bytes are all >= 0x80, so they never look like ASCII punctuation).
 * Malformed text gives an answer too: JSON.parse refuses it afterwards.
 */
export function jsonDeeperThan(bytes: Uint8Array, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) depth--;
  }
  return false;
}
