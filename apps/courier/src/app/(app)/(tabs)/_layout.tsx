// Two tabs: the runs (offers and deliveries under way) and today's summary.
import { Tabs } from 'expo-router';
import { Text } from 'react-native';
import { useCourier } from '../../../api/courier/courier-provider';
import { colors } from '../../../components/theme';
import { useI18n } from '../../../lib/i18n';

export default function TabsLayout() {
  const { t } = useI18n();
  const { offers } = useCourier();
  return (
    <Tabs
      screenOptions={{
        headerShown: false,
        tabBarActiveTintColor: colors.primary,
        tabBarInactiveTintColor: colors.muted,
        tabBarStyle: { height: 64, paddingBottom: 8, paddingTop: 6 },
        tabBarLabelStyle: { fontSize: 16, fontWeight: '700' },
        tabBarIconStyle: { display: 'none' },
      }}
    >
      <Tabs.Screen
        name="index"
        options={{
          title: t('tabs.runs'),
          tabBarBadge: offers.length > 0 ? offers.length : undefined,
          tabBarIcon: () => <Text />,
        }}
      />
      <Tabs.Screen name="today" options={{ title: t('tabs.today'), tabBarIcon: () => <Text /> }} />
    </Tabs>
  );
}
