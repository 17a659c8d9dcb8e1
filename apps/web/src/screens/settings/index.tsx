// Settings: business profile, WhatsApp number, team and roles, AI and auto-reply, delivery fee,
// pickup point and dispatch rules, customer notifications, the SMS account and the WhatsApp
// templates, the mailboxes, the API keys, the outgoing webhooks. Each card saves on its own and says how it went; each card is a
// module in this folder, their data in hooks.ts.
import { Card, ErrorState, Loading, PageHeader } from '../../components/ui';
import { useI18n } from '../../lib/i18n';
import { AiCard } from './ai-card';
import { ApiKeysCard } from './api-keys-card';
import { DeliveryCard } from './delivery-card';
import { EmailCard } from './email-card';
import { useBusiness } from './hooks';
import { MyEmailDigest, NotificationsCard } from './notifications-card';
import { ProfileCard } from './profile-card';
import { QuickRepliesCard } from './quick-replies-card';
import { SmsCard } from './sms-card';
import { TeamCard } from './team-card';
import { TemplatesCard } from './templates-card';
import { WebPushSwitch } from './web-push-switch';
import { WebhooksCard } from './webhooks-card';
import { WhatsappCard } from './whatsapp-card';

export function SettingsScreen() {
  const { t } = useI18n();
  const business = useBusiness();
  if (business.isPending) return <Loading />;
  if (business.isError)
    return <ErrorState error={business.error} retry={() => void business.refetch()} />;
  const admin = business.data.role === 'owner' || business.data.role === 'admin';
  const b = business.data.business;
  return (
    <div>
      <PageHeader title={t('settings.title')} subtitle={b.name} />
      {admin ? null : (
        <p className="mx-6 mt-4 rounded-md bg-amber-50 p-3 text-sm text-amber-800">
          {t('settings.readOnly')}
        </p>
      )}
      <div className="grid grid-cols-1 gap-4 p-3 sm:p-6 lg:grid-cols-2">
        {/* Read-only for agents and dispatchers: the server would refuse their changes. */}
        <fieldset disabled={!admin} className="contents">
          <ProfileCard business={b} />
          {admin ? <WhatsappCard /> : null}
          <AiCard business={b} />
          <DeliveryCard business={b} />
          {/* Admins only, like the WhatsApp number: the server answers them only. */}
          {admin ? <NotificationsCard business={b} /> : null}
          {admin ? <SmsCard /> : null}
          {admin ? <TemplatesCard /> : null}
          {admin ? <QuickRepliesCard /> : null}
          {admin ? <ApiKeysCard /> : null}
          {admin ? <WebhooksCard /> : null}
        </fieldset>
        {/* Everyone's own switch; admins find it in the notifications card. */}
        {admin ? null : (
          <Card title={t('notify.mine')}>
            <MyEmailDigest />
            <WebPushSwitch />
          </Card>
        )}
        <EmailCard admin={admin} />
        <TeamCard admin={admin} />
      </div>
    </div>
  );
}
