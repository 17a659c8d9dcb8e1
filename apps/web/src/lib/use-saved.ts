// What every change does once the server has taken it: say so in a toast, read again the queries it
// changed, and show the error when it was refused. Written once so the screens' hooks stay short.
import { type InvalidateQueryFilters, useQueryClient } from '@tanstack/react-query';
import { useToast } from '../components/toast';
import { type Params, useI18n } from './i18n';
import type { MessageKey } from './messages/fr';

export interface Saved<T> {
  /** The toast once saved; none when the change shows by itself. */
  message?: MessageKey;
  /** The toast's parameters, from the server's answer. */
  params?: (data: T) => Params;
  /** What to read again. */
  refresh?: InvalidateQueryFilters[];
  /** What else the component does once saved (clear a form, close a dialog). */
  after?: (data: T) => void;
}

/** Mutation options (`onSuccess`, `onError`) for a change, from what should follow it. */
export function useSaved() {
  const { t } = useI18n();
  const toast = useToast();
  const queryClient = useQueryClient();
  return <T>(saved: Saved<T>) => ({
    onSuccess: (data: T) => {
      if (saved.message) toast.success(t(saved.message, saved.params?.(data)));
      saved.after?.(data);
      for (const filter of saved.refresh ?? []) void queryClient.invalidateQueries(filter);
    },
    onError: toast.error,
  });
}
