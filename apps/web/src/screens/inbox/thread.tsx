// The open conversation: its header (service window, assignee, close or reopen), the messages and
// the composer, and beside them the AI panel, the draft order and the customer's card (on a phone,
// a sheet opened from the header).
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { Icon } from '../../components/icons';
import { Badge, Button, cx, Input, PaneState, Select } from '../../components/ui';
import { useI18n } from '../../lib/i18n';
import { contactLine } from '../../lib/prospect';
import { AiPanel } from './ai-panel';
import { Composer, type Prefill } from './composer';
import { DraftOrder } from './draft-order';
import {
  type Conversation,
  useAssignableMembers,
  useAssignConversation,
  useCloseConversation,
  useConversation,
  useCreateLabel,
  useLabels,
  useSetLabels,
  useWindowLeft,
} from './hooks';
import { LabelChip } from './labels';
import { Messages } from './messages';
import { ProspectCard } from './prospect-card';
import { ThreadHeader } from './thread-header';

export function Thread(props: { conversationId: string }) {
  const { t } = useI18n();
  const conversation = useConversation(props.conversationId);
  const [composerText, setComposerText] = useState<Prefill | null>(null);
  const { close, reopen } = useCloseConversation(props.conversationId);
  // On a phone the AI panel, the draft order and the customer's card open as a sheet over the
  // thread (the "Assistant" button).
  const [sideOpen, setSideOpen] = useState(false);

  if (conversation.isPending || conversation.isError) return <PaneState query={conversation} />;
  const c = conversation.data;
  return (
    <div className="flex min-w-0 flex-1">
      <section aria-label={t('inbox.thread')} className="flex min-w-0 flex-1 flex-col bg-slate-50">
        <ThreadHeader
          opens="c"
          title={
            <Link
              to="/customers/$prospectId"
              params={{ prospectId: c.prospect.id }}
              className="hover:underline"
              title={t('customer.open')}
            >
              {c.prospect.name ?? contactLine(c.prospect)}
            </Link>
          }
          beside={
            <Button
              size="sm"
              variant="secondary"
              className="md:hidden"
              aria-expanded={sideOpen}
              aria-controls="thread-side"
              onClick={() => setSideOpen(true)}
              data-testid="open-assistant"
            >
              <Icon name="spark" /> {t('layout.assistant')}
            </Button>
          }
          actions={
            <>
              <LabelsMenu conversation={c} />
              <WindowBadge conversation={c} />
              <Assignee conversation={c} />
              {c.status === 'closed' ? (
                <Button
                  size="sm"
                  variant="secondary"
                  busy={reopen.isPending}
                  onClick={() => reopen.mutate({ id: c.id })}
                >
                  {t('inbox.reopen')}
                </Button>
              ) : (
                <Button
                  size="sm"
                  variant="secondary"
                  busy={close.isPending}
                  onClick={() => close.mutate({ id: c.id })}
                >
                  {t('inbox.close')}
                </Button>
              )}
            </>
          }
        >
          {c.labels.length > 0 ? (
            <p className="mt-0.5 flex flex-wrap gap-1">
              {c.labels.map((label) => (
                <LabelChip key={label.id} label={label} />
              ))}
            </p>
          ) : null}
          <p className="text-xs text-slate-600">{contactLine(c.prospect)}</p>
        </ThreadHeader>
        <Messages conversationId={c.id} />
        <Composer
          conversation={c}
          prefill={composerText}
          onPrefillUsed={() => setComposerText(null)}
        />
      </section>
      <aside
        id="thread-side"
        aria-label={t('layout.assistant')}
        className={cx(
          'w-80 shrink-0 flex-col gap-3 overflow-y-auto border-l border-slate-200 bg-white p-3 md:flex',
          sideOpen ? 'flex max-md:fixed max-md:inset-0 max-md:z-40 max-md:w-full' : 'hidden',
        )}
        data-testid="thread-side"
      >
        {sideOpen ? (
          <div className="-mx-3 -mt-3 flex items-center gap-1 border-b border-slate-200 px-2 py-1 md:hidden">
            <button
              type="button"
              // biome-ignore lint/a11y/noAutofocus: the sheet just opened over the thread
              autoFocus
              aria-label={t('layout.backToThread')}
              className="flex size-11 items-center justify-center rounded-md text-slate-700 hover:bg-slate-100"
              onClick={() => setSideOpen(false)}
            >
              <Icon name="back" className="size-5" />
            </button>
            <span className="truncate font-semibold">
              {c.prospect.name ?? contactLine(c.prospect)}
            </span>
          </div>
        ) : null}
        <AiPanel
          conversation={c}
          onEdit={(insightId, draft) => {
            setComposerText({ text: draft, draft, insightId });
            // The draft is edited in the composer, under the sheet.
            setSideOpen(false);
          }}
        />
        <DraftOrder conversation={c} />
        <ProspectCard prospectId={c.prospect.id} />
      </aside>
    </div>
  );
}

function WindowBadge(props: { conversation: Conversation }) {
  const { t } = useI18n();
  const left = useWindowLeft(props.conversation.serviceWindowEndsAt);
  if (left <= 0) return <Badge tone="red">{t('inbox.windowClosed')}</Badge>;
  const hours = Math.floor(left / 3_600_000);
  const minutes = Math.floor((left % 3_600_000) / 60_000);
  return (
    <Badge tone={hours < 2 ? 'amber' : 'green'}>
      <span data-testid="window-left">
        {t('inbox.windowLeft', { hours, minutes: String(minutes).padStart(2, '0') })}
      </span>
    </Badge>
  );
}

function Assignee(props: { conversation: Conversation }) {
  const { t } = useI18n();
  const assignable = useAssignableMembers();
  const assign = useAssignConversation(props.conversation.id);
  return (
    <Select
      aria-label={t('inbox.assignee')}
      className="w-32 py-1 text-xs md:w-40"
      value={props.conversation.assignedUserId ?? ''}
      onChange={(event) =>
        assign.mutate({ id: props.conversation.id, userId: event.target.value || null })
      }
    >
      <option value="">{t('inbox.unassigned')}</option>
      {assignable.map((member) => (
        <option key={member.userId} value={member.userId}>
          {member.name}
        </option>
      ))}
    </Select>
  );
}

/** The conversation's labels: tick the business's labels, or create one on the spot. */
function LabelsMenu(props: { conversation: Conversation }) {
  const { t } = useI18n();
  const labels = useLabels();
  const setLabels = useSetLabels(props.conversation.id);
  const create = useCreateLabel();
  const [name, setName] = useState('');
  const chosen = new Set(props.conversation.labels.map((label) => label.id));
  const toggle = (id: string) => {
    const next = new Set(chosen);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setLabels.mutate({ id: props.conversation.id, labelIds: [...next] });
  };
  return (
    <details className="relative" data-testid="labels-menu">
      <summary className="flex min-h-9 cursor-pointer list-none items-center rounded-md border border-slate-300 px-2.5 text-xs">
        {t('inbox.labels')}
      </summary>
      <div className="absolute right-0 z-20 mt-1 w-60 rounded-md border border-slate-200 bg-white p-2 shadow-lg">
        <ul className="max-h-56 overflow-y-auto">
          {labels.data?.map((label) => (
            <li key={label.id}>
              <label className="flex min-h-11 items-center gap-2 px-1 text-sm">
                <input
                  type="checkbox"
                  checked={chosen.has(label.id)}
                  onChange={() => toggle(label.id)}
                />
                <LabelChip label={label} />
              </label>
            </li>
          ))}
        </ul>
        <form
          className="mt-1 flex gap-1"
          onSubmit={(event) => {
            event.preventDefault();
            if (!name.trim()) return;
            create.mutate(
              { name: name.trim() },
              {
                onSuccess: (label) => {
                  setName('');
                  setLabels.mutate({ id: props.conversation.id, labelIds: [...chosen, label.id] });
                },
              },
            );
          }}
        >
          <Input
            aria-label={t('inbox.newLabel')}
            placeholder={t('inbox.newLabel')}
            className="flex-1 py-1 text-xs"
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
          <Button size="sm" type="submit" busy={create.isPending}>
            +
          </Button>
        </form>
      </div>
    </details>
  );
}
