// Colours for the sun: dark text on white, saturated actions, nothing under 4.5:1 contrast.
export const colors = {
  bg: '#F3F4F6',
  card: '#FFFFFF',
  text: '#0B0F19',
  muted: '#374151',
  border: '#D1D5DB',
  primary: '#0B6E4F',
  primaryText: '#FFFFFF',
  accent: '#1D4ED8',
  warn: '#92400E',
  warnBg: '#FEF3C7',
  danger: '#B91C1C',
  dangerBg: '#FEE2E2',
  offer: '#C2410C',
  ok: '#166534',
  okBg: '#DCFCE7',
};

/** The smallest touch target: 56 px, a thumb on a moving motorbike. */
export const TOUCH = 56;
