// Couriers and drop-offs on a Leaflet map. Tiles come from VITE_MAP_TILE_URL (e.g. an OSM tile
// server of yours); without one the map still works: points on a plain grid, with zoom and pan.
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useCallback, useEffect, useRef } from 'react';
import { useI18n } from '../lib/i18n';

export interface MapPoint {
  id: string;
  lat: number;
  lng: number;
  label: string;
  kind: 'courier-available' | 'courier-busy' | 'courier-offline' | 'dropoff' | 'pickup';
}

const colours: Record<MapPoint['kind'], string> = {
  'courier-available': '#059669',
  'courier-busy': '#d97706',
  'courier-offline': '#94a3b8',
  dropoff: '#7c3aed',
  pickup: '#0f766e',
};

const tileUrl = import.meta.env.VITE_MAP_TILE_URL as string | undefined;
const tileAttribution = (import.meta.env.VITE_MAP_TILE_ATTRIBUTION as string | undefined) ?? '';

export function DispatchMap(props: { points: MapPoint[]; center: [number, number] }) {
  const { t } = useI18n();
  const element = useRef<HTMLElement>(null);
  const map = useRef<L.Map | null>(null);
  const layer = useRef<L.LayerGroup | null>(null);

  const fitted = useRef(false);
  const firstCenter = useRef(props.center);
  const latestPoints = useRef(props.points);
  latestPoints.current = props.points;

  /**
   * Frames the points once; after that the dispatcher's own zoom and pan are kept across
   * refreshes. Not while the map is hidden (a phone shows the list first): a map of no size
   * frames nothing, so it waits to be shown.
   */
  const frame = useCallback(() => {
    const current = map.current;
    const points = latestPoints.current;
    if (!current || fitted.current || points.length < 2) return;
    if (!element.current?.clientWidth || !element.current.clientHeight) return;
    fitted.current = true;
    current.fitBounds(L.latLngBounds(points.map((p) => [p.lat, p.lng] as [number, number])), {
      padding: [30, 30],
      maxZoom: 15,
    });
  }, []);

  useEffect(() => {
    if (!element.current || map.current) return;
    const created = L.map(element.current, {
      zoomControl: true,
      attributionControl: !!tileUrl,
    }).setView(firstCenter.current, 12);
    if (tileUrl)
      L.tileLayer(tileUrl, {
        attribution: tileAttribution,
        maxZoom: 19,
        // Tile servers that check the Referer (keys bound to a site) need to see our origin.
        referrerPolicy: 'strict-origin-when-cross-origin',
      }).addTo(created);
    layer.current = L.layerGroup().addTo(created);
    map.current = created;
    // Shown, hidden or resized (the phone's map/list toggle, a rotated phone): Leaflet measures
    // its box again, and frames the points if it could not while hidden.
    const resized = new ResizeObserver(() => {
      created.invalidateSize();
      frame();
    });
    resized.observe(element.current);
    return () => {
      resized.disconnect();
      created.remove();
      map.current = null;
    };
  }, [frame]);

  // The pickup point arrives after the first render: move there, unless points already framed.
  useEffect(() => {
    if (!fitted.current) map.current?.setView(props.center, map.current.getZoom());
  }, [props.center]);

  useEffect(() => {
    const group = layer.current;
    if (!group || !map.current) return;
    group.clearLayers();
    for (const point of props.points) {
      L.circleMarker([point.lat, point.lng], {
        radius: point.kind.startsWith('courier') ? 8 : 6,
        color: 'white',
        weight: 2,
        fillColor: colours[point.kind],
        fillOpacity: 0.95,
      })
        .bindTooltip(point.label)
        .addTo(group);
    }
    frame();
  }, [props.points, frame]);

  return (
    <section
      ref={element}
      data-testid="dispatch-map"
      aria-label={t('layout.map')}
      // `isolate`: Leaflet's panes and controls carry z-indexes of 400 to 1000; kept inside the
      // map's own stacking context, they never draw over a dialog (z-50) or the phone's bars.
      className="isolate h-full min-h-80 w-full rounded-lg border border-slate-200"
      style={
        tileUrl
          ? undefined
          : {
              backgroundColor: '#f1f5f9',
              backgroundImage:
                'linear-gradient(#e2e8f0 1px, transparent 1px), linear-gradient(90deg, #e2e8f0 1px, transparent 1px)',
              backgroundSize: '40px 40px',
            }
      }
    />
  );
}
