// Wakes the webhook drain when events are stored, whoever stored them: the webhook's INSERT
// sends a NOTIFY in the same statement, and every worker process listens. So an event
// acknowledged by a server that died before its own nudge (sent 25 ms after the commit) is
// drained at once by a worker elsewhere, not at the next minute's sweep.
import pg from 'pg';

export const INBOX_CHANNEL = 'flux_inbox';

export interface InboxWaker {
  stop(): Promise<void>;
}

/**
 * Listens on INBOX_CHANNEL with one dedicated connection (reconnecting with backoff while the
 * database is away; a reconnect also wakes, for what arrived meanwhile) and calls `wake` at most
 * once per `debounceMs` burst.
 */
export function startInboxWaker(
  connectionString: string,
  wake: () => Promise<unknown>,
  options: { debounceMs?: number; onError?: (error: unknown) => void } = {},
): InboxWaker {
  const debounceMs = options.debounceMs ?? 25;
  let stopped = false;
  let client: pg.Client | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let backoffMs = 250;

  const schedule = () => {
    if (timer || stopped) return;
    timer = setTimeout(() => {
      timer = null;
      wake().catch((error: unknown) => options.onError?.(error));
    }, debounceMs);
  };

  const connect = async () => {
    if (stopped) return;
    const next = new pg.Client({ connectionString, keepAlive: true });
    next.on('notification', schedule);
    next.on('error', (error) => {
      options.onError?.(error);
      reconnect(next);
    });
    next.on('end', () => reconnect(next));
    try {
      await next.connect();
      await next.query(`listen ${INBOX_CHANNEL}`);
      if (stopped) {
        await next.end().catch(() => {});
        return;
      }
      client = next;
      backoffMs = 250;
      schedule();
    } catch (error) {
      options.onError?.(error);
      reconnect(next);
    }
  };

  const reconnect = (failed: pg.Client) => {
    if (stopped || retry || (client !== null && client !== failed)) return;
    client = null;
    failed.removeAllListeners('end');
    failed.end().catch(() => {});
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, backoffMs);
    backoffMs = Math.min(backoffMs * 2, 10_000);
  };

  void connect();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (retry) clearTimeout(retry);
      const current = client;
      client = null;
      if (current) {
        current.removeAllListeners('end');
        await current.end().catch(() => {});
      }
    },
  };
}
