// API keys of the public REST API: made by an admin and shown once, kept as a keyed hash,
// scoped per resource, expiring or not, revocable. A request's key is checked here.
import { createHmac, randomBytes } from 'node:crypto';
import type { ApiScope } from '@flux/contracts';
import type { Db } from '@flux/db';
import {
  type ApiKeyRow,
  apiKeyByHash,
  insertApiKey,
  rehashApiKey,
  revokeApiKey as revokeApiKeyRow,
  touchApiKey,
} from '@flux/db/queries/public-api';
import { type AuthCache, forgetApiKeyHere } from '../auth/auth-cache';
import { type Actor, writeAudit } from '../lib/audit';
import { AppError, notFound, refuse } from '../lib/errors';

export type { ApiKeyRow };

/** A request's key and what the answers need of its business. */
export type ApiCaller = NonNullable<Awaited<ReturnType<typeof apiKeyByHash>>>;

/** `flx_live_` or `flx_test_`, then 32 random bytes in base64url (43 characters). */
export const API_KEY_PATTERN = /^flx_(live|test)_[A-Za-z0-9_-]{43}$/;

/**
 * HMAC-SHA-256 under the server's key: 256 random bits need no slow hash, and a stolen table
 * without the server's key cannot even be checked against a guess.
 */
export function hashApiKey(serverKey: string, key: string): string {
  return createHmac('sha256', `api-key:${serverKey}`).update(key).digest('base64url');
}

/** The furthest an expiry may be: a key meant to last for ever is made without one. */
export const MAX_EXPIRY_YEARS = 10;
const MAX_EXPIRY_MS = MAX_EXPIRY_YEARS * 365 * 86_400_000;

/** Why a key cannot expire then (in the past, or beyond the next ten years), or nothing. */
function expiryProblem(expiresAt: Date, now: number) {
  if (expiresAt.getTime() <= now) {
    return refuse('api_key.expiry_past', 'The expiry must be in the future', undefined, {
      field: 'expiresAt',
    });
  }
  // Also what keeps a date no one means (the year 275760) from reaching the database.
  if (expiresAt.getTime() >= now + MAX_EXPIRY_MS) {
    return refuse(
      'api_key.expiry_too_far',
      `Choose an expiry within the next ${MAX_EXPIRY_YEARS} years`,
      { years: MAX_EXPIRY_YEARS },
      { field: 'expiresAt' },
    );
  }
  return null;
}

export async function createApiKey(
  db: Db,
  actor: Actor,
  params: {
    businessId: string;
    serverKey: string;
    name: string;
    mode: 'live' | 'test';
    scopes: ApiScope[];
    expiresAt: Date | null;
  },
): Promise<{ row: ApiKeyRow; key: string }> {
  const problem = params.expiresAt ? expiryProblem(params.expiresAt, Date.now()) : null;
  if (problem) throw problem;
  const key = `flx_${params.mode}_${randomBytes(32).toString('base64url')}`;
  return db.transaction(async (tx) => {
    const row = await insertApiKey(tx, {
      businessId: params.businessId,
      name: params.name,
      mode: params.mode,
      prefix: key.slice(0, 13),
      keyHash: hashApiKey(params.serverKey, key),
      scopes: [...new Set(params.scopes)],
      expiresAt: params.expiresAt,
      createdBy: actor.userId,
    });
    if (!row) throw new Error('api key insert returned nothing');
    await writeAudit(tx, actor, {
      businessId: params.businessId,
      action: 'api_key.create',
      entityType: 'api_key',
      entityId: row.id,
      changes: { name: row.name, mode: row.mode, scopes: row.scopes, expiresAt: row.expiresAt },
    });
    return { row, key };
  });
}

export async function revokeApiKey(
  db: Db,
  actor: Actor,
  params: { businessId: string; apiKeyId: string },
): Promise<ApiKeyRow> {
  const revoked = await db.transaction(async (tx) => {
    const row = await revokeApiKeyRow(tx, params);
    if (!row) throw notFound('API key', 'API key not found or already revoked');
    await writeAudit(tx, actor, {
      businessId: params.businessId,
      action: 'api_key.revoke',
      entityType: 'api_key',
      entityId: row.id,
    });
    return row;
  });
  // Once committed: this process refuses the key from the next request on; the others hear
  // the trigger (auth/auth-cache.ts).
  forgetApiKeyHere(revoked.id);
  return revoked;
}

/** Who the services see when a key calls: its id in every audit row. */
export function apiKeyActor(
  key: ApiKeyRow,
  request: { ip: string | null; userAgent: string | null },
) {
  return {
    userId: null,
    label: `api_key:${key.id}`,
    ip: request.ip,
    userAgent: request.userAgent,
  } satisfies Actor;
}

/**
 * The key a request presents, if it is one we made and may still be used: unknown, revoked and
 * expired keys are all UNAUTHORIZED (each says which, to its owner's developer). With a cache
 * (auth/auth-cache.ts) a key seen in the last seconds is not looked up again; revoked and
 * expired are decided on every call all the same.
 */
export async function authenticateApiKey(
  db: Db,
  serverKeys: readonly string[],
  presented: string,
  options: { cache?: AuthCache | null | undefined; now?: Date } = {},
): Promise<ApiCaller> {
  if (!API_KEY_PATTERN.test(presented)) {
    throw new AppError(
      'UNAUTHORIZED',
      'This is not a FluxAsync API key (flx_live_… or flx_test_…)',
    );
  }
  // During a key rotation (lib/server-keys.ts) a key made before it is hashed under a previous
  // server key: every candidate hash is looked up in the one query the normal path makes anyway.
  const hashes = serverKeys.map((serverKey) => hashApiKey(serverKey, presented));
  const keyHash = hashes[0] ?? '';
  const lookup = () => apiKeyByHash(db, hashes.length === 1 ? keyHash : hashes);
  const cache = options.cache;
  const found = cache
    ? (cache.apiKey(keyHash, lookup) ?? (await cache.loadApiKey(keyHash, lookup)))
    : await lookup();
  const now = options.now ?? new Date();
  if (!found) throw new AppError('UNAUTHORIZED', 'Unknown API key', { reason: 'unknown' });
  const row = found.key;
  if (row.revokedAt)
    throw new AppError('UNAUTHORIZED', 'This API key was revoked', { reason: 'revoked' });
  if (row.expiresAt && row.expiresAt <= now) {
    throw new AppError('UNAUTHORIZED', 'This API key has expired', { reason: 'expired' });
  }
  // A usable key found under a previous key: hashed again under the current one, once, so it keeps
  // working after the previous key is removed (the trigger makes every process's cache forget it).
  if (row.keyHash !== keyHash) {
    await rehashApiKey(db, { apiKeyId: row.id, from: row.keyHash, keyHash });
  }
  return found;
}

/**
 * Records that a key was used, at most once a minute per key: this process remembers when it last
 * wrote, and the UPDATE itself skips a key another process marked within the minute.
 */
export function lastUsedRecorder(db: Db, onError: (error: unknown) => void) {
  const written = new Map<string, number>();
  return (apiKeyId: string) => {
    const now = Date.now();
    if ((written.get(apiKeyId) ?? 0) > now - 60_000) return;
    written.set(apiKeyId, now);
    if (written.size > 10_000) written.clear();
    touchApiKey(db, { apiKeyId }).catch(onError);
  };
}
