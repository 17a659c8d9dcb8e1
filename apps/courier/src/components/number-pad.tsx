// The customer's code on big keys: no keyboard popping over the screen, one thumb.
import { Pressable, StyleSheet, Text, View } from 'react-native';
import { colors } from './theme';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'erase', '0', ''] as const;

export function NumberPad(props: {
  value: string;
  length: number;
  onChange: (value: string) => void;
  eraseLabel: string;
  disabled?: boolean;
}) {
  const press = (key: (typeof KEYS)[number]) => {
    if (key === 'erase') props.onChange(props.value.slice(0, -1));
    else if (key && props.value.length < props.length) props.onChange(props.value + key);
  };
  return (
    <View style={styles.wrap}>
      <View style={styles.slots} testID="code-slots" accessibilityLabel={props.value}>
        {Array.from({ length: props.length }, (_, i) => (
          <View key={String(i)} style={[styles.slot, i === props.value.length && styles.slotNext]}>
            <Text style={styles.slotText}>{props.value[i] ?? ''}</Text>
          </View>
        ))}
      </View>
      <View style={styles.grid}>
        {KEYS.map((key, i) =>
          key === '' ? (
            <View key={`blank-${String(i)}`} style={styles.key} />
          ) : (
            <Pressable
              key={key}
              accessibilityRole="button"
              accessibilityLabel={key === 'erase' ? props.eraseLabel : key}
              testID={`pad-${key}`}
              disabled={props.disabled}
              onPress={() => press(key)}
              style={({ pressed }) => [styles.key, styles.keyLive, pressed && styles.keyPressed]}
            >
              <Text style={[styles.keyText, key === 'erase' && styles.eraseText]}>
                {key === 'erase' ? props.eraseLabel : key}
              </Text>
            </Pressable>
          ),
        )}
      </View>
    </View>
  );
}

const styles = StyleSheet.create({
  wrap: { gap: 12 },
  slots: { flexDirection: 'row', gap: 10, justifyContent: 'center' },
  slot: {
    width: 56,
    height: 64,
    borderRadius: 10,
    borderWidth: 2,
    borderColor: colors.border,
    alignItems: 'center',
    justifyContent: 'center',
    backgroundColor: colors.card,
  },
  slotNext: { borderColor: colors.accent },
  slotText: { fontSize: 30, fontWeight: '800', color: colors.text },
  grid: { flexDirection: 'row', flexWrap: 'wrap', justifyContent: 'space-between', rowGap: 8 },
  key: { width: '31.5%', height: 60, borderRadius: 12 },
  keyLive: {
    backgroundColor: colors.card,
    borderWidth: 1,
    borderColor: colors.border,
    alignItems: 'center',
    justifyContent: 'center',
  },
  keyPressed: { backgroundColor: '#E5E7EB' },
  keyText: { fontSize: 26, fontWeight: '700', color: colors.text },
  eraseText: { fontSize: 16 },
});
