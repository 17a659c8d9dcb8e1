// The WhatsApp templates the notification engine sends outside the customer's 24 h window
// (notifications/templates.ts WHATSAPP_TEMPLATES), as Meta holds them for this business: approved,
// in review, refused, or not submitted yet; and "submit the missing ones" in one click.
import type { Db } from '@flux/db';
import { activeWhatsappAccount } from '@flux/db/queries/whatsapp-accounts';
import { TEMPLATE_EXISTS_SUBCODE, WhatsappError } from '@flux/integrations';
import { type Actor, writeAudit } from '../lib/audit';
import { type AppError, refuse } from '../lib/errors';
import { WHATSAPP_TEMPLATES } from './notifications/templates';
import { type WhatsappClientConfig, whatsappClientFor } from './whatsapp-client';

const LANGUAGES = ['fr', 'en'] as const;

/** Sample values Meta's review reads in place of each parameter (by its description). */
const EXAMPLES: Record<string, string> = {
  'customer name': 'Awa',
  'order number': 'CMD-000123',
  total: '15 000 F CFA',
  'amount to pay': '15 000 F CFA',
  'courier first name': 'Moussa',
  'delivery code': '4821',
  'tracking link': 'https://fluxasync.example/t/abc123',
};

export type TemplateState = 'APPROVED' | 'PENDING' | 'REJECTED' | 'PAUSED' | 'DISABLED' | 'MISSING';

export interface TemplateStatus {
  name: string;
  language: (typeof LANGUAGES)[number];
  state: TemplateState;
  body: string;
}

const noNumber = () =>
  refuse('whatsapp.not_connected', 'Connect a WhatsApp number first', undefined, {
    reason: 'no_whatsapp_number',
  });

function metaRefused(error: WhatsappError): AppError {
  return refuse('whatsapp.meta_refused', `WhatsApp refused: ${error.reason}`, undefined, {
    code: error.code,
  });
}

async function clientOf(db: Db, config: WhatsappClientConfig, businessId: string) {
  const account = await activeWhatsappAccount(db, { businessId });
  if (!account) throw noNumber();
  return { account, client: whatsappClientFor(config, account.accessToken, 'interactive') };
}

/** Each template the engine needs, in each language, with its state at Meta. */
export async function whatsappTemplateStatuses(
  db: Db,
  config: WhatsappClientConfig,
  params: { businessId: string },
): Promise<TemplateStatus[]> {
  const { account, client } = await clientOf(db, config, params.businessId);
  let listed: Awaited<ReturnType<typeof client.listAllTemplates>>;
  try {
    listed = await client.listAllTemplates(account.wabaId);
  } catch (error) {
    if (error instanceof WhatsappError) throw metaRefused(error);
    throw error;
  }
  const stateOf = (name: string, language: string): TemplateState => {
    const found = listed.find(
      (template) => template.name === name && template.language.split('_')[0] === language,
    );
    const status = found?.status as TemplateState | undefined;
    return status && status !== 'MISSING' ? status : 'MISSING';
  };
  return Object.entries(WHATSAPP_TEMPLATES).flatMap(([name, template]) =>
    LANGUAGES.map((language) => ({
      name,
      language,
      state: stateOf(name, language),
      body: template.body[language],
    })),
  );
}

/**
 * Submits to Meta, for review, every template the engine needs that Meta does not hold yet (both
 * languages). One already there (a retry after a lost answer) counts as submitted. Audited.
 */
export async function submitMissingTemplates(
  db: Db,
  config: WhatsappClientConfig,
  actor: Actor,
  params: { businessId: string },
): Promise<{ submitted: string[] }> {
  const statuses = await whatsappTemplateStatuses(db, config, params);
  const { account, client } = await clientOf(db, config, params.businessId);
  const submitted: string[] = [];
  for (const status of statuses.filter((s) => s.state === 'MISSING')) {
    const template = WHATSAPP_TEMPLATES[status.name];
    if (!template) continue;
    try {
      await client.createTemplate({
        wabaId: account.wabaId,
        name: status.name,
        language: status.language,
        category: 'UTILITY',
        components: [
          {
            type: 'BODY',
            text: status.body,
            example: {
              body_text: [template.parameters.map((parameter) => EXAMPLES[parameter] ?? 'exemple')],
            },
          },
        ],
      });
    } catch (error) {
      const exists =
        error instanceof WhatsappError && error.meta.subcode === TEMPLATE_EXISTS_SUBCODE;
      if (!exists) {
        if (error instanceof WhatsappError) throw metaRefused(error);
        throw error;
      }
    }
    submitted.push(`${status.name}:${status.language}`);
  }
  await writeAudit(db, actor, {
    businessId: params.businessId,
    action: 'whatsapp.templates_submit',
    changes: { submitted },
  });
  return { submitted };
}
