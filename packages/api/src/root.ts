import { aiRouter } from './routers/ai';
import { analyticsRouter } from './routers/analytics';
import { apiKeysRouter } from './routers/api-keys';
import { auditRouter } from './routers/audit';
import { authRouter } from './routers/auth';
import { businessRouter } from './routers/business';
import { conversationsRouter } from './routers/conversations';
import { courierRouter } from './routers/courier';
import { couriersRouter } from './routers/couriers';
import { deliveriesRouter } from './routers/deliveries';
import { emailRouter } from './routers/email';
import { jobsRouter } from './routers/jobs';
import { labelsRouter } from './routers/labels';
import { liveRouter } from './routers/live';
import { notificationsRouter } from './routers/notifications';
import { ordersRouter } from './routers/orders';
import { productsRouter } from './routers/products';
import { prospectsRouter } from './routers/prospects';
import { quickRepliesRouter } from './routers/quick-replies';
import { sandboxRouter } from './routers/sandbox';
import { settingsRouter } from './routers/settings';
import { webPushRouter } from './routers/web-push';
import { webhooksRouter } from './routers/webhooks';
import { createCallerFactory, router } from './trpc';

export const appRouter = router({
  auth: authRouter,
  business: businessRouter,
  audit: auditRouter,
  products: productsRouter,
  orders: ordersRouter,
  conversations: conversationsRouter,
  quickReplies: quickRepliesRouter,
  labels: labelsRouter,
  settings: settingsRouter,
  apiKeys: apiKeysRouter,
  live: liveRouter,
  jobs: jobsRouter,
  prospects: prospectsRouter,
  ai: aiRouter,
  analytics: analyticsRouter,
  couriers: couriersRouter,
  courier: courierRouter,
  notifications: notificationsRouter,
  sandbox: sandboxRouter,
  webPush: webPushRouter,
  deliveries: deliveriesRouter,
  email: emailRouter,
  webhooks: webhooksRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
