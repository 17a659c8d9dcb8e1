// The real clients behind the engine's interfaces, against the local fakes (no database).
import type { NotificationRow } from '@flux/db/queries/notifications';
import { type FakeSmtp, startFakeSmtp } from '@flux/integrations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailChannel } from './channels';
import { notificationProviders } from './providers';

let smtp: FakeSmtp;
beforeAll(async () => {
  smtp = await startFakeSmtp();
});
afterAll(async () => {
  await smtp?.close();
});

describe('notification providers', () => {
  it("an email notification's Message-ID is its row id at the sender's domain", async () => {
    const providers = notificationProviders({
      smtp: { host: smtp.host, port: smtp.port, secure: false, from: 'Flux <notify@flux.test>' },
      expo: null,
      sms: {},
      publicUrl: 'http://localhost:3000',
      timeoutMs: 5_000,
    });
    const id = crypto.randomUUID();
    // The email channel reads the row's recipient only.
    const row = { id, recipient: 'owner@example.test' } as NotificationRow;
    const sent = await emailChannel(providers).send(
      row,
      { subject: 'Une livraison a échoué', text: 'CMD-000001', whatsappTemplate: null },
      { idempotencyKey: id, signal: AbortSignal.timeout(5_000) },
    );
    expect(smtp.messages.map((mail) => mail.messageId)).toEqual([`<${id}@flux.test>`]);
    expect(sent.providerMessageId).toBe(`<${id}@flux.test>`);
  });
});
