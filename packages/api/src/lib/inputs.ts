// Input pieces shared by several routers.
import { z } from 'zod';

export const emailInput = z
  .email({ message: 'Enter a valid email address' })
  .max(254)
  .transform((value) => value.trim().toLowerCase());

export const passwordInput = z
  .string()
  .min(10, 'Use at least 10 characters')
  .max(256, 'Use at most 256 characters');

export const nameInput = z.string().trim().min(1, 'Required').max(120);

export const pageInput = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(100).default(50),
});

/** Opaque keyset cursor over (created_at, id), newest first. */
export const cursor = {
  encode: (createdAt: Date, id: string) =>
    Buffer.from(`${createdAt.toISOString()}|${id}`).toString('base64url'),
  decode(value: string): { createdAt: Date; id: string } | null {
    const [iso, id] = Buffer.from(value, 'base64url').toString('utf8').split('|');
    const createdAt = new Date(iso ?? '');
    if (!id || Number.isNaN(createdAt.getTime())) return null;
    if (!z.uuid().safeParse(id).success) return null;
    return { createdAt, id };
  },
};
