// A LISTEN that stays in place: a dedicated connection (LISTEN lives on one session), reconnected
// with doubling delays when it is lost. What was notified while it was down is not replayed: the
// caller hears each drop and each (re)start and decides what a gap means for it.
import { type Client, createClient } from '@flux/db';

export interface Listener {
  close(): Promise<void>;
}

export function listenPersistently(params: {
  /** The database's connection string. */
  url: string;
  channel: string;
  onNotification(payload: string | undefined): void;
  /** LISTEN is in place; `again`: after a loss (notifications may have been missed meanwhile). */
  onListening(again: boolean): void;
  /** The connection is lost (or could not be made); a reconnection is scheduled. */
  onDropped?(): void;
  onError(error: unknown): void;
  /** Reconnection delays: doubling from the first to the last. */
  reconnectMs: { first: number; max: number };
}): Listener {
  let closed = false;
  let current: Client | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  /** Whether a LISTEN was ever in place (a later one is a reconnection). */
  let listened = false;
  const listen = () => {
    const client = createClient(params.url);
    current = client;
    let dropped = false;
    const drop = (error?: unknown) => {
      if (dropped) return;
      dropped = true;
      params.onDropped?.();
      if (error) params.onError(error);
      client.end().catch(() => {});
      if (closed) return;
      const delay = Math.min(params.reconnectMs.max, params.reconnectMs.first * 2 ** failures);
      failures += 1;
      retryTimer = setTimeout(listen, delay);
    };
    client.on('error', drop);
    client.on('end', () => drop());
    client.on('notification', (message) => {
      if (message.channel === params.channel) params.onNotification(message.payload);
    });
    client
      .connect()
      .then(() => client.query(`listen ${params.channel}`))
      .then(() => {
        if (closed) return;
        failures = 0;
        params.onListening(listened);
        listened = true;
      }, drop);
  };
  listen();
  return {
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      await current?.end().catch(() => {});
    },
  };
}
