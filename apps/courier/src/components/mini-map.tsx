// A small map of the delivery drawn on the phone (lib/mini-map): pickup (A), drop-off (B), the
// courier's own position, north up, a scale bar and the straight-line distance. Plain views, no
// tiles and no map library: nothing to download on a data plan, nothing added to the bundle but
// this file; the streets are Google Maps' or Waze's (the buttons below it).
import { useState } from 'react';
import { StyleSheet, Text, View } from 'react-native';
import { useI18n } from '../lib/i18n';
import { formatDistance, type LatLng, layoutMiniMap, metersBetween } from '../lib/mini-map';
import { colors } from './theme';

const HEIGHT = 190;
const PADDING = 26;
const GRID_PX = 38;
const MARKER = 28;

export function MiniMap(props: {
  pickup: LatLng;
  dropoff: LatLng;
  me: LatLng | null;
  /** Where the courier is going now: the distance shown is to it. */
  heading: 'pickup' | 'dropoff';
}) {
  const { t, locale } = useI18n();
  const [width, setWidth] = useState(0);
  const map = layoutMiniMap([props.pickup, props.dropoff, props.me], {
    width,
    height: HEIGHT,
    padding: PADDING,
  });
  const [a, b, me] = map?.points ?? [];
  const route = formatDistance(metersBetween(props.pickup, props.dropoff), locale);
  const target = props.heading === 'pickup' ? props.pickup : props.dropoff;
  const fromMe = props.me ? formatDistance(metersBetween(props.me, target), locale) : null;
  const summary = [
    t('map.route', { distance: route }),
    fromMe
      ? t(props.heading === 'pickup' ? 'map.toPickup' : 'map.toDropoff', { distance: fromMe })
      : null,
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <View style={{ gap: 6 }}>
      <View
        testID="mini-map"
        accessible
        accessibilityLabel={summary}
        style={styles.map}
        onLayout={(event) => setWidth(Math.round(event.nativeEvent.layout.width))}
      >
        {width > 0
          ? Array.from({ length: Math.ceil(width / GRID_PX) }, (_, i) => (
              <View key={`v${i}`} style={[styles.gridV, { left: (i + 1) * GRID_PX }]} />
            ))
          : null}
        {Array.from({ length: Math.ceil(HEIGHT / GRID_PX) }, (_, i) => (
          <View key={`h${i}`} style={[styles.gridH, { top: (i + 1) * GRID_PX }]} />
        ))}
        {a && b ? <Segment from={a} to={b} /> : null}
        {a ? <Marker at={a} letter="A" color={colors.accent} /> : null}
        {b ? <Marker at={b} letter="B" color={colors.offer} /> : null}
        {me ? (
          // Last, so a courier standing at the pickup is not hidden under its marker.
          <View style={[styles.me, { left: me.x - 9, top: me.y - 9 }]}>
            <Text style={styles.meLabel}>{t('map.you')}</Text>
          </View>
        ) : null}
        <View style={styles.north}>
          <Text style={styles.northArrow}>▲</Text>
          <Text style={styles.northText}>N</Text>
        </View>
        {map ? (
          <View style={styles.scale}>
            <View style={[styles.scaleBar, { width: map.scale.pixels }]} />
            <Text style={styles.scaleText}>{formatDistance(map.scale.meters, locale)}</Text>
          </View>
        ) : null}
      </View>
      <View style={styles.legend}>
        <LegendDot color={colors.accent} letter="A" label={t('map.pickup')} />
        <LegendDot color={colors.offer} letter="B" label={t('map.dropoff')} />
        {props.me ? <LegendDot color={colors.primary} letter="" label={t('map.you')} /> : null}
      </View>
      <Text style={styles.summary} testID="mini-map-distance">
        {summary}
      </Text>
    </View>
  );
}

function LegendDot(props: { color: string; letter: string; label: string }) {
  return (
    <View style={styles.legendItem}>
      <View style={[styles.legendDot, { backgroundColor: props.color }]}>
        <Text style={styles.legendLetter}>{props.letter}</Text>
      </View>
      <Text style={styles.legendText}>{props.label}</Text>
    </View>
  );
}

function Marker(props: { at: { x: number; y: number }; letter: string; color: string }) {
  return (
    <View
      style={[
        styles.marker,
        {
          left: props.at.x - MARKER / 2,
          top: props.at.y - MARKER / 2,
          backgroundColor: props.color,
        },
      ]}
    >
      <Text style={styles.markerText}>{props.letter}</Text>
    </View>
  );
}

/** A straight line from A to B: a thin bar centred between them, turned to their angle. */
function Segment(props: { from: { x: number; y: number }; to: { x: number; y: number } }) {
  const dx = props.to.x - props.from.x;
  const dy = props.to.y - props.from.y;
  const length = Math.hypot(dx, dy);
  const angle = Math.atan2(dy, dx);
  return (
    <View
      style={[
        styles.segment,
        {
          width: length,
          left: (props.from.x + props.to.x) / 2 - length / 2,
          top: (props.from.y + props.to.y) / 2 - 2,
          transform: [{ rotate: `${angle}rad` }],
        },
      ]}
    />
  );
}

const styles = StyleSheet.create({
  map: {
    height: HEIGHT,
    borderRadius: 12,
    borderWidth: 2,
    borderColor: colors.border,
    backgroundColor: '#E8EFE9',
    overflow: 'hidden',
  },
  gridV: { position: 'absolute', top: 0, bottom: 0, width: 1, backgroundColor: '#D3DDD5' },
  gridH: { position: 'absolute', left: 0, right: 0, height: 1, backgroundColor: '#D3DDD5' },
  segment: {
    position: 'absolute',
    height: 4,
    borderRadius: 2,
    backgroundColor: colors.text,
    opacity: 0.55,
  },
  marker: {
    position: 'absolute',
    width: MARKER,
    height: MARKER,
    borderRadius: MARKER / 2,
    borderWidth: 2,
    borderColor: '#fff',
    alignItems: 'center',
    justifyContent: 'center',
  },
  markerText: { color: '#fff', fontWeight: '900', fontSize: 15 },
  me: {
    position: 'absolute',
    width: 18,
    height: 18,
    borderRadius: 9,
    borderWidth: 3,
    borderColor: '#fff',
    backgroundColor: colors.primary,
  },
  meLabel: {
    position: 'absolute',
    top: -20,
    left: -16,
    width: 44,
    textAlign: 'center',
    fontSize: 12,
    fontWeight: '800',
    color: colors.primary,
  },
  north: { position: 'absolute', top: 6, right: 8, alignItems: 'center' },
  northArrow: { fontSize: 12, color: colors.text },
  northText: { fontSize: 13, fontWeight: '900', color: colors.text },
  scale: { position: 'absolute', left: 10, bottom: 8, gap: 2 },
  scaleBar: {
    height: 5,
    borderWidth: 2,
    borderTopWidth: 0,
    borderColor: colors.text,
  },
  scaleText: { fontSize: 12, fontWeight: '700', color: colors.text },
  summary: { fontSize: 15, color: colors.muted },
  legend: { flexDirection: 'row', gap: 16, flexWrap: 'wrap' },
  legendItem: { flexDirection: 'row', alignItems: 'center', gap: 6 },
  legendDot: {
    width: 20,
    height: 20,
    borderRadius: 10,
    alignItems: 'center',
    justifyContent: 'center',
  },
  legendLetter: { color: '#fff', fontWeight: '900', fontSize: 12 },
  legendText: { fontSize: 15, fontWeight: '700', color: colors.text },
});
