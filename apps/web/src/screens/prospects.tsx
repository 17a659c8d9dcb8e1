// Prospects: the pipeline board (one column per status, cards move with a click) and the table,
// with CSV import: a dry run shows the per-row report, then the import itself.
import { type ProspectStatus, prospectStatuses } from '@flux/contracts/enums';
import { nextProspectStatuses, prospectStatusLabelKey } from '@flux/contracts/status';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { ProspectStatusBadge } from '../components/status';
import { useToast } from '../components/toast';
import {
  Badge,
  Button,
  cx,
  Dialog,
  Empty,
  ErrorState,
  Input,
  Loading,
  MoreButton,
  PageHeader,
  QueryState,
  TableHead,
} from '../components/ui';
import type { Outputs } from '../lib/api';
import { useI18n } from '../lib/i18n';
import type { MessageKey } from '../lib/messages/fr';
import { contactLine, usernameHandle } from '../lib/prospect';
import { useTRPC } from '../lib/trpc';
import { useDebounced } from '../lib/use-debounced';

const statuses = prospectStatuses;
type Status = ProspectStatus;
type Prospect = Outputs['prospects']['list']['items'][number];

export function ProspectsScreen() {
  const { t } = useI18n();
  const { view } = useSearch({ from: '/app/prospects' });
  const navigate = useNavigate({ from: '/prospects' });
  const [q, setQ] = useState('');
  const [importing, setImporting] = useState(false);
  const search = useDebounced(q.trim());
  return (
    <div className="flex h-full flex-col">
      <PageHeader
        title={t('prospects.title')}
        actions={
          <>
            <Input
              type="search"
              className="w-52"
              placeholder={t('prospects.search')}
              aria-label={t('prospects.search')}
              value={q}
              onChange={(event) => setQ(event.target.value)}
            />
            <fieldset className="flex rounded-md border border-slate-300 p-0.5">
              {(['board', 'table'] as const).map((option) => (
                <button
                  key={option}
                  type="button"
                  aria-pressed={view === option}
                  onClick={() => void navigate({ search: { view: option } })}
                  className={cx(
                    'rounded px-3 py-1 text-sm',
                    view === option ? 'bg-brand-700 text-white' : 'text-slate-700',
                  )}
                >
                  {t(`prospects.view.${option}`)}
                </button>
              ))}
            </fieldset>
            <Button variant="secondary" onClick={() => setImporting(true)}>
              {t('prospects.import')}
            </Button>
          </>
        }
      />
      {view === 'board' ? <Board q={search} /> : <Table q={search} />}
      {importing ? <ImportDialog onClose={() => setImporting(false)} /> : null}
    </div>
  );
}

function useProspects(q: string, status?: Status, limit = 50) {
  const trpc = useTRPC();
  return useInfiniteQuery(
    trpc.prospects.list.infiniteQueryOptions(
      { limit, ...(status ? { status } : {}), ...(q ? { q } : {}) },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
}

/** The pipeline's columns, side by side; on a phone one column wide, swiped from one to the next. */
function Board(props: { q: string }) {
  const { t } = useI18n();
  return (
    <section
      aria-label={t('prospects.view.board')}
      className="grid min-h-0 flex-1 grid-cols-5 gap-3 overflow-x-auto p-4 max-md:snap-x max-md:snap-mandatory max-md:auto-cols-[85%] max-md:grid-flow-col max-md:grid-cols-none max-md:p-3"
      data-testid="prospect-board"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: it scrolls sideways, from the keyboard too (even before its cards load)
      tabIndex={0}
    >
      {statuses.map((status) => (
        <Column key={status} status={status} q={props.q} />
      ))}
    </section>
  );
}

function Column(props: { status: Status; q: string }) {
  const { t } = useI18n();
  const list = useProspects(props.q, props.status, 25);
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section
      aria-label={t(prospectStatusLabelKey(props.status))}
      className="flex min-h-0 min-w-48 snap-start flex-col rounded-lg bg-slate-100"
    >
      <h2 className="flex items-center justify-between px-3 py-2 text-sm font-semibold">
        <ProspectStatusBadge status={props.status} />
        <span className="text-xs font-normal text-slate-600">
          {items.length}
          {list.hasNextPage ? '+' : ''}
        </span>
      </h2>
      <div className="min-h-0 flex-1 space-y-2 overflow-y-auto px-2 pb-2">
        {list.isPending ? <Loading /> : null}
        {list.isError ? <ErrorState error={list.error} retry={() => void list.refetch()} /> : null}
        {list.data && items.length === 0 ? (
          <p className="p-3 text-center text-xs text-slate-600">{t('prospects.emptyColumn')}</p>
        ) : null}
        {items.map((prospect) => (
          <ProspectCard key={prospect.id} prospect={prospect} />
        ))}
        <MoreButton
          hasMore={!!list.hasNextPage}
          loading={list.isFetchingNextPage}
          onMore={() => void list.fetchNextPage()}
        />
      </div>
    </section>
  );
}

function ProspectCard(props: { prospect: Prospect }) {
  const trpc = useTRPC();
  const { t, relative } = useI18n();
  const toast = useToast();
  const queryClient = useQueryClient();
  const move = useMutation(
    trpc.prospects.setStatus.mutationOptions({
      onSuccess: () => {
        toast.success(t('prospect.statusSaved'));
        void queryClient.invalidateQueries(trpc.prospects.list.pathFilter());
      },
      onError: toast.error,
    }),
  );
  const p = props.prospect;
  return (
    <article className="rounded-md border border-slate-200 bg-white p-2.5 text-sm shadow-xs">
      <p className="truncate font-medium">
        <Link to="/customers/$prospectId" params={{ prospectId: p.id }} className="hover:underline">
          {p.name ?? contactLine(p) ?? p.email}
        </Link>
      </p>
      <p className="truncate text-xs text-slate-500">{contactLine(p) ?? p.email}</p>
      {p.tags.length ? (
        <div className="mt-1 flex flex-wrap gap-1">
          {p.tags.slice(0, 3).map((tag) => (
            <Badge key={tag}>#{tag}</Badge>
          ))}
        </div>
      ) : null}
      <div className="mt-2 flex items-center justify-between gap-1">
        <span className="text-[11px] text-slate-500">{relative(p.createdAt)}</span>
        <select
          aria-label={t('prospects.moveTo')}
          className="rounded border border-slate-200 bg-white px-1 py-0.5 text-xs"
          value=""
          disabled={move.isPending}
          onChange={(event) =>
            event.target.value && move.mutate({ id: p.id, status: event.target.value as Status })
          }
        >
          <option value="">{t('prospects.moveTo')}…</option>
          {nextProspectStatuses(p.status).map((status) => (
            <option key={status} value={status}>
              {t(prospectStatusLabelKey(status))}
            </option>
          ))}
        </select>
      </div>
    </article>
  );
}

function Table(props: { q: string }) {
  const { t, date } = useI18n();
  const list = useProspects(props.q);
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div className="p-3 md:p-6">
      <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
        <QueryState
          query={list}
          empty={items.length === 0}
          emptyView={<Empty title={t('prospects.none')} hint={t('prospects.noneHint')} />}
        >
          <table className="table-cards w-full text-sm" data-testid="prospects-table">
            <TableHead
              page
              columns={[
                { label: t('prospects.name') },
                { label: t('prospects.contact') },
                { label: t('prospect.status') },
                { label: t('prospects.tags') },
                { label: t('prospects.since') },
              ]}
            />
            <tbody className="divide-y divide-slate-100">
              {items.map((p) => (
                <tr key={p.id}>
                  <td className="px-4 py-2 font-medium">
                    <Link
                      to="/customers/$prospectId"
                      params={{ prospectId: p.id }}
                      className="hover:underline"
                    >
                      {p.name ?? contactLine(p) ?? '—'}
                    </Link>
                  </td>
                  <td className="px-4 py-2 text-slate-600" data-label={t('prospects.contact')}>
                    {[p.phone, usernameHandle(p), p.email].filter(Boolean).join(' · ')}
                  </td>
                  <td className="px-4 py-2" data-label={t('prospect.status')}>
                    <ProspectStatusBadge status={p.status} />
                  </td>
                  <td className="px-4 py-2" data-label={t('prospects.tags')}>
                    {p.tags.map((tag) => `#${tag}`).join(' ')}
                  </td>
                  <td className="px-4 py-2 text-slate-600" data-label={t('prospects.since')}>
                    {date(p.createdAt)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </QueryState>
        <MoreButton
          hasMore={!!list.hasNextPage}
          loading={list.isFetchingNextPage}
          onMore={() => void list.fetchNextPage()}
        />
      </div>
    </div>
  );
}

function ImportDialog(props: { onClose: () => void }) {
  const trpc = useTRPC();
  const { t } = useI18n();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState('');
  const importCsv = useMutation(
    trpc.prospects.importCsv.mutationOptions({
      onSuccess: (report) => {
        if (!report.dryRun) {
          toast.success(t('prospects.imported', { count: report.created }));
          void queryClient.invalidateQueries(trpc.prospects.list.pathFilter());
        }
      },
      onError: toast.error,
    }),
  );
  const report = importCsv.data;
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && props.onClose()}
      title={t('prospects.import')}
      description={t('prospects.importHint')}
      wide
    >
      <div className="space-y-3">
        <input
          type="file"
          accept=".csv,text/csv"
          aria-label={t('prospects.csvFile')}
          onChange={async (event) => {
            const file = event.target.files?.[0];
            if (!file) return;
            setFileName(file.name);
            setCsv(await file.text());
            importCsv.reset();
          }}
          className="text-sm"
        />
        {fileName ? <p className="text-xs text-slate-500">{fileName}</p> : null}
        {report ? (
          <div
            className="rounded-md border border-slate-200 p-3 text-sm"
            data-testid="import-report"
          >
            <p className="font-medium">
              {t(report.dryRun ? 'prospects.dryRunSummary' : 'prospects.importSummary', {
                created: report.created,
                duplicates: report.duplicates,
                rejected: report.rejected,
              })}
            </p>
            <ul className="mt-2 max-h-60 space-y-0.5 overflow-y-auto text-xs">
              {report.rows
                .filter((row) => row.status !== 'created')
                .map((row) => (
                  <li key={row.line}>
                    {t('prospects.line', { line: row.line })} ·{' '}
                    {t(`import.status.${row.status}` as MessageKey)}
                    {row.reason ? ` — ${row.reason}` : ''}
                  </li>
                ))}
            </ul>
          </div>
        ) : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={props.onClose}>
            {t('common.close')}
          </Button>
          <Button
            variant="secondary"
            disabled={!csv}
            busy={importCsv.isPending && importCsv.variables?.dryRun}
            onClick={() => importCsv.mutate({ csv, dryRun: true })}
          >
            {t('prospects.check')}
          </Button>
          <Button
            disabled={!csv || (report !== undefined && !report.dryRun)}
            busy={importCsv.isPending && !importCsv.variables?.dryRun}
            onClick={() => importCsv.mutate({ csv, dryRun: false })}
          >
            {t('prospects.importNow')}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
