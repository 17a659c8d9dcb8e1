// Days picked in date inputs (YYYY-MM-DD) as the instants the API filters on: the day's start in
// the business's timezone (Dakar's day, not the browser's), the end being the next day's start.

/** The instant a local day starts in `timeZone`. */
export function startOfDay(day: string, timeZone: string): Date {
  const [year = 1970, month = 1, date = 1] = day.split('-').map(Number);
  const guess = Date.UTC(year, month - 1, date);
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(guess));
  const get = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((part) => part.type === type)?.value ?? 0);
  // What the zone's clock reads at `guess`, taken as UTC: the difference is the zone's offset.
  const read = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return new Date(guess - (read - guess));
}

/** `{ from, to }` for the API from two optional days, both included. */
export function dayRange(from: string | undefined, to: string | undefined, timeZone: string) {
  const range: { from?: Date; to?: Date } = {};
  if (from) range.from = startOfDay(from, timeZone);
  if (to) {
    const next = new Date(startOfDay(to, timeZone).getTime() + 36 * 3_600_000);
    range.to = startOfDay(next.toISOString().slice(0, 10), timeZone);
  }
  return range;
}
