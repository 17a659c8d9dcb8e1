// Conversation labels as the inbox shows them.
import type { schema } from '@flux/db';

export function presentLabel(
  row: Pick<typeof schema.labels.$inferSelect, 'id' | 'name' | 'color'>,
) {
  return { id: row.id, name: row.name, color: row.color };
}
export type LabelView = ReturnType<typeof presentLabel>;

/** Labels as people read them: by name, accents and case aside ("À rappeler" before "VIP"). */
const byName = new Intl.Collator('fr', { sensitivity: 'base' });
export function sortLabels<T extends { name: string }>(labels: T[]): T[] {
  return [...labels].sort((a, b) => byName.compare(a.name, b.name));
}
