// Settings → API: the business's API keys for its own site and tools. A key is shown once, when
// it is made (the server keeps only its hash); each is scoped per resource, may expire, and can
// be revoked. Owners and admins only (the server answers them only).
import { type ApiResource, type ApiScope, apiResources } from '@flux/contracts/api-keys';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useToast } from '../../components/toast';
import { Badge, Button, Card, ErrorState, Field, Input, Select } from '../../components/ui';
import { useI18n } from '../../lib/i18n';
import type { MessageKey } from '../../lib/messages/fr';
import { useTRPC } from '../../lib/trpc';
import { useSaved } from '../../lib/use-saved';

type Access = 'none' | 'read' | 'write';
/** Deliveries move through dispatch and the courier app: the API only reads them. */
const readOnly: readonly ApiResource[] = ['deliveries'];

function scopesOf(access: Record<ApiResource, Access>): ApiScope[] {
  return apiResources.flatMap((resource) => {
    const level = access[resource];
    return level === 'none' ? [] : [`${resource}:${level}` as ApiScope];
  });
}

export function ApiKeysCard() {
  const trpc = useTRPC();
  const { t, dateTime } = useI18n();
  const saved = useSaved();
  const toast = useToast();
  const keys = useQuery(trpc.apiKeys.list.queryOptions());
  const refresh = [trpc.apiKeys.list.pathFilter()];
  const blank = {
    name: '',
    mode: 'live' as 'live' | 'test',
    expires: '',
    access: { orders: 'read', products: 'read', prospects: 'none', deliveries: 'none' } as Record<
      ApiResource,
      Access
    >,
  };
  const [draft, setDraft] = useState(blank);
  // The key just made: shown here once, never again.
  const [shown, setShown] = useState<string | null>(null);
  const create = useMutation(
    trpc.apiKeys.create.mutationOptions(
      saved({
        message: 'apiKeys.created',
        refresh,
        after: (data) => {
          setShown(data.key);
          setDraft(blank);
        },
      }),
    ),
  );
  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions(saved({ message: 'apiKeys.revoked', refresh })),
  );
  const scopes = scopesOf(draft.access);
  return (
    <Card
      title={t('apiKeys.title')}
      id="api"
      actions={
        <a
          className="inline-flex min-h-11 items-center text-xs font-medium text-sky-700 underline"
          href="/docs"
        >
          {t('apiKeys.docs')}
        </a>
      }
    >
      <p className="mb-3 text-xs text-slate-500">{t('apiKeys.subtitle')}</p>
      {shown ? (
        <div
          className="mb-3 space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3"
          data-testid="api-key-shown"
        >
          <p className="text-sm font-medium text-amber-900">{t('apiKeys.showOnce')}</p>
          <code className="block break-all rounded bg-white p-2 text-xs">{shown}</code>
          <Button
            size="sm"
            variant="secondary"
            onClick={() => {
              void navigator.clipboard
                ?.writeText(shown)
                .then(() => toast.success(t('apiKeys.copied')));
            }}
          >
            {t('apiKeys.copy')}
          </Button>
        </div>
      ) : null}
      {keys.isError ? <ErrorState error={keys.error} /> : null}
      {keys.data?.length === 0 ? (
        <p className="mb-3 text-sm text-slate-500">{t('apiKeys.empty')}</p>
      ) : null}
      <ul className="mb-3 divide-y divide-slate-100" data-testid="api-keys">
        {keys.data?.map((key) => (
          <li
            key={key.id}
            className="flex flex-wrap items-start justify-between gap-2 py-2 text-sm"
          >
            <span className="min-w-0">
              <span className="font-medium">{key.name}</span>{' '}
              <Badge tone={key.state === 'active' ? 'green' : 'slate'}>
                {t(`apiKeys.state.${key.state}` as MessageKey)}
              </Badge>{' '}
              {key.mode === 'test' ? <Badge tone="amber">test</Badge> : null}
              <span className="block font-mono text-xs text-slate-500">{key.prefix}…</span>
              <span className="block text-xs text-slate-500">{key.scopes.join(' · ')}</span>
              <span className="block text-xs text-slate-500">
                {key.lastUsedAt
                  ? t('apiKeys.lastUsed', { when: dateTime(key.lastUsedAt) })
                  : t('apiKeys.neverUsed')}
                {key.expiresAt
                  ? ` · ${t('apiKeys.expiresOn', { when: dateTime(key.expiresAt) })}`
                  : ''}
              </span>
            </span>
            {key.state === 'active' ? (
              <Button
                size="sm"
                variant="ghost"
                busy={revoke.isPending && revoke.variables?.id === key.id}
                onClick={() => revoke.mutate({ id: key.id })}
              >
                {t('apiKeys.revoke')}
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
      <form
        className="space-y-2"
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate({
            name: draft.name,
            mode: draft.mode,
            scopes,
            expiresAt: draft.expires ? new Date(`${draft.expires}T23:59:59`) : null,
          });
        }}
      >
        <div className="grid grid-cols-1 gap-2 sm:grid-cols-2">
          <Field label={t('apiKeys.name')}>
            <Input
              value={draft.name}
              placeholder={t('apiKeys.namePlaceholder')}
              onChange={(event) => setDraft({ ...draft, name: event.target.value })}
            />
          </Field>
          <Field label={t('apiKeys.mode')}>
            <Select
              value={draft.mode}
              onChange={(event) =>
                setDraft({ ...draft, mode: event.target.value === 'test' ? 'test' : 'live' })
              }
            >
              <option value="live">{t('apiKeys.live')}</option>
              <option value="test">{t('apiKeys.test')}</option>
            </Select>
          </Field>
        </div>
        <fieldset className="space-y-1">
          <legend className="text-sm font-medium text-slate-700">{t('apiKeys.permissions')}</legend>
          {apiResources.map((resource) => (
            <Field
              key={resource}
              label={t(`apiKeys.resource.${resource}` as MessageKey)}
              className="grid grid-cols-2 items-center gap-2 space-y-0"
            >
              <Select
                value={draft.access[resource]}
                onChange={(event) =>
                  setDraft({
                    ...draft,
                    access: { ...draft.access, [resource]: event.target.value as Access },
                  })
                }
              >
                <option value="none">{t('apiKeys.none')}</option>
                <option value="read">{t('apiKeys.read')}</option>
                {readOnly.includes(resource) ? null : (
                  <option value="write">{t('apiKeys.write')}</option>
                )}
              </Select>
            </Field>
          ))}
        </fieldset>
        <Field label={t('apiKeys.expires')}>
          <Input
            type="date"
            value={draft.expires}
            onChange={(event) => setDraft({ ...draft, expires: event.target.value })}
          />
        </Field>
        <Button
          type="submit"
          busy={create.isPending}
          disabled={!draft.name.trim() || scopes.length === 0}
        >
          {t('apiKeys.create')}
        </Button>
      </form>
    </Card>
  );
}
