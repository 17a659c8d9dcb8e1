// An API key as the settings show it: never its hash (the key itself is shown once, at creation).
import type { ApiKeyRow } from '../services/api-keys';

export function presentApiKey(row: ApiKeyRow, now = new Date()) {
  return {
    id: row.id,
    name: row.name,
    mode: row.mode,
    /** The key's first characters, to tell keys apart ("flx_live_AbCd…"). */
    prefix: row.prefix,
    scopes: row.scopes,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    lastUsedAt: row.lastUsedAt,
    state: row.revokedAt
      ? ('revoked' as const)
      : row.expiresAt && row.expiresAt <= now
        ? ('expired' as const)
        : ('active' as const),
    createdAt: row.createdAt,
  };
}
export type ApiKeyView = ReturnType<typeof presentApiKey>;
