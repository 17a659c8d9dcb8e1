// The tenant table and the typed shape of its `settings` column.
//
// Every table's `business_id` points here (_tenant.ts imports this file), so it imports no
// table file: that would close an import circle.

import { notificationPreferencesSchema } from '@flux/contracts';
import { sql } from 'drizzle-orm';
import { char, check, integer, jsonb, pgTable, text, varchar } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { isOneOf } from './_checks';
import { id, timestamps } from './_columns';
import { type Currency, currencies, locales } from './enums';

export const businessSettingsSchema = z.object({
  /** Run the AI analysis on incoming conversations and emails. */
  aiEnabled: z.boolean(),
  /** Send the AI reply draft without a human when confident enough and the 24 h window is open. */
  autoReply: z.boolean(),
  autoReplyMinConfidence: z.number().min(0).max(1),
  /** Default delivery fee in the business currency's minor units. */
  deliveryFee: z.number().int().min(0),
  /** Where couriers pick orders up; null until the merchant sets it. */
  pickup: z
    .object({
      address: z.string(),
      lat: z.number().min(-90).max(90),
      lng: z.number().min(-180).max(180),
    })
    .nullable(),
  dispatch: z.object({
    /** How long a courier has to accept an offer before it goes to the next one. */
    offerTtlSeconds: z.number().int().positive(),
    maxRadiusKm: z.number().positive(),
    /** Offers made before the delivery is flagged for a dispatcher. */
    maxRounds: z.number().int().positive(),
    /**
     * A courier may prove a delivery with a photo instead of the customer's code. Off by default:
     * the code is the merchant's proof that the customer got the parcel (and paid); a photo of a
     * door proves neither. Shops whose parcels are often left with a guard or a neighbour turn it
     * on. Absent in settings written before it existed: off.
     */
    photoProofAllowed: z.boolean().optional(),
  }),
  /**
   * Who is notified of what, on which channels, and quiet hours. Absent in settings written
   * before it existed: `notificationPreferencesOf` (contracts) applies the defaults on read.
   */
  notifications: notificationPreferencesSchema.optional(),
});
export type BusinessSettings = z.infer<typeof businessSettingsSchema>;

export const defaultBusinessSettings: BusinessSettings = {
  aiEnabled: true,
  autoReply: false,
  autoReplyMinConfidence: 0.85,
  deliveryFee: 0,
  pickup: null,
  dispatch: { offerTtlSeconds: 45, maxRadiusKm: 10, maxRounds: 5, photoProofAllowed: false },
};

export const businesses = pgTable(
  'businesses',
  {
    id: id(),
    name: text('name').notNull(),
    slug: text('slug').notNull().unique('businesses_slug_unique'),
    /** ISO 3166-1 alpha-2, upper case. */
    country: char('country', { length: 2 }).notNull(),
    currency: varchar('currency', { length: 3, enum: currencies }).$type<Currency>().notNull(),
    timezone: text('timezone').notNull().default('Africa/Dakar'),
    locale: text('locale', { enum: locales }).notNull().default('fr'),
    settings: jsonb('settings')
      .$type<BusinessSettings>()
      .notNull()
      .default(defaultBusinessSettings),
    /** Last order number handed out; the order transaction takes the next one with UPDATE … RETURNING. */
    orderCounter: integer('order_counter').notNull().default(0),
    ...timestamps,
  },
  (t) => [
    check('businesses_country_iso', sql`${t.country} ~ '^[A-Z]{2}$'`),
    check('businesses_currency_known', isOneOf(t.currency, currencies)),
    check('businesses_locale_known', isOneOf(t.locale, locales)),
    check('businesses_order_counter_non_negative', sql`${t.orderCounter} >= 0`),
  ],
);

export type Business = typeof businesses.$inferSelect;
export type NewBusiness = typeof businesses.$inferInsert;
