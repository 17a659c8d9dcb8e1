import { describe, expect, it } from 'vitest';
import { formatDistance, layoutMiniMap, metersBetween, scaleBar } from './mini-map';

const SANDAGA = { lat: 14.6708, lng: -17.4381 };
const MERMOZ = { lat: 14.7, lng: -17.47 };
const box = { width: 340, height: 200, padding: 20 };

describe('the mini map', () => {
  it('north is up and east is right: the drop-off north-west of the pickup is above and left of it', () => {
    const map = layoutMiniMap([SANDAGA, MERMOZ], box);
    const [pickup, dropoff] = map?.points ?? [];
    expect(dropoff?.y).toBeLessThan(pickup?.y ?? 0);
    expect(dropoff?.x).toBeLessThan(pickup?.x ?? 0);
  });

  it('every point is inside the box, and the distances on screen are true to the ground', () => {
    const me = { lat: 14.6735, lng: -17.4402 };
    const map = layoutMiniMap([SANDAGA, MERMOZ, me], box);
    expect(map).not.toBeNull();
    for (const p of map?.points ?? []) {
      expect(p?.x).toBeGreaterThanOrEqual(box.padding - 0.01);
      expect(p?.x).toBeLessThanOrEqual(box.width - box.padding + 0.01);
      expect(p?.y).toBeGreaterThanOrEqual(box.padding - 0.01);
      expect(p?.y).toBeLessThanOrEqual(box.height - box.padding + 0.01);
    }
    const [a, b] = map?.points ?? [];
    const pixels = Math.hypot((a?.x ?? 0) - (b?.x ?? 0), (a?.y ?? 0) - (b?.y ?? 0));
    const ground = metersBetween(SANDAGA, MERMOZ);
    expect((pixels * (map?.metersPerPixel ?? 0)) / ground).toBeCloseTo(1, 2);
  });

  it('a missing position keeps its place empty; no point at all is no map', () => {
    const map = layoutMiniMap([SANDAGA, MERMOZ, null], box);
    expect(map?.points[2]).toBeNull();
    expect(layoutMiniMap([null, null], box)).toBeNull();
  });

  it('the scale bar is a round length that fits a third of the width', () => {
    expect(scaleBar(10, 113)).toEqual({ meters: 1_000, pixels: 100 });
    expect(scaleBar(25, 113)).toEqual({ meters: 2_000, pixels: 80 });
    expect(scaleBar(3, 113)).toEqual({ meters: 200, pixels: 200 / 3 });
  });

  it('distances are written the way couriers read them', () => {
    expect(formatDistance(847, 'fr-FR')).toBe('850 m');
    expect(formatDistance(3_240, 'fr-FR')).toBe('3,2 km');
    expect(formatDistance(3_240, 'en')).toBe('3.2 km');
    expect(formatDistance(12_600, 'fr-FR')).toBe('13 km');
  });
});
