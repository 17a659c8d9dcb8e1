import { auditRouter } from './routers/audit';
import { authRouter } from './routers/auth';
import { businessRouter } from './routers/business';
import { createCallerFactory, router } from './trpc';

export const appRouter = router({
  auth: authRouter,
  business: businessRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
