// Sessions, memberships and the REST API's keys kept in memory for a few seconds, so a request
// does not spend queries on who is asking before it spends one on what they asked
// (docs/benchmarks.md).
//
// Staleness is bounded three ways:
// - Every change to a session, user, membership, business or API key row is announced by a
//   trigger (migrations 0009, 0027: NOTIFY flux_auth) and evicts that entry in every process.
// - In this process the services that change them evict before they answer (sign-out, role
//   change, removal, profile, switching business, business settings, revoking a key: the
//   `forget*Here` functions below), so the next request here sees the change. Only one
//   connection per process LISTENs: PostgreSQL wakes every listening connection of the database
//   on every NOTIFY (inbox, jobs, live events), so a LISTEN on each pool connection cost every
//   webhook and job a dozen wake-ups.
// - Entries live TTL_MS at most, and while the LISTEN connection is down nothing is kept: a lost
//   notification costs at most a few seconds, never a session that outlives its sign-out.
// An entry read in the second half of its life is read again in the background (once at a time)
// while the request goes on with it: a user who keeps working never waits for the lookups, where
// every entry expiring at once made every fifth second's requests the slowest (the p99 of
// docs/benchmarks.md's orders bench). The age bound is the same: what is served is never older
// than TTL_MS.
// A lookup that started before an eviction does not fill the cache (the generation check), so a
// slow read cannot put back what a sign-out just removed.
import type { Database, schema } from '@flux/db';
import type { apiKeyByHash } from '@flux/db/queries/public-api';
import { type Listener, listenPersistently } from '../lib/listen';

export const AUTH_CHANNEL = 'flux_auth';
const TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

type SessionRow = typeof schema.sessions.$inferSelect;
type UserRow = typeof schema.users.$inferSelect;
type BusinessRow = typeof schema.businesses.$inferSelect;
type Role = (typeof schema.membershipRoleEnum.enumValues)[number];

export interface CachedSession {
  session: SessionRow;
  user: Pick<UserRow, 'id' | 'email' | 'name' | 'phone' | 'locale' | 'createdAt'>;
}
export interface CachedMembership {
  business: BusinessRow;
  role: Role;
}
/** An API key as a request finds it by its hash, with what the answers need of its business. */
export type CachedApiKey = NonNullable<Awaited<ReturnType<typeof apiKeyByHash>>>;

/** A Map in least-recently-used order whose entries expire `ttlMs` after they were stored. */
class TtlLru<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();
  constructor(
    private readonly max: number,
    private readonly ttlMs: number,
  ) {}

  get(key: string): V | undefined {
    return this.read(key)?.value;
  }

  /** The entry and whether it is in the second half of its life (time to read it again). */
  read(key: string): { value: V; due: boolean } | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const now = Date.now();
    if (entry.expires <= now) {
      this.entries.delete(key);
      return undefined;
    }
    // Re-inserted: the Map's order is the recency order, its first key the one to drop.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return { value: entry.value, due: entry.expires - now < this.ttlMs / 2 };
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expires: Date.now() + this.ttlMs });
    if (this.entries.size > this.max) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  deleteWhere(match: (key: string, value: V) => boolean): void {
    for (const [key, entry] of this.entries) if (match(key, entry.value)) this.entries.delete(key);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

const membershipKey = (userId: string, businessId: string) => `${userId}:${businessId}`;

export interface AuthCache {
  /**
   * The session of this id (its token's hash), if kept. With `refresh`: an entry in the second
   * half of its life is looked up again in the background, the kept one answered meanwhile.
   */
  session(
    id: string,
    refresh?: () => Promise<CachedSession | undefined>,
  ): CachedSession | undefined;
  /**
   * Runs `load` and keeps what it found, unless something was evicted meanwhile (then the
   * answer is still returned, only not kept: it may predate the eviction).
   */
  loadSession(
    id: string,
    load: () => Promise<CachedSession | undefined>,
  ): Promise<CachedSession | undefined>;
  membership(
    userId: string,
    businessId: string,
    refresh?: () => Promise<CachedMembership | undefined>,
  ): CachedMembership | undefined;
  loadMembership(
    userId: string,
    businessId: string,
    load: () => Promise<CachedMembership | undefined>,
  ): Promise<CachedMembership | undefined>;
  /** The API key of this hash (revoked or expired ones too: the caller decides), if kept. */
  apiKey(
    keyHash: string,
    refresh?: () => Promise<CachedApiKey | undefined>,
  ): CachedApiKey | undefined;
  loadApiKey(
    keyHash: string,
    load: () => Promise<CachedApiKey | undefined>,
  ): Promise<CachedApiKey | undefined>;
  /** Evictions, as the notifications and the sign-out path ask for them. */
  forgetSession(id: string): void;
  forgetUser(userId: string): void;
  forgetMembership(businessId: string, userId: string): void;
  forgetBusiness(businessId: string): void;
  forgetApiKey(apiKeyId: string): void;
  /** Resolves once the LISTEN connection is in place (until then nothing is kept). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** Every cache of this process: the sign-out path evicts in all of them before it answers. */
const caches = new Set<AuthCache>();

/** Evicts a session from every cache of this process (sign-out). */
export function forgetSessionHere(id: string): void {
  for (const cache of caches) cache.forgetSession(id);
}

/** Evicts every session of a user from every cache of this process (sign-out everywhere, profile). */
export function forgetUserHere(userId: string): void {
  for (const cache of caches) cache.forgetUser(userId);
}

/** Evicts a membership from every cache of this process (role change, removal). */
export function forgetMembershipHere(businessId: string, userId: string): void {
  for (const cache of caches) cache.forgetMembership(businessId, userId);
}

/** Evicts a business from every cache of this process (its profile or settings changed). */
export function forgetBusinessHere(businessId: string): void {
  for (const cache of caches) cache.forgetBusiness(businessId);
}

/** Evicts an API key from every cache of this process (revoked). */
export function forgetApiKeyHere(apiKeyId: string): void {
  for (const cache of caches) cache.forgetApiKey(apiKeyId);
}

type Notice =
  | { t: 's'; id: string }
  | { t: 'u'; id: string }
  | { t: 'm'; b: string; u: string }
  | { t: 'b'; id: string }
  | { t: 'k'; id: string };

function parseNotice(payload: string | undefined): Notice | null {
  try {
    const notice = JSON.parse(payload ?? '') as Partial<Notice> & Record<string, unknown>;
    if (notice.t === 'm' && typeof notice.b === 'string' && typeof notice.u === 'string') {
      return { t: 'm', b: notice.b, u: notice.u };
    }
    if (
      (notice.t === 's' || notice.t === 'u' || notice.t === 'b' || notice.t === 'k') &&
      typeof notice.id === 'string'
    ) {
      return { t: notice.t, id: notice.id };
    }
  } catch {
    // Reported by the caller.
  }
  return null;
}

export function createAuthCache(params: {
  db: Database;
  /** The database's connection string, for the dedicated LISTEN connection. */
  url: string;
  onError?: (error: unknown) => void;
  ttlMs?: number;
  reconnectMs?: { first: number; max: number };
}): AuthCache {
  const onError = params.onError ?? (() => {});
  const reconnect = params.reconnectMs ?? { first: 100, max: 5_000 };
  const ttlMs = params.ttlMs ?? TTL_MS;
  const sessions = new TtlLru<CachedSession>(MAX_ENTRIES, ttlMs);
  const memberships = new TtlLru<CachedMembership>(MAX_ENTRIES, ttlMs);
  const apiKeys = new TtlLru<CachedApiKey>(MAX_ENTRIES, ttlMs);
  const clear = () => {
    sessions.clear();
    memberships.clear();
    apiKeys.clear();
  };
  let generation = 0;
  /** False while no LISTEN connection is in place: an eviction could be missed, so keep nothing. */
  let listening = false;
  let listener: Listener | undefined;
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const evicted = () => {
    generation += 1;
  };
  /** Looks up and keeps what it found, unless something was evicted meanwhile; gone: forgotten. */
  async function load<V>(lru: TtlLru<V>, key: string, lookup: () => Promise<V | undefined>) {
    const before = generation;
    const found = await lookup();
    if (listening && generation === before) {
      if (found) lru.set(key, found);
      else lru.delete(key);
    }
    return found;
  }
  /** Keys being looked up again in the background: one lookup per key at a time. */
  const refreshing = new Set<string>();
  function kept<V>(
    lru: TtlLru<V>,
    key: string,
    refresh: (() => Promise<V | undefined>) | undefined,
  ): V | undefined {
    if (!listening) return undefined;
    const entry = lru.read(key);
    if (entry?.due && refresh && !refreshing.has(key)) {
      refreshing.add(key);
      load(lru, key, refresh)
        .catch(onError)
        .finally(() => refreshing.delete(key));
    }
    return entry?.value;
  }
  const cache: AuthCache = {
    session: (id, refresh) => kept(sessions, id, refresh),
    loadSession: (id, lookup) => load(sessions, id, lookup),
    membership: (userId, businessId, refresh) =>
      kept(memberships, membershipKey(userId, businessId), refresh),
    loadMembership: (userId, businessId, lookup) =>
      load(memberships, membershipKey(userId, businessId), lookup),
    apiKey: (keyHash, refresh) => kept(apiKeys, `k:${keyHash}`, refresh),
    loadApiKey: (keyHash, lookup) => load(apiKeys, `k:${keyHash}`, lookup),
    forgetSession(id) {
      evicted();
      sessions.delete(id);
    },
    forgetUser(userId) {
      evicted();
      sessions.deleteWhere((_, value) => value.user.id === userId);
      memberships.deleteWhere((key) => key.startsWith(`${userId}:`));
    },
    forgetMembership(businessId, userId) {
      evicted();
      memberships.delete(membershipKey(userId, businessId));
    },
    forgetBusiness(businessId) {
      evicted();
      memberships.deleteWhere((key) => key.endsWith(`:${businessId}`));
      apiKeys.deleteWhere((_, value) => value.key.businessId === businessId);
    },
    forgetApiKey(apiKeyId) {
      evicted();
      apiKeys.deleteWhere((_, value) => value.key.id === apiKeyId);
    },
    ready: () => ready,
    async close() {
      listening = false;
      caches.delete(cache);
      await listener?.close();
      clear();
    },
  };

  const hear = (payload: string | undefined) => {
    const notice = parseNotice(payload);
    if (!notice) return onError(new Error(`auth cache: unreadable notification ${payload}`));
    if (notice.t === 's') cache.forgetSession(notice.id);
    else if (notice.t === 'u') cache.forgetUser(notice.id);
    else if (notice.t === 'm') cache.forgetMembership(notice.b, notice.u);
    else if (notice.t === 'k') cache.forgetApiKey(notice.id);
    else cache.forgetBusiness(notice.id);
  };

  // Other processes' writes: one dedicated connection, reconnected with backoff.
  listener = listenPersistently({
    url: params.url,
    channel: AUTH_CHANNEL,
    reconnectMs: reconnect,
    onError,
    onNotification: hear,
    onDropped() {
      listening = false;
      clear();
    },
    onListening() {
      // Whatever was evicted while no one listened is unknown: start empty.
      clear();
      evicted();
      listening = true;
      markReady();
    },
  });
  caches.add(cache);
  return cache;
}
