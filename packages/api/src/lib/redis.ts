// The Redis client: every call answers or fails within a bound, so a frozen or absent Redis costs a
// request at most one timeout (and nothing once the circuit in front of it is open).
import { Redis } from 'ioredis';

export interface RedisTimeouts {
  commandMs: number;
  /** 1 s by default: TCP and TLS to a Redis in the same region take milliseconds. */
  connectMs?: number;
}

/** REDIS_TIMEOUT_MS's default; the services are given the configured value (bootstrap.ts). */
const DEFAULT_TIMEOUTS: RedisTimeouts = { commandMs: 500 };

export function createRedisClient(url: string, timeouts = DEFAULT_TIMEOUTS): Redis {
  return new Redis(url, {
    // A frozen Redis accepts the connection and never answers: without it a command waits forever.
    commandTimeout: timeouts.commandMs,
    connectTimeout: timeouts.connectMs ?? 1_000,
    // No queueing while disconnected and no replay after a reconnect: a rate-limit count that
    // could not be made now is counted in-process, not minutes later.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    // Keeps reconnecting (Redis comes back), never more than 2 s apart.
    retryStrategy: (attempt) => Math.min(2_000, 50 * 2 ** Math.min(attempt, 6)),
  });
}
