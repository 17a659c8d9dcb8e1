// The sandbox's mail: a local Google fake and a local Microsoft fake, each with one mailbox
// holding a few emails, so the demo can connect a mailbox (email.connectGmail or connectOutlook →
// the fake's consent screen, which signs in at once → /oauth/google|microsoft/callback) and see
// mail imported, with no Google or Microsoft account. Used only where no real client is
// configured. The Outlook fake is given no notification URL (the demo's syncs are the sweep's and
// "sync now"): APP_ORIGIN is not always where the server listens.
import { type EmailConfig, microsoftConfigForFake } from '@flux/api';
import {
  type FakeGoogle,
  type FakeMicrosoft,
  rfc822,
  startFakeGoogle,
  startFakeMicrosoft,
} from '@flux/integrations';

export const SANDBOX_MAILBOX = 'boutique.awa@sandbox.test';
export const SANDBOX_OUTLOOK_MAILBOX = 'boutique.awa@outlook-sandbox.test';

const SAMPLE_MAIL = [
  {
    from: 'Tissus Diallo <commandes@tissus-diallo.test>',
    subject: 'Facture FA-2211 : 40 pagnes wax',
    text: 'Bonjour,\n\nVeuillez trouver ci-joint la facture de la livraison de mardi.\n\nCordialement,\nMoussa Diallo',
  },
  {
    from: 'Aminata Sow <aminata.sow@example.test>',
    subject: 'Commande pour la Tabaski',
    text: 'Bonjour, je voudrais 3 pagnes bleus et 2 boubous taille L, livrés à Dakar Plateau avant vendredi. Merci !',
  },
  {
    from: 'Marketplace Jumia <vendeurs@marketplace.test>',
    subject: 'Nouvelle question d’un client sur « Pagne wax 6 yards »',
    text: 'Un client demande si le pagne existe en rouge. Répondez depuis votre espace vendeur.',
  },
];

export async function startSandboxMail(publicUrl: string): Promise<{
  google: FakeGoogle;
  microsoft: FakeMicrosoft;
  close(): Promise<void>;
  config: EmailConfig;
}> {
  const google = await startFakeGoogle({ defaultMailbox: SANDBOX_MAILBOX });
  const microsoft = await startFakeMicrosoft({ defaultMailbox: SANDBOX_OUTLOOK_MAILBOX });
  google.addMailbox(SANDBOX_MAILBOX);
  microsoft.addMailbox(SANDBOX_OUTLOOK_MAILBOX);
  SAMPLE_MAIL.forEach((mail, index) => {
    const at = Date.now() - (SAMPLE_MAIL.length - index) * 3_600_000;
    google.deliver(SANDBOX_MAILBOX, rfc822({ ...mail, to: SANDBOX_MAILBOX }), {
      internalDate: at,
    });
    microsoft.deliver(SANDBOX_OUTLOOK_MAILBOX, rfc822({ ...mail, to: SANDBOX_OUTLOOK_MAILBOX }), {
      receivedDateTime: new Date(at),
    });
  });
  return {
    google,
    microsoft,
    close: async () => {
      await Promise.all([google.close(), microsoft.close()]);
    },
    config: {
      importDays: 30,
      callTimeoutMs: 10_000,
      google: {
        clientId: 'sandbox.apps.googleusercontent.com',
        clientSecret: 'sandbox-secret',
        redirectUri: `${publicUrl}/oauth/google/callback`,
        endpoints: google.endpoints,
        gmailApiBaseUrl: google.url,
        pubsubTopic: 'projects/flux-sandbox/topics/gmail',
        push: { audience: `${publicUrl}/webhooks/gmail`, jwksUrl: google.jwksUrl },
      },
      microsoft: microsoftConfigForFake(microsoft, {
        clientId: '00000000-0000-0000-0000-00000000a11a',
        clientSecret: 'sandbox-secret',
        origin: publicUrl,
      }),
    },
  };
}
