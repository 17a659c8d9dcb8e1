// The outgoing webhooks' data for their settings card: endpoints, one endpoint's delivery log,
// and the changes (each with its toast and the queries read again). Apart from hooks.ts so the
// card stays one module of its own.
import { useMutation, useQuery } from '@tanstack/react-query';
import type { Outputs } from '../../lib/api';
import { useTRPC } from '../../lib/trpc';
import { useSaved } from '../../lib/use-saved';
import { useSavedByField } from './hooks';

export type WebhookEndpoint = Outputs['webhooks']['list'][number];
export type WebhookDelivery = Outputs['webhooks']['deliveries'][number];

export function useWebhookEndpoints() {
  const trpc = useTRPC();
  const saved = useSaved();
  const endpoints = useQuery(trpc.webhooks.list.queryOptions());
  const refresh = [trpc.webhooks.list.pathFilter(), trpc.webhooks.deliveries.pathFilter()];
  // The form words the URL's and events' refusals itself; other failures are toasts.
  const byField = useSavedByField();
  return {
    endpoints,
    create: useMutation(
      trpc.webhooks.create.mutationOptions(byField({ message: 'webhooks.created', refresh })),
    ),
    update: useMutation(
      trpc.webhooks.update.mutationOptions(byField({ message: 'webhooks.saved', refresh })),
    ),
    rotate: useMutation(
      trpc.webhooks.rotateSecret.mutationOptions(saved({ message: 'webhooks.rotated', refresh })),
    ),
    setEnabled: useMutation(
      trpc.webhooks.setEnabled.mutationOptions(saved({ message: 'webhooks.saved', refresh })),
    ),
    remove: useMutation(
      trpc.webhooks.remove.mutationOptions(saved({ message: 'webhooks.removed', refresh })),
    ),
    sendTest: useMutation(
      trpc.webhooks.sendTest.mutationOptions(saved({ message: 'webhooks.testSent', refresh })),
    ),
    resend: useMutation(
      trpc.webhooks.resend.mutationOptions(saved({ message: 'webhooks.resent', refresh })),
    ),
  };
}

/** The endpoint's latest deliveries, read again every few seconds while some are under way. */
export function useWebhookDeliveries(endpointId: string | null) {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.webhooks.deliveries.queryOptions({ endpointId: endpointId ?? '' }),
    enabled: endpointId !== null,
    refetchInterval: (query) =>
      query.state.data?.some((d) => ['pending', 'sending', 'failed'].includes(d.status))
        ? 3_000
        : false,
  });
}
