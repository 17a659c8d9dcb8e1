// A keep-alive HTTP/1.1 GET client on bare sockets, as wrk is: the load generator shares the two
// cores with the server and PostgreSQL it measures, and node:http's client (its parser, its
// IncomingMessage streams) cost it ~0.3 ms of CPU per 30 KB answer where the floor's pg client
// costs 0.15 (docs/benchmarks.md, "Sixth pass"). It writes one request per socket at a time,
// reads the status line and the headers, and then counts the body's bytes by Content-Length
// without keeping them, unless the answer is compressed (the caller decompresses it, as a browser
// does). Chunked answers are refused: the server sends Content-Length for every answer a bench
// GETs, and a bench should not measure something else quietly.
import { connect, type Socket } from 'node:net';

export interface RawAnswer {
  status: number;
  encoding: string | undefined;
  /** The body, when compressed; its length in bytes either way. */
  body: Buffer | null;
  bytes: number;
  /** The server said `connection: close`: the socket is not used again. */
  close: boolean;
}

const HEADER_END = Buffer.from('\r\n\r\n');

/** One connection: a request at a time, parsed as its bytes arrive. */
class Connection {
  readonly socket: Socket;
  private pending: {
    resolve: (answer: RawAnswer) => void;
    reject: (error: Error) => void;
  } | null = null;
  private head: Buffer | null = null;
  private answer: RawAnswer | null = null;
  private chunks: Buffer[] = [];
  private left = 0;
  closed = false;

  constructor(host: string, port: number) {
    this.socket = connect({ host, port, noDelay: true });
    this.socket.on('data', (data) => {
      try {
        this.read(data);
      } catch (error) {
        this.socket.destroy(error as Error);
      }
    });
    const fail = (error: Error) => {
      this.closed = true;
      const pending = this.pending;
      this.pending = null;
      pending?.reject(error);
    };
    this.socket.on('error', fail);
    // The server's FIN (its keep-alive timeout): nothing more will be answered on this socket.
    this.socket.on('end', () => fail(new Error('connection closed by the server')));
    this.socket.on('close', () => fail(new Error('connection closed')));
  }

  /** Some of the answer to the request in progress has arrived. */
  answered = false;

  get(request: Buffer): Promise<RawAnswer> {
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.answered = false;
      this.socket.write(request);
    });
  }

  private read(data: Buffer) {
    this.answered = true;
    let rest = data;
    if (!this.answer) {
      const head = this.head ? Buffer.concat([this.head, data]) : data;
      const end = head.indexOf(HEADER_END);
      if (end === -1) {
        this.head = head;
        return;
      }
      this.head = null;
      this.answer = parseHead(head.subarray(0, end).toString('latin1'));
      this.left = this.answer.bytes;
      this.chunks = [];
      rest = head.subarray(end + HEADER_END.length);
    }
    const answer = this.answer;
    const taken = Math.min(rest.length, this.left);
    if (answer.encoding) this.chunks.push(rest.subarray(0, taken));
    this.left -= taken;
    if (this.left > 0) return;
    if (taken < rest.length) {
      this.socket.destroy(new Error('bytes after the answer (pipelined or malformed)'));
      return;
    }
    this.answer = null;
    if (answer.encoding) answer.body = Buffer.concat(this.chunks);
    if (answer.close) {
      this.closed = true;
      this.socket.end();
    }
    const pending = this.pending;
    this.pending = null;
    pending?.resolve(answer);
  }
}

function parseHead(head: string): RawAnswer {
  const lines = head.split('\r\n');
  const statusLine = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(lines[0] ?? '');
  if (!statusLine) throw new Error(`raw-http: not an HTTP/1.x status line: ${lines[0]}`);
  const status = Number(statusLine[1]);
  let length: string | undefined;
  let encoding: string | undefined;
  let close = false;
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-length') {
      if (!/^\d+$/.test(value) || (length !== undefined && length !== value))
        throw new Error(`raw-http: a Content-Length of ${value} (status ${status})`);
      length = value;
    } else if (name === 'content-encoding' && value !== 'identity') encoding = value;
    else if (name === 'connection') close = value.toLowerCase() === 'close';
    else if (name === 'transfer-encoding' && value !== 'identity')
      throw new Error(`raw-http: ${value} answers are not read (status ${status})`);
  }
  // A 1xx, a 204 or a 304 has no body, whatever Content-Length it carries (RFC 9112 6.3).
  const bodiless = status < 200 || status === 204 || status === 304;
  if (length === undefined && !bodiless)
    throw new Error(`raw-http: an answer without Content-Length (status ${status})`);
  return { status, encoding, body: null, bytes: bodiless ? 0 : Number(length), close };
}

/**
 * GETs over up to `connections` keep-alive sockets to one origin; a request waits for a free
 * socket. A socket the server closed (its keep-alive timeout, between phases) is replaced.
 */
export function rawHttpClient(origin: string, connections: number) {
  const url = new URL(origin);
  if (url.protocol !== 'http:') throw new Error(`raw-http: plain http only, not ${url.protocol}`);
  const host = url.hostname;
  const port = Number(url.port || 80);
  const idle: Connection[] = [];
  const waiting: { resolve: (connection: Connection) => void; reject: (error: Error) => void }[] =
    [];
  let open = 0;
  let closing = false;
  const all = new Set<Connection>();

  const acquire = (): Promise<Connection> => {
    if (closing) return Promise.reject(new Error('raw-http: client closed'));
    for (let connection = idle.pop(); connection; connection = idle.pop()) {
      if (!connection.closed) return Promise.resolve(connection);
      all.delete(connection);
      open -= 1;
    }
    if (open < connections) {
      open += 1;
      const connection = new Connection(host, port);
      all.add(connection);
      return Promise.resolve(connection);
    }
    return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  };
  const release = (connection: Connection) => {
    if (closing) return;
    if (connection.closed) {
      all.delete(connection);
      open -= 1;
      const next = waiting.shift();
      if (next) acquire().then(next.resolve, next.reject);
      return;
    }
    const next = waiting.shift();
    if (next) next.resolve(connection);
    else idle.push(connection);
  };
  /** One request on one connection, released after. */
  const send = async (connection: Connection, request: Buffer) => {
    try {
      return await connection.get(request);
    } finally {
      release(connection);
    }
  };

  return {
    /** GETs `path` (with its query) with these headers; resolves once the whole answer is read. */
    async get(path: string, headers: Record<string, string>): Promise<RawAnswer> {
      let request = `GET ${path} HTTP/1.1\r\nhost: ${url.host}\r\n`;
      for (const [name, value] of Object.entries(headers)) request += `${name}: ${value}\r\n`;
      const bytes = Buffer.from(`${request}\r\n`, 'latin1');
      const connection = await acquire();
      const reused = connection.socket.bytesWritten > 0;
      try {
        return await send(connection, bytes);
      } catch (error) {
        // A kept-alive socket the server closed as the request left (its keep-alive timeout)
        // answers nothing: once, on another connection. An answer begun and broken is an error.
        if (!reused || connection.answered || closing) throw error;
        return send(await acquire(), bytes);
      }
    },
    close() {
      closing = true;
      for (const next of waiting.splice(0)) next.reject(new Error('raw-http: client closed'));
      for (const connection of all) connection.socket.destroy();
      all.clear();
    },
  };
}
