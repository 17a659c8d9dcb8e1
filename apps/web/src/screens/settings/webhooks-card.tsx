// Outgoing webhooks (admins only): the merchant's HTTPS endpoints and the events each receives,
// the signing secret shown once (when added or rotated), a test event, the delivery log with each
// attempt (code, duration, answer) and "resend", disable and enable. docs/webhooks.md explains
// how the receiver checks the signature.
import { type WebhookEventType, webhookEventTypes } from '@flux/contracts/webhooks';
import { type FormEvent, useState } from 'react';
import { useToast } from '../../components/toast';
import {
  Badge,
  Button,
  Card,
  Dialog,
  DialogButtons,
  Empty,
  ErrorState,
  Field,
  Input,
  Loading,
} from '../../components/ui';
import { useI18n } from '../../lib/i18n';
import { FieldIssue, fieldIssues } from './field-issue';
import { DeliveryLog, eventLabel } from './webhook-deliveries';
import { useWebhookEndpoints, type WebhookEndpoint } from './webhooks-hooks';

export function WebhooksCard() {
  const { t } = useI18n();
  const hooks = useWebhookEndpoints();
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [logOf, setLogOf] = useState<WebhookEndpoint | null>(null);
  const [removing, setRemoving] = useState<WebhookEndpoint | null>(null);
  const list = hooks.endpoints;
  return (
    <Card
      title={t('webhooks.title')}
      className="self-start lg:col-span-2"
      id="webhooks"
      actions={
        adding ? null : (
          <Button size="sm" className="min-h-11" onClick={() => setAdding(true)}>
            {t('webhooks.add')}
          </Button>
        )
      }
    >
      <p className="mb-3 text-sm text-slate-600">{t('webhooks.hint')}</p>
      {adding ? (
        <EndpointForm
          onCancel={() => setAdding(false)}
          onCreated={(created) => {
            setAdding(false);
            setSecret(created);
          }}
        />
      ) : null}
      {list.isPending ? <Loading /> : null}
      {list.isError ? <ErrorState error={list.error} retry={() => void list.refetch()} /> : null}
      {list.data?.length === 0 && !adding ? <Empty title={t('webhooks.none')} /> : null}
      <ul className="divide-y divide-slate-100" data-testid="webhook-endpoints">
        {list.data?.map((endpoint) => (
          <EndpointRow
            key={endpoint.id}
            endpoint={endpoint}
            onLog={() => setLogOf(endpoint)}
            onRemove={() => setRemoving(endpoint)}
            onSecret={setSecret}
          />
        ))}
      </ul>
      <Dialog
        open={secret !== null}
        onOpenChange={(open) => (open ? null : setSecret(null))}
        title={t('webhooks.secretTitle')}
        description={t('webhooks.secretHint')}
      >
        <SecretOnce secret={secret ?? ''} onDone={() => setSecret(null)} />
      </Dialog>
      <Dialog
        wide
        open={logOf !== null}
        onOpenChange={(open) => (open ? null : setLogOf(null))}
        title={t('webhooks.logTitle')}
        description={logOf?.url}
      >
        {logOf ? <DeliveryLog endpointId={logOf.id} /> : null}
      </Dialog>
      <Dialog
        open={removing !== null}
        onOpenChange={(open) => (open ? null : setRemoving(null))}
        title={t('webhooks.removeTitle')}
        description={removing?.url}
      >
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (!removing) return;
            hooks.remove.mutate(
              { endpointId: removing.id },
              { onSuccess: () => setRemoving(null) },
            );
          }}
        >
          <DialogButtons
            onCancel={() => setRemoving(null)}
            busy={hooks.remove.isPending}
            submit={t('webhooks.remove')}
            variant="danger"
          />
        </form>
      </Dialog>
    </Card>
  );
}

function EventChoices(props: {
  value: WebhookEventType[];
  onChange: (value: WebhookEventType[]) => void;
}) {
  const { t } = useI18n();
  return (
    <fieldset className="grid gap-1 sm:grid-cols-2">
      <legend className="mb-1 text-sm font-medium text-slate-700">{t('webhooks.events')}</legend>
      {webhookEventTypes.map((type) => (
        <label key={type} className="flex min-h-11 items-center gap-2 text-sm">
          <input
            type="checkbox"
            className="size-5"
            checked={props.value.includes(type)}
            onChange={(e) =>
              props.onChange(
                e.target.checked ? [...props.value, type] : props.value.filter((v) => v !== type),
              )
            }
          />
          <span>
            {t(eventLabel(type))} <code className="text-xs text-slate-500">{type}</code>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

function EndpointForm(props: { onCancel: () => void; onCreated: (secret: string) => void }) {
  const { t } = useI18n();
  const { create } = useWebhookEndpoints();
  const [url, setUrl] = useState('https://');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<WebhookEventType[]>(['order.created']);
  const issues = fieldIssues(create.error, ['url', 'events']);
  // The server's SSRF refusal (a private address) comes as a field error of its own.
  const urlRefusal = (create.error as { data?: { details?: unknown } } | null)?.data?.details;
  const refusedUrl =
    urlRefusal && typeof urlRefusal === 'object' && 'fieldErrors' in urlRefusal
      ? t('webhooks.error.private')
      : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { url: url.trim(), description: description.trim(), events },
      { onSuccess: (created) => props.onCreated(created.secret) },
    );
  };
  return (
    <form
      className="mb-4 space-y-3 rounded-md bg-slate-50 p-3"
      onSubmit={submit}
      data-testid="webhook-form"
    >
      <div>
        <Field label={t('webhooks.url')} hint={t('webhooks.urlHint')}>
          <Input
            required
            type="url"
            inputMode="url"
            className="min-h-11"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
          />
        </Field>
        <FieldIssue text={issues.onField('url') ? t('webhooks.error.url') : (refusedUrl ?? null)} />
      </div>
      <Field label={t('webhooks.description')}>
        <Input
          className="min-h-11"
          maxLength={200}
          value={description}
          placeholder="WooCommerce, Google Sheets, n8n…"
          onChange={(e) => setDescription(e.target.value)}
        />
      </Field>
      <div>
        <EventChoices value={events} onChange={setEvents} />
        <FieldIssue text={issues.onField('events') ? t('webhooks.error.events') : null} />
      </div>
      {issues.others && !refusedUrl ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {issues.others}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" className="min-h-11" busy={create.isPending}>
          {t('webhooks.create')}
        </Button>
        <Button variant="ghost" className="min-h-11" onClick={props.onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}

function EndpointRow(props: {
  endpoint: WebhookEndpoint;
  onLog: () => void;
  onRemove: () => void;
  onSecret: (secret: string) => void;
}) {
  const { t, dateTime } = useI18n();
  const hooks = useWebhookEndpoints();
  const { endpoint } = props;
  const ref = { endpointId: endpoint.id };
  return (
    <li className="space-y-2 py-3" data-testid="webhook-endpoint">
      <div className="flex flex-wrap items-center gap-2">
        {endpoint.enabled ? (
          <Badge tone="green">{t('webhooks.enabled')}</Badge>
        ) : (
          <Badge tone="red">
            {endpoint.disabledReason === 'failing'
              ? t('webhooks.disabledFailing')
              : t('webhooks.disabled')}
          </Badge>
        )}
        <span className="font-mono text-sm break-all">{endpoint.url}</span>
      </div>
      {endpoint.description ? (
        <p className="text-sm text-slate-600">{endpoint.description}</p>
      ) : null}
      <p className="flex flex-wrap gap-1">
        {endpoint.events.map((type) => (
          <Badge key={type} tone="slate">
            {t(eventLabel(type))}
          </Badge>
        ))}
      </p>
      <p className="text-xs text-slate-500">
        {endpoint.lastSuccessAt
          ? t('webhooks.lastSuccess', { at: dateTime(endpoint.lastSuccessAt) })
          : t('webhooks.noSuccess')}
        {endpoint.failingSince
          ? ` · ${t('webhooks.failingSince', { at: dateTime(endpoint.failingSince) })}`
          : ''}
        {endpoint.rotationEndsAt
          ? ` · ${t('webhooks.rotationEnds', { at: dateTime(endpoint.rotationEndsAt) })}`
          : ''}
      </p>
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" size="sm" className="min-h-11" onClick={props.onLog}>
          {t('webhooks.log')}
        </Button>
        <Button
          variant="secondary"
          size="sm"
          className="min-h-11"
          disabled={!endpoint.enabled}
          busy={hooks.sendTest.isPending}
          onClick={() => hooks.sendTest.mutate(ref, { onSuccess: props.onLog })}
        >
          {t('webhooks.test')}
        </Button>
        <Button
          variant="secondary"
          size="sm"
          className="min-h-11"
          busy={hooks.rotate.isPending}
          onClick={() =>
            hooks.rotate.mutate(ref, { onSuccess: (rotated) => props.onSecret(rotated.secret) })
          }
        >
          {t('webhooks.rotate')}
        </Button>
        <Button
          variant="secondary"
          size="sm"
          className="min-h-11"
          busy={hooks.setEnabled.isPending}
          onClick={() => hooks.setEnabled.mutate({ ...ref, enabled: !endpoint.enabled })}
        >
          {endpoint.enabled ? t('webhooks.disable') : t('webhooks.enable')}
        </Button>
        <Button variant="ghost" size="sm" className="min-h-11" onClick={props.onRemove}>
          {t('webhooks.remove')}
        </Button>
      </div>
    </li>
  );
}

function SecretOnce(props: { secret: string; onDone: () => void }) {
  const { t } = useI18n();
  const toast = useToast();
  return (
    <div className="space-y-3" data-testid="webhook-secret">
      <Input
        readOnly
        className="min-h-11 font-mono text-xs"
        value={props.secret}
        onFocus={(e) => e.target.select()}
      />
      <div className="flex flex-wrap gap-2">
        <Button
          variant="secondary"
          className="min-h-11"
          onClick={() =>
            void navigator.clipboard
              ?.writeText(props.secret)
              .then(() => toast.success(t('webhooks.copied')), toast.error)
          }
        >
          {t('webhooks.copy')}
        </Button>
        <Button className="min-h-11" onClick={props.onDone}>
          {t('webhooks.secretDone')}
        </Button>
      </div>
    </div>
  );
}
