// The dashboard's typed API client. It imports only the *type* of the router from @flux/api.
import type { AppRouter } from '@flux/api';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import superjson from 'superjson';

/** Same-origin client: the session cookie rides along, and the server checks Origin on writes. */
export function createApiClient(baseUrl = '') {
  return createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: `${baseUrl}/trpc`, transformer: superjson })],
  });
}

export type ApiClient = ReturnType<typeof createApiClient>;
