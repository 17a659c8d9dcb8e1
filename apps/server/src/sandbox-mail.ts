// The sandbox's Gmail: a local Google fake with one mailbox holding a few emails, so the demo can
// connect a mailbox (email.connectGmail → the fake's consent screen, which signs in at once →
// /oauth/google/callback) and see mail imported, with no Google account. Used only where no real
// Google client is configured.
import type { EmailConfig } from '@flux/api';
import { type FakeGoogle, rfc822, startFakeGoogle } from '@flux/integrations';

export const SANDBOX_MAILBOX = 'boutique.awa@sandbox.test';

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
  config: EmailConfig;
}> {
  const google = await startFakeGoogle({ defaultMailbox: SANDBOX_MAILBOX });
  google.addMailbox(SANDBOX_MAILBOX);
  SAMPLE_MAIL.forEach((mail, index) => {
    google.deliver(SANDBOX_MAILBOX, rfc822({ ...mail, to: SANDBOX_MAILBOX }), {
      internalDate: Date.now() - (SAMPLE_MAIL.length - index) * 3_600_000,
    });
  });
  return {
    google,
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
    },
  };
}
