// An offer: the countdown to its expiry, pick-up → drop-off, the distance, the cash to collect,
// accept or decline with a reason. An expired offer says so and cannot be accepted.
import { useEffect, useState } from 'react';
import { StyleSheet, Text, View } from 'react-native';
import type { Offer } from '../api/client';
import { offerCountdown } from '../lib/countdown';
import { useI18n } from '../lib/i18n';
import { colors } from './theme';
import { Button, Card, Label } from './ui';

const DECLINE_REASONS = ['far', 'busy', 'vehicle', 'other'] as const;

function useNow(intervalMs = 1_000) {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function OfferCard(props: {
  offer: Offer;
  onAccept: () => void;
  onDecline: (reason: string) => void;
  skewMs: number;
}) {
  const { t } = useI18n();
  const now = useNow();
  const [declining, setDeclining] = useState(false);
  const countdown = offerCountdown(props.offer.offerExpiresAt, now, { skewMs: props.skewMs });
  const { offer } = props;
  return (
    <Card testID="offer-card" style={styles.card}>
      <View style={styles.head}>
        <Text style={[styles.timer, countdown.urgent && styles.urgent]} testID="offer-countdown">
          {countdown.expired
            ? t('offers.expired')
            : t('offers.expiresIn', { time: countdown.label })}
        </Text>
        {offer.distanceM !== null ? (
          <Text style={styles.distance}>
            {t('offers.distance', { km: (offer.distanceM / 1000).toFixed(1) })}
          </Text>
        ) : null}
      </View>
      <View style={styles.bar}>
        <View
          style={[
            styles.barFill,
            { width: `${Math.round(countdown.fraction * 100)}%` },
            countdown.urgent && { backgroundColor: colors.danger },
          ]}
        />
      </View>
      <View style={styles.leg}>
        <Label>{t('offers.pickup')}</Label>
        <Text style={styles.address}>{offer.pickupAddress ?? '—'}</Text>
      </View>
      <View style={styles.leg}>
        <Label>{t('offers.dropoff')}</Label>
        <Text style={styles.address}>{offer.dropoffAddress ?? '—'}</Text>
      </View>
      <View style={styles.cashRow}>
        <Label>{t('offers.cash')}</Label>
        <Text style={styles.cash}>
          {offer.cashDue.minor > 0 ? offer.cashDue.formatted : t('offers.noCash')}
        </Text>
      </View>
      {declining ? (
        <View style={styles.reasons}>
          <Label>{t('offers.declineWhy')}</Label>
          {DECLINE_REASONS.map((reason) => (
            <Button
              key={reason}
              small
              tone="outline"
              label={t(`offers.reason.${reason}`)}
              onPress={() => props.onDecline(t(`offers.reason.${reason}`))}
            />
          ))}
          <Button
            small
            tone="neutral"
            label={t('offers.cancel')}
            onPress={() => setDeclining(false)}
          />
        </View>
      ) : (
        <View style={styles.actions}>
          <Button
            style={styles.flex}
            tone="outline"
            label={t('offers.decline')}
            onPress={() => setDeclining(true)}
            disabled={countdown.expired}
          />
          <Button
            style={styles.flexWide}
            testID="offer-accept"
            label={t('offers.accept')}
            onPress={props.onAccept}
            disabled={countdown.expired}
          />
        </View>
      )}
    </Card>
  );
}

const styles = StyleSheet.create({
  card: { borderColor: colors.offer, borderWidth: 2 },
  head: { flexDirection: 'row', justifyContent: 'space-between', alignItems: 'center', gap: 8 },
  timer: { fontSize: 18, fontWeight: '800', color: colors.offer, flexShrink: 1 },
  urgent: { color: colors.danger },
  distance: { fontSize: 18, fontWeight: '700', color: colors.text },
  bar: { height: 8, borderRadius: 4, backgroundColor: '#E5E7EB', overflow: 'hidden' },
  barFill: { height: 8, backgroundColor: colors.offer },
  leg: { gap: 2 },
  address: { fontSize: 18, fontWeight: '600', color: colors.text },
  cashRow: { flexDirection: 'row', justifyContent: 'space-between', alignItems: 'center' },
  cash: { fontSize: 22, fontWeight: '800', color: colors.text },
  actions: { flexDirection: 'row', gap: 10 },
  flex: { flex: 1 },
  flexWide: { flex: 2 },
  reasons: { gap: 8 },
});
