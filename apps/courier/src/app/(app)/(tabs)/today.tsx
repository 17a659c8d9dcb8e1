// Today: deliveries done and failed, the cash collected and still to hand over, the last days;
// and the account (language, sign out).
import { StyleSheet, Text, View } from 'react-native';
import { useCourier } from '../../../api/courier/courier-provider';
import { useToday } from '../../../api/courier/use-courier-queries';
import { useSession } from '../../../api/session';
import { colors } from '../../../components/theme';
import { Badge, Banner, Body, Button, Card, Label, Screen, Title } from '../../../components/ui';
import { useI18n } from '../../../lib/i18n';
import { errorWords } from '../../../lib/refusal-words';

export default function TodayScreen() {
  const { t, locale, setLocale } = useI18n();
  const today = useToday();
  const { signOut } = useSession();
  const { state } = useCourier();
  const data = today.data;
  const dayLabel = (day: string) => {
    const text = new Date(`${day}T12:00:00Z`).toLocaleDateString(
      locale === 'fr' ? 'fr-FR' : 'en-GB',
      { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' },
    );
    return text.charAt(0).toUpperCase() + text.slice(1);
  };
  return (
    <Screen testID="today-screen">
      <Title>{t('today.title')}</Title>
      {!data ? (
        <Body>
          {today.error
            ? t('common.error', { message: errorWords(locale, today.error) })
            : t('common.loading')}
        </Body>
      ) : (
        <>
          <View style={styles.stats}>
            <Card style={styles.stat}>
              <Text style={styles.statValue} testID="today-delivered">
                {data.today.delivered}
              </Text>
              <Label>{t('today.delivered')}</Label>
            </Card>
            <Card style={styles.stat}>
              <Text style={styles.statValue}>{data.today.failed}</Text>
              <Label>{t('today.failed')}</Label>
            </Card>
          </View>
          <Card>
            <Label>{t('today.cashToday')}</Label>
            <Text style={styles.money}>{data.today.cashCollected.formatted}</Text>
          </Card>
          <Card style={styles.held}>
            <Label>{t('today.cashHeld')}</Label>
            <Text style={styles.money} testID="cash-held">
              {data.cashHeld.formatted}
            </Text>
          </Card>
          <Title style={styles.section}>{t('today.list')}</Title>
          {data.today.deliveries.length === 0 ? (
            <Body style={{ color: colors.muted }}>{t('today.none')}</Body>
          ) : (
            data.today.deliveries.map((d) => (
              <Card key={d.id} testID="today-row">
                <View style={styles.row}>
                  <Text style={styles.ref}>{d.orderReference}</Text>
                  <Badge
                    tone={d.status === 'delivered' ? 'ok' : 'danger'}
                    label={t(d.status === 'delivered' ? 'step.delivered' : 'step.failed')}
                  />
                </View>
                <Body>{d.dropoffAddress ?? '—'}</Body>
                <View style={styles.row}>
                  <Text style={styles.time}>
                    {new Date(d.at).toLocaleTimeString(locale === 'fr' ? 'fr-FR' : 'en-GB', {
                      hour: '2-digit',
                      minute: '2-digit',
                    })}
                  </Text>
                  <Text style={styles.rowCash}>
                    {d.status === 'delivered' ? d.cashCollected.formatted : (d.failureReason ?? '')}
                  </Text>
                </View>
              </Card>
            ))
          )}
          {data.history.length > 0 ? (
            <>
              <Title style={styles.section}>{t('today.history')}</Title>
              {data.history.map((day) => (
                <Card key={day.day}>
                  <Text style={styles.dayName}>{dayLabel(day.day)}</Text>
                  <Body>
                    {t('today.day', {
                      delivered: day.delivered,
                      failed: day.failed,
                      cash: day.cashCollected.formatted,
                    })}
                  </Body>
                </Card>
              ))}
            </>
          ) : null}
        </>
      )}
      <Title style={styles.section}>{t('account.title')}</Title>
      {state.queue.length > 0 ? (
        <Banner tone="warn">{t('account.signOutWaiting', { count: state.queue.length })}</Banner>
      ) : null}
      <Button
        tone="outline"
        label={t('account.language')}
        onPress={() => setLocale(locale === 'fr' ? 'en' : 'fr')}
      />
      <Button
        tone="danger"
        label={t('account.signOut')}
        disabled={state.queue.length > 0}
        onPress={() => void signOut()}
      />
    </Screen>
  );
}

const styles = StyleSheet.create({
  stats: { flexDirection: 'row', gap: 12 },
  stat: { flex: 1, alignItems: 'flex-start' },
  statValue: { fontSize: 40, fontWeight: '900', color: colors.text },
  money: { fontSize: 28, fontWeight: '900', color: colors.text },
  held: { borderColor: colors.warn, borderWidth: 2 },
  section: { fontSize: 20, marginTop: 8 },
  row: { flexDirection: 'row', justifyContent: 'space-between', alignItems: 'center' },
  ref: { fontSize: 16, fontWeight: '800', color: colors.muted },
  time: { fontSize: 16, color: colors.muted },
  rowCash: { fontSize: 18, fontWeight: '800', color: colors.text },
  dayName: { fontSize: 17, fontWeight: '800', color: colors.text },
});
