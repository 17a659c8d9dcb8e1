// The AI panel: the latest analysis of the conversation (intent, sentiment, summary) and its reply
// draft, which the team sends as is, edits in the composer, or rejects.
import { Icon } from '../../components/icons';
import { useToast } from '../../components/toast';
import { Badge, Button, ErrorState, Spinner } from '../../components/ui';
import { useI18n } from '../../lib/i18n';
import type { MessageKey } from '../../lib/messages/fr';
import {
  type Conversation,
  useAnalyze,
  useLatestInsight,
  useReviewInsight,
  useSendMessage,
  useWindowLeft,
} from './hooks';

export function AiPanel(props: {
  conversation: Conversation;
  onEdit: (insightId: string, draft: string) => void;
}) {
  const { t, number } = useI18n();
  const toast = useToast();
  const { insights, insight, output } = useLatestInsight(props.conversation.id);
  const analyze = useAnalyze();
  const review = useReviewInsight(props.conversation.id);
  const send = useSendMessage(props.conversation.id);
  const windowOpen = useWindowLeft(props.conversation.serviceWindowEndsAt) > 0;
  const accept = async () => {
    if (!insight || !output.replyDraft) return;
    await send.mutateAsync({
      conversationId: props.conversation.id,
      // One message per draft, whoever clicks and however often.
      clientMessageId: `ai-draft-${insight.id}`,
      text: output.replyDraft,
    });
    await review.mutateAsync({ insightId: insight.id, decision: 'accepted' });
    toast.success(t('ai.accepted'));
  };
  return (
    <section
      aria-label={t('ai.title')}
      className="rounded-lg border border-violet-200 bg-violet-50/40 p-3"
      data-testid="ai-panel"
    >
      <header className="mb-2 flex items-center justify-between">
        <h3 className="flex items-center gap-1 text-sm font-semibold text-violet-900">
          <Icon name="spark" /> {t('ai.title')}
        </h3>
        <Button
          size="sm"
          variant="ghost"
          busy={analyze.isPending}
          onClick={() => analyze.mutate({ conversationId: props.conversation.id })}
        >
          {t('ai.analyze')}
        </Button>
      </header>
      {insights.isPending ? <Spinner small /> : null}
      {insights.isError ? <ErrorState error={insights.error} /> : null}
      {insights.data && !insight ? <p className="text-xs text-slate-500">{t('ai.none')}</p> : null}
      {insight ? (
        <div className="space-y-2 text-sm">
          <div className="flex flex-wrap gap-1">
            {output.intent ? (
              <Badge tone="violet">{t(`ai.intent.${output.intent}` as MessageKey)}</Badge>
            ) : null}
            {output.sentiment ? (
              <Badge>{t(`ai.sentiment.${output.sentiment}` as MessageKey)}</Badge>
            ) : null}
            {typeof output.confidence === 'number' ? (
              <Badge tone="blue">{number(output.confidence * 100)} %</Badge>
            ) : null}
          </div>
          {output.summary ? (
            <p className="text-slate-700" data-testid="ai-summary">
              {output.summary}
            </p>
          ) : null}
          {output.guard && !output.guard.autoSend ? (
            <div
              className="rounded-md border border-amber-300 bg-amber-50 p-2 text-xs text-amber-900"
              data-testid="ai-guard"
              role="alert"
            >
              <p className="mb-1 font-medium">{t('ai.guard.held')}</p>
              <ul className="space-y-1">
                {output.guard.issues.map((issue) => (
                  <li key={`${issue.kind}:${issue.text}`}>
                    <span className="font-medium">{t(`ai.guard.${issue.kind}` as MessageKey)}</span>
                    {' — '}
                    <mark className="rounded bg-amber-200 px-0.5">{issue.text}</mark>
                    {issue.expected ? ` (${t('ai.guard.expected')} ${issue.expected})` : null}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {output.replyDraft ? (
            <div className="rounded-md border border-violet-200 bg-white p-2">
              <p className="mb-1 text-xs font-medium text-violet-800">{t('ai.draft')}</p>
              <p className="whitespace-pre-wrap text-slate-800" data-testid="ai-draft">
                {output.replyDraft}
              </p>
              {insight.reviewState === 'pending' ? (
                <div className="mt-2 flex gap-1.5">
                  <Button
                    size="sm"
                    busy={send.isPending || review.isPending}
                    disabled={!windowOpen}
                    onClick={() => void accept().catch(() => undefined)}
                    data-testid="ai-accept"
                  >
                    {t('ai.accept')}
                  </Button>
                  <Button
                    size="sm"
                    variant="secondary"
                    disabled={!windowOpen}
                    onClick={() => props.onEdit(insight.id, output.replyDraft ?? '')}
                  >
                    {t('ai.edit')}
                  </Button>
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() => review.mutate({ insightId: insight.id, decision: 'rejected' })}
                  >
                    {t('ai.reject')}
                  </Button>
                </div>
              ) : (
                <p className="mt-1 text-xs text-slate-500" data-testid="ai-review-state">
                  {t(`ai.review.${insight.reviewState}` as MessageKey)}
                </p>
              )}
            </div>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
