// What the tracking page may say about a courier's position: coarse, with an honest ETA.
import { describe, expect, it } from 'vitest';
import { coarsen, coarsePosition, haversineMetres, POSITION_GRID_M } from './view';

const DOOR = { lat: 14.7086, lng: -17.4721 };

describe('the courier’s position on the tracking page', () => {
  it('is snapped to a ~125 m grid: nearby fixes give the same point, never far from the real one', () => {
    const fixes = Array.from({ length: 500 }, (_, i) => ({
      lat: 14.69 + ((i * 0.000_37) % 0.05),
      lng: -17.48 + ((i * 0.000_53) % 0.05),
    }));
    for (const fix of fixes) {
      const coarse = coarsen(fix);
      // At most half the cell's diagonal away, plus the 5-decimal rounding.
      expect(haversineMetres(fix, coarse)).toBeLessThanOrEqual(
        (POSITION_GRID_M / 2) * Math.SQRT2 + 2,
      );
      expect(coarsen(coarse)).toEqual(coarse);
    }
    // Two fixes 20 m apart inside one cell are one point: the trace between them is not shown.
    const cell = coarsen(DOOR);
    expect(coarsen({ lat: cell.lat + 0.000_09, lng: cell.lng })).toEqual(cell);
    expect(coarsen({ lat: cell.lat - 0.000_09, lng: cell.lng + 0.000_09 })).toEqual(cell);
    // In Lyon (45.76° N) the cells keep ~125 m east-west too.
    const lyon = coarsen({ lat: 45.764, lng: 4.8357 });
    const east = coarsen({ lat: 45.764, lng: 4.8357 + 0.0016 });
    expect(haversineMetres(lyon, east)).toBeGreaterThan(100);
    expect(haversineMetres(lyon, east)).toBeLessThan(260);
  });

  it('gets an ETA from the straight line × 1.3 at the vehicle’s assumed urban speed', () => {
    const twoKmNorth = { lat: DOOR.lat + 2_000 / 111_195, lng: DOOR.lng, at: new Date() };
    const motorbike = coarsePosition(twoKmNorth, DOOR, 'motorbike');
    expect(motorbike.distanceM).toBeGreaterThanOrEqual(1_900);
    expect(motorbike.distanceM).toBeLessThanOrEqual(2_100);
    // 2 km × 1.3 at 20 km/h ≈ 7.8 min.
    expect(motorbike.etaMinutes).toBeGreaterThanOrEqual(7);
    expect(motorbike.etaMinutes).toBeLessThanOrEqual(9);
    expect(coarsePosition(twoKmNorth, DOOR, 'bicycle').etaMinutes).toBeGreaterThan(
      motorbike.etaMinutes,
    );
    // At the door: a minute, not zero.
    expect(coarsePosition({ ...DOOR, at: new Date() }, DOOR, 'car').etaMinutes).toBe(1);
  });
});
