import { describe, expect, it } from 'vitest';
import { jsonDeeperThan } from './json-depth';

const bytes = (text: string) => Buffer.from(text, 'utf8');
const nested = (depth: number, open = '[', close = ']') => open.repeat(depth) + close.repeat(depth);

describe('jsonDeeperThan', () => {
  it('counts objects and arrays nested in each other, not side by side', () => {
    expect(jsonDeeperThan(bytes(nested(64)), 64)).toBe(false);
    expect(jsonDeeperThan(bytes(nested(65)), 64)).toBe(true);
    expect(jsonDeeperThan(bytes(`[${'[],'.repeat(10_000)}[]]`), 2)).toBe(false);
    expect(jsonDeeperThan(bytes('{"a":{"b":[{"c":1}]}}'), 3)).toBe(true);
    expect(jsonDeeperThan(bytes('{"a":{"b":[{"c":1}]}}'), 4)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ a: `${'['.repeat(500)}\\"{{{{"\u00e9[` });
    expect(jsonDeeperThan(bytes(text), 1)).toBe(false);
    expect(jsonDeeperThan(bytes(`["\\\\", ${nested(3)}]`), 3)).toBe(true);
  });

  it('reads 100,000 levels without recursion', () => {
    expect(jsonDeeperThan(bytes(nested(100_000, '{"a":', '}')), 64)).toBe(true);
  });
});
