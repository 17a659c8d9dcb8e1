// Sign in with the courier's email or phone number and password; the session then stays until
// signing out.
import { Redirect } from 'expo-router';
import { useState } from 'react';
import { StyleSheet, Text, TextInput, View } from 'react-native';
import { errorCode } from '../api/client';
import { useSession } from '../api/session';
import { colors } from '../components/theme';
import { Banner, Body, Button, Card, Screen, Title } from '../components/ui';
import { useI18n } from '../lib/i18n';
import { errorWords } from '../lib/refusal-words';

/** The field a BAD_REQUEST is about (the server's zod issues). */
function fieldOf(error: unknown): string | null {
  const issues = (error as { data?: { zodError?: { issues?: { path: string }[] } } } | null)?.data
    ?.zodError?.issues;
  return issues?.[0]?.path ?? null;
}

export default function SignIn() {
  const { t, locale, setLocale } = useI18n();
  const { session, signIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (session) return <Redirect href="/" />;

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await signIn(email, password);
    } catch (caught) {
      const code = errorCode(caught);
      setError(
        caught instanceof Error && caught.message === 'NOT_COURIER'
          ? t('signIn.notCourier')
          : code === 'BAD_REQUEST' && fieldOf(caught) === 'phone'
            ? t('signIn.badPhone')
            : code === 'TOO_MANY_REQUESTS'
              ? t('signIn.tooMany')
              : code === 'UNAUTHORIZED' || code === 'BAD_REQUEST'
                ? t('signIn.failed')
                : code
                  ? t('common.error', { message: errorWords(locale, caught) })
                  : t('signIn.offline'),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <Screen>
      <View style={styles.brand}>
        <View style={styles.logo}>
          <Text style={styles.logoText}>F</Text>
        </View>
        <Text style={styles.brandName}>{t('appName')}</Text>
        <Body style={styles.subtitle}>{t('signIn.subtitle')}</Body>
      </View>
      <Card>
        <Title>{t('signIn.title')}</Title>
        {error ? <Banner tone="danger">{error}</Banner> : null}
        <Text style={styles.fieldLabel} nativeID="email-label">
          {t('signIn.identifier')}
        </Text>
        <TextInput
          accessibilityLabel={t('signIn.identifier')}
          style={styles.input}
          value={email}
          onChangeText={setEmail}
          autoCapitalize="none"
          autoComplete="username"
          autoCorrect={false}
          keyboardType="email-address"
          placeholder={t('signIn.identifierHint')}
          placeholderTextColor="#6B7280"
        />
        <Text style={styles.fieldLabel}>{t('signIn.password')}</Text>
        <TextInput
          accessibilityLabel={t('signIn.password')}
          style={styles.input}
          value={password}
          onChangeText={setPassword}
          secureTextEntry
          autoComplete="current-password"
          onSubmitEditing={() => void submit()}
        />
        <Button
          label={busy ? t('signIn.busy') : t('signIn.submit')}
          busy={busy}
          disabled={!email || !password}
          onPress={() => void submit()}
        />
      </Card>
      <Button
        tone="outline"
        small
        label={t('account.language')}
        onPress={() => setLocale(locale === 'fr' ? 'en' : 'fr')}
      />
    </Screen>
  );
}

const styles = StyleSheet.create({
  brand: { alignItems: 'center', gap: 6, marginTop: 24, marginBottom: 8 },
  logo: {
    width: 64,
    height: 64,
    borderRadius: 16,
    backgroundColor: colors.primary,
    alignItems: 'center',
    justifyContent: 'center',
  },
  logoText: { color: '#fff', fontSize: 34, fontWeight: '900' },
  brandName: { fontSize: 26, fontWeight: '900', color: colors.text },
  subtitle: { color: colors.muted },
  fieldLabel: { fontSize: 16, fontWeight: '700', color: colors.text },
  input: {
    minHeight: 56,
    borderWidth: 2,
    borderColor: colors.border,
    borderRadius: 12,
    paddingHorizontal: 14,
    fontSize: 18,
    color: colors.text,
    backgroundColor: '#fff',
  },
});
