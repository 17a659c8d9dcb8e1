// The business's profile and settings as its admins change them: merged under a row lock, checked
// against the settings schema, audited.
import type { Db } from '@flux/db';
import {
  type BusinessRow,
  lockBusinessSettings,
  updateBusiness,
} from '@flux/db/queries/business-settings';
import { businessSettingsSchema } from '@flux/db/schema';
import type { z } from 'zod';
import { forgetBusinessHere } from '../auth/auth-cache';
import { type Actor, writeAudit } from '../lib/audit';
import { notFound } from '../lib/errors';

type Settings = z.infer<typeof businessSettingsSchema>;

/** A patch of the settings: any key, the dispatch rules key by key. */
export type SettingsPatch = Partial<Omit<Settings, 'dispatch'>> & {
  dispatch?: Partial<Settings['dispatch']> | undefined;
};

export async function updateBusinessProfile(
  db: Db,
  actor: Actor,
  params: {
    businessId: string;
    profile: Partial<Pick<BusinessRow, 'name' | 'timezone' | 'locale'>>;
    settings?: SettingsPatch | undefined;
  },
): Promise<BusinessRow> {
  const { businessId, profile, settings: patch } = params;
  const result = await db.transaction(async (tx) => {
    // Merge into the settings as they are now, under a row lock: two admins changing
    // different keys at once both keep their change.
    const current = await lockBusinessSettings(tx, { businessId });
    if (!current) throw notFound('Business');
    const settings = patch
      ? businessSettingsSchema.parse({
          ...current,
          ...patch,
          dispatch: { ...current.dispatch, ...patch.dispatch },
        })
      : current;
    const updated = await updateBusiness(tx, { businessId, set: { ...profile, settings } });
    if (!updated) throw notFound('Business');
    await writeAudit(tx, actor, {
      businessId,
      action: 'business.update',
      entityType: 'business',
      entityId: businessId,
      changes: { ...profile, ...(patch ? { settings: patch } : {}) },
    });
    return updated;
  });
  // This process forgets at once; the others hear the trigger (auth/auth-cache.ts).
  forgetBusinessHere(businessId);
  return result;
}
