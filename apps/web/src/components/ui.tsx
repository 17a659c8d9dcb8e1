// The small component layer: buttons, fields, badges, states and dialogs, on Radix primitives
// where behaviour matters (focus trap, escape, menus) and Tailwind utilities for the look.
import { Dialog as RadixDialog } from 'radix-ui';
import {
  type ButtonHTMLAttributes,
  forwardRef,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';
import { useI18n } from '../lib/i18n';
import { errorText } from '../lib/trpc';

export function cx(...classes: (string | false | null | undefined)[]) {
  return classes.filter(Boolean).join(' ');
}

type Variant = 'primary' | 'secondary' | 'ghost' | 'danger';
const variants: Record<Variant, string> = {
  primary: 'bg-brand-700 text-white hover:bg-brand-800 disabled:bg-brand-700/50',
  secondary:
    'bg-white text-slate-800 border border-slate-300 hover:bg-slate-50 disabled:text-slate-400',
  ghost: 'text-slate-700 hover:bg-slate-100 disabled:text-slate-400',
  danger: 'bg-red-600 text-white hover:bg-red-700 disabled:bg-red-600/50',
};

export const Button = forwardRef<
  HTMLButtonElement,
  ButtonHTMLAttributes<HTMLButtonElement> & {
    variant?: Variant;
    size?: 'sm' | 'md';
    busy?: boolean;
  }
>(function Button({ variant = 'primary', size = 'md', busy, className, children, ...props }, ref) {
  return (
    <button
      ref={ref}
      type="button"
      {...props}
      disabled={props.disabled || busy}
      aria-busy={busy || undefined}
      className={cx(
        'inline-flex items-center justify-center gap-1.5 rounded-md font-medium transition-colors disabled:cursor-not-allowed',
        size === 'sm' ? 'px-2.5 py-1 text-xs' : 'px-3.5 py-2 text-sm',
        variants[variant],
        className,
      )}
    >
      {busy ? <Spinner small /> : null}
      {children}
    </button>
  );
});

const fieldBase =
  'rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-xs placeholder:text-slate-400 focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600 disabled:bg-slate-100';

/** Full width unless the caller sets a width. */
const fieldClass = (className?: string) =>
  cx(fieldBase, !/(^|\s)(w-|min-w-|flex-1)/.test(className ?? '') && 'w-full', className);

export const Input = forwardRef<HTMLInputElement, InputHTMLAttributes<HTMLInputElement>>(
  function Input({ className, ...props }, ref) {
    return <input ref={ref} {...props} className={fieldClass(className)} />;
  },
);

export const Textarea = forwardRef<
  HTMLTextAreaElement,
  TextareaHTMLAttributes<HTMLTextAreaElement>
>(function Textarea({ className, ...props }, ref) {
  return <textarea ref={ref} {...props} className={fieldClass(className)} />;
});

export function Select({ className, ...props }: SelectHTMLAttributes<HTMLSelectElement>) {
  return <select {...props} className={fieldClass(cx('pr-8', className))} />;
}

export function Field(props: {
  label: string;
  hint?: string;
  /** The server's refusal of this field, in the user's words (`fieldErrors`). */
  error?: string | null | undefined;
  children: ReactNode;
  className?: string;
}) {
  const label = (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is the child
    <label className={cx('block space-y-1', !props.error && props.className)}>
      <span className="text-sm font-medium text-slate-700">{props.label}</span>
      {props.children}
      {props.hint ? <span className="block text-xs text-slate-500">{props.hint}</span> : null}
    </label>
  );
  if (!props.error) return label;
  // Beside the field, outside its label (the field keeps its name).
  return (
    <div className={cx('space-y-1', props.className)}>
      {label}
      <span role="alert" className="block text-sm text-red-700">
        {props.error}
      </span>
    </div>
  );
}

const tones = {
  slate: 'bg-slate-100 text-slate-700',
  green: 'bg-emerald-100 text-emerald-800',
  amber: 'bg-amber-100 text-amber-800',
  red: 'bg-red-100 text-red-800',
  blue: 'bg-sky-100 text-sky-800',
  violet: 'bg-violet-100 text-violet-800',
} as const;
export type Tone = keyof typeof tones;

export function Badge(props: { tone?: Tone; children: ReactNode; className?: string }) {
  return (
    <span
      className={cx(
        'inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap',
        tones[props.tone ?? 'slate'],
        props.className,
      )}
    >
      {props.children}
    </span>
  );
}

export function Card(props: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  /** To link to the card (`#id`). */
  id?: string;
}) {
  return (
    <section
      id={props.id}
      className={cx(
        'scroll-mt-4 rounded-lg border border-slate-200 bg-white shadow-xs',
        props.className,
      )}
    >
      {props.title || props.actions ? (
        <header className="flex items-center justify-between gap-2 border-b border-slate-100 px-4 py-3">
          <h2 className="text-sm font-semibold text-slate-800">{props.title}</h2>
          <div className="flex items-center gap-2">{props.actions}</div>
        </header>
      ) : null}
      <div className="p-4">{props.children}</div>
    </section>
  );
}

export function Spinner(props: { small?: boolean }) {
  return (
    <span
      role="status"
      aria-label="…"
      className={cx(
        'inline-block animate-spin rounded-full border-2 border-current border-r-transparent',
        props.small ? 'size-3' : 'size-5',
      )}
    />
  );
}

export function Loading(props: { label?: string }) {
  const { t } = useI18n();
  return (
    <div className="flex items-center justify-center gap-2 p-8 text-sm text-slate-600">
      <Spinner /> {props.label ?? t('common.loading')}
    </div>
  );
}

export function Empty(props: { title: string; hint?: string; action?: ReactNode }) {
  return (
    <div className="flex flex-col items-center justify-center gap-2 p-10 text-center">
      <div
        aria-hidden
        className="flex size-10 items-center justify-center rounded-full bg-slate-100 text-slate-600"
      >
        ∅
      </div>
      <p className="text-sm font-medium text-slate-700">{props.title}</p>
      {props.hint ? <p className="max-w-sm text-sm text-slate-500">{props.hint}</p> : null}
      {props.action}
    </div>
  );
}

export function ErrorState(props: { error: unknown; retry?: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <div
      role="alert"
      className="m-4 rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-800"
    >
      <p className="font-medium">{t('common.error')}</p>
      <p className="mt-1">{errorText(props.error, [], i18n)}</p>
      {props.retry ? (
        <Button variant="secondary" size="sm" className="mt-3" onClick={props.retry}>
          {t('common.retry')}
        </Button>
      ) : null}
    </div>
  );
}

/** A query's loading, error and empty states, designed once; the children when there is data. */
export function QueryState(props: {
  query: { isPending: boolean; isError: boolean; error: unknown; refetch: () => unknown };
  empty: boolean;
  emptyView: ReactNode;
  children: ReactNode;
}) {
  const { query } = props;
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} retry={() => void query.refetch()} />;
  return <>{props.empty ? props.emptyView : props.children}</>;
}

/** A pane's loading or error state, taking the pane's room in a flex row or column. */
export function PaneState(props: {
  query: { isError: boolean; error: unknown; refetch: () => unknown };
}) {
  const { query } = props;
  return (
    <div className="flex-1">
      {query.isError ? (
        <ErrorState error={query.error} retry={() => void query.refetch()} />
      ) : (
        <Loading />
      )}
    </div>
  );
}

/**
 * A dialog: centred on a wide screen; on a phone (under 768 px) a full-screen sheet with its own
 * close button, since there is no backdrop around it left to tap.
 */
export function Dialog(props: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: string;
  children: ReactNode;
  wide?: boolean;
}) {
  const { t } = useI18n();
  return (
    <RadixDialog.Root open={props.open} onOpenChange={props.onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <RadixDialog.Content
          data-testid="dialog"
          className={cx(
            'fixed inset-0 z-50 overflow-y-auto bg-white p-4 pb-[max(1rem,env(safe-area-inset-bottom))]',
            'md:inset-auto md:top-1/2 md:left-1/2 md:max-h-[90vh] md:w-[95vw] md:-translate-x-1/2 md:-translate-y-1/2 md:rounded-lg md:p-5 md:shadow-xl',
            props.wide ? 'md:max-w-3xl' : 'md:max-w-md',
          )}
        >
          <div className="flex items-start justify-between gap-2">
            <RadixDialog.Title className="text-base font-semibold max-md:py-2.5">
              {props.title}
            </RadixDialog.Title>
            <RadixDialog.Close
              className="-mr-2 -mt-1 flex size-11 shrink-0 items-center justify-center rounded-md text-xl text-slate-600 hover:bg-slate-100 md:hidden"
              aria-label={t('layout.closeSheet')}
            >
              <span aria-hidden>×</span>
            </RadixDialog.Close>
          </div>
          {props.description ? (
            <RadixDialog.Description className="mt-1 text-sm text-slate-600">
              {props.description}
            </RadixDialog.Description>
          ) : (
            <RadixDialog.Description className="sr-only">{props.title}</RadixDialog.Description>
          )}
          <div className="mt-4">{props.children}</div>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

export function PageHeader(props: { title: string; subtitle?: string; actions?: ReactNode }) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-3 border-b border-slate-200 bg-white px-4 py-3 md:px-6 md:py-4">
      <div>
        <h1 className="text-lg font-semibold text-slate-900">{props.title}</h1>
        {props.subtitle ? <p className="text-sm text-slate-600">{props.subtitle}</p> : null}
      </div>
      <div className="flex max-w-full flex-wrap items-center gap-2">{props.actions}</div>
    </div>
  );
}

/**
 * A table's header row. `page` is the style of a full-page list (shaded, wider cells); without it,
 * the compact header of a table inside a card. A column without a label holds row actions.
 */
export function TableHead(props: {
  columns: { label?: string; right?: boolean }[];
  page?: boolean;
}) {
  const cell = props.page ? 'px-4 py-2' : 'py-1';
  return (
    <thead
      className={cx(props.page && 'bg-slate-50', 'text-left text-xs text-slate-600 uppercase')}
    >
      <tr>
        {props.columns.map((column, index) => (
          <th
            key={column.label ?? `blank-${index}`}
            className={cx(cell, column.right && 'text-right')}
          >
            {column.label}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** A dialog form's foot: cancel, then the submit button (labelled save unless named otherwise). */
export function DialogButtons(props: {
  onCancel: () => void;
  busy: boolean;
  submit?: string;
  variant?: Variant;
  disabled?: boolean;
}) {
  const { t } = useI18n();
  return (
    <div className="flex justify-end gap-2 max-md:*:flex-1">
      <Button variant="secondary" onClick={props.onCancel}>
        {t('common.cancel')}
      </Button>
      <Button type="submit" variant={props.variant} busy={props.busy} disabled={props.disabled}>
        {props.submit ?? t('common.save')}
      </Button>
    </div>
  );
}

/** "Load more" at the foot of a cursor-paginated list. */
export function MoreButton(props: { hasMore: boolean; loading: boolean; onMore: () => void }) {
  const { t } = useI18n();
  if (!props.hasMore) return null;
  return (
    <div className="flex justify-center p-3">
      <Button variant="secondary" size="sm" busy={props.loading} onClick={props.onMore}>
        {t('common.loadMore')}
      </Button>
    </div>
  );
}
