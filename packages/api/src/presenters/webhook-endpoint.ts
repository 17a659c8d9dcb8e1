// Outgoing webhook endpoints and their delivery log as the settings screen shows them: never a
// secret (it is shown once, by the procedure that made it: `created`/`rotated` carry it apart).
import type {
  WebhookAttemptRow,
  WebhookDeliveryRow,
  WebhookEndpointRow,
} from '@flux/db/queries/webhook-endpoints';

export function presentWebhookEndpoint(row: WebhookEndpointRow, now = new Date()) {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: row.events,
    enabled: row.enabled,
    disabledReason: row.disabledReason as 'manual' | 'failing' | null,
    disabledAt: row.disabledAt,
    failingSince: row.failingSince,
    lastSuccessAt: row.lastSuccessAt,
    /** Until when the signing key before the last rotation still signs (both signatures sent). */
    rotationEndsAt:
      row.previousSecretExpiresAt && row.previousSecretExpiresAt > now
        ? row.previousSecretExpiresAt
        : null,
    createdAt: row.createdAt,
  };
}

export function presentWebhookDelivery(row: WebhookDeliveryRow, attempts: WebhookAttemptRow[]) {
  return {
    id: row.id,
    messageId: row.messageId,
    eventType: row.eventType,
    status: row.status,
    test: row.test,
    attemptCount: row.attempts,
    nextAttemptAt: row.status === 'failed' ? row.nextAttemptAt : null,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    /** What was sent: `{ type, timestamp, data }`. */
    body: row.payload,
    createdAt: row.createdAt,
    succeededAt: row.succeededAt,
    attempts: attempts.map((attempt) => ({
      attempt: attempt.attempt,
      outcome: attempt.outcome,
      statusCode: attempt.statusCode,
      durationMs: attempt.durationMs,
      responseBody: attempt.responseBody,
      error: attempt.error,
      at: attempt.createdAt,
    })),
  };
}
