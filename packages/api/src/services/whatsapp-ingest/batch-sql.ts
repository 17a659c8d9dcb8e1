// Helpers of the ingest's batches: chunking (for the statements that take a list of ids), the
// conversions every part of a batch needs (Meta's timestamps, wa_id → E.164), grouping by event.

/** Ids per `IN (...)` list and rows per `values (...)`: far below PostgreSQL's 65,535 parameters. */
const CHUNK = 500;

export function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

export const toDate = (unixSeconds: string) => {
  const at = new Date(Number(unixSeconds) * 1000);
  if (Number.isNaN(at.getTime())) throw new Error(`invalid timestamp ${unixSeconds}`);
  return at;
};

/** wa_id is the international number without '+'; E.164 when it looks like one. */
export function phoneOf(waId: string): string | null {
  const phone = `+${waId.replace(/\D/g, '')}`;
  return /^\+[1-9][0-9]{6,14}$/.test(phone) ? phone : null;
}

/** Items grouped by the event they came from (an event's index in its batch). */
export function byEvent<T extends { eventIndex: number }>(items: T[]): Map<number, T[]> {
  const grouped = new Map<number, T[]>();
  for (const item of items) {
    const group = grouped.get(item.eventIndex);
    if (group) group.push(item);
    else grouped.set(item.eventIndex, [item]);
  }
  return grouped;
}
