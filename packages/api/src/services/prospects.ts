// Prospects, the merchant's contacts: one per phone number per business, a small sales funnel
// (new → contacted → qualified → customer, or lost), tags, an assigned member. The rules live
// here, over the SQL of @flux/db/queries/prospects; the router only parses and calls.
// Over 400 lines on purpose: the funnel, its writes and its audit rows read best side by side.
import { type Locale, prospectMoveAllowed } from '@flux/contracts';
import type { Db, schema } from '@flux/db';
import { notesOfProspect } from '@flux/db/queries/conversation-notes';
import {
  insertProspect,
  listProspects as listProspectRows,
  prospectById,
  prospectByPhone,
  prospectTotals,
  prospectWithAssignee,
  recentConversationsOf,
  recentOrdersOf,
  updateProspectRow,
} from '@flux/db/queries/prospects';
import type { JobSender } from '../jobs/sender';
import type { Actor } from '../lib/audit';
import { writeAudit } from '../lib/audit';
import { AppError, notFound, pgErrorCode, refuse } from '../lib/errors';
import { page, positionAfter } from '../lib/pagination';
import { normalizePhone } from '../lib/phone';
import { requireAssignableMember } from './team';
import { emitProspectCreated } from './webhooks/events';

export type Prospect = schema.Prospect;
export type ProspectStatus = schema.ProspectStatus;

/** Who changed a prospect when no person did (an order delivered, an import job). */
export const systemActor: Actor = { userId: null, label: 'system' };

export const PHONE_UNIQUE = 'prospects_business_phone_unique';

// ---------------------------------------------------------------------------------------------
// Values

/** The E.164 form of a phone typed by a person, or a BAD_REQUEST naming the field. */
export function phoneOrThrow(raw: string, country: string): string {
  const phone = normalizePhone(raw, country);
  if (!phone) {
    throw refuse(
      'prospect.phone_invalid',
      `phone: "${raw.slice(0, 40)}" is not a valid phone number (a ${country} number, or one starting with + and its country code)`,
      { country },
      { field: 'phone' },
    );
  }
  return phone;
}

export const TAG_LIMITS = { count: 20, length: 32 } as const;

/** Tags as stored: trimmed, inner spaces collapsed, lower-case, no empty ones, each once, in order. */
export function normalizeTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const tag of tags) {
    const value = tag.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
    if (value) seen.add(value);
  }
  return [...seen];
}

/** Why normalized tags cannot be stored, or null when they can. */
export function tagsProblem(tags: readonly string[]): string | null {
  if (tags.length > TAG_LIMITS.count) return `At most ${TAG_LIMITS.count} tags`;
  const long = tags.find((tag) => tag.length > TAG_LIMITS.length);
  if (long) return `Tag "${long.slice(0, 40)}…" is longer than ${TAG_LIMITS.length} characters`;
  return null;
}

// ---------------------------------------------------------------------------------------------
// Reads

async function lockProspect(tx: Db, businessId: string, id: string): Promise<Prospect> {
  const row = await prospectById(tx, { businessId, prospectId: id, lock: 'update' });
  if (!row) throw notFound('Prospect');
  return row;
}

export async function findProspectByPhone(db: Db, businessId: string, phone: string) {
  return (await prospectByPhone(db, { businessId, phone })) ?? null;
}

function duplicatePhone(phone: string, prospectId: string | undefined): AppError {
  return refuse(
    'prospect.phone_taken',
    `A prospect with the phone ${phone} already exists`,
    { phone },
    prospectId ? { field: 'phone', prospectId } : { field: 'phone' },
  );
}

/**
 * Runs `change` (a transaction that writes `phone` onto a prospect) and turns the unique
 * violation of a concurrent writer into the same CONFLICT, naming the prospect that holds the
 * number, that the non-racing path gives.
 */
export async function withPhoneIdentity<T>(
  db: Db,
  businessId: string,
  phone: string | null | undefined,
  change: () => Promise<T>,
): Promise<T> {
  try {
    return await change();
  } catch (error) {
    if (!phone || pgErrorCode(error) !== '23505' || !mentionsConstraint(error, PHONE_UNIQUE)) {
      throw error;
    }
    const holder = await findProspectByPhone(db, businessId, phone);
    throw duplicatePhone(phone, holder?.id);
  }
}

function mentionsConstraint(error: unknown, name: string): boolean {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    if ((current as { constraint?: unknown }).constraint === name) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

export interface ProspectFilters {
  status?: ProspectStatus | undefined;
  tag?: string | undefined;
  /** A member's id, or null for the prospects nobody is assigned to. */
  assignedUserId?: string | null | undefined;
  q?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** A page of prospects, newest first, over a keyset cursor on (created_at, id). */
export async function listProspects(db: Db, businessId: string, filters: ProspectFilters) {
  const [tag] = filters.tag ? normalizeTags([filters.tag]) : [];
  const rows = await listProspectRows(db, {
    businessId,
    status: filters.status,
    tag,
    assignedUserId: filters.assignedUserId,
    q: filters.q,
    after: positionAfter(filters.cursor, 'date'),
    limit: filters.limit + 1,
  });
  return page(rows, filters.limit, (row) => row.createdAt);
}

export const DETAIL_HISTORY = 10;

/** One prospect with its assignee, its latest conversations and its latest orders (as rows). */
export async function prospectDetail(db: Db, businessId: string, id: string) {
  const row = await prospectWithAssignee(db, { businessId, prospectId: id });
  if (!row) throw notFound('Prospect');
  const history = { businessId, prospectId: id, limit: DETAIL_HISTORY };
  const [recentConversations, recentOrders, totals, notes] = await Promise.all([
    recentConversationsOf(db, history),
    recentOrdersOf(db, history),
    prospectTotals(db, { businessId, prospectId: id }),
    notesOfProspect(db, { businessId, prospectId: id, limit: 50 }),
  ]);
  return {
    prospect: row.prospect,
    // A left join names nobody as a row of nulls.
    assignee: row.assignee?.id ? row.assignee : null,
    conversations: recentConversations,
    orders: recentOrders,
    totals,
    notes,
  };
}

// ---------------------------------------------------------------------------------------------
// Writes (each in its own transaction, audited there; markCustomerOnFirstDelivery in the caller's)

export interface NewProspectInput {
  name?: string | null | undefined;
  /** Already E.164 (phoneOrThrow). */
  phone?: string | null | undefined;
  /** Already lower-case. */
  email?: string | null | undefined;
  tags?: string[] | undefined;
  notes?: string | null | undefined;
  status?: ProspectStatus | undefined;
}

/**
 * Creates a prospect. A second prospect with the same phone is a CONFLICT whose details carry
 * the existing one's id (`{ field: 'phone', prospectId }`), so the dashboard can open it: a
 * create never silently returns someone else's record with different name, email or notes.
 * Race-safe: the insert skips on the (business_id, phone) constraint, and the skipped writer
 * then reads the row the winner committed.
 */
export async function createProspect(
  db: Db,
  jobs: JobSender,
  actor: Actor,
  businessId: string,
  input: NewProspectInput,
): Promise<Prospect> {
  return db.transaction(async (tx) => {
    const phone = input.phone ?? null;
    const email = input.email ?? null;
    if (!phone && !email) {
      throw refuse(
        'prospect.contact_required',
        'A prospect needs a phone or an email',
        {},
        {
          field: 'phone',
        },
      );
    }
    const created = await insertProspect(tx, {
      businessId,
      values: {
        name: input.name || null,
        phone,
        email,
        tags: input.tags ?? [],
        notes: input.notes || null,
        status: input.status ?? 'new',
      },
    });
    if (!created) {
      const holder = phone ? await findProspectByPhone(tx, businessId, phone) : null;
      throw duplicatePhone(phone ?? '', holder?.id);
    }
    await writeAudit(tx, actor, {
      businessId,
      action: 'prospect.create',
      entityType: 'prospect',
      entityId: created.id,
      changes: { name: created.name, phone, email, status: created.status, tags: created.tags },
    });
    await emitProspectCreated(tx, jobs, created);
    return created;
  });
}

export interface ProspectPatch {
  name?: string | null | undefined;
  phone?: string | null | undefined;
  email?: string | null | undefined;
  notes?: string | null | undefined;
  address?: string | null | undefined;
  /** The language the customer is told in; null: the business's. */
  locale?: Locale | null | undefined;
}

/** Changes contact fields; a prospect keeps a phone or an email. Audits what changed, from → to. */
export async function updateProspect(
  db: Db,
  actor: Actor,
  businessId: string,
  id: string,
  patch: ProspectPatch,
): Promise<Prospect> {
  return db.transaction(async (tx) => {
    const current = await lockProspect(tx, businessId, id);
    const next = {
      name: patch.name === undefined ? current.name : patch.name || null,
      phone: patch.phone === undefined ? current.phone : patch.phone,
      email: patch.email === undefined ? current.email : patch.email,
      notes: patch.notes === undefined ? current.notes : patch.notes || null,
      address: patch.address === undefined ? current.address : patch.address || null,
      locale: patch.locale === undefined ? current.locale : patch.locale,
    };
    if (!next.phone && !next.email) {
      throw refuse(
        'prospect.contact_required',
        'A prospect needs a phone or an email',
        {},
        {
          field: patch.phone === null ? 'phone' : 'email',
        },
      );
    }
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const key of Object.keys(next) as (keyof typeof next)[]) {
      if (next[key] !== current[key]) changes[key] = { from: current[key], to: next[key] };
    }
    if (Object.keys(changes).length === 0) return current;
    if (changes.phone && next.phone) {
      const holder = await findProspectByPhone(tx, businessId, next.phone);
      if (holder && holder.id !== id) throw duplicatePhone(next.phone, holder.id);
    }
    const updated = await updateProspectRow(tx, {
      businessId,
      prospectId: id,
      set: next,
    });
    if (!updated) throw notFound('Prospect');
    await writeAudit(tx, actor, {
      businessId,
      action: 'prospect.update',
      entityType: 'prospect',
      entityId: id,
      changes,
    });
    return updated;
  });
}

/**
 * Moves a prospect along the funnel (prospectMoveAllowed, in @flux/contracts). Setting the status it already has
 * changes nothing and writes no audit row; a refused move is a BAD_REQUEST naming both states.
 */
export async function setProspectStatus(
  db: Db,
  actor: Actor,
  businessId: string,
  id: string,
  to: ProspectStatus,
): Promise<Prospect> {
  return db.transaction(async (tx) => {
    const current = await lockProspect(tx, businessId, id);
    if (current.status === to) return current;
    if (!prospectMoveAllowed(current.status, to)) {
      throw refuse(
        'prospect.transition_refused',
        `A prospect cannot go from ${current.status} to ${to}` +
          (current.status === 'lost' ? ' (a lost prospect comes back as contacted)' : ''),
        { from: current.status, to },
      );
    }
    return writeStatus(tx, actor, businessId, current, to);
  });
}

async function writeStatus(
  tx: Db,
  actor: Actor,
  businessId: string,
  current: Prospect,
  to: ProspectStatus,
  reason?: string,
): Promise<Prospect> {
  const updated = await updateProspectRow(tx, {
    businessId,
    prospectId: current.id,
    set: { status: to },
  });
  if (!updated) throw notFound('Prospect');
  await writeAudit(tx, actor, {
    businessId,
    action: 'prospect.status',
    entityType: 'prospect',
    entityId: current.id,
    changes: { from: current.status, to, ...(reason ? { reason } : {}) },
  });
  return updated;
}

/**
 * Called by the orders service, inside its transaction, when an order becomes delivered: the
 * prospect is now a customer, whatever the funnel said (a lost prospect who bought is back).
 * Nothing happens if they already are one. Audited as `prospect.status`, by the system unless
 * the caller names the person who delivered.
 */
export async function markCustomerOnFirstDelivery(
  tx: Db,
  businessId: string,
  prospectId: string,
  actor: Actor = systemActor,
): Promise<{ changed: boolean; prospect: Prospect }> {
  const current = await lockProspect(tx, businessId, prospectId);
  if (current.status === 'customer') return { changed: false, prospect: current };
  const prospect = await writeStatus(tx, actor, businessId, current, 'customer', 'order_delivered');
  return { changed: true, prospect };
}

/**
 * Assigns a prospect to a member of the business, or to nobody (null). The member must have
 * accepted their invitation (anyone else is NOT_FOUND, as a stranger is) and must not be a
 * courier: couriers cannot see prospects, so one cannot follow one up.
 */
export async function assignProspect(
  db: Db,
  actor: Actor,
  businessId: string,
  id: string,
  userId: string | null,
): Promise<Prospect> {
  return db.transaction(async (tx) => {
    const current = await lockProspect(tx, businessId, id);
    if (userId) await requireAssignableMember(tx, businessId, userId, 'a prospect');
    if (current.assignedUserId === userId) return current;
    const updated = await updateProspectRow(tx, {
      businessId,
      prospectId: id,
      set: { assignedUserId: userId },
    });
    if (!updated) throw notFound('Prospect');
    await writeAudit(tx, actor, {
      businessId,
      action: 'prospect.assign',
      entityType: 'prospect',
      entityId: id,
      changes: { from: current.assignedUserId, to: userId },
    });
    return updated;
  });
}

/** Replaces the tags (already normalized and checked by the caller). */
export async function setProspectTags(
  db: Db,
  actor: Actor,
  businessId: string,
  id: string,
  tags: string[],
): Promise<Prospect> {
  return db.transaction(async (tx) => {
    const current = await lockProspect(tx, businessId, id);
    const updated = await updateProspectRow(tx, {
      businessId,
      prospectId: id,
      set: { tags },
    });
    if (!updated) throw notFound('Prospect');
    await writeAudit(tx, actor, {
      businessId,
      action: 'prospect.tags',
      entityType: 'prospect',
      entityId: id,
      changes: { from: current.tags, to: tags },
    });
    return updated;
  });
}

/**
 * The prospect with this phone (already E.164), created or with its contact fields changed: a
 * shop's site or form sending its customers. A concurrent create of the same phone (the CONFLICT
 * createProspect gives) becomes an update of the winner's row. `created` says which.
 * One transaction (the services below run as savepoints in it): the contact fields and the tags
 * change together or not at all.
 */
export async function upsertProspectByPhone(
  db: Db,
  jobs: JobSender,
  actor: Actor,
  businessId: string,
  phone: string,
  fields: {
    name?: string | null | undefined;
    email?: string | null | undefined;
    tags?: string[] | undefined;
  },
): Promise<{ prospect: Prospect; created: boolean }> {
  const tags = fields.tags ? normalizeTags(fields.tags) : undefined;
  const problem = tags ? tagsProblem(tags) : null;
  if (problem) throw refuse('prospect.tags_invalid', problem, undefined, { field: 'tags' });
  return db.transaction(async (tx) => {
    const update = async (id: string) => {
      const { tags: _given, ...contact } = fields;
      let prospect = await updateProspect(tx, actor, businessId, id, contact);
      if (tags !== undefined) prospect = await setProspectTags(tx, actor, businessId, id, tags);
      return { prospect, created: false };
    };
    const existing = await findProspectByPhone(tx, businessId, phone);
    if (existing) return update(existing.id);
    try {
      const prospect = await createProspect(tx, jobs, actor, businessId, {
        ...fields,
        tags,
        phone,
      });
      return { prospect, created: true };
    } catch (error) {
      // The create's savepoint is rolled back; the winner's row is committed and visible here.
      const holder =
        error instanceof AppError && error.code === 'CONFLICT'
          ? error.details?.prospectId
          : undefined;
      if (typeof holder === 'string') return update(holder);
      throw error;
    }
  });
}
