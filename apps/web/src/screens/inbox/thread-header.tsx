// The header of an open thread, WhatsApp or email: on a phone a way back to the list (the thread
// takes the screen there), the title and the lines under it, the controls beside the title, and
// the thread's own actions, which wrap under the title when the pane is narrow.
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { Icon } from '../../components/icons';
import { useI18n } from '../../lib/i18n';

export function ThreadHeader(props: {
  /** The inbox's search parameter that opens this thread (`c` a conversation, `e` an email thread). */
  opens: 'c' | 'e';
  title: ReactNode;
  /** The lines under the title. */
  children?: ReactNode;
  /** Beside the title, on the same line even on a phone. */
  beside?: ReactNode;
  /** The thread's actions, at the end of the header. */
  actions?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <header className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1 border-b border-slate-200 bg-white px-2 py-2 md:px-4 md:py-3">
      <div className="flex min-w-0 grow items-center gap-1 max-md:w-full">
        <Link
          from="/inbox"
          to="/inbox"
          search={(s) => ({ ...s, [props.opens]: undefined })}
          aria-label={t('layout.backToList')}
          className="flex size-11 shrink-0 items-center justify-center rounded-md text-slate-700 hover:bg-slate-100 md:hidden"
          data-testid="back-to-list"
        >
          <Icon name="back" className="size-5" />
        </Link>
        <div className="min-w-0 flex-1">
          <h2 className="truncate font-semibold" data-testid="thread-title">
            {props.title}
          </h2>
          {props.children}
        </div>
        {props.beside}
      </div>
      {props.actions ? (
        <div className="flex flex-wrap items-center gap-2">{props.actions}</div>
      ) : null}
    </header>
  );
}
