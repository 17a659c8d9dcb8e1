// The id a client gives what it asks the server to send once (a message, a receipt): kept while
// the same thing is retried, so a double click or a retried request sends it once.
export function newClientId(): string {
  return typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}
