// The analytics procedures on the real database: revenue (booked and collected), orders by status,
// first response, AI acceptance, delivery durations, the summary, and bad input. Over 400 lines on
// purpose: the cases share one test app (its database copy); a second file would pay that setup
// again, and the suite runs near its CI time limit.
import { schema } from '@flux/db';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../testing';
import { analysisOutput } from '../testing/analysis';

const app = useTestApp();
let phones = 0;

type OrderStatus = (typeof schema.orderStatusEnum.enumValues)[number];
type DeliveryStatus = (typeof schema.deliveryStatusEnum.enumValues)[number];
type ReviewState = (typeof schema.aiReviewStateEnum.enumValues)[number];

/** A shop in Niamey (UTC+1 all year, XOF) and rows inserted at the times a test chooses. */
async function shop(timezone = 'Africa/Niamey') {
  const owner = await app.signUp();
  await owner.caller.business.update({ timezone });
  const { db } = app.services;
  const businessId = owner.businessId;
  let orderNumber = 0;

  const prospect = async () => {
    phones += 1;
    const [row] = await db
      .insert(schema.prospects)
      .values({ businessId, phone: `+2217744${String(phones).padStart(5, '0')}` })
      .returning({ id: schema.prospects.id });
    return row?.id ?? '';
  };
  const prospectId = await prospect();
  const courier = async (status: 'available' | 'busy' | 'offline', active = true) => {
    phones += 1;
    const [row] = await db
      .insert(schema.couriers)
      .values({
        businessId,
        name: `Rider ${phones}`,
        phone: `+2217743${String(phones).padStart(5, '0')}`,
        vehicle: 'motorbike',
        status,
        active,
      })
      .returning({ id: schema.couriers.id });
    return row?.id ?? '';
  };
  const riderId = await courier('offline');

  const order = async (at: string | Date, total: number, status: OrderStatus = 'confirmed') => {
    orderNumber += 1;
    const [row] = await db
      .insert(schema.orders)
      .values({
        businessId,
        number: orderNumber,
        prospectId,
        status,
        subtotal: total,
        deliveryFee: 0,
        total,
        currency: 'XOF',
        createdAt: new Date(at),
      })
      .returning({ id: schema.orders.id });
    return row?.id ?? '';
  };

  /** A conversation of its own prospect, with its messages at the given times. */
  const conversation = async (
    thread: {
      at: string;
      from: 'customer' | 'user' | 'ai' | 'system';
      failed?: boolean;
    }[],
    fields: { status?: 'open' | 'pending' | 'closed'; unreadCount?: number } = {},
  ) => {
    const [row] = await db
      .insert(schema.conversations)
      .values({ businessId, prospectId: await prospect(), channel: 'whatsapp', ...fields })
      .returning({ id: schema.conversations.id });
    const conversationId = row?.id ?? '';
    if (thread.length > 0)
      await db.insert(schema.messages).values(
        thread.map((m) => ({
          businessId,
          conversationId,
          direction: m.from === 'customer' ? ('in' as const) : ('out' as const),
          externalId: m.from === 'customer' ? `wamid.analytics-${phones}-${m.at}` : null,
          type: 'text' as const,
          body: 'Bonjour',
          status:
            m.from === 'customer'
              ? ('received' as const)
              : m.failed
                ? ('failed' as const)
                : ('sent' as const),
          authorType: m.from,
          createdAt: new Date(m.at),
        })),
      );
    return conversationId;
  };

  return {
    owner,
    order,
    courier,
    conversation,

    /** A delivery of a new order of its own, with the step times given. */
    async delivery(
      status: DeliveryStatus,
      times: { created: string | Date; pickedUp?: string; delivered?: string; failed?: string },
    ) {
      const orderId = await order(times.created, 1_000, 'ready');
      const assigned = ['offered', 'accepted', 'picked_up', 'delivered'].includes(status);
      await db.insert(schema.deliveries).values({
        businessId,
        orderId,
        status,
        courierId: assigned ? riderId : null,
        createdAt: new Date(times.created),
        pickedUpAt: times.pickedUp ? new Date(times.pickedUp) : null,
        deliveredAt: times.delivered ? new Date(times.delivered) : null,
        failedAt: times.failed ? new Date(times.failed) : null,
      });
    },

    /** An AI analysis (with its reply draft) made at `at`, reviewed or not. */
    async draft(at: string, reviewState: ReviewState) {
      const conversationId = await conversation([]);
      await db.insert(schema.aiInsights).values({
        businessId,
        conversationId,
        kind: 'analysis',
        model: 'local-rules-v1',
        output: analysisOutput({ intent: 'greeting', replyDraft: 'Bonjour !' }),
        confidence: 0.9,
        reviewState,
        createdAt: new Date(at),
      });
    },
  };
}

/** Tuesday 14 to Thursday 16 January 2025, Niamey's days (UTC+1): 13 Jan 23:00Z → 16 Jan 23:00Z. */
const niameyDays = {
  from: new Date('2025-01-13T23:00:00Z'),
  to: new Date('2025-01-16T23:00:00Z'),
};

async function salesShop(timezone?: string) {
  const s = await shop(timezone);
  await s.order('2025-01-14T10:00:00Z', 10_000, 'confirmed');
  // 23:30 UTC is 00:30 the next day in Niamey.
  await s.order('2025-01-14T23:30:00Z', 5_000, 'delivered');
  await s.order('2025-01-15T12:00:00Z', 99_999, 'draft');
  await s.order('2025-01-15T13:00:00Z', 88_888, 'cancelled');
  await s.order('2025-01-15T14:00:00Z', 2_500, 'failed');
  // Just outside: 23:30 on the 13th in Niamey, and the first instant after the period.
  await s.order('2025-01-13T22:30:00Z', 7_000, 'confirmed');
  await s.order('2025-01-16T23:00:00Z', 6_000, 'confirmed');
  return s;
}

describe('analytics.revenue', () => {
  it('counts sales per day of the business’s calendar, empty days included, drafts and cancelled orders left out', async () => {
    const { owner } = await salesShop();
    const other = await shop();
    await other.order('2025-01-14T10:00:00Z', 1_000_000, 'confirmed');

    const revenue = await owner.caller.analytics.revenue({ ...niameyDays, bucket: 'day' });
    expect(revenue.currency).toBe('XOF');
    expect(revenue.timezone).toBe('Africa/Niamey');
    expect(
      revenue.buckets.map((b) => [b.date, b.startsAt.toISOString(), b.orders, b.revenue.minor]),
    ).toEqual([
      ['2025-01-14', '2025-01-13T23:00:00.000Z', 1, 10_000],
      ['2025-01-15', '2025-01-14T23:00:00.000Z', 2, 7_500],
      ['2025-01-16', '2025-01-15T23:00:00.000Z', 0, 0],
    ]);
    expect(revenue.totals.orders).toBe(3);
    expect(revenue.totals.revenue).toMatchObject({ minor: 17_500, currency: 'XOF' });

    // The other shop sees its own order only.
    const theirs = await other.owner.caller.analytics.revenue(niameyDays);
    expect(theirs.totals).toMatchObject({ orders: 1, revenue: { minor: 1_000_000 } });
  });

  it('weeks start on Monday, local time', async () => {
    const { owner } = await salesShop();
    const weekly = await owner.caller.analytics.revenue({ ...niameyDays, bucket: 'week' });
    expect(weekly.buckets.map((b) => [b.date, b.startsAt.toISOString(), b.orders])).toEqual([
      ['2025-01-13', '2025-01-12T23:00:00.000Z', 3],
    ]);
    expect(weekly.totals.revenue.minor).toBe(17_500);
  });

  it('the same orders in a UTC business: the 23:30 order stays on its UTC day', async () => {
    const { owner } = await salesShop('UTC');
    const revenue = await owner.caller.analytics.revenue(niameyDays);
    expect(revenue.buckets.map((b) => [b.date, b.orders, b.revenue.minor])).toEqual([
      ['2025-01-13', 0, 0],
      ['2025-01-14', 2, 15_000],
      ['2025-01-15', 1, 2_500],
      ['2025-01-16', 0, 0],
    ]);
  });
});

describe('analytics.revenue, booked and collected', () => {
  it('says what was booked (orders taken, paid or not) apart from what was collected', async () => {
    const { owner } = await salesShop();
    // The delivered cash-on-delivery order was paid at the door; the confirmed one is not yet.
    await app.services.db
      .update(schema.orders)
      .set({ paymentStatus: 'paid' })
      .where(and(eq(schema.orders.businessId, owner.businessId), eq(schema.orders.total, 5_000)));
    const revenue = await owner.caller.analytics.revenue({ ...niameyDays, bucket: 'day' });
    expect(revenue.buckets.map((b) => [b.date, b.revenue.minor, b.collected.minor])).toEqual([
      ['2025-01-14', 10_000, 0],
      ['2025-01-15', 7_500, 5_000],
      ['2025-01-16', 0, 0],
    ]);
    expect(revenue.totals.revenue.minor).toBe(17_500);
    expect(revenue.totals.collected).toMatchObject({ minor: 5_000, currency: 'XOF' });
  });
});

describe('analytics.ordersByStatus', () => {
  it('every status with its count among the orders created in the period', async () => {
    const { owner } = await salesShop();
    const other = await shop();
    await other.order('2025-01-14T10:00:00Z', 1_000, 'confirmed');
    const result = await owner.caller.analytics.ordersByStatus(niameyDays);
    expect(result.total).toBe(5);
    expect(Object.fromEntries(result.statuses.map((s) => [s.status, s.count]))).toEqual({
      draft: 1,
      pending: 0,
      confirmed: 1,
      preparing: 0,
      ready: 0,
      out_for_delivery: 0,
      delivered: 1,
      cancelled: 1,
      failed: 1,
      returned: 0,
    });
  });
});

describe('analytics.firstResponse', () => {
  const day = { from: new Date('2025-01-14T00:00:00Z'), to: new Date('2025-01-15T00:00:00Z') };
  const at = (time: string) => `2025-01-14T${time}Z`;

  it('median and p90 from the customer’s first message to the first answer by a person or the AI', async () => {
    const s = await shop();
    // 120 s: the system note does not answer; the customer's second message changes nothing.
    await s.conversation([
      { at: at('09:00:00'), from: 'customer' },
      { at: at('09:00:30'), from: 'system' },
      { at: at('09:01:00'), from: 'customer' },
      { at: at('09:02:00'), from: 'user' },
    ]);
    // 30 s, by the AI.
    await s.conversation([
      { at: at('10:00:00'), from: 'customer' },
      { at: at('10:00:30'), from: 'ai' },
    ]);
    // 600 s: a send that failed did not answer.
    await s.conversation([
      { at: at('11:00:00'), from: 'customer' },
      { at: at('11:01:00'), from: 'user', failed: true },
      { at: at('11:10:00'), from: 'user' },
    ]);
    // Unanswered.
    await s.conversation([{ at: at('12:00:00'), from: 'customer' }]);
    // 300 s: the template sent before the customer wrote is not an answer.
    await s.conversation([
      { at: at('07:00:00'), from: 'user' },
      { at: at('13:00:00'), from: 'customer' },
      { at: at('13:05:00'), from: 'user' },
    ]);
    // The customer first wrote the day before: not in this period.
    await s.conversation([
      { at: '2025-01-13T20:00:00Z', from: 'customer' },
      { at: at('08:00:00'), from: 'customer' },
      { at: at('08:05:00'), from: 'user' },
    ]);
    const other = await shop();
    await other.conversation([
      { at: at('09:00:00'), from: 'customer' },
      { at: at('09:00:01'), from: 'user' },
    ]);

    expect(await s.owner.caller.analytics.firstResponse(day)).toEqual({
      conversations: 5,
      answered: 4,
      unanswered: 1,
      // Answers after 30, 120, 300 and 600 s.
      medianSeconds: 210,
      p90Seconds: 510,
    });
    expect(await other.owner.caller.analytics.firstResponse(day)).toMatchObject({
      conversations: 1,
      medianSeconds: 1,
    });
  });

  it('nothing in the period: zero conversations and no times', async () => {
    const s = await shop();
    expect(await s.owner.caller.analytics.firstResponse(day)).toEqual({
      conversations: 0,
      answered: 0,
      unanswered: 0,
      medianSeconds: null,
      p90Seconds: null,
    });
  });
});

describe('analytics.aiAcceptance', () => {
  it('accepted, edited and rejected drafts of the period; edited ones count as used', async () => {
    const s = await shop();
    for (const state of ['accepted', 'accepted', 'accepted', 'edited', 'rejected', 'rejected'])
      await s.draft('2025-01-14T10:00:00Z', state as ReviewState);
    await s.draft('2025-01-14T11:00:00Z', 'pending');
    await s.draft('2025-01-14T11:00:00Z', 'not_applicable');
    await s.draft('2025-01-20T11:00:00Z', 'accepted');
    const other = await shop();
    await other.draft('2025-01-14T10:00:00Z', 'rejected');

    const result = await s.owner.caller.analytics.aiAcceptance(niameyDays);
    expect(result).toEqual({
      accepted: 3,
      edited: 1,
      rejected: 2,
      reviewed: 6,
      acceptanceRate: 4 / 6,
    });
  });
});

describe('analytics.deliveryDurations', () => {
  it('median and p90 minutes, from creation and from pick-up, of the period’s delivered deliveries', async () => {
    const s = await shop();
    const at = (time: string) => `2025-01-14T${time}:00Z`;
    await s.delivery('delivered', {
      created: at('10:00'),
      pickedUp: at('10:20'),
      delivered: at('10:50'),
    });
    await s.delivery('delivered', {
      created: at('11:00'),
      pickedUp: at('11:05'),
      delivered: at('11:25'),
    });
    await s.delivery('delivered', {
      created: at('12:00'),
      pickedUp: at('12:30'),
      delivered: at('13:40'),
    });
    await s.delivery('failed', { created: at('14:00'), failed: at('15:00') });
    await s.delivery('picked_up', { created: at('15:00'), pickedUp: at('15:10') });
    await s.delivery('delivered', {
      created: '2025-01-10T10:00:00Z',
      pickedUp: '2025-01-10T10:10:00Z',
      delivered: '2025-01-10T10:15:00Z',
    });
    const other = await shop();
    await other.delivery('delivered', {
      created: at('10:00'),
      pickedUp: at('10:01'),
      delivered: at('10:02'),
    });

    expect(await s.owner.caller.analytics.deliveryDurations(niameyDays)).toEqual({
      delivered: 3,
      failed: 1,
      // 25, 50 and 100 minutes from creation; 20, 30 and 70 from pick-up.
      totalMinutes: { median: 50, p90: 90 },
      rideMinutes: { median: 30, p90: 62 },
    });
    expect(await other.owner.caller.analytics.deliveryDurations(niameyDays)).toMatchObject({
      delivered: 1,
      totalMinutes: { median: 2 },
    });
  });
});

describe('analytics.summary', () => {
  async function busyShop() {
    const s = await shop();
    await s.conversation([], { status: 'open', unreadCount: 2 });
    await s.conversation([], { status: 'open', unreadCount: 0 });
    await s.conversation([], { status: 'pending', unreadCount: 1 });
    await s.conversation([], { status: 'closed', unreadCount: 0 });
    await s.order(new Date(), 5_000, 'pending');
    await s.order(new Date(), 5_000, 'draft');
    await s.order(new Date(Date.now() - 3 * 86_400_000), 5_000, 'confirmed');
    const earlier = new Date(Date.now() - 3 * 86_400_000);
    for (const status of ['pending', 'offered', 'picked_up', 'delivered', 'failed'] as const)
      await s.delivery(status, { created: earlier });
    await s.courier('available');
    await s.courier('available', false);
    await s.courier('busy');
    return s;
  }

  it('the header’s counters, now, for this business only', async () => {
    const s = await busyShop();
    await busyShop();
    const agent = await app.signUp();
    await app.join(s.owner, agent, 'agent');
    const expected = {
      openConversations: 2,
      unreadConversations: 2,
      // The pending order: a draft is not a sale yet.
      ordersToday: 1,
      deliveriesInProgress: 3,
      couriersAvailable: 1,
    };
    expect(await s.owner.caller.analytics.summary()).toEqual(expected);
    expect(await (await app.as(agent.token)).analytics.summary()).toEqual(expected);
  });
});

describe('bad input', () => {
  it('from after to, an empty period, more than 366 days or an unknown bucket: BAD_REQUEST', async () => {
    const { owner } = await shop();
    const from = new Date('2025-01-14T00:00:00Z');
    const day = 86_400_000;
    for (const to of [
      new Date(from.getTime() - day),
      from,
      new Date(from.getTime() + 366 * day + 1),
    ]) {
      await expect(owner.caller.analytics.revenue({ from, to })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
      await expect(owner.caller.analytics.firstResponse({ from, to })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
    }
    await expect(
      owner.caller.analytics.revenue({
        from,
        to: new Date(from.getTime() + day),
        bucket: 'month' as 'day',
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    // A whole leap year is allowed.
    const year = await owner.caller.analytics.revenue({
      from: new Date('2024-01-01T00:00:00Z'),
      to: new Date('2025-01-01T00:00:00Z'),
      bucket: 'week',
    });
    expect(year.buckets.length).toBe(53);
  });
});
