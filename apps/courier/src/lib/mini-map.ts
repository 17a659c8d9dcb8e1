// The delivery screen's small map, as numbers: pickup, drop-off and the courier's own position
// projected onto a box of the screen, north up, with a scale bar and the straight-line distance.
// No tiles (no tile server is reachable from a courier's data plan worth spending, nor from here):
// the points, their relation and the distance are what the courier needs; Google Maps or Waze
// do the streets.
import { metersBetween } from './positions';

export interface LatLng {
  lat: number;
  lng: number;
}

export interface MapBox {
  width: number;
  height: number;
  /** Kept free around the points (the markers' size), in px. */
  padding: number;
}

export interface MiniMap {
  /** Each point's place in the box, in px from the top-left, in the order given. */
  points: ({ x: number; y: number } | null)[];
  metersPerPixel: number;
  /** A round length (1, 2 or 5 × 10ⁿ m) of at most a third of the box's width. */
  scale: { meters: number; pixels: number };
}

const METERS_PER_DEGREE_LAT = 111_195;

/** Points fitted into the box, keeping distances true in both directions (north up). */
export function layoutMiniMap(points: (LatLng | null)[], box: MapBox): MiniMap | null {
  const present = points.filter((p): p is LatLng => p !== null);
  if (present.length === 0 || box.width <= 2 * box.padding || box.height <= 2 * box.padding) {
    return null;
  }
  const lat0 = present.reduce((sum, p) => sum + p.lat, 0) / present.length;
  const metersPerDegreeLng = METERS_PER_DEGREE_LAT * Math.cos((lat0 * Math.PI) / 180);
  const project = (p: LatLng) => ({
    x: p.lng * metersPerDegreeLng,
    y: -p.lat * METERS_PER_DEGREE_LAT,
  });
  const projected = present.map(project);
  const xs = projected.map((p) => p.x);
  const ys = projected.map((p) => p.y);
  const [minX, maxX, minY, maxY] = [
    Math.min(...xs),
    Math.max(...xs),
    Math.min(...ys),
    Math.max(...ys),
  ];
  const innerW = box.width - 2 * box.padding;
  const innerH = box.height - 2 * box.padding;
  // At least 200 m across, so points a few metres apart do not fill the box.
  const spanMeters = Math.max(maxX - minX, ((maxY - minY) * innerW) / innerH, 200);
  const metersPerPixel = spanMeters / innerW;
  // Centred in the box.
  const offsetX = box.padding + (innerW - (maxX - minX) / metersPerPixel) / 2;
  const offsetY = box.padding + (innerH - (maxY - minY) / metersPerPixel) / 2;
  return {
    points: points.map((p) => {
      if (!p) return null;
      const q = project(p);
      return {
        x: offsetX + (q.x - minX) / metersPerPixel,
        y: offsetY + (q.y - minY) / metersPerPixel,
      };
    }),
    metersPerPixel,
    scale: scaleBar(metersPerPixel, box.width / 3),
  };
}

/** The longest round length that fits in `maxPixels`. */
export function scaleBar(
  metersPerPixel: number,
  maxPixels: number,
): { meters: number; pixels: number } {
  const most = metersPerPixel * maxPixels;
  const power = 10 ** Math.floor(Math.log10(most));
  const meters = [5, 2, 1].map((m) => m * power).find((m) => m <= most) ?? power;
  return { meters, pixels: meters / metersPerPixel };
}

/** "850 m", "3,2 km" (French) / "3.2 km". */
export function formatDistance(meters: number, locale: string): string {
  if (meters < 1_000) return `${Math.round(meters / 10) * 10} m`;
  const km = meters / 1_000;
  return `${km.toLocaleString(locale, { maximumFractionDigits: km < 10 ? 1 : 0 })} km`;
}

export { metersBetween };
