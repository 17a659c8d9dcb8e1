// Server-sent events for tRPC's httpSubscriptionLink with the courier's bearer session: the
// browser's EventSource sends cookies only and React Native has none, so this one reads the
// stream from fetch (expo/fetch on phones) with the authorization header. It never reconnects by
// itself: an error closes it, and the caller (api/courier/use-courier-live) tries again with
// backoff, knowing when the network is back.

export interface SseMessage {
  /** `message` unless the server named it (tRPC: connected, ping, serialized-error, return). */
  event: string;
  data: string;
  id?: string;
}

/**
 * Parses the text/event-stream format (html.spec.whatwg.org, "event stream interpretation") from
 * chunks cut anywhere, calling `onMessage` at each blank line that ends an event with data.
 */
export function createSseParser(onMessage: (message: SseMessage) => void) {
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let id: string | undefined;
  const line = (text: string) => {
    if (text === '') {
      if (data.length > 0) onMessage({ event: event || 'message', data: data.join('\n'), id });
      event = '';
      data = [];
      return;
    }
    if (text.startsWith(':')) return; // a comment (a keep-alive)
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id' && !value.includes('\0')) id = value;
  };
  return {
    push(chunk: string) {
      buffer += chunk;
      for (;;) {
        const end = buffer.search(/\r\n|\r|\n/);
        if (end === -1) return;
        // A lone \r at the chunk's end may be the first half of \r\n: wait for the next chunk.
        if (buffer[end] === '\r' && end === buffer.length - 1) return;
        const breakLength = buffer.startsWith('\r\n', end) ? 2 : 1;
        line(buffer.slice(0, end));
        buffer = buffer.slice(end + breakLength);
      }
    },
  };
}

export interface FetchEventSourceInit {
  headers?: Record<string, string>;
  fetch?: typeof fetch;
}

type Listener = (event: { type: string; data?: string; lastEventId?: string }) => void;

/** The part of EventSource that tRPC's httpSubscriptionLink uses. */
export class FetchEventSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSED = 2;
  readyState = 0;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly abort = new AbortController();

  constructor(
    readonly url: string,
    init: FetchEventSourceInit = {},
  ) {
    void this.run(init);
  }

  addEventListener(type: string, listener: Listener): void {
    const set = this.listeners.get(type) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(type, set);
  }

  removeEventListener(type: string, listener: Listener): void {
    this.listeners.get(type)?.delete(listener);
  }

  close(): void {
    this.readyState = this.CLOSED;
    this.abort.abort();
  }

  private emit(type: string, event: { data?: string; lastEventId?: string; message?: string }) {
    for (const listener of this.listeners.get(type) ?? []) listener({ type, ...event });
  }

  private async run(init: FetchEventSourceInit): Promise<void> {
    try {
      const response = await (init.fetch ?? globalThis.fetch)(this.url, {
        headers: { accept: 'text/event-stream', 'cache-control': 'no-cache', ...init.headers },
        signal: this.abort.signal,
      });
      if (!response.ok || !response.body) {
        throw new Error(`The live events answered ${response.status}`);
      }
      if (this.readyState === this.CLOSED) return;
      this.readyState = this.OPEN;
      this.emit('open', {});
      const parser = createSseParser((message) => {
        if (this.readyState !== this.OPEN) return;
        this.emit(message.event, { data: message.data, lastEventId: message.id });
      });
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.push(decoder.decode(value, { stream: true }));
      }
      throw new Error('The live events stream ended');
    } catch (error) {
      if (this.readyState === this.CLOSED) return; // closed here: nobody waits for an error
      this.readyState = this.CLOSED;
      this.emit('error', { message: error instanceof Error ? error.message : String(error) });
    }
  }
}
