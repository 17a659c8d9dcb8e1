// Accounts: sign-up builds user + business + owner membership + trial in one transaction.
import type { Database } from '@flux/db';
import { burnPasswordCheck, hashPassword, verifyPassword } from '@flux/db/password';
import {
  courierUserByPhone,
  insertBusinessWithOwner,
  insertUser,
  lastJoinedBusinessOf,
  userByEmail,
} from '@flux/db/queries/accounts';
import { defaultBusinessSettings } from '@flux/db/schema';
import { createSession, generateSessionToken, type SessionKind } from '../auth/session';
import { type Actor, writeAudit } from '../lib/audit';
import { pgErrorCode, refuse } from '../lib/errors';
import { type CountryCode, countries, slugify } from '../lib/regions';
import { acceptInvitationLink } from './invitations';

const TRIAL_DAYS = 14;
export const trialLimits = { messagesLimit: 2_000, aiCallsLimit: 500, couriersLimit: 5 };

export interface SignUpInput {
  email: string;
  password: string;
  name: string;
  /** Required unless `invitation` is given: then the user joins that business instead. */
  businessName?: string | undefined;
  /** The token of an invitation link for this email. */
  invitation?: string | undefined;
  country: CountryCode;
  locale: 'fr' | 'en';
  phone?: string | undefined;
}

export interface SessionGrant {
  token: string;
  expiresAt: Date;
  userId: string;
  businessId: string | null;
}

export async function signUp(
  db: Database,
  input: SignUpInput,
  client: { kind: SessionKind; ttlDays: number; ip: string | null; userAgent: string | null },
): Promise<SessionGrant> {
  // Hashing takes tens of milliseconds: do it before the transaction holds any lock.
  const passwordHash = await hashPassword(input.password);
  const region = countries[input.country];
  const token = generateSessionToken();
  try {
    return await db.transaction(async (tx) => {
      const user = await insertUser(tx, {
        email: input.email,
        passwordHash,
        name: input.name,
        phone: input.phone ?? null,
        locale: input.locale,
      });
      const actor: Actor = { userId: user.id, label: user.email, ...client };
      if (input.invitation) {
        // Invited: the account joins that business (and creates none), in this transaction, so a
        // link for another email leaves no account behind.
        const session = await createSession(tx, token, {
          userId: user.id,
          kind: client.kind,
          ttlDays: client.ttlDays,
          ip: client.ip,
          userAgent: client.userAgent,
        });
        const joined = await acceptInvitationLink(tx, actor, {
          token: input.invitation,
          userId: user.id,
          email: user.email,
          sessionId: session.id,
        });
        await writeAudit(tx, actor, {
          businessId: joined.businessId,
          action: 'auth.sign_up',
          entityType: 'user',
          entityId: user.id,
          changes: { invited: true, role: joined.role },
        });
        return {
          token,
          expiresAt: session.expiresAt,
          userId: user.id,
          businessId: joined.businessId,
        };
      }
      if (!input.businessName) {
        throw refuse('account.shop_name_required', 'Name your shop', undefined, {
          field: 'businessName',
        });
      }
      const suffix = crypto.randomUUID().slice(0, 6);
      const business = await insertBusinessWithOwner(tx, {
        business: {
          name: input.businessName,
          slug: `${slugify(input.businessName) || 'boutique'}-${suffix}`,
          country: input.country,
          currency: region.currency,
          timezone: region.timezone,
          locale: input.locale,
          settings: defaultBusinessSettings,
        },
        ownerId: user.id,
        subscription: {
          plan: 'trial',
          status: 'trialing',
          currentPeriodEnd: new Date(Date.now() + TRIAL_DAYS * 24 * 60 * 60 * 1000),
          ...trialLimits,
        },
      });
      const session = await createSession(tx, token, {
        userId: user.id,
        kind: client.kind,
        ttlDays: client.ttlDays,
        businessId: business.id,
        ip: client.ip,
        userAgent: client.userAgent,
      });
      await writeAudit(tx, actor, {
        businessId: business.id,
        action: 'auth.sign_up',
        entityType: 'business',
        entityId: business.id,
        changes: { businessName: business.name, country: business.country },
      });
      return { token, expiresAt: session.expiresAt, userId: user.id, businessId: business.id };
    });
  } catch (error) {
    const constraint = (error as { cause?: { constraint?: string } }).cause?.constraint;
    if (pgErrorCode(error) === '23505' && constraint?.startsWith('users_email')) {
      throw refuse('auth.email_taken', 'An account already uses this email. Sign in instead.');
    }
    throw error;
  }
}

/**
 * Signs in by email, or by phone for a courier (`phone` in E.164: lookup in
 * courierUserByPhone). An unknown email or number costs the same password check as a known one
 * and answers the same words, so neither the answer nor its time tells who has an account.
 */
export async function signIn(
  db: Database,
  input: { email: string; password: string } | { phone: string; password: string },
  client: { kind: SessionKind; ttlDays: number; ip: string | null; userAgent: string | null },
): Promise<SessionGrant> {
  const byPhone = 'phone' in input;
  const user = byPhone
    ? await courierUserByPhone(db, { phone: input.phone })
    : await userByEmail(db, { email: input.email });
  const valid = user
    ? await verifyPassword(user.passwordHash, input.password)
    : await burnPasswordCheck(input.password);
  if (!user || !valid) {
    await writeAudit(
      db,
      {
        userId: user?.id ?? null,
        label: byPhone ? input.phone : input.email,
        ip: client.ip,
        userAgent: client.userAgent,
      },
      { businessId: null, action: 'auth.sign_in_failed' },
    );
    throw refuse(
      'auth.wrong_credentials',
      byPhone ? 'Wrong phone number or password' : 'Wrong email or password',
    );
  }
  const businessId = await lastJoinedBusinessOf(db, { userId: user.id });
  const token = generateSessionToken();
  return db.transaction(async (tx) => {
    const session = await createSession(tx, token, {
      userId: user.id,
      kind: client.kind,
      ttlDays: client.ttlDays,
      businessId: businessId ?? null,
      ip: client.ip,
      userAgent: client.userAgent,
    });
    await writeAudit(
      tx,
      { userId: user.id, label: user.email, ip: client.ip, userAgent: client.userAgent },
      { businessId: null, action: 'auth.sign_in', changes: { kind: client.kind } },
    );
    return {
      token,
      expiresAt: session.expiresAt,
      userId: user.id,
      businessId: session.currentBusinessId,
    };
  });
}
