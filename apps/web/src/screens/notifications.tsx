// The sends that need a person: dead after every attempt (retry puts them back in the queue) and
// unknown (the provider may have it: check with the customer, then send again or leave it).
import { useQuery } from '@tanstack/react-query';
import { NotificationRows } from '../components/notification-list';
import { Card, Empty, PageHeader, QueryState } from '../components/ui';
import { useI18n } from '../lib/i18n';
import { useTRPC } from '../lib/trpc';

export function NotificationsScreen() {
  const trpc = useTRPC();
  const { t } = useI18n();
  const failed = useQuery(trpc.notifications.failed.queryOptions());
  return (
    <div className="mx-auto max-w-4xl p-4 sm:p-6">
      <PageHeader title={t('notifications.title')} subtitle={t('notifications.subtitle')} />
      <QueryState
        query={failed}
        empty={!failed.data?.items.length}
        emptyView={<Empty title={t('notifications.none')} hint={t('notifications.noneHint')} />}
      >
        <Card>
          <NotificationRows items={failed.data?.items ?? []} />
        </Card>
      </QueryState>
    </div>
  );
}
