// What the team writes: a reply while the 24 h service window is open (with `/` for the saved
// answers, and attachments: a product card, the shop's location), a template (the only message
// WhatsApp lets through) once it has closed, or an internal note the customer never sees. Each
// message carries an id so a retry sends it once.
import { fillQuickReply } from '@flux/contracts/quick-replies';
import { useEffect, useRef, useState } from 'react';
import { Icon } from '../../components/icons';
import { useToast } from '../../components/toast';
import { Button, cx, ErrorState, Input, Select, Textarea } from '../../components/ui';
import { newClientId } from '../../lib/client-id';
import { useI18n } from '../../lib/i18n';
import { uploadConversationPhoto } from '../../lib/photo-upload';
import {
  type Conversation,
  type QuickReply,
  useAddNote,
  useMe,
  useProductSearch,
  useQuickReplies,
  useReviewInsight,
  useSendMessage,
  useTemplates,
  useWindowLeft,
} from './hooks';

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

/** The saved answers whose shortcut or title holds what follows the `/`, filled in on pick. */
function QuickReplyPicker(props: {
  query: string;
  conversation: Conversation;
  onPick: (body: string) => void;
}) {
  const { t } = useI18n();
  const replies = useQuickReplies();
  const me = useMe();
  const [active, setActive] = useState(0);
  const q = props.query.toLowerCase();
  const found = (replies.data ?? [])
    .filter((reply) => reply.shortcut.includes(q) || reply.title.toLowerCase().includes(q))
    .slice(0, 8);
  const shopName =
    me.data?.memberships.find((m) => m.businessId === me.data?.currentBusinessId)?.name ?? '';
  const pick = (reply: QuickReply) =>
    props.onPick(
      fillQuickReply(reply.body, {
        name: props.conversation.prospect.name,
        phone: props.conversation.prospect.phone,
        shopName,
      }),
    );
  // Arrows move, Enter or Tab picks: the textarea keeps the focus.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (found.length === 0) return;
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        setActive((i) => (i + (event.key === 'ArrowDown' ? 1 : found.length - 1)) % found.length);
      } else if ((event.key === 'Enter' && !event.shiftKey) || event.key === 'Tab') {
        const reply = found[Math.min(active, found.length - 1)];
        if (reply) {
          event.preventDefault();
          pick(reply);
        }
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  });
  return (
    <div
      className="absolute inset-x-3 bottom-full mb-1 max-h-64 overflow-y-auto rounded-md border border-slate-200 bg-white shadow-lg"
      data-testid="quick-replies"
    >
      <p className="border-b border-slate-100 px-3 py-1.5 text-xs font-medium text-slate-500">
        {t('inbox.quickReplies')}
      </p>
      {replies.data && found.length === 0 ? (
        <p className="px-3 py-2 text-sm text-slate-500">{t('inbox.noQuickReplies')}</p>
      ) : null}
      <ul aria-label={t('inbox.quickReplies')}>
        {found.map((reply, index) => (
          <li key={reply.id}>
            <button
              type="button"
              className={cx(
                'block min-h-11 w-full px-3 py-2 text-left text-sm hover:bg-slate-50',
                index === active && 'bg-brand-50',
              )}
              aria-current={index === active || undefined}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => pick(reply)}
            >
              <span className="font-medium">/{reply.shortcut}</span>{' '}
              <span className="text-slate-600">{reply.title}</span>
              <span className="block truncate text-xs text-slate-500">{reply.body}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The catalog's active products, searched by name, each sent as a card on a tap. */
function ProductPicker(props: { onPick: (productId: string) => void }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const products = useProductSearch(q, true);
  return (
    <div
      className="mb-2 rounded-md border border-slate-200 bg-white p-2"
      data-testid="product-picker"
    >
      <Input
        type="search"
        autoFocus
        aria-label={t('inbox.productSearch')}
        placeholder={t('inbox.productSearch')}
        value={q}
        onChange={(event) => setQ(event.target.value)}
      />
      {products.isError ? <ErrorState error={products.error} /> : null}
      {products.data && products.data.items.length === 0 ? (
        <p className="px-1 py-2 text-sm text-slate-500">{t('inbox.noProducts')}</p>
      ) : null}
      <ul className="mt-1 max-h-56 overflow-y-auto">
        {products.data?.items.map((product) => (
          <li key={product.id}>
            <button
              type="button"
              className="flex min-h-11 w-full items-center gap-2 px-1 py-1 text-left text-sm hover:bg-slate-50"
              aria-label={t('inbox.sendProduct', { name: product.name })}
              onClick={() => props.onPick(product.id)}
            >
              {product.imageUrl ? (
                <img src={product.imageUrl} alt="" className="size-9 rounded object-cover" />
              ) : (
                <span className="size-9 rounded bg-slate-100" />
              )}
              <span className="min-w-0 flex-1 truncate">{product.name}</span>
              <span className="tabular-nums text-slate-600">{product.price.formatted}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
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
