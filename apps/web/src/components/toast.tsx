// Every mutation says how it went: a short toast in words (the server's error text on failure).
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { useI18n } from '../lib/i18n';
import { errorText } from '../lib/trpc';
import { cx } from './ui';

type Toast = { id: number; tone: 'success' | 'error'; text: string };
interface Toaster {
  success(text: string): void;
  error(error: unknown): void;
}

const ToastContext = createContext<Toaster>({ success() {}, error() {} });
let nextId = 1;

export function ToastProvider(props: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const i18n = useI18n();
  const push = useCallback((tone: Toast['tone'], text: string) => {
    const id = nextId++;
    setToasts((list) => [...list.slice(-3), { id, tone, text }]);
    setTimeout(
      () => setToasts((list) => list.filter((toast) => toast.id !== id)),
      tone === 'error' ? 8_000 : 4_000,
    );
  }, []);
  const toaster = useMemo<Toaster>(
    () => ({
      success: (text) => push('success', text),
      error: (error) => push('error', errorText(error, [], i18n)),
    }),
    [push, i18n],
  );
  return (
    <ToastContext.Provider value={toaster}>
      {props.children}
      <div
        aria-live="polite"
        className="pointer-events-none fixed right-4 bottom-[calc(5rem+env(safe-area-inset-bottom))] z-[60] flex w-80 max-w-[calc(100vw-2rem)] flex-col gap-2 md:bottom-4"
      >
        {toasts.map((toast) => (
          <div
            key={toast.id}
            role={toast.tone === 'error' ? 'alert' : 'status'}
            data-testid={`toast-${toast.tone}`}
            className={cx(
              'pointer-events-auto rounded-md px-4 py-3 text-sm shadow-lg',
              toast.tone === 'success' ? 'bg-slate-900 text-white' : 'bg-red-600 text-white',
            )}
          >
            {toast.text}
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): Toaster {
  return useContext(ToastContext);
}
