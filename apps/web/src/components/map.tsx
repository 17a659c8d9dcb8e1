// Couriers and drop-offs on a Leaflet map. Tiles come from VITE_MAP_TILE_URL (e.g. an OSM tile
// server of yours); without one the map still works: points on a plain grid, with zoom and pan.
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef } from 'react';

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
  const element = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layer = useRef<L.LayerGroup | null>(null);

  const fitted = useRef(false);
  const firstCenter = useRef(props.center);

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
    return () => {
      created.remove();
      map.current = null;
    };
  }, []);

  // The pickup point arrives after the first render: move there, unless points already framed.
  useEffect(() => {
    if (!fitted.current) map.current?.setView(props.center, map.current.getZoom());
  }, [props.center]);

  useEffect(() => {
    const group = layer.current;
    const current = map.current;
    if (!group || !current) return;
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
    // Framed once; after that the dispatcher's own zoom and pan are kept across refreshes.
    if (props.points.length > 1 && !fitted.current) {
      fitted.current = true;
      current.fitBounds(
        L.latLngBounds(props.points.map((p) => [p.lat, p.lng] as [number, number])),
        {
          padding: [30, 30],
          maxZoom: 15,
        },
      );
    }
  }, [props.points]);

  return (
    <div
      ref={element}
      data-testid="dispatch-map"
      className="h-full min-h-80 w-full rounded-lg border border-slate-200"
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
