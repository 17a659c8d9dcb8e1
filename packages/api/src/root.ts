import { auditRouter } from './routers/audit';
import { authRouter } from './routers/auth';
import { businessRouter } from './routers/business';
import { productsRouter } from './routers/products';
import { createCallerFactory, router } from './trpc';

export const appRouter = router({
  auth: authRouter,
  business: businessRouter,
  audit: auditRouter,
  products: productsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
