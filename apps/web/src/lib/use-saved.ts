// What every change does once the server has taken it: say so in a toast, read again the queries it
// changed, and show the error when it was refused. Written once so the screens' hooks stay short.
import { type InvalidateQueryFilters, useQueryClient } from '@tanstack/react-query';
import { useToast } from '../components/toast';
import { useI18n } from './i18n';
import type { MessageKey } from './messages/fr';

export interface Saved {
  /** The toast once saved; none when the change shows by itself. */
  message?: MessageKey;
  /** What to read again. */
  refresh?: InvalidateQueryFilters[];
  /** What else the component does once saved (clear a form, close a dialog). */
  after?: () => void;
}

/** Mutation options (`onSuccess`, `onError`) for a change, from what should follow it. */
export function useSaved() {
  const { t } = useI18n();
  const toast = useToast();
  const queryClient = useQueryClient();
  return (saved: Saved) => ({
    onSuccess: () => {
      if (saved.message) toast.success(t(saved.message));
      saved.after?.();
      for (const filter of saved.refresh ?? []) void queryClient.invalidateQueries(filter);
    },
    onError: toast.error,
  });
}
