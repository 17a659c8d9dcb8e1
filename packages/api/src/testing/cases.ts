// Every procedure's case (who may call it, a valid input, a bad one), from routers/<domain>.cases.ts:
// the tenant-isolation harness and the HTTP fuzz of apps/server enumerate procedures from here.
import { aiCases } from '../routers/ai.cases';
import { analyticsCases } from '../routers/analytics.cases';
import { apiKeysCases } from '../routers/api-keys.cases';
import { conversationsCases } from '../routers/conversations.cases';
import { dispatchCases } from '../routers/dispatch.cases';
import { emailCases } from '../routers/email.cases';
import { foundationCases } from '../routers/foundation.cases';
import { inboxToolsCases } from '../routers/inbox-tools.cases';
import { notificationsCases } from '../routers/notifications.cases';
import { ordersCases } from '../routers/orders.cases';
import { productsCases } from '../routers/products.cases';
import { prospectsCases } from '../routers/prospects.cases';
import { settingsCases } from '../routers/settings.cases';
import { webhooksCases } from '../routers/webhooks.cases';
import type { DomainCases } from './harness';

export const domainCases: DomainCases[] = [
  aiCases,
  analyticsCases,
  dispatchCases,
  settingsCases,
  foundationCases,
  notificationsCases,
  conversationsCases,
  inboxToolsCases,
  ordersCases,
  productsCases,
  prospectsCases,
  emailCases,
  apiKeysCases,
  webhooksCases,
];

/** Every procedure's case by its path (`products.create`). */
export const procedureCases = Object.assign(
  {},
  ...domainCases.map((d) => d.procedures),
) as DomainCases['procedures'];

export type { DomainCases, ProcedureCase, World } from './harness';
