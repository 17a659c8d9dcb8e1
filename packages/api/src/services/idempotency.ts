// Idempotency-Key for the public API's POSTs: the first request claims the key and does the work;
// its answer is stored in the work's own transaction, so a retry gets exactly that answer, and a
// request that died mid-way (nothing committed) leaves a claim a retry may take over after its
// lease. A key reused with another request, or while its first request runs, is refused.
import { createHash, randomUUID } from 'node:crypto';
import type { Database, Db } from '@flux/db';
import {
  claimIdempotencyKey,
  holdIdempotencyClaim,
  releaseIdempotencyClaim,
  storeIdempotentAnswer,
} from '@flux/db/queries/public-api';

/** Longer than any request may run (the HTTP server's own limits are well inside it). */
export const IDEMPOTENCY_LEASE_SECONDS = 60;

export type IdempotentOutcome =
  | { kind: 'done'; status: number; body: unknown }
  | { kind: 'replayed'; status: number; body: unknown }
  /** The key was used with another method, path or body. */
  | { kind: 'mismatch' }
  /** The key's first request has not answered yet. */
  | { kind: 'in_flight' };

/** What makes two requests "the same": method, path and the exact body bytes. */
export function requestFingerprint(method: string, path: string, body: string): string {
  return createHash('sha256').update(`${method} ${path}\n${body}`).digest('base64url');
}

export async function runIdempotent(
  db: Database,
  scope: { businessId: string; apiKeyId: string; key: string; requestHash: string },
  work: (tx: Db) => Promise<{ status: number; body: unknown }>,
): Promise<IdempotentOutcome> {
  const claimToken = randomUUID();
  const claim = await claimIdempotencyKey(db, {
    ...scope,
    claimToken,
    leaseSeconds: IDEMPOTENCY_LEASE_SECONDS,
  });
  if (!claim.claimed) {
    const row = claim.row;
    if (!row) return { kind: 'in_flight' };
    if (row.requestHash !== scope.requestHash) return { kind: 'mismatch' };
    if (row.responseStatus === null) return { kind: 'in_flight' };
    return { kind: 'replayed', status: row.responseStatus, body: row.responseBody };
  }
  const held = { ...scope, claimToken };
  try {
    const answer = await db.transaction(async (tx) => {
      if (!(await holdIdempotencyClaim(tx, held))) return null;
      const result = await work(tx);
      await storeIdempotentAnswer(tx, { ...held, ...result });
      return result;
    });
    return answer ? { kind: 'done', ...answer } : { kind: 'in_flight' };
  } catch (error) {
    // The work was refused or failed and rolled back: nothing was done, a retry may do it.
    await releaseIdempotencyClaim(db, held).catch(() => undefined);
    throw error;
  }
}
