// The dashboard's entry: query cache, typed tRPC client, locale, toasts, router.

import type { AppRouter } from '@flux/api';
import { QueryClientProvider, useQuery } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ToastProvider } from './components/toast';
import { I18nProvider, storedLocale } from './lib/i18n';
import { createClient, createQueryClient, TRPCProvider, useTRPC } from './lib/trpc';
import { followNotificationTaps } from './lib/web-push';
import { createAppRouter } from './router';
import './index.css';

/** The user's locale and the business's timezone, once known; French and Dakar before. */
function Localized(props: { children: React.ReactNode }) {
  const trpc = useTRPC();
  const me = useQuery({ ...trpc.auth.me.queryOptions(), retry: false });
  const business = useQuery({
    // The profile, which every role may read (a courier may not read the settings).
    ...trpc.business.profile.queryOptions(),
    enabled: !!me.data?.currentBusinessId,
    retry: false,
  });
  const locale = me.data?.user.locale ?? storedLocale();
  return (
    <I18nProvider locale={locale} timeZone={business.data?.timezone ?? 'Africa/Dakar'}>
      {props.children}
    </I18nProvider>
  );
}

function App() {
  const [queryClient] = useState(createQueryClient);
  const [client] = useState(createClient);
  const [router] = useState(() =>
    createAppRouter({
      queryClient,
      trpc: createTRPCOptionsProxy<AppRouter>({ client, queryClient }),
    }),
  );
  // A notification tapped while this tab is not the service worker's goes to its page here.
  useEffect(() => followNotificationTaps((href) => void router.navigate({ href })), [router]);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={client} queryClient={queryClient}>
        <Localized>
          <ToastProvider>
            <RouterProvider router={router} />
          </ToastProvider>
        </Localized>
      </TRPCProvider>
    </QueryClientProvider>
  );
}

// Installable, with an offline page when the network is down (public/sw.js). Not in development,
// where Vite serves modules that change.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => undefined);
  });
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
