// Sessions after the Lucia guide: a random token goes to the client, only its SHA-256 is stored.
import { hash } from 'node:crypto';
import type { Db, schema } from '@flux/db';
import {
  deleteSession,
  deleteUserSessions,
  extendSession,
  insertSession,
  type SessionRow,
  sessionWithUser,
} from '@flux/db/queries/sessions';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { type AuthCache, forgetSessionHere, forgetUserHere } from './auth-cache';

const DAY = 24 * 60 * 60 * 1000;

export type SessionKind = 'cookie' | 'bearer';
export type Session = SessionRow;
export type SessionUser = Pick<
  typeof schema.users.$inferSelect,
  'id' | 'email' | 'name' | 'phone' | 'locale' | 'createdAt'
>;

/** 20 random bytes (160 bits), base32: unguessable, URL- and header-safe. */
export function generateSessionToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

/**
 * The session's id: the token's SHA-256 in lower-case hex. Run on every request: node's hash (the
 * same digest as @oslojs's, which sign-up used before) costs a fraction of the JavaScript one.
 */
export function sessionIdFromToken(token: string): string {
  return hash('sha256', token, 'hex');
}

export async function createSession(
  db: Db,
  token: string,
  params: {
    userId: string;
    kind: SessionKind;
    ttlDays: number;
    businessId?: string | null;
    ip?: string | null;
    userAgent?: string | null;
  },
): Promise<Session> {
  const session = await insertSession(db, {
    id: sessionIdFromToken(token),
    userId: params.userId,
    kind: params.kind,
    currentBusinessId: params.businessId ?? null,
    expiresAt: new Date(Date.now() + params.ttlDays * DAY),
    ip: params.ip ?? null,
    userAgent: params.userAgent?.slice(0, 512) ?? null,
  });
  if (!session) throw new Error('session insert returned nothing');
  return session;
}

export interface ValidatedSession {
  session: Session;
  user: SessionUser;
  /** True when the expiry moved: a cookie session must then re-send its cookie. */
  renewed: boolean;
}

/**
 * Looks the session up by the token's hash (in `cache` first, when given). Expired sessions are
 * deleted; a session in the second half of its life is extended (sliding expiry), so active users
 * stay signed in.
 */
export async function validateSessionToken(
  db: Db,
  token: string,
  ttlDays: number,
  cache?: AuthCache | null,
): Promise<ValidatedSession | null> {
  if (!/^[a-z2-7]{32}$/.test(token)) return null;
  const id = sessionIdFromToken(token);
  const lookup = () => findSession(db, id);
  const row = cache
    ? (cache.session(id, lookup) ?? (await cache.loadSession(id, lookup)))
    : await lookup();
  if (!row) return null;

  const now = Date.now();
  if (now >= row.session.expiresAt.getTime()) {
    cache?.forgetSession(id);
    await deleteSession(db, { id });
    return null;
  }
  let renewed = false;
  if (row.session.expiresAt.getTime() - now < (ttlDays * DAY) / 2) {
    const expiresAt = new Date(now + ttlDays * DAY);
    await extendSession(db, { id, expiresAt });
    row.session.expiresAt = expiresAt;
    renewed = true;
  }
  return { session: row.session, user: row.user, renewed };
}

async function findSession(db: Db, id: string) {
  const row = await sessionWithUser(db, { id });
  if (!row) return undefined;
  // The index lookup is by hash, which tells an attacker nothing about other tokens; this
  // comparison is constant-time anyway, as the guide recommends.
  const encoder = new TextEncoder();
  if (!constantTimeEqual(encoder.encode(row.session.id), encoder.encode(id))) return undefined;
  return row;
}

// Both evict this process's caches before they answer; the other processes hear the trigger.
export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
  forgetSessionHere(sessionId);
  await deleteSession(db, { id: sessionId });
}

export async function invalidateUserSessions(db: Db, userId: string): Promise<number> {
  forgetUserHere(userId);
  return deleteUserSessions(db, { userId });
}

export const SESSION_COOKIE = 'flux_session';

/** Set-Cookie for a session: HttpOnly, SameSite=Lax, Secure except on plain-http localhost. */
export function sessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  const parts = [
    `${SESSION_COOKIE}=${token}`,
    'HttpOnly',
    'SameSite=Lax',
    'Path=/',
    `Expires=${expiresAt.toUTCString()}`,
  ];
  if (secure) parts.push('Secure');
  return parts.join('; ');
}

export function blankSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0${secure ? '; Secure' : ''}`;
}
