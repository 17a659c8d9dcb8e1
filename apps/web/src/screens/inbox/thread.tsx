// The open conversation: its header (service window, assignee, close or reopen), the messages and
// the composer, and beside them the AI panel, the draft order and the customer's card.
import { useState } from 'react';
import { Badge, Button, PaneState, Select } from '../../components/ui';
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
  useWindowLeft,
} from './hooks';
import { Messages } from './messages';
import { ProspectCard } from './prospect-card';

export function Thread(props: { conversationId: string }) {
  const { t } = useI18n();
  const conversation = useConversation(props.conversationId);
  const [composerText, setComposerText] = useState<Prefill | null>(null);
  const { close, reopen } = useCloseConversation(props.conversationId);

  if (conversation.isPending || conversation.isError) return <PaneState query={conversation} />;
  const c = conversation.data;
  return (
    <div className="flex min-w-0 flex-1">
      <section aria-label={t('inbox.thread')} className="flex min-w-0 flex-1 flex-col bg-slate-50">
        <header className="flex items-center justify-between gap-3 border-b border-slate-200 bg-white px-4 py-3">
          <div className="min-w-0">
            <h2 className="truncate font-semibold" data-testid="thread-title">
              {c.prospect.name ?? contactLine(c.prospect)}
            </h2>
            <p className="text-xs text-slate-500">{contactLine(c.prospect)}</p>
          </div>
          <div className="flex items-center gap-2">
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
          </div>
        </header>
        <Messages conversationId={c.id} />
        <Composer
          conversation={c}
          prefill={composerText}
          onPrefillUsed={() => setComposerText(null)}
        />
      </section>
      <aside className="flex w-80 shrink-0 flex-col gap-3 overflow-y-auto border-l border-slate-200 bg-white p-3">
        <AiPanel
          conversation={c}
          onEdit={(insightId, draft) => setComposerText({ text: draft, draft, insightId })}
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
      className="w-40 py-1 text-xs"
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
