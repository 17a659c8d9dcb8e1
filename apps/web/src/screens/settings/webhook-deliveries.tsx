// An outgoing webhook endpoint's delivery log: each delivery with its attempts (code, duration,
// the receiver's answer) and "resend".
import { webhookEventTypes } from '@flux/contracts/webhooks';
import { useState } from 'react';
import { Badge, Button, Empty, ErrorState, Loading, type Tone } from '../../components/ui';
import { useI18n } from '../../lib/i18n';
import type { MessageKey } from '../../lib/messages/fr';
import { useWebhookDeliveries, useWebhookEndpoints, type WebhookDelivery } from './webhooks-hooks';

const statusTone: Record<WebhookDelivery['status'], Tone> = {
  pending: 'slate',
  sending: 'blue',
  succeeded: 'green',
  failed: 'amber',
  dead: 'red',
  unknown: 'violet',
};

/** The words of an event type (a test event for one the contracts do not know). */
export const eventLabel = (type: string): MessageKey =>
  (webhookEventTypes as readonly string[]).includes(type)
    ? (`webhooks.event.${type}` as MessageKey)
    : 'webhooks.event.webhook.test';

export function DeliveryLog(props: { endpointId: string }) {
  const { t, dateTime } = useI18n();
  const log = useWebhookDeliveries(props.endpointId);
  const { resend } = useWebhookEndpoints();
  const [open, setOpen] = useState<string | null>(null);
  if (log.isPending) return <Loading />;
  if (log.isError) return <ErrorState error={log.error} retry={() => void log.refetch()} />;
  if (log.data.length === 0) return <Empty title={t('webhooks.logEmpty')} />;
  return (
    <ul
      className="max-h-[70vh] divide-y divide-slate-100 overflow-y-auto"
      data-testid="webhook-log"
    >
      {log.data.map((delivery) => (
        <li key={delivery.id} className="space-y-2 py-2">
          <button
            type="button"
            className="flex min-h-11 w-full flex-wrap items-center gap-2 text-left"
            onClick={() => setOpen(open === delivery.id ? null : delivery.id)}
            aria-expanded={open === delivery.id}
          >
            <Badge tone={statusTone[delivery.status]}>
              {t(`webhooks.status.${delivery.status}` as MessageKey)}
            </Badge>
            <span className="text-sm font-medium">{t(eventLabel(delivery.eventType))}</span>
            <span className="text-xs text-slate-500">{dateTime(delivery.createdAt)}</span>
            <span className="text-xs text-slate-500">
              {t('webhooks.attempts', { count: delivery.attemptCount })}
              {delivery.lastStatusCode ? ` · HTTP ${delivery.lastStatusCode}` : ''}
            </span>
          </button>
          {open === delivery.id ? (
            <div className="space-y-2 rounded-md bg-slate-50 p-2 text-xs">
              <p className="font-mono break-all text-slate-500">{delivery.messageId}</p>
              {delivery.nextAttemptAt ? (
                <p>{t('webhooks.nextAttempt', { at: dateTime(delivery.nextAttemptAt) })}</p>
              ) : null}
              {delivery.lastError ? <p className="text-red-700">{delivery.lastError}</p> : null}
              <ol className="space-y-1">
                {delivery.attempts.map((attempt) => (
                  <li
                    key={attempt.attempt}
                    className="rounded border border-slate-200 bg-white p-2"
                  >
                    <p className="flex flex-wrap gap-2">
                      <strong>#{attempt.attempt}</strong>
                      <span>{dateTime(attempt.at)}</span>
                      <span>{attempt.statusCode ? `HTTP ${attempt.statusCode}` : '—'}</span>
                      <span>{attempt.durationMs} ms</span>
                    </p>
                    {attempt.error ? <p className="text-red-700">{attempt.error}</p> : null}
                    {attempt.responseBody ? (
                      <pre className="mt-1 max-h-32 overflow-auto whitespace-pre-wrap break-all text-slate-600">
                        {attempt.responseBody}
                      </pre>
                    ) : null}
                  </li>
                ))}
              </ol>
              {['succeeded', 'failed', 'dead', 'unknown'].includes(delivery.status) ? (
                <Button
                  variant="secondary"
                  size="sm"
                  className="min-h-11"
                  busy={resend.isPending}
                  onClick={() => resend.mutate({ deliveryId: delivery.id })}
                >
                  {t('webhooks.resend')}
                </Button>
              ) : null}
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
