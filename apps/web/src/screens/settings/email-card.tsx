// Mailboxes: connect a Gmail mailbox (personal, or shared with the team by owners and admins),
// see where each stands (import progress, reconnect needed), sync now, disconnect (tokens
// deleted; the synced mail too when asked).
import { useState } from 'react';
import { Badge, Button, Card, ErrorState, Loading } from '../../components/ui';
import { useI18n } from '../../lib/i18n';
import type { MessageKey } from '../../lib/messages/fr';
import { useMailboxes } from '../inbox/email-hooks';

export function EmailCard(props: { admin: boolean }) {
  const { t } = useI18n();
  const { accounts, connect, syncNow, disconnect } = useMailboxes();
  const [shared, setShared] = useState(props.admin);
  const [deleteMail, setDeleteMail] = useState(false);
  return (
    <Card title={t('email.mailboxes')}>
      {accounts.isPending ? <Loading /> : null}
      {accounts.isError ? <ErrorState error={accounts.error} /> : null}
      <ul className="space-y-3" data-testid="mailboxes">
        {accounts.data?.items.map((account) => (
          <li key={account.id} className="space-y-1 rounded-md border border-slate-200 p-3">
            <p className="flex flex-wrap items-center gap-2 text-sm">
              <strong className="break-all">{account.address}</strong>
              <Badge tone={account.status === 'active' ? 'green' : 'amber'}>
                {t(`email.status.${account.status}` as MessageKey)}
              </Badge>
              {account.shared ? <Badge tone="blue">{t('email.shared')}</Badge> : null}
            </p>
            {account.import.status !== 'done' ? (
              <p className="text-xs text-slate-600">
                {t('email.importProgress', {
                  done: account.import.done,
                  listed: account.import.listed,
                })}
              </p>
            ) : null}
            {account.status === 'active' ? (
              <div className="flex flex-wrap items-center gap-2 pt-1">
                <Button
                  size="sm"
                  variant="secondary"
                  busy={syncNow.isPending}
                  onClick={() => syncNow.mutate({ accountId: account.id })}
                >
                  {t('email.syncNow')}
                </Button>
                <label className="flex items-center gap-1 text-xs text-slate-700">
                  <input
                    type="checkbox"
                    checked={deleteMail}
                    onChange={(event) => setDeleteMail(event.target.checked)}
                  />
                  {t('email.deleteMail')}
                </label>
                <Button
                  size="sm"
                  variant="ghost"
                  busy={disconnect.isPending}
                  onClick={() => disconnect.mutate({ accountId: account.id, deleteMail })}
                >
                  {t('email.disconnect')}
                </Button>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      <div className="mt-3 space-y-2">
        <p className="text-sm text-slate-600">{t('email.connectHint')}</p>
        {props.admin ? (
          <label className="flex items-center gap-1 text-sm text-slate-700">
            <input
              type="checkbox"
              checked={shared}
              onChange={(event) => setShared(event.target.checked)}
            />
            {t('email.shared')}
          </label>
        ) : null}
        <Button busy={connect.isPending} onClick={() => connect.mutate({ shared })}>
          {t('email.connectGmail')}
        </Button>
        {connect.error ? <ErrorState error={connect.error} /> : null}
      </div>
    </Card>
  );
}
