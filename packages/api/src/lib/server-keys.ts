// The keys the server's tokens are made and checked under: tracking links, door codes, receipt,
// file and attachment links, password-reset links, API key hashes. ENCRYPTION_KEY makes every new
// one; during a key rotation (docs/security.md) a token made under a key of ENCRYPTION_KEY_PREVIOUS
// is still accepted, so what customers, couriers and integrations already hold keeps working.

export interface ServerKeys {
  /** ENCRYPTION_KEY: every new token is made under it. */
  deliveryCodeKey: string;
  /** ENCRYPTION_KEY_PREVIOUS: only checked against. */
  previousServerKeys: readonly string[];
}

/**
 * Every key a token may have been made under, the current one first: it is the one that answers
 * on the normal path, so a check tries one key unless a token is old.
 */
export function acceptedKeys(config: ServerKeys): readonly string[] {
  return config.previousServerKeys.length === 0
    ? [config.deliveryCodeKey]
    : [config.deliveryCodeKey, ...config.previousServerKeys];
}
