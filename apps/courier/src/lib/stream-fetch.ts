// A fetch whose answer's body can be read as it arrives (the live events' stream): the
// browser's own. Phones use stream-fetch.native.ts.
export const streamFetch: typeof fetch = (input, init) => globalThis.fetch(input, init);
