// The few building blocks every screen uses: big buttons, cards, badges, banners.
import type { ReactNode } from 'react';
import {
  ActivityIndicator,
  Pressable,
  ScrollView,
  StyleSheet,
  Text,
  type TextStyle,
  View,
  type ViewStyle,
} from 'react-native';
import { useSafeAreaInsets } from 'react-native-safe-area-context';
import { colors, TOUCH } from './theme';

type Tone = 'primary' | 'danger' | 'neutral' | 'outline' | 'accent';

export function Button(props: {
  label: string;
  onPress: () => void;
  tone?: Tone;
  disabled?: boolean;
  busy?: boolean;
  testID?: string;
  style?: ViewStyle;
  small?: boolean;
}) {
  const tone = props.tone ?? 'primary';
  const disabled = props.disabled || props.busy;
  return (
    <Pressable
      accessibilityRole="button"
      accessibilityState={{ disabled: !!disabled }}
      testID={props.testID}
      onPress={props.onPress}
      disabled={disabled}
      style={({ pressed }) => [
        styles.button,
        props.small && styles.buttonSmall,
        buttonTones[tone],
        disabled && styles.disabled,
        pressed && styles.pressed,
        props.style,
      ]}
    >
      {props.busy ? (
        <ActivityIndicator color={tone === 'outline' ? colors.text : colors.primaryText} />
      ) : (
        <Text style={[styles.buttonLabel, tone === 'outline' && { color: colors.text }]}>
          {props.label}
        </Text>
      )}
    </Pressable>
  );
}

export function Screen(props: { children: ReactNode; scroll?: boolean; testID?: string }) {
  const insets = useSafeAreaInsets();
  const padding = { paddingTop: insets.top + 12, paddingBottom: insets.bottom + 24 };
  if (props.scroll === false) {
    return <View style={[styles.screen, padding]}>{props.children}</View>;
  }
  return (
    <ScrollView
      testID={props.testID}
      style={styles.screenScroll}
      contentContainerStyle={[styles.screenContent, padding]}
      keyboardShouldPersistTaps="handled"
    >
      {props.children}
    </ScrollView>
  );
}

export function Card(props: { children: ReactNode; style?: ViewStyle; testID?: string }) {
  return (
    <View testID={props.testID} style={[styles.card, props.style]}>
      {props.children}
    </View>
  );
}

export function Title(props: { children: ReactNode; style?: TextStyle }) {
  return (
    <Text accessibilityRole="header" style={[styles.title, props.style]}>
      {props.children}
    </Text>
  );
}

export function Label(props: { children: ReactNode }) {
  return <Text style={styles.label}>{props.children}</Text>;
}

export function Body(props: { children: ReactNode; style?: TextStyle; testID?: string }) {
  return (
    <Text testID={props.testID} style={[styles.body, props.style]}>
      {props.children}
    </Text>
  );
}

export function Badge(props: {
  label: string;
  tone: 'warn' | 'ok' | 'danger' | 'info';
  testID?: string;
}) {
  const tone = badgeTones[props.tone];
  return (
    <View testID={props.testID} style={[styles.badge, { backgroundColor: tone.bg }]}>
      <Text style={[styles.badgeText, { color: tone.fg }]}>{props.label}</Text>
    </View>
  );
}

export function Banner(props: {
  tone: 'warn' | 'danger' | 'ok';
  children: ReactNode;
  testID?: string;
  action?: { label: string; onPress: () => void };
}) {
  const tone = badgeTones[props.tone];
  return (
    <View
      testID={props.testID}
      accessibilityRole="alert"
      style={[styles.banner, { backgroundColor: tone.bg, borderColor: tone.fg }]}
    >
      <Text style={[styles.bannerText, { color: tone.fg }]}>{props.children}</Text>
      {props.action ? (
        <Pressable
          accessibilityRole="button"
          onPress={props.action.onPress}
          style={styles.bannerAction}
        >
          <Text style={[styles.bannerActionText, { color: tone.fg }]}>{props.action.label}</Text>
        </Pressable>
      ) : null}
    </View>
  );
}

const badgeTones = {
  warn: { bg: colors.warnBg, fg: colors.warn },
  ok: { bg: colors.okBg, fg: colors.ok },
  danger: { bg: colors.dangerBg, fg: colors.danger },
  info: { bg: '#DBEAFE', fg: '#1E3A8A' },
};

const buttonTones: Record<Tone, ViewStyle> = {
  primary: { backgroundColor: colors.primary },
  danger: { backgroundColor: colors.danger },
  neutral: { backgroundColor: colors.muted },
  accent: { backgroundColor: colors.accent },
  outline: { backgroundColor: colors.card, borderWidth: 2, borderColor: colors.text },
};

const styles = StyleSheet.create({
  button: {
    minHeight: TOUCH,
    borderRadius: 12,
    paddingHorizontal: 18,
    alignItems: 'center',
    justifyContent: 'center',
  },
  buttonSmall: { minHeight: 48, paddingHorizontal: 14 },
  buttonLabel: { color: colors.primaryText, fontSize: 18, fontWeight: '700' },
  disabled: { opacity: 0.45 },
  pressed: { opacity: 0.8 },
  screen: { flex: 1, backgroundColor: colors.bg, paddingHorizontal: 16 },
  screenScroll: { flex: 1, backgroundColor: colors.bg },
  screenContent: { paddingHorizontal: 16, gap: 14 },
  card: {
    backgroundColor: colors.card,
    borderRadius: 14,
    padding: 16,
    gap: 10,
    borderWidth: 1,
    borderColor: colors.border,
  },
  title: { fontSize: 24, fontWeight: '800', color: colors.text },
  label: {
    fontSize: 14,
    fontWeight: '700',
    color: colors.muted,
    textTransform: 'uppercase',
    letterSpacing: 0.5,
  },
  body: { fontSize: 17, color: colors.text, lineHeight: 24 },
  badge: { alignSelf: 'flex-start', borderRadius: 999, paddingHorizontal: 10, paddingVertical: 4 },
  badgeText: { fontSize: 14, fontWeight: '700' },
  banner: {
    borderRadius: 12,
    borderWidth: 2,
    padding: 12,
    gap: 8,
  },
  bannerText: { fontSize: 16, fontWeight: '600', lineHeight: 22 },
  bannerAction: { alignSelf: 'flex-start', minHeight: 44, justifyContent: 'center' },
  bannerActionText: { fontSize: 16, fontWeight: '800', textDecorationLine: 'underline' },
});
