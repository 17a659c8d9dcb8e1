// What the team writes: a reply while the 24 h service window is open (with `/` for the saved
// answers, and attachments: a product card, the shop's location), a template (the only message
// WhatsApp lets through) once it has closed, or an internal note the customer never sees. Each
// message carries an id so a retry sends it once. The pickers are composer-pickers.tsx and
// template-picker.tsx.
import { useEffect, useRef, useState } from 'react';
import { Icon } from '../../components/icons';
import { useToast } from '../../components/toast';
import { Button, cx, Textarea } from '../../components/ui';
import { newClientId } from '../../lib/client-id';
import { useI18n } from '../../lib/i18n';
import { uploadConversationPhoto } from '../../lib/photo-upload';
import { ProductPicker, QuickReplyPicker } from './composer-pickers';
import {
  type Conversation,
  useAddNote,
  useMe,
  useReviewInsight,
  useSendMessage,
  useWindowLeft,
} from './hooks';
import { TemplatePicker } from './template-picker';

/** An AI draft put in the composer to be edited before it is sent. */
export type Prefill = { text: string; insightId: string; draft: string };

export function Composer(props: {
  conversation: Conversation;
  prefill: Prefill | null;
  onPrefillUsed: () => void;
}) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [mode, setMode] = useState<'reply' | 'note'>('reply');
  const [attaching, setAttaching] = useState<'menu' | 'product' | null>(null);
  const [editing, setEditing] = useState<{ insightId: string; draft: string } | null>(null);
  // One id per message being written: a retried click (or a double click) on the same text
  // reuses it, so the server stores and sends one message; changed text is a new message.
  const attempt = useRef<{ id: string; text: string } | null>(null);
  const windowOpen = useWindowLeft(props.conversation.serviceWindowEndsAt) > 0;
  useEffect(() => {
    if (props.prefill) {
      setText(props.prefill.text);
      setMode('reply');
      setEditing({ insightId: props.prefill.insightId, draft: props.prefill.draft });
      props.onPrefillUsed();
    }
  }, [props.prefill, props.onPrefillUsed]);
  const review = useReviewInsight();
  const send = useSendMessage(props.conversation.id, (input) => {
    attempt.current = null;
    if (input.text === undefined) return; // an attachment: what is being written stays
    setText('');
    if (editing) {
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
  const addNote = useAddNote(props.conversation.id, () => setText(''));
  const slash = /(^|\s)\/([^\s/]*)$/.exec(text);
  const submit = () => {
    if (!text.trim()) return;
    if (mode === 'note') {
      if (!addNote.isPending) addNote.mutate({ conversationId: props.conversation.id, body: text });
      return;
    }
    if (send.isPending) return;
    if (attempt.current?.text !== text) attempt.current = { id: newClientId(), text };
    send.mutate({
      conversationId: props.conversation.id,
      clientMessageId: attempt.current.id,
      text,
    });
  };
  const attach = (
    input:
      | { productId: string }
      | { shopLocation: true }
      | { photo: { uploadId: string; caption?: string } },
  ) => {
    setAttaching(null);
    send.mutate({
      conversationId: props.conversation.id,
      clientMessageId: newClientId(),
      ...input,
    });
  };
  const me = useMe();
  const toast = useToast();
  const [uploading, setUploading] = useState(false);
  const photoInput = useRef<HTMLInputElement>(null);
  const sendPhoto = async (file: File) => {
    const businessId = me.data?.currentBusinessId;
    if (!businessId) return;
    setUploading(true);
    try {
      const uploadId = await uploadConversationPhoto({
        businessId,
        conversationId: props.conversation.id,
        file,
      });
      // What is written goes with it as its caption.
      attach({ photo: { uploadId, ...(text.trim() ? { caption: text.trim() } : {}) } });
      setText('');
    } catch (error) {
      toast.error(error);
    } finally {
      setUploading(false);
    }
  };
  // Notes may be written whatever the window; replies outside it are templates only.
  if (!windowOpen && mode === 'reply') {
    return (
      <div>
        <ModeSwitch mode={mode} onChange={setMode} />
        <TemplatePicker conversation={props.conversation} />
      </div>
    );
  }
  return (
    <form
      className={cx(
        // Tighter on a phone: the reply box keeps its width beside the attach and send buttons.
        'relative border-t border-slate-200 p-2 md:p-3',
        mode === 'note' ? 'bg-amber-50' : 'bg-white',
      )}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <ModeSwitch mode={mode} onChange={setMode} />
      {editing ? <p className="mb-1 text-xs text-violet-700">{t('ai.editing')}</p> : null}
      {slash && mode === 'reply' ? (
        <QuickReplyPicker
          query={slash[2] ?? ''}
          conversation={props.conversation}
          onPick={(body) => {
            setText((current) =>
              current.replace(/(^|\s)\/([^\s/]*)$/, (_all, space) => `${space}${body}`),
            );
          }}
        />
      ) : null}
      {attaching === 'menu' ? (
        <div className="mb-2 flex flex-wrap gap-2" data-testid="attach-menu">
          <Button
            size="sm"
            variant="secondary"
            busy={uploading}
            onClick={() => photoInput.current?.click()}
          >
            {t('inbox.attachPhoto')}
          </Button>
          <input
            ref={photoInput}
            type="file"
            accept="image/jpeg,image/png,image/*"
            className="hidden"
            data-testid="photo-input"
            onChange={(event) => {
              const file = event.target.files?.[0];
              event.target.value = '';
              if (file) void sendPhoto(file);
            }}
          />
          <Button size="sm" variant="secondary" onClick={() => setAttaching('product')}>
            {t('inbox.attachProduct')}
          </Button>
          <Button
            size="sm"
            variant="secondary"
            busy={send.isPending}
            onClick={() => attach({ shopLocation: true })}
          >
            {t('inbox.attachLocation')}
          </Button>
        </div>
      ) : null}
      {attaching === 'product' ? (
        <ProductPicker onPick={(productId) => attach({ productId })} />
      ) : null}
      <div className="flex items-end gap-1 md:gap-2">
        {mode === 'reply' ? (
          <Button
            size="sm"
            variant="ghost"
            aria-label={t('inbox.attach')}
            aria-expanded={attaching !== null}
            data-testid="attach"
            className="min-h-11 min-w-11"
            onClick={() => setAttaching((open) => (open ? null : 'menu'))}
          >
            <Icon name="attachment" />
          </Button>
        ) : null}
        <Textarea
          aria-label={mode === 'note' ? t('inbox.note') : t('inbox.reply')}
          placeholder={mode === 'note' ? t('inbox.notePlaceholder') : t('inbox.replyPlaceholder')}
          title={t('inbox.quickReplyHint')}
          rows={2}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            // While the quick replies are open, Enter picks one (the picker listens for it).
            if (event.key === 'Enter' && !event.shiftKey && !(slash && mode === 'reply')) {
              event.preventDefault();
              submit();
            }
          }}
        />
        <Button
          type="submit"
          busy={mode === 'note' ? addNote.isPending : send.isPending}
          disabled={!text.trim()}
          data-testid={mode === 'note' ? 'add-note' : 'send'}
        >
          {mode === 'note' ? t('inbox.addNote') : t('inbox.send')}
        </Button>
      </div>
    </form>
  );
}

/** Reply to the customer, or write a note only the team sees. */
function ModeSwitch(props: { mode: 'reply' | 'note'; onChange: (mode: 'reply' | 'note') => void }) {
  const { t } = useI18n();
  return (
    <div className="mb-2 flex gap-1">
      {(['reply', 'note'] as const).map((mode) => (
        <button
          key={mode}
          type="button"
          aria-pressed={props.mode === mode}
          data-testid={`mode-${mode}`}
          onClick={() => props.onChange(mode)}
          className={cx(
            'min-h-9 rounded-full px-3 text-xs',
            props.mode === mode
              ? mode === 'note'
                ? 'bg-amber-500 text-white'
                : 'bg-brand-700 text-white'
              : 'bg-slate-100 text-slate-700',
          )}
        >
          {t(mode === 'note' ? 'inbox.modeNote' : 'inbox.modeReply')}
        </button>
      ))}
    </div>
  );
}
