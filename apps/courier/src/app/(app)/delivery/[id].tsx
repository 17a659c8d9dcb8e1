// One delivery: pick-up → drop-off steps, the customer and the order lines, call or WhatsApp,
// navigation, then "picked up", "delivered" (the customer's code on a number pad or a photo, the
// cash collected) or "failed" (a reason). Every action goes to the queue first: it shows as
// waiting until the server has it.
// Over 400 lines on purpose: one screen whose steps share the delivery, the queue's waiting actions
// and the proof being taken.
import { useLocalSearchParams, useRouter } from 'expo-router';
import { useState } from 'react';
import {
  Image,
  Linking,
  Platform,
  Pressable,
  StyleSheet,
  Text,
  TextInput,
  View,
} from 'react-native';
import { useCourier } from '../../../api/courier/courier-provider';
import { MiniMap } from '../../../components/mini-map';
import { NumberPad } from '../../../components/number-pad';
import { StatusBanners } from '../../../components/status-banners';
import { colors } from '../../../components/theme';
import { Badge, Banner, Body, Button, Card, Label, Screen, Title } from '../../../components/ui';
import { useI18n } from '../../../lib/i18n';
import { useLastPosition } from '../../../lib/last-position';
import { takeProofPhoto } from '../../../lib/photo';
import type { FailureReason } from '../../../lib/queue';

const FAILURE_REASONS: FailureReason[] = [
  'absent',
  'refused',
  'wrong_address',
  'unreachable',
  'other',
];
const CODE_LENGTH = 4;

const digits = (phone: string) => phone.replace(/[^\d]/g, '');
const open = (url: string) => void Linking.openURL(url).catch(() => undefined);
const mapsUrl = (lat: number | null, lng: number | null, address: string | null) =>
  lat !== null && lng !== null
    ? `https://www.google.com/maps/dir/?api=1&destination=${lat},${lng}`
    : `https://www.google.com/maps/search/?api=1&query=${encodeURIComponent(address ?? '')}`;
const wazeUrl = (lat: number | null, lng: number | null, address: string | null) =>
  lat !== null && lng !== null
    ? `https://waze.com/ul?ll=${lat},${lng}&navigate=yes`
    : `https://waze.com/ul?q=${encodeURIComponent(address ?? '')}&navigate=yes`;

export default function DeliveryScreen() {
  const { id } = useLocalSearchParams<{ id: string }>();
  const router = useRouter();
  const { t } = useI18n();
  const courier = useCourier();
  const here = useLastPosition();
  const view = courier.deliveries.find((d) => d.id === id);
  const [mode, setMode] = useState<'steps' | 'deliver' | 'fail'>('steps');
  const [code, setCode] = useState('');
  const [photoUri, setPhotoUri] = useState<string | null>(null);
  const [cash, setCash] = useState<string | null>(null);
  const [cashNote, setCashNote] = useState('');
  const [reason, setReason] = useState<FailureReason | null>(null);
  const [failNote, setFailNote] = useState('');

  const back = () => (router.canGoBack() ? router.back() : router.replace('/'));
  const header = (
    <Pressable accessibilityRole="button" onPress={back} style={styles.back} testID="back">
      <Text style={styles.backText}>{t('delivery.back')}</Text>
    </Pressable>
  );
  if (!view) {
    return (
      <Screen testID="delivery-screen">
        {header}
        <StatusBanners />
        <Banner tone="warn">{t('delivery.notFound')}</Banner>
      </Screen>
    );
  }
  const task = view.task;
  const source = task ?? view.offer;
  const label = task?.orderReference ?? source?.dropoffAddress ?? '';
  const due = source?.cashDue;
  const cashValue = cash ?? due?.amount ?? '0';
  const cashDiffers = due !== undefined && cashValue.trim() !== due.amount;
  const waiting = view.waiting.length > 0;
  const finished = view.step === 'delivered' || view.step === 'failed';

  const deliver = async () => {
    await courier.act(
      {
        kind: 'deliver',
        deliveryId: view.id,
        ...(code.length === CODE_LENGTH ? { otp: code } : {}),
        ...(photoUri && code.length !== CODE_LENGTH ? { photoUri } : {}),
        cashCollected: cashValue.trim() || '0',
        ...(cashDiffers ? { cashNote: cashNote.trim() } : {}),
      },
      label,
    );
    setMode('steps');
  };
  const fail = async () => {
    if (!reason) return;
    await courier.act(
      {
        kind: 'fail',
        deliveryId: view.id,
        reason,
        ...(failNote.trim() ? { note: failNote.trim() } : {}),
      },
      label,
    );
    setMode('steps');
  };

  return (
    <Screen testID="delivery-screen">
      {header}
      <View style={styles.titleRow}>
        <Title>{task?.orderReference ?? t('offers.dropoff')}</Title>
        <Badge
          label={t(`step.${view.step}`)}
          tone={view.step === 'failed' ? 'danger' : view.step === 'delivered' ? 'ok' : 'info'}
        />
      </View>
      <StatusBanners />
      {waiting ? (
        <Banner tone="warn" testID="delivery-waiting">
          {`${t('net.waitingOne')} : ${view.waiting.map((a) => actionName(a.kind, t)).join(', ')}`}
        </Banner>
      ) : null}

      {mode === 'steps' ? (
        <>
          {task &&
          task.pickupLat !== null &&
          task.pickupLng !== null &&
          task.dropoffLat !== null &&
          task.dropoffLng !== null &&
          !finished ? (
            <MiniMap
              pickup={{ lat: task.pickupLat, lng: task.pickupLng }}
              dropoff={{ lat: task.dropoffLat, lng: task.dropoffLng }}
              me={here}
              heading={view.step === 'to_pickup' ? 'pickup' : 'dropoff'}
            />
          ) : null}
          <Card style={view.step === 'to_pickup' ? styles.current : undefined}>
            <Label>{t('delivery.stepPickup')}</Label>
            <Text style={styles.address}>{source?.pickupAddress ?? '—'}</Text>
            <View style={styles.links}>
              <Button
                small
                tone="outline"
                style={styles.flex}
                label={t('delivery.maps')}
                onPress={() =>
                  open(
                    mapsUrl(
                      task?.pickupLat ?? null,
                      task?.pickupLng ?? null,
                      source?.pickupAddress ?? null,
                    ),
                  )
                }
              />
              <Button
                small
                tone="outline"
                style={styles.flex}
                label={t('delivery.waze')}
                onPress={() =>
                  open(
                    wazeUrl(
                      task?.pickupLat ?? null,
                      task?.pickupLng ?? null,
                      source?.pickupAddress ?? null,
                    ),
                  )
                }
              />
            </View>
          </Card>
          <Card style={view.step === 'to_dropoff' ? styles.current : undefined}>
            <Label>{t('delivery.stepDropoff')}</Label>
            <Text style={styles.address}>{source?.dropoffAddress ?? '—'}</Text>
            <View style={styles.links}>
              <Button
                small
                tone="outline"
                style={styles.flex}
                label={t('delivery.maps')}
                onPress={() =>
                  open(
                    mapsUrl(
                      task?.dropoffLat ?? null,
                      task?.dropoffLng ?? null,
                      source?.dropoffAddress ?? null,
                    ),
                  )
                }
              />
              <Button
                small
                tone="outline"
                style={styles.flex}
                label={t('delivery.waze')}
                onPress={() =>
                  open(
                    wazeUrl(
                      task?.dropoffLat ?? null,
                      task?.dropoffLng ?? null,
                      source?.dropoffAddress ?? null,
                    ),
                  )
                }
              />
            </View>
          </Card>
          {task ? (
            <Card>
              <Label>{t('delivery.customer')}</Label>
              <Text style={styles.customer}>{task.customerName ?? task.customerPhone ?? '—'}</Text>
              {task.customerPhone ? (
                <View style={styles.links}>
                  <Button
                    small
                    tone="accent"
                    style={styles.flex}
                    label={t('delivery.call')}
                    onPress={() => open(`tel:${task.customerPhone}`)}
                  />
                  <Button
                    small
                    tone="primary"
                    style={styles.flex}
                    label={t('delivery.whatsapp')}
                    onPress={() => open(`https://wa.me/${digits(task.customerPhone ?? '')}`)}
                  />
                </View>
              ) : null}
              <Label>{t('delivery.items')}</Label>
              {task.lines.map((line, i) => (
                <Body key={`${line.name}-${String(i)}`}>{`${line.quantity} × ${line.name}`}</Body>
              ))}
              <View style={styles.cashRow}>
                <Label>{t('offers.cash')}</Label>
                <Text style={styles.cash}>
                  {task.cashDue.minor > 0 ? task.cashDue.formatted : t('offers.noCash')}
                </Text>
              </View>
            </Card>
          ) : null}
          {view.step === 'to_pickup' ? (
            <Button
              testID="picked-up"
              label={t('delivery.pickedUp')}
              onPress={() => void courier.act({ kind: 'pickUp', deliveryId: view.id }, label)}
            />
          ) : null}
          {view.step === 'to_dropoff' ? (
            <>
              <Button
                testID="start-deliver"
                label={t('delivery.delivered')}
                onPress={() => setMode('deliver')}
              />
              <Button tone="outline" label={t('delivery.failed')} onPress={() => setMode('fail')} />
            </>
          ) : null}
          {finished && !waiting ? (
            <Button tone="outline" label={t('delivery.back')} onPress={back} />
          ) : null}
        </>
      ) : null}

      {mode === 'deliver' ? (
        <Card>
          <Title>{t('deliver.title')}</Title>
          {task?.codeLocked ? (
            <Banner tone="danger" testID="code-locked">
              {`${t('deliver.locked')} ${t('deliver.lockedHelp')}`}
            </Banner>
          ) : null}
          {task?.codeLocked && task.dispatcherPhone ? (
            <Button
              tone="danger"
              label={t('deliver.callDispatcher')}
              onPress={() => open(`tel:${task.dispatcherPhone}`)}
            />
          ) : null}
          {!task?.codeLocked && !task?.codeWaived ? (
            <>
              <Label>{t('deliver.code')}</Label>
              <Body style={{ color: colors.muted }}>{t('deliver.codeHint')}</Body>
              {task && task.wrongCodesLeft < 5 ? (
                <Badge tone="warn" label={t('deliver.codeLeft', { count: task.wrongCodesLeft })} />
              ) : null}
              <NumberPad
                value={code}
                length={CODE_LENGTH}
                onChange={setCode}
                eraseLabel={t('deliver.erase')}
              />
            </>
          ) : null}
          {task?.photoProofAllowed ? (
            <>
              {photoUri ? <Image source={{ uri: photoUri }} style={styles.photo} /> : null}
              <Button
                tone="outline"
                label={photoUri ? t('deliver.photoTaken') : t('deliver.photo')}
                onPress={() => void takeProofPhoto().then((uri) => uri && setPhotoUri(uri))}
              />
            </>
          ) : null}
          <Label>{t('deliver.cash')}</Label>
          <TextInput
            testID="cash-input"
            accessibilityLabel={t('deliver.cash')}
            style={styles.input}
            value={cashValue}
            onChangeText={setCash}
            keyboardType="decimal-pad"
            inputMode="decimal"
          />
          {due ? (
            <Body style={{ color: colors.muted }}>
              {t('deliver.cashDue', { amount: due.formatted })}
            </Body>
          ) : null}
          {cashDiffers ? (
            <>
              <Banner tone="warn">{t('deliver.cashNoteNeeded')}</Banner>
              <TextInput
                accessibilityLabel={t('deliver.cashNote')}
                placeholder={t('deliver.cashNote')}
                placeholderTextColor="#6B7280"
                style={[styles.input, styles.note]}
                value={cashNote}
                onChangeText={setCashNote}
                multiline
              />
            </>
          ) : null}
          <Button
            testID="confirm-deliver"
            label={t('deliver.confirm')}
            disabled={
              (code.length !== CODE_LENGTH && !photoUri && !task?.codeWaived) ||
              (cashDiffers && cashNote.trim().length === 0) ||
              !!task?.codeLocked
            }
            onPress={() => void deliver()}
          />
          <Button tone="outline" label={t('offers.cancel')} onPress={() => setMode('steps')} />
        </Card>
      ) : null}

      {mode === 'fail' ? (
        <Card>
          <Title>{t('fail.title')}</Title>
          {FAILURE_REASONS.map((r) => (
            <Button
              key={r}
              small
              tone={reason === r ? 'danger' : 'outline'}
              label={t(`fail.${r}`)}
              onPress={() => setReason(r)}
            />
          ))}
          <TextInput
            accessibilityLabel={t('fail.note')}
            placeholder={t('fail.note')}
            placeholderTextColor="#6B7280"
            style={[styles.input, styles.note]}
            value={failNote}
            onChangeText={setFailNote}
            multiline
          />
          <Button
            tone="danger"
            label={t('fail.confirm')}
            disabled={!reason}
            onPress={() => void fail()}
          />
          <Button tone="outline" label={t('offers.cancel')} onPress={() => setMode('steps')} />
        </Card>
      ) : null}
      {Platform.OS === 'web' ? <View style={{ height: 8 }} /> : null}
    </Screen>
  );
}

function actionName(kind: string, t: ReturnType<typeof useI18n>['t']): string {
  switch (kind) {
    case 'accept':
      return t('offers.accept');
    case 'pickUp':
      return t('delivery.pickedUp');
    case 'deliver':
      return t('delivery.delivered');
    case 'fail':
      return t('delivery.failed');
    default:
      return t('offers.decline');
  }
}

const styles = StyleSheet.create({
  back: { minHeight: 48, justifyContent: 'center', alignSelf: 'flex-start' },
  backText: { fontSize: 18, fontWeight: '700', color: colors.accent },
  titleRow: { flexDirection: 'row', justifyContent: 'space-between', alignItems: 'center' },
  current: { borderColor: colors.primary, borderWidth: 2 },
  address: { fontSize: 19, fontWeight: '700', color: colors.text },
  links: { flexDirection: 'row', gap: 10 },
  flex: { flex: 1 },
  customer: { fontSize: 20, fontWeight: '800', color: colors.text },
  cashRow: { flexDirection: 'row', justifyContent: 'space-between', alignItems: 'center' },
  cash: { fontSize: 22, fontWeight: '900', color: colors.text },
  input: {
    minHeight: 56,
    borderWidth: 2,
    borderColor: colors.border,
    borderRadius: 12,
    paddingHorizontal: 14,
    fontSize: 22,
    fontWeight: '700',
    color: colors.text,
    backgroundColor: '#fff',
  },
  note: { fontSize: 17, fontWeight: '400', minHeight: 80, paddingTop: 10 },
  photo: { width: '100%', height: 200, borderRadius: 12 },
});
