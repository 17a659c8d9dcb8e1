// "Notifications sur ce téléphone": this browser gets a Web Push for each new customer message
// (and each delivery left for a dispatcher), even with the app closed. The switch asks the
// browser's permission from the member's click, subscribes, and gives the server the
// subscription; off unsubscribes and tells the server to forget it.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useToast } from '../../components/toast';
import { useI18n } from '../../lib/i18n';
import type { MessageKey } from '../../lib/messages/fr';
import { useTRPC } from '../../lib/trpc';
import {
  currentSubscription,
  deviceLabel,
  subscribeThisBrowser,
  unsubscribeThisBrowser,
  webPushSupport,
} from '../../lib/web-push';

export function WebPushSwitch() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const toast = useToast();
  const config = useQuery(trpc.webPush.config.queryOptions());
  const subscribe = useMutation(trpc.webPush.subscribe.mutationOptions());
  const unsubscribe = useMutation(trpc.webPush.unsubscribe.mutationOptions());
  const [on, setOn] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<MessageKey | null>(null);
  const supported = webPushSupport() === 'supported';

  useEffect(() => {
    if (!supported) return;
    void currentSubscription().then(
      (subscription) => setOn(subscription !== null),
      () => setOn(false),
    );
  }, [supported]);

  const publicKey = config.data?.publicKey ?? null;
  if (config.isSuccess && !publicKey) return null; // Web Push is not configured on this server

  const toggle = async (wanted: boolean) => {
    setBusy(true);
    setNote(null);
    try {
      if (wanted && publicKey) {
        const subscription = await subscribeThisBrowser(publicKey);
        if (subscription === 'denied') {
          setNote('webPush.denied');
          setOn(false);
          return;
        }
        await subscribe.mutateAsync({ ...subscription, deviceLabel: deviceLabel() });
        setOn(true);
        toast.success(t('webPush.on'));
      } else {
        const endpoint = await unsubscribeThisBrowser();
        if (endpoint) await unsubscribe.mutateAsync({ endpoint });
        setOn(false);
        toast.success(t('webPush.off'));
      }
    } catch (error) {
      setNote('webPush.failed');
      toast.error(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <label className="mt-3 flex min-h-12 cursor-pointer items-start gap-3 rounded-md bg-slate-50 px-3 py-2.5">
      <input
        type="checkbox"
        role="switch"
        aria-checked={on === true}
        className="mt-0.5 size-5 shrink-0 accent-brand-700"
        disabled={!supported || busy || on === null || !publicKey}
        checked={on === true}
        onChange={(e) => void toggle(e.target.checked)}
        data-testid="web-push-switch"
      />
      <span className="min-w-0">
        <span className="block text-sm font-medium text-slate-800">{t('webPush.label')}</span>
        <span className="block text-xs text-slate-500" data-testid="web-push-hint">
          {t(supported ? (note ?? 'webPush.hint') : 'webPush.unsupported')}
        </span>
      </span>
    </label>
  );
}
