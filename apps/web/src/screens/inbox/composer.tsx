// What the team writes: a reply while the 24 h service window is open, a template (the only message
// WhatsApp lets through) once it has closed. Each message carries an id so a retry sends it once.
import { useEffect, useRef, useState } from 'react';
import { useToast } from '../../components/toast';
import { Button, ErrorState, Input, Select, Textarea } from '../../components/ui';
import { useI18n } from '../../lib/i18n';
import {
  type Conversation,
  useReviewInsight,
  useSendMessage,
  useTemplates,
  useWindowLeft,
} from './hooks';

function newClientId() {
  return typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/** An AI draft put in the composer to be edited before it is sent. */
export type Prefill = { text: string; insightId: string; draft: string };

export function Composer(props: {
  conversation: Conversation;
  prefill: Prefill | null;
  onPrefillUsed: () => void;
}) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [editing, setEditing] = useState<{ insightId: string; draft: string } | null>(null);
  // One id per message being written: a retried click (or a double click) on the same text
  // reuses it, so the server stores and sends one message; changed text is a new message.
  const attempt = useRef<{ id: string; text: string } | null>(null);
  const windowOpen = useWindowLeft(props.conversation.serviceWindowEndsAt) > 0;
  useEffect(() => {
    if (props.prefill) {
      setText(props.prefill.text);
      setEditing({ insightId: props.prefill.insightId, draft: props.prefill.draft });
      props.onPrefillUsed();
    }
  }, [props.prefill, props.onPrefillUsed]);
  const review = useReviewInsight();
  const send = useSendMessage(props.conversation.id, (input) => {
    attempt.current = null;
    setText('');
    if (editing && input.text !== undefined) {
      const unchanged = input.text.trim() === editing.draft.trim();
      review.mutate(
        unchanged
          ? { insightId: editing.insightId, decision: 'accepted' }
          : {
              insightId: editing.insightId,
              decision: 'edited',
              text: input.text.slice(0, 1_000),
            },
      );
      setEditing(null);
    }
  });
  const submit = () => {
    if (!text.trim() || send.isPending) return;
    if (attempt.current?.text !== text) attempt.current = { id: newClientId(), text };
    send.mutate({
      conversationId: props.conversation.id,
      clientMessageId: attempt.current.id,
      text,
    });
  };
  if (!windowOpen) return <TemplatePicker conversation={props.conversation} />;
  return (
    <form
      className="border-t border-slate-200 bg-white p-3"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      {editing ? <p className="mb-1 text-xs text-violet-700">{t('ai.editing')}</p> : null}
      <div className="flex items-end gap-2">
        <Textarea
          aria-label={t('inbox.reply')}
          placeholder={t('inbox.replyPlaceholder')}
          rows={2}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey) {
              event.preventDefault();
              submit();
            }
          }}
        />
        <Button type="submit" busy={send.isPending} disabled={!text.trim()} data-testid="send">
          {t('inbox.send')}
        </Button>
      </div>
    </form>
  );
}

function TemplatePicker(props: { conversation: Conversation }) {
  const { t } = useI18n();
  const toast = useToast();
  const templates = useTemplates();
  const [name, setName] = useState('');
  const [params, setParams] = useState<string[]>([]);
  const attempt = useRef<{ id: string; what: string } | null>(null);
  const chosen = templates.data?.find(
    (template) => `${template.name}:${template.language}` === name,
  );
  const send = useSendMessage(props.conversation.id, () => {
    attempt.current = null;
    toast.success(t('inbox.templateSent'));
    setName('');
    setParams([]);
  });
  return (
    <div className="border-t border-slate-200 bg-white p-3">
      <p className="mb-2 text-xs text-slate-600">{t('inbox.windowClosedHint')}</p>
      {templates.isError ? <ErrorState error={templates.error} /> : null}
      {templates.data && templates.data.length === 0 ? (
        <p className="text-sm text-slate-500">{t('inbox.noTemplates')}</p>
      ) : (
        <div className="flex flex-wrap items-end gap-2">
          <Select
            aria-label={t('inbox.template')}
            className="w-56"
            value={name}
            onChange={(event) => {
              setName(event.target.value);
              const next = templates.data?.find(
                (template) => `${template.name}:${template.language}` === event.target.value,
              );
              setParams(Array.from({ length: next?.parameterCount ?? 0 }, () => ''));
            }}
          >
            <option value="">{t('inbox.chooseTemplate')}</option>
            {templates.data?.map((template) => (
              <option
                key={`${template.name}:${template.language}`}
                value={`${template.name}:${template.language}`}
              >
                {template.name} ({template.language})
              </option>
            ))}
          </Select>
          {params.map((value, index) => (
            <Input
              key={index}
              className="w-36"
              aria-label={`{{${index + 1}}}`}
              placeholder={`{{${index + 1}}}`}
              value={value}
              onChange={(event) =>
                setParams((list) =>
                  list.map((item, i) => (i === index ? event.target.value : item)),
                )
              }
            />
          ))}
          <Button
            disabled={!chosen || params.some((value) => !value.trim())}
            busy={send.isPending}
            onClick={() => {
              if (!chosen) return;
              const what = JSON.stringify([chosen.name, chosen.language, params]);
              if (attempt.current?.what !== what) attempt.current = { id: newClientId(), what };
              send.mutate({
                conversationId: props.conversation.id,
                clientMessageId: attempt.current.id,
                template: { name: chosen.name, language: chosen.language, parameters: params },
              });
            }}
          >
            {t('inbox.sendTemplate')}
          </Button>
        </div>
      )}
      {chosen ? (
        <p className="mt-2 rounded bg-slate-50 p-2 text-xs text-slate-600">{chosen.body}</p>
      ) : null}
    </div>
  );
}
