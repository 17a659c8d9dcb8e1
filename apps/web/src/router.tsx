// Typed routes. Only the sign-in/up pages and the shell are in the first bundle; every screen is
// its own chunk, loaded when first opened. The screens never import this module (their search
// types live in lib/route-search.ts), so the lazy imports below are the only arrows between them.
import type { AppRouter } from '@flux/api';
import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
} from '@tanstack/react-router';
import type { TRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { Shell } from './components/shell';
import {
  analyticsSearch,
  inboxSearch,
  ordersSearch,
  prospectsSearch,
  signInSearch,
  signUpSearch,
} from './lib/route-search';
import { errorStatus } from './lib/trpc';
import { JoinScreen, SignInScreen, SignUpScreen } from './screens/auth';

export interface RouterContext {
  queryClient: QueryClient;
  trpc: TRPCOptionsProxy<AppRouter>;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({ component: Outlet });

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-in',
  validateSearch: signInSearch,
  component: SignInScreen,
});

const signUpRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-up',
  validateSearch: signUpSearch,
  component: SignUpScreen,
});

/** Where an invitation link lands, signed in or not. */
export const joinRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/join/$token',
  component: JoinScreen,
});

/** "Forgot your password?", and where the emailed link lands. */
const forgotPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/forgot-password',
  component: lazyRouteComponent(() => import('./screens/password-reset'), 'ForgotPasswordScreen'),
});

const resetPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/reset-password/$token',
  component: lazyRouteComponent(() => import('./screens/password-reset'), 'ResetPasswordScreen'),
});

/** Everything behind sign-in: a 401 from auth.me sends the browser to the sign-in page. */
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: async ({ context, location }) => {
    try {
      await context.queryClient.ensureQueryData(context.trpc.auth.me.queryOptions());
    } catch (error) {
      if (errorStatus(error) === 401) {
        throw redirect({ to: '/sign-in', search: { redirect: location.href, invite: undefined } });
      }
      throw error;
    }
  },
  component: Shell,
});

const indexRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/inbox', search: {} });
  },
});

export const inboxRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/inbox',
  validateSearch: inboxSearch,
  component: lazyRouteComponent(() => import('./screens/inbox'), 'InboxScreen'),
});

export const prospectsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/prospects',
  validateSearch: prospectsSearch,
  component: lazyRouteComponent(() => import('./screens/prospects'), 'ProspectsScreen'),
});

/** The customer page: a prospect's orders, conversations, notes and totals (a click on a name). */
export const customerRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/customers/$prospectId',
  component: lazyRouteComponent(() => import('./screens/customer'), 'CustomerScreen'),
});

export const productsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/products',
  component: lazyRouteComponent(() => import('./screens/products'), 'ProductsScreen'),
});

export const ordersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/orders',
  validateSearch: ordersSearch,
  component: lazyRouteComponent(() => import('./screens/orders'), 'OrdersScreen'),
});

export const orderNewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/orders/new',
  component: lazyRouteComponent(() => import('./screens/order-new'), 'OrderNewScreen'),
});

export const orderRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/orders/$orderId',
  component: lazyRouteComponent(() => import('./screens/order-detail'), 'OrderDetailScreen'),
});

export const dispatchRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/dispatch',
  component: lazyRouteComponent(() => import('./screens/dispatch'), 'DispatchScreen'),
});

export const analyticsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/analytics',
  validateSearch: analyticsSearch,
  component: lazyRouteComponent(() => import('./screens/analytics'), 'AnalyticsScreen'),
});

export const settingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/settings',
  component: lazyRouteComponent(() => import('./screens/settings'), 'SettingsScreen'),
});

const notificationsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/notifications',
  component: lazyRouteComponent(() => import('./screens/notifications'), 'NotificationsScreen'),
});

const outboxRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/outbox',
  component: lazyRouteComponent(() => import('./screens/outbox'), 'OutboxScreen'),
});

const routeTree = rootRoute.addChildren([
  signInRoute,
  signUpRoute,
  joinRoute,
  forgotPasswordRoute,
  resetPasswordRoute,
  appRoute.addChildren([
    indexRoute,
    inboxRoute,
    prospectsRoute,
    customerRoute,
    productsRoute,
    ordersRoute,
    orderNewRoute,
    orderRoute,
    dispatchRoute,
    analyticsRoute,
    settingsRoute,
    notificationsRoute,
    outboxRoute,
  ]),
]);

export function createAppRouter(context: RouterContext) {
  return createRouter({
    routeTree,
    context,
    defaultPreload: 'intent',
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
