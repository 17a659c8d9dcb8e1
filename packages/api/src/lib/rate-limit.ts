// Fixed-window rate limits: Redis when REDIS_URL is set (shared by every process), else in-process.
import type { Redis } from 'ioredis';
import { type Circuit, CircuitOpenError, createCircuit } from './circuit';
import { refuse } from './errors';

export interface RateLimitResult {
  allowed: boolean;
  remaining: number;
  retryAfterMs: number;
  /** Until the window starts again (the RateLimit-Reset header of the public API). */
  resetMs: number;
}

export interface RateLimiter {
  readonly kind: 'redis' | 'memory';
  hit(key: string, limit: number, windowMs: number): Promise<RateLimitResult>;
  reset(key: string): Promise<void>;
}

export function createMemoryRateLimiter(now: () => number = Date.now): RateLimiter {
  const windows = new Map<string, { count: number; resetAt: number }>();
  let lastSweep = now();
  return {
    kind: 'memory',
    async hit(key, limit, windowMs) {
      const at = now();
      if (at - lastSweep > 60_000) {
        for (const [k, w] of windows) if (w.resetAt <= at) windows.delete(k);
        lastSweep = at;
      }
      let window = windows.get(key);
      if (!window || window.resetAt <= at) {
        window = { count: 0, resetAt: at + windowMs };
        windows.set(key, window);
      }
      window.count += 1;
      return {
        allowed: window.count <= limit,
        remaining: Math.max(0, limit - window.count),
        retryAfterMs: window.count <= limit ? 0 : window.resetAt - at,
        resetMs: window.resetAt - at,
      };
    },
    async reset(key) {
      windows.delete(key);
    },
  };
}

// INCR and set the expiry on the first hit, atomically; returns the count and the window's TTL.
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}
`;

/**
 * Redis-backed limiter. If Redis fails, times out or its circuit is open, the request is counted
 * in-process instead: a Redis outage must not lock everybody out of signing in, nor make each
 * sign-in wait for a dead Redis (the circuit skips it until a probe finds it back).
 */
export function createRedisRateLimiter(
  redis: Redis,
  options: {
    circuit?: Circuit;
    /** Told of each failed call (the circuit's own changes are what is worth logging). */
    onError?: (error: unknown) => void;
    prefix?: string;
  } = {},
): RateLimiter {
  const fallback = createMemoryRateLimiter();
  const circuit = options.circuit ?? createCircuit();
  const prefix = options.prefix ?? 'flux:rl:';
  const failed = (error: unknown) => {
    if (!(error instanceof CircuitOpenError)) options.onError?.(error);
  };
  return {
    kind: 'redis',
    hit(key, limit, windowMs) {
      return circuit.run(
        async () => {
          const [count, ttl] = (await redis.eval(HIT_SCRIPT, 1, prefix + key, windowMs)) as [
            number,
            number,
          ];
          return {
            allowed: count <= limit,
            remaining: Math.max(0, limit - count),
            retryAfterMs: count <= limit ? 0 : ttl,
            resetMs: ttl,
          };
        },
        (error) => {
          failed(error);
          return fallback.hit(key, limit, windowMs);
        },
      );
    },
    async reset(key) {
      await circuit.run(async () => {
        await redis.del(prefix + key);
      }, failed);
      await fallback.reset(key);
    },
  };
}

export interface RatePolicy {
  limit: number;
  windowMs: number;
}

const MINUTE = 60_000;
/** Generous for people, tight for scripts: a shop's team shares one IP behind one router. */
export const ratePolicies = {
  signInPerIp: { limit: 30, windowMs: 15 * MINUTE },
  /** Guesses at one account from one place; keyed by email and IP, so nobody can lock an owner out. */
  signInPerEmailAndIp: { limit: 8, windowMs: 15 * MINUTE },
  /** Guesses at one account from everywhere (a botnet), far above what a person does. */
  signInPerEmail: { limit: 100, windowMs: 15 * MINUTE },
  signUpPerIp: { limit: 10, windowMs: 60 * MINUTE },
  signUpPerEmail: { limit: 5, windowMs: 60 * MINUTE },
  invitesPerUser: { limit: 30, windowMs: 60 * MINUTE },
  /** "Send me a link": a person asks two or three times; more is someone flooding an inbox. */
  passwordResetPerEmail: { limit: 3, windowMs: 60 * MINUTE },
  passwordResetPerIp: { limit: 20, windowMs: 60 * MINUTE },
  /** Links tried from one place (each costs a password hash when it is good). */
  resetPasswordPerIp: { limit: 20, windowMs: 15 * MINUTE },
  /** Courier positions: one every second on average is plenty for a map. */
  locationsPerCourier: { limit: 60, windowMs: MINUTE },
} satisfies Record<string, RatePolicy>;

/** Counts one hit on every key; throws TOO_MANY_REQUESTS naming when to retry if any is over. */
export async function enforceRateLimits(
  limiter: RateLimiter,
  checks: { key: string; policy: RatePolicy }[],
): Promise<void> {
  const results = await Promise.all(
    checks.map(({ key, policy }) => limiter.hit(key, policy.limit, policy.windowMs)),
  );
  const retryAfterMs = Math.max(0, ...results.filter((r) => !r.allowed).map((r) => r.retryAfterMs));
  if (results.some((r) => !r.allowed)) {
    const seconds = Math.ceil(retryAfterMs / 1000);
    throw refuse(
      'rate.limited',
      `Too many attempts. Try again in ${seconds >= 60 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} seconds`}.`,
      { seconds },
      { retryAfterSeconds: seconds },
    );
  }
}

/**
 * Waits (a second at most, a few times) for one of `perSecond` slots of `key`'s one-second window:
 * a provider's send rate, shared by every process through Redis. Throws `busy` when the window
 * stays full (the caller retries the send later).
 */
export async function takeRateSlot(
  rateLimiter: RateLimiter,
  key: string,
  perSecond: number,
  busy: string,
) {
  for (let tries = 0; ; tries++) {
    const slot = await rateLimiter.hit(key, perSecond, 1_000);
    if (slot.allowed) return;
    if (tries >= 5) throw new Error(busy);
    await new Promise((resolve) => setTimeout(resolve, Math.max(50, slot.retryAfterMs)));
  }
}
