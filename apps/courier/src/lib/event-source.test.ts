import { describe, expect, it } from 'vitest';
import { createSseParser, FetchEventSource, type SseMessage } from './event-source';

describe('the event-stream parser', () => {
  it('reads events cut anywhere across chunks, with names, ids, several data lines and comments', () => {
    const seen: SseMessage[] = [];
    const parser = createSseParser((m) => seen.push(m));
    const stream =
      ': keep-alive\n\nevent: connected\ndata: {"reconnectAfterInactivityMs":45000}\n\n' +
      'id: 7\r\ndata: {"json":\r\ndata: 1}\r\n\r\nevent: ping\ndata: \n\n';
    // One character at a time: the worst a network can do.
    for (const char of stream) parser.push(char);
    expect(seen).toEqual([
      { event: 'connected', data: '{"reconnectAfterInactivityMs":45000}', id: undefined },
      { event: 'message', data: '{"json":\n1}', id: '7' },
      { event: 'ping', data: '', id: '7' },
    ]);
  });

  it('an event without its ending blank line is not delivered yet', () => {
    const seen: SseMessage[] = [];
    const parser = createSseParser((m) => seen.push(m));
    parser.push('data: half');
    parser.push('\n');
    expect(seen).toEqual([]);
    parser.push('\n');
    expect(seen).toEqual([{ event: 'message', data: 'half', id: undefined }]);
  });
});

/** A fetch answering with a stream the test writes to, recording the request. */
function fakeFetch(status = 200) {
  const encoder = new TextEncoder();
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
  });
  const requests: { url: string; headers: Record<string, string> }[] = [];
  const fetch = (async (url: string, init?: RequestInit) => {
    requests.push({ url, headers: init?.headers as Record<string, string> });
    return new Response(status === 200 ? body : 'no', { status });
  }) as unknown as typeof globalThis.fetch;
  return {
    fetch,
    requests,
    write: (text: string) => controller?.enqueue(encoder.encode(text)),
    end: () => controller?.close(),
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('the fetch-based EventSource', () => {
  it('sends the bearer header and hands named events to their listeners', async () => {
    const server = fakeFetch();
    const source = new FetchEventSource('https://api.test/trpc/courier.live', {
      fetch: server.fetch,
      headers: { authorization: 'Bearer t0ken' },
    });
    const heard: string[] = [];
    source.addEventListener('message', (e) => heard.push(`message ${e.data} #${e.lastEventId}`));
    source.addEventListener('connected', (e) => heard.push(`connected ${e.data}`));
    server.write('event: connected\ndata: {}\n\nid: 1\ndata: {"type":"tasks"}\n\n');
    await tick();
    expect(source.readyState).toBe(source.OPEN);
    expect(heard).toEqual(['connected {}', 'message {"type":"tasks"} #1']);
    expect(server.requests[0]?.headers).toMatchObject({
      authorization: 'Bearer t0ken',
      accept: 'text/event-stream',
    });
    source.close();
  });

  it('a refused connection or a stream that ends is an error, and the source is closed', async () => {
    const refused = new FetchEventSource('u', { fetch: fakeFetch(401).fetch });
    const errors: string[] = [];
    refused.addEventListener('error', () => errors.push('refused'));
    await tick();
    expect(errors).toEqual(['refused']);
    expect(refused.readyState).toBe(refused.CLOSED);

    const server = fakeFetch();
    const ended = new FetchEventSource('u', { fetch: server.fetch });
    ended.addEventListener('error', () => errors.push('ended'));
    await tick();
    server.end();
    await tick();
    expect(errors).toEqual(['refused', 'ended']);
    expect(ended.readyState).toBe(ended.CLOSED);
  });

  it('closed by its user, it says nothing more', async () => {
    const server = fakeFetch();
    const source = new FetchEventSource('u', { fetch: server.fetch });
    const heard: string[] = [];
    source.addEventListener('message', () => heard.push('message'));
    source.addEventListener('error', () => heard.push('error'));
    await tick();
    source.close();
    server.write('data: late\n\n');
    server.end();
    await tick();
    expect(heard).toEqual([]);
  });
});
