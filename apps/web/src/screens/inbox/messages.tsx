// The thread's messages as bubbles: direction, media, the delivery ticks of what we sent and why a
// message failed; older pages on demand, the newest kept in view.
import type { MessageType } from '@flux/contracts/enums';
import { useEffect, useRef } from 'react';
import { Icon } from '../../components/icons';
import { Badge, Button, cx, Empty, PaneState } from '../../components/ui';
import { useI18n } from '../../lib/i18n';
import type { MessageKey } from '../../lib/messages/fr';
import { type Message, useMessages } from './hooks';

export function Messages(props: { conversationId: string }) {
  const { t } = useI18n();
  const { messages, ordered } = useMessages(props.conversationId);
  const bottom = useRef<HTMLDivElement>(null);
  const newest = ordered.at(-1)?.id;
  useEffect(() => {
    if (newest) bottom.current?.scrollIntoView({ block: 'end' });
  }, [newest]);
  if (messages.isPending || messages.isError) return <PaneState query={messages} />;
  return (
    <div
      className="min-h-0 flex-1 overflow-y-auto px-3 py-3 md:px-4"
      data-testid="messages"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region, scrolled from the keyboard too
      tabIndex={0}
    >
      {messages.hasNextPage ? (
        <div className="mb-2 flex justify-center">
          <Button
            size="sm"
            variant="ghost"
            busy={messages.isFetchingNextPage}
            onClick={() => void messages.fetchNextPage()}
          >
            {t('inbox.older')}
          </Button>
        </div>
      ) : null}
      {ordered.length === 0 ? <Empty title={t('inbox.noMessages')} /> : null}
      <ol className="space-y-2">
        {ordered.map((message) => (
          <Bubble key={message.id} message={message} />
        ))}
      </ol>
      <div ref={bottom} />
    </div>
  );
}

function Ticks(props: { message: Message }) {
  const { t } = useI18n();
  const { status } = props.message;
  if (status === 'queued' || status === 'sending')
    return (
      <span role="img" title={t(`tick.${status}`)} aria-label={t(`tick.${status}`)}>
        ◷
      </span>
    );
  if (status === 'unknown') return <span className="text-amber-700">? {t('tick.unknown')}</span>;
  if (status === 'sent')
    return (
      <span role="img" title={t('tick.sent')} aria-label={t('tick.sent')}>
        ✓
      </span>
    );
  if (status === 'delivered')
    return (
      <span role="img" title={t('tick.delivered')} aria-label={t('tick.delivered')}>
        ✓✓
      </span>
    );
  if (status === 'read')
    return (
      <span className="text-sky-500" role="img" title={t('tick.read')} aria-label={t('tick.read')}>
        ✓✓
      </span>
    );
  if (status === 'failed') return <span className="text-red-600">⚠ {t('tick.failed')}</span>;
  return null;
}

/**
 * Which message types get an attachment line (a media file, a place, a card, a reaction): every
 * type says, so one added to the contracts is a type error here until it is decided.
 */
const attachmentLine = {
  text: false,
  image: true,
  audio: true,
  video: true,
  document: true,
  sticker: true,
  location: true,
  contacts: true,
  interactive: false,
  button: false,
  reaction: true,
  order: true,
  template: false,
  unsupported: false,
  system: false,
} satisfies Record<MessageType, boolean>;

/** A document's name or a place's coordinates beside the type (`MessageMedia`, @flux/contracts). */
function MediaLine(props: { message: Message }) {
  const { t } = useI18n();
  const media = props.message.media;
  const type = props.message.type;
  if (!attachmentLine[type]) return null;
  return (
    <span className="flex items-center gap-1 text-xs opacity-80">
      <Icon name={type === 'location' ? 'pin' : 'attachment'} className="size-3.5" />
      {t(`message.type.${type}` as MessageKey)}
      {media?.filename ? ` · ${media.filename}` : ''}
      {type === 'location' && media?.latitude !== undefined
        ? ` · ${media.latitude.toFixed(4)}, ${media.longitude?.toFixed(4)}`
        : ''}
    </span>
  );
}

function Bubble(props: { message: Message }) {
  const { time, t } = useI18n();
  const { message } = props;
  const out = message.direction === 'out';
  if (message.type === 'system') {
    return <li className="text-center text-xs text-slate-600">{message.body}</li>;
  }
  return (
    <li
      className={cx('flex', out ? 'justify-end' : 'justify-start')}
      data-testid="message"
      data-direction={message.direction}
    >
      <div
        className={cx(
          'max-w-[75%] rounded-lg px-3 py-2 text-sm shadow-xs',
          out ? 'bg-brand-100 text-slate-900' : 'bg-white text-slate-900',
          message.status === 'failed' && 'ring-1 ring-red-300',
          message.status === 'unknown' && 'ring-1 ring-amber-300',
        )}
      >
        <MediaLine message={message} />
        {message.type === 'template' ? (
          <Badge tone="blue">{t('message.type.template')}</Badge>
        ) : null}
        {message.body ? <p className="whitespace-pre-wrap break-words">{message.body}</p> : null}
        {message.type === 'unsupported' ? (
          <p className="text-xs italic text-slate-500">{t('message.unsupported')}</p>
        ) : null}
        <p className="mt-1 flex items-center justify-end gap-1.5 text-[11px] text-slate-600">
          {message.authorType === 'ai' ? <Badge tone="violet">{t('message.byAi')}</Badge> : null}
          {time(message.createdAt)}
          {out ? <Ticks message={message} /> : null}
        </p>
        {message.status === 'failed' && (message.errorTitle || message.errorCode) ? (
          <p className="mt-1 text-xs text-red-700" data-testid="failure-reason">
            {message.errorTitle ?? ''} {message.errorCode ? `(${message.errorCode})` : ''}
          </p>
        ) : null}
        {message.status === 'unknown' ? (
          <p className="mt-1 text-xs text-amber-800" data-testid="unknown-reason">
            {t('message.unknownExplained')}
          </p>
        ) : null}
      </div>
    </li>
  );
}
