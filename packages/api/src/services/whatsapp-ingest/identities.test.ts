// Ingesting WhatsApp events from customers known by a username (BSUID): prospects found, tied
// to a phone, merged, and changed when Meta says their identifiers changed.
import { schema } from '@flux/db';
import {
  statusReceipt,
  textMessage,
  userChangedNumber,
  userChangedUserId,
  usernameTextMessage,
  webhookPayload,
} from '@flux/integrations';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../testing';
import { ingestTesting } from './ingest-testing';

const app = useTestApp();
const { connectedShop, deliver, messagesOf, prospectsOf, conversationsOf, sentReply } =
  ingestTesting(app);

const BSUID = 'SN.13491208655302741918';

describe('whatsapp.ingest: customers with a username (business-scoped user ids)', () => {
  it('a message with no phone, only a BSUID, becomes a prospect, a conversation and a message; the username is kept', async () => {
    const { owner, phoneNumberId } = await connectedShop();
    // Meta's shape for a username customer whose phone it does not share: no `from`, no `wa_id`.
    const { result } = await deliver(
      webhookPayload({
        phoneNumberId,
        contacts: [{ userId: BSUID, name: 'Awa', username: '@awa_shop' }],
        messages: [usernameTextMessage(BSUID, 'Bonjour, le wax bleu ?')],
      }),
    );
    expect(result).toMatchObject({ status: 'processed', messages: 1 });
    const prospects = await prospectsOf(owner.businessId);
    expect(prospects).toHaveLength(1);
    expect(prospects[0]).toMatchObject({
      phone: null,
      waId: null,
      waUserId: BSUID,
      username: 'awa_shop',
      name: 'Awa',
    });
    const [conversation] = await conversationsOf(owner.businessId);
    expect(conversation).toMatchObject({
      prospectId: prospects[0]?.id,
      status: 'open',
      unreadCount: 1,
    });
    const stored = await messagesOf(owner.businessId);
    expect(stored).toMatchObject([
      { conversationId: conversation?.id, direction: 'in', body: 'Bonjour, le wax bleu ?' },
    ]);
    // The same customer again (BSUID only): the same prospect and conversation.
    await deliver(
      webhookPayload({
        phoneNumberId,
        contacts: [{ userId: BSUID, username: 'awa_shop' }],
        messages: [usernameTextMessage(BSUID, 'Vous êtes là ?')],
      }),
    );
    expect(await prospectsOf(owner.businessId)).toHaveLength(1);
    expect(await conversationsOf(owner.businessId)).toHaveLength(1);
    expect(await messagesOf(owner.businessId)).toHaveLength(2);
  });

  it('receipts naming only recipient_user_id move the reply forward', async () => {
    const { owner, phoneNumberId } = await connectedShop();
    await deliver(
      webhookPayload({
        phoneNumberId,
        contacts: [{ userId: BSUID, username: 'awa_shop' }],
        messages: [usernameTextMessage(BSUID, 'Bonjour')],
      }),
    );
    const [conversation] = await conversationsOf(owner.businessId);
    const reply = await sentReply(owner.businessId, conversation?.id ?? '');
    const { result } = await deliver(
      webhookPayload({
        phoneNumberId,
        // delivered/read carry the recipient's contact (BSUID, username); no phone anywhere.
        contacts: [{ userId: BSUID, username: 'awa_shop' }],
        statuses: [
          statusReceipt(reply, 'delivered', undefined, { recipient_user_id: BSUID }),
          statusReceipt(reply, 'read', undefined, { recipient_user_id: BSUID }),
        ],
      }),
    );
    expect(result).toMatchObject({ status: 'processed', statuses: 2 });
    const [row] = (await messagesOf(owner.businessId)).filter((m) => m.externalId === reply);
    expect(row).toMatchObject({ status: 'read' });
  });

  it('a BSUID first, then the phone with it: one prospect, which now has both', async () => {
    const { owner, phoneNumberId } = await connectedShop();
    await deliver(
      webhookPayload({
        phoneNumberId,
        contacts: [{ userId: BSUID, username: 'awa_shop' }],
        messages: [usernameTextMessage(BSUID, 'Bonjour')],
      }),
    );
    // Meta shares the phone later (the customer replied to a contact request, say).
    await deliver(
      webhookPayload({
        phoneNumberId,
        contacts: [{ waId: '221770000061', userId: BSUID, name: 'Awa', username: 'awa_shop' }],
        messages: [textMessage('221770000061', 'Mon numéro', { from_user_id: BSUID })],
      }),
    );
    const prospects = await prospectsOf(owner.businessId);
    expect(prospects).toHaveLength(1);
    expect(prospects[0]).toMatchObject({
      phone: '+221770000061',
      waId: '221770000061',
      waUserId: BSUID,
      username: 'awa_shop',
    });
    const conversations = await conversationsOf(owner.businessId);
    expect(conversations).toHaveLength(1);
    expect((await messagesOf(owner.businessId)).map((m) => m.conversationId)).toEqual([
      conversations[0]?.id,
      conversations[0]?.id,
    ]);
  });

  it('a phone prospect and a BSUID-only one of the same customer merge into the older, nothing lost', async () => {
    const { owner, phoneNumberId } = await connectedShop();
    // Before BSUIDs: the customer wrote by phone, and the team named them.
    await app.services.db
      .insert(schema.prospects)
      .values({ businessId: owner.businessId, phone: '+221770000071', name: 'Tata Awa (VIP)' });
    await deliver(
      webhookPayload({ phoneNumberId, messages: [textMessage('221770000071', 'Bonjour')] }),
    );
    // Then as a username customer: a second prospect, as nothing tied them yet.
    await deliver(
      webhookPayload({
        phoneNumberId,
        contacts: [{ userId: BSUID, username: 'awa_shop' }],
        messages: [usernameTextMessage(BSUID, 'Toujours là ?')],
      }),
    );
    expect(await prospectsOf(owner.businessId)).toHaveLength(2);
    // Now both together: the two are one.
    await deliver(
      webhookPayload({
        phoneNumberId,
        contacts: [{ waId: '221770000071', userId: BSUID, username: 'awa_shop' }],
        messages: [textMessage('221770000071', 'C’est moi', { from_user_id: BSUID })],
      }),
    );
    const prospects = await prospectsOf(owner.businessId);
    expect(prospects).toHaveLength(1);
    expect(prospects[0]).toMatchObject({
      name: 'Tata Awa (VIP)',
      phone: '+221770000071',
      waUserId: BSUID,
      username: 'awa_shop',
    });
    const conversations = await conversationsOf(owner.businessId);
    expect(conversations.map((c) => c.prospectId)).toEqual([prospects[0]?.id, prospects[0]?.id]);
    // One stays live (the latest), the other is history; every message is still there.
    expect(conversations.map((c) => c.status).sort()).toEqual(['closed', 'open']);
    const live = conversations.find((c) => c.status === 'open');
    const stored = await messagesOf(owner.businessId);
    expect(stored).toHaveLength(3);
    expect(stored.find((m) => m.body === 'C’est moi')?.conversationId).toBe(live?.id);
    const [audit] = await app.services.db
      .select()
      .from(schema.auditLogs)
      .where(
        and(
          eq(schema.auditLogs.businessId, owner.businessId),
          eq(schema.auditLogs.action, 'prospect.merge'),
        ),
      );
    expect(audit).toMatchObject({ entityId: prospects[0]?.id });
  });

  it('a phone prospect learns its BSUID from receipts, so a later BSUID-only message finds it', async () => {
    const { owner, phoneNumberId } = await connectedShop();
    await deliver(
      webhookPayload({ phoneNumberId, messages: [textMessage('221770000081', 'Bonjour')] }),
    );
    const [conversation] = await conversationsOf(owner.businessId);
    const reply = await sentReply(owner.businessId, conversation?.id ?? '');
    await deliver(
      webhookPayload({
        phoneNumberId,
        contacts: [{ waId: '221770000081', userId: BSUID, username: 'awa_shop' }],
        statuses: [statusReceipt(reply, 'delivered', '221770000081', { recipient_user_id: BSUID })],
      }),
    );
    expect(await prospectsOf(owner.businessId)).toMatchObject([
      { phone: '+221770000081', waUserId: BSUID, username: 'awa_shop' },
    ]);
    await deliver(
      webhookPayload({
        phoneNumberId,
        contacts: [{ userId: BSUID, username: 'awa_shop' }],
        messages: [usernameTextMessage(BSUID, 'Et maintenant sans numéro')],
      }),
    );
    expect(await prospectsOf(owner.businessId)).toHaveLength(1);
    expect(await conversationsOf(owner.businessId)).toHaveLength(1);
  });

  it('a changed BSUID (system user_changed_user_id) moves to the same prospect', async () => {
    const { owner, phoneNumberId } = await connectedShop();
    const NEXT = 'SN.99912080000000000001';
    await deliver(
      webhookPayload({
        phoneNumberId,
        contacts: [{ userId: BSUID, username: 'awa_shop' }],
        messages: [usernameTextMessage(BSUID, 'Bonjour')],
      }),
    );
    const { result } = await deliver(
      webhookPayload({ phoneNumberId, messages: [userChangedUserId(BSUID, NEXT)] }),
    );
    expect(result).toMatchObject({ status: 'processed', messages: 0 });
    expect(await prospectsOf(owner.businessId)).toMatchObject([{ waUserId: NEXT }]);
    await deliver(
      webhookPayload({
        phoneNumberId,
        contacts: [{ userId: NEXT, username: 'awa_shop' }],
        messages: [usernameTextMessage(NEXT, 'Toujours moi')],
      }),
    );
    expect(await prospectsOf(owner.businessId)).toHaveLength(1);
    expect(await conversationsOf(owner.businessId)).toHaveLength(1);
    // The system message is not a customer's words: only the two texts are stored.
    expect(await messagesOf(owner.businessId)).toHaveLength(2);
  });

  it('a changed number (system user_changed_number) and a user_id_update change the prospect in place', async () => {
    const { owner, phoneNumberId } = await connectedShop();
    const NEXT = 'SN.99912080000000000002';
    const LATER = 'SN.99912080000000000003';
    await deliver(
      webhookPayload({
        phoneNumberId,
        contacts: [{ waId: '221770000091', userId: BSUID }],
        messages: [textMessage('221770000091', 'Bonjour', { from_user_id: BSUID })],
      }),
    );
    await deliver(
      webhookPayload({
        phoneNumberId,
        messages: [
          userChangedNumber('221770000091', '221770000092', {
            previousUserId: BSUID,
            userId: NEXT,
          }),
        ],
      }),
    );
    expect(await prospectsOf(owner.businessId)).toMatchObject([
      { phone: '+221770000092', waId: '221770000092', waUserId: NEXT },
    ]);
    // The `user_id_update` field (before Meta moved BSUID changes to system messages).
    await deliver({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '102290129340398',
          changes: [
            {
              field: 'user_id_update',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '221770000001', phone_number_id: phoneNumberId },
                user_id_update: [
                  {
                    wa_id: '221770000092',
                    user_id: { previous: NEXT, current: LATER },
                    timestamp: '1760000000',
                  },
                ],
              },
            },
          ],
        },
      ],
    });
    expect(await prospectsOf(owner.businessId)).toMatchObject([
      { phone: '+221770000092', waUserId: LATER },
    ]);
    expect(await conversationsOf(owner.businessId)).toHaveLength(1);
  });
});
