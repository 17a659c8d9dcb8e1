// The signed-in part: sends a signed-out courier to sign in, and holds the courier's live state.
import { Redirect, Stack } from 'expo-router';
import { ActivityIndicator, View } from 'react-native';
import { CourierProvider } from '../../api/courier/courier-provider';
import { useSession } from '../../api/session';
import { colors } from '../../components/theme';

export default function SignedInLayout() {
  const { session, ready } = useSession();
  if (!ready) {
    return (
      <View style={{ flex: 1, alignItems: 'center', justifyContent: 'center' }}>
        <ActivityIndicator size="large" color={colors.primary} />
      </View>
    );
  }
  if (!session) return <Redirect href="/sign-in" />;
  return (
    <CourierProvider key={session.businessId}>
      <Stack screenOptions={{ headerShown: false, contentStyle: { backgroundColor: colors.bg } }} />
    </CourierProvider>
  );
}
