// The business's WhatsApp number: connect it with Meta's ids and token, test it, disconnect it.
import { type FormEvent, useState } from 'react';
import { Badge, Button, Card, ErrorState, Field, Input, Loading } from '../../components/ui';
import { useI18n } from '../../lib/i18n';
import { useWhatsappAccount } from './hooks';
import { WHATSAPP_CARD_ID } from './templates-card';

const emptyForm = { phoneNumberId: '', wabaId: '', accessToken: '' };

export function WhatsappCard() {
  const { t } = useI18n();
  // No display number to type: the server stores the one Meta shows for the id.
  const [form, setForm] = useState(emptyForm);
  const { account, test, connect, disconnect } = useWhatsappAccount(() => setForm(emptyForm));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    connect.mutate(form);
  };
  return (
    <Card title="WhatsApp" id={WHATSAPP_CARD_ID}>
      {account.isPending ? <Loading /> : null}
      {account.isError ? <ErrorState error={account.error} /> : null}
      {account.data ? (
        <div className="space-y-3">
          <p className="text-sm">
            <Badge tone="green">{t('whatsapp.isConnected')}</Badge>{' '}
            <strong>{account.data.displayPhoneNumber}</strong>
          </p>
          <p className="text-xs text-slate-500">
            Phone number ID {account.data.phoneNumberId} · WABA {account.data.wabaId}
          </p>
          <div className="flex gap-2">
            <Button variant="secondary" busy={test.isFetching} onClick={() => void test.refetch()}>
              {t('whatsapp.test')}
            </Button>
            <Button variant="ghost" busy={disconnect.isPending} onClick={() => disconnect.mutate()}>
              {t('whatsapp.disconnect')}
            </Button>
          </div>
          {test.data ? (
            <p
              role="status"
              className={test.data.ok ? 'text-sm text-emerald-700' : 'text-sm text-red-700'}
            >
              {test.data.ok
                ? t('whatsapp.testOk', {
                    number: test.data.displayPhoneNumber,
                    name: test.data.verifiedName ?? '',
                  })
                : t('whatsapp.testFailed', { error: test.data.error })}
            </p>
          ) : null}
          {test.error ? <ErrorState error={test.error} /> : null}
        </div>
      ) : account.data === null ? (
        <form className="space-y-3" onSubmit={submit}>
          <p className="text-sm text-slate-600">{t('whatsapp.connectHint')}</p>
          <div className="grid grid-cols-2 gap-3">
            <Field label="Phone number ID">
              <Input
                required
                value={form.phoneNumberId}
                onChange={(event) => setForm({ ...form, phoneNumberId: event.target.value })}
              />
            </Field>
            <Field label="WABA ID">
              <Input
                required
                value={form.wabaId}
                onChange={(event) => setForm({ ...form, wabaId: event.target.value })}
              />
            </Field>
          </div>
          <Field label={t('whatsapp.token')} hint={t('whatsapp.tokenHint')}>
            <Input
              required
              type="password"
              autoComplete="off"
              value={form.accessToken}
              onChange={(event) => setForm({ ...form, accessToken: event.target.value })}
            />
          </Field>
          <Button type="submit" busy={connect.isPending}>
            {t('whatsapp.connect')}
          </Button>
        </form>
      ) : null}
    </Card>
  );
}
