// The customer's tracking page (`/t/<token>`): its links (for notifications), what it shows, and
// what it hears live. apps/server renders and serves it.
export {
  issueTrackingLink,
  orderTrackingToken,
  TRACKING_PREFIX,
  TRACKING_TOKEN_PATTERN,
  trackingPath,
  trackingTokenHash,
  trackingUrl,
} from './link';
export { type TrackingUpdate, trackingUpdateOf, trackingUpdates } from './updates';
export {
  type CoarsePosition,
  coarsen,
  coarsePosition,
  haversineMetres,
  linkExpiresAt,
  POSITION_GRID_M,
  type Point,
  ROAD_FACTOR,
  type TrackingView,
  trackingView,
  URBAN_SPEED_KMH,
} from './view';
