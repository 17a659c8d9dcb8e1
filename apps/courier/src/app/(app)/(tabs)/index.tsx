// The runs: going available or off duty, the offers to answer, the deliveries under way.
import { useRouter } from 'expo-router';
import { Pressable, StyleSheet, Text, View } from 'react-native';
import { useCourier } from '../../../api/courier/courier-provider';
import { useMe } from '../../../api/courier/use-courier-queries';
import { OfferCard } from '../../../components/offer-card';
import { StatusBanners } from '../../../components/status-banners';
import { colors } from '../../../components/theme';
import { Badge, Body, Button, Card, Label, Screen, Title } from '../../../components/ui';
import { useI18n } from '../../../lib/i18n';

export default function Runs() {
  const { t } = useI18n();
  const router = useRouter();
  const me = useMe();
  const courier = useCourier();
  // A tap waiting to be sent shows what the courier chose (lib/courier-state's availabilityOf).
  const status = courier.availabilityWaiting
    ? courier.available
      ? 'available'
      : 'offline'
    : (me.data?.status ?? 'offline');
  const toggleAvailability = () => void courier.setAvailable(!courier.available);
  return (
    <Screen testID="runs-screen">
      <View style={styles.header}>
        <View style={{ flex: 1 }}>
          <Text style={styles.hello}>{me.data?.name ?? ' '}</Text>
          <View style={styles.statusRow}>
            <View
              style={[
                styles.dot,
                { backgroundColor: courier.available ? colors.ok : colors.muted },
              ]}
            />
            <Text style={styles.status} testID="courier-status">
              {t(`status.${status}`)}
            </Text>
            {courier.availabilityWaiting ? (
              <Badge testID="availability-waiting" tone="warn" label={t('net.waitingOne')} />
            ) : null}
          </View>
        </View>
      </View>
      <Button
        testID="availability-toggle"
        tone={courier.available ? 'outline' : 'primary'}
        label={courier.available ? t('status.goOffline') : t('status.goAvailable')}
        onPress={toggleAvailability}
      />
      {courier.available ? (
        <Body style={styles.sharing}>
          {courier.sharing === 'denied'
            ? t('status.locationDenied')
            : courier.sharing === 'on'
              ? t('status.sharing')
              : t('status.notSharing')}
        </Body>
      ) : null}
      {courier.available && courier.live === 'live' ? (
        <Body style={styles.sharing} testID="offers-live">
          {t('status.live')}
        </Body>
      ) : null}
      <StatusBanners />

      <Title>{t('offers.title')}</Title>
      {courier.offers.length === 0 ? (
        <Body style={styles.empty}>
          {courier.available ? t('offers.none') : t('offers.noneOffline')}
        </Body>
      ) : (
        courier.offers.map((offer) => (
          <OfferCard
            key={offer.id}
            offer={offer}
            skewMs={courier.skewMs}
            onAccept={() =>
              void courier.act({ kind: 'accept', deliveryId: offer.id }, offer.dropoffAddress ?? '')
            }
            onDecline={(reason) =>
              void courier.act(
                { kind: 'decline', deliveryId: offer.id, reason },
                offer.dropoffAddress ?? '',
              )
            }
          />
        ))
      )}

      <Title>{t('runs.title')}</Title>
      {courier.deliveries.length === 0 ? (
        <Body style={styles.empty}>{t('runs.none')}</Body>
      ) : (
        courier.deliveries.map((view) => {
          const source = view.task ?? view.offer;
          return (
            <Pressable
              key={view.id}
              accessibilityRole="button"
              testID="delivery-row"
              onPress={() => router.push(`/delivery/${view.id}`)}
            >
              <Card>
                <View style={styles.rowHead}>
                  <Text style={styles.ref}>{view.task?.orderReference ?? ''}</Text>
                  <Badge
                    label={t(`step.${view.step}`)}
                    tone={
                      view.step === 'failed' ? 'danger' : view.step === 'delivered' ? 'ok' : 'info'
                    }
                  />
                </View>
                <Label>
                  {view.step === 'to_pickup' ? t('offers.pickup') : t('offers.dropoff')}
                </Label>
                <Text style={styles.address}>
                  {(view.step === 'to_pickup' ? source?.pickupAddress : source?.dropoffAddress) ??
                    '—'}
                </Text>
                <View style={styles.rowHead}>
                  <Text style={styles.customer}>{view.task?.customerName ?? ''}</Text>
                  <Text style={styles.cash}>
                    {source && source.cashDue.minor > 0 ? source.cashDue.formatted : ''}
                  </Text>
                </View>
                {view.waiting.length > 0 ? (
                  <Badge testID="waiting-badge" tone="warn" label={t('net.waitingOne')} />
                ) : null}
              </Card>
            </Pressable>
          );
        })
      )}
    </Screen>
  );
}

const styles = StyleSheet.create({
  header: { flexDirection: 'row', alignItems: 'center' },
  hello: { fontSize: 26, fontWeight: '900', color: colors.text },
  statusRow: { flexDirection: 'row', alignItems: 'center', gap: 8, marginTop: 2 },
  dot: { width: 12, height: 12, borderRadius: 6 },
  status: { fontSize: 18, fontWeight: '700', color: colors.text },
  sharing: { color: colors.muted, fontSize: 15 },
  empty: { color: colors.muted },
  rowHead: { flexDirection: 'row', justifyContent: 'space-between', alignItems: 'center' },
  ref: { fontSize: 16, fontWeight: '800', color: colors.muted },
  address: { fontSize: 19, fontWeight: '700', color: colors.text },
  customer: { fontSize: 16, color: colors.text },
  cash: { fontSize: 20, fontWeight: '800', color: colors.text },
});
