// What the courier must know at once: no network, actions waiting to be sent, and what the server
// refused meanwhile (in words, with the delivery's reference).
import { View } from 'react-native';
import { useCourier } from '../api/courier/courier-provider';
import type { Notice } from '../lib/courier-state';
import { useI18n } from '../lib/i18n';
import { useOnline } from '../lib/network';
import { refusalWords } from '../lib/refusal-words';
import { Banner } from './ui';

/** A refused action in words, with what to do about it. */
function noticeText(
  t: ReturnType<typeof useI18n>['t'],
  notice: Notice,
  locale: ReturnType<typeof useI18n>['locale'],
): string {
  // The server's reason in the courier's language (its `message` is English).
  const message = refusalWords(locale, notice.refusal, notice.code);
  if (notice.kind === 'availability') {
    const status = t(notice.label === 'status.available' ? 'status.available' : 'status.offline');
    return t('notice.availability', { status, message });
  }
  if (notice.code === 'CONFLICT' || notice.code === 'NOT_FOUND') {
    return t('notice.CONFLICT', { label: notice.label });
  }
  if (notice.code === 'PHOTO_REFUSED') {
    return t('notice.photo', { label: notice.label, message });
  }
  return t('notice.other', { label: notice.label, message });
}

export function StatusBanners() {
  const { t, locale } = useI18n();
  const online = useOnline();
  const { state, flush, dismiss } = useCourier();
  const waiting = state.queue.length;
  return (
    <View style={{ gap: 10 }}>
      {!online || waiting > 0 ? (
        <Banner
          tone="warn"
          testID="waiting-banner"
          action={
            online && waiting > 0
              ? { label: t('net.retry'), onPress: () => void flush() }
              : undefined
          }
        >
          {[
            !online ? t('net.offline') : null,
            waiting > 0 ? t('net.waiting', { count: waiting }) : null,
          ]
            .filter(Boolean)
            .join(' · ')}
        </Banner>
      ) : null}
      {state.notices.map((notice) => (
        <Banner
          key={notice.id}
          tone="danger"
          testID="conflict-notice"
          action={{ label: t('notice.ok'), onPress: () => dismiss(notice.id) }}
        >
          {noticeText(t, notice, locale)}
        </Banner>
      ))}
    </View>
  );
}
