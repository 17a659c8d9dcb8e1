// The thread's messages as bubbles: direction, media (a location pin as a card that opens in
// maps), the delivery ticks of what we sent and why a message failed; the team's internal notes
// between them, where they were written; older pages on demand, the newest kept in view.
import type { MessageType } from '@flux/contracts/enums';
import { useEffect, useMemo, useRef } from 'react';
import { Icon } from '../../components/icons';
import { Badge, Button, cx, Empty, PaneState } from '../../components/ui';
import { useI18n } from '../../lib/i18n';
import type { MessageKey } from '../../lib/messages/fr';
import { type Message, type Note, useMe, useMessages, useNotes, useRemoveNote } from './hooks';

export function Messages(props: { conversationId: string }) {
  const { t } = useI18n();
  const { messages, ordered } = useMessages(props.conversationId);
  const notes = useNotes(props.conversationId);
  const bottom = useRef<HTMLDivElement>(null);
  const thread = useMemo(
    () => interleave(ordered, notes.data ?? [], !messages.hasNextPage),
    [ordered, notes.data, messages.hasNextPage],
  );
  const newest = thread.at(-1)?.item.id;
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
      {thread.length === 0 ? <Empty title={t('inbox.noMessages')} /> : null}
      <ol className="space-y-2">
        {thread.map((entry) =>
          entry.kind === 'note' ? (
            <NoteBubble key={entry.item.id} note={entry.item} />
          ) : (
            <Bubble key={entry.item.id} message={entry.item} />
          ),
        )}
      </ol>
      <div ref={bottom} />
    </div>
  );
}

type Entry = { kind: 'message'; item: Message } | { kind: 'note'; item: Note };

/**
 * Messages (in the server's order) with the notes placed where they were written. A note older
 * than the oldest message loaded waits for its page, unless every page is there.
 */
function interleave(messages: Message[], notes: Note[], complete: boolean): Entry[] {
  const at = (value: Date | string | number) => new Date(value).getTime();
  const oldest = messages[0] ? at(messages[0].createdAt) : Number.NEGATIVE_INFINITY;
  const waiting = notes.filter((note) => complete || at(note.createdAt) >= oldest);
  const out: Entry[] = [];
  let n = 0;
  for (const message of messages) {
    while (n < waiting.length && at(waiting[n]?.createdAt ?? 0) < at(message.createdAt)) {
      const note = waiting[n++];
      if (note) out.push({ kind: 'note', item: note });
    }
    out.push({ kind: 'message', item: message });
  }
  for (; n < waiting.length; n++) {
    const note = waiting[n];
    if (note) out.push({ kind: 'note', item: note });
  }
  return out;
}

/** A note for the team: never sent, so it looks nothing like a message. */
function NoteBubble(props: { note: Note }) {
  const { t, time } = useI18n();
  const me = useMe();
  const remove = useRemoveNote(props.note.conversationId);
  const mine = me.data?.user.id === props.note.author?.id;
  return (
    <li className="flex justify-center" data-testid="note">
      <div className="w-full max-w-[90%] rounded-md border border-dashed border-amber-400 bg-amber-50 px-3 py-2 text-sm text-amber-950">
        <p className="mb-0.5 flex items-center justify-between gap-2 text-[11px] font-medium text-amber-800">
          <span>
            🔒 {t('inbox.noteBy', { author: props.note.author?.name ?? t('common.unknown') })}
          </span>
          <span className="flex items-center gap-2">
            {time(props.note.createdAt)}
            {mine ? (
              <button
                type="button"
                className="underline"
                onClick={() => remove.mutate({ id: props.note.id })}
              >
                {t('inbox.removeNote')}
              </button>
            ) : null}
          </span>
        </p>
        <p className="whitespace-pre-wrap break-words">{props.note.body}</p>
      </div>
    </li>
  );
}

/** A location pin: its place, and a link that opens it in the phone's maps. */
function LocationCard(props: { message: Message }) {
  const { t } = useI18n();
  const media = props.message.media;
  const { latitude, longitude } = media ?? {};
  const hasPoint = typeof latitude === 'number' && typeof longitude === 'number';
  const place = [media?.name, media?.address].filter(Boolean).join(', ') || props.message.body;
  return (
    <div className="mb-1 rounded-md border border-slate-200 bg-slate-50 p-2" data-testid="location">
      <p className="flex items-center gap-1 text-xs font-medium text-slate-700">
        <Icon name="pin" className="size-3.5" />
        {t('inbox.sharedLocation')}
      </p>
      {place ? <p className="text-sm">{place}</p> : null}
      {hasPoint ? (
        <>
          <p className="text-xs tabular-nums text-slate-500">
            {latitude.toFixed(5)}, {longitude.toFixed(5)}
          </p>
          <a
            className="mt-1 inline-flex min-h-11 items-center text-sm font-medium text-brand-700 underline"
            href={`https://www.google.com/maps/search/?api=1&query=${latitude},${longitude}`}
            target="_blank"
            rel="noreferrer"
          >
            {t('inbox.openInMaps')}
          </a>
        </>
      ) : null}
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

/** A document's name beside the type (`MessageMedia`, @flux/contracts); a place has its card. */
function MediaLine(props: { message: Message }) {
  const { t } = useI18n();
  const media = props.message.media;
  const type = props.message.type;
  if (!attachmentLine[type] || type === 'location') return null;
  return (
    <span className="flex items-center gap-1 text-xs opacity-80">
      <Icon name="attachment" className="size-3.5" />
      {t(`message.type.${type}` as MessageKey)}
      {media?.filename ? ` · ${media.filename}` : ''}
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
        {message.type === 'location' ? <LocationCard message={message} /> : null}
        {out && (message.media?.productId || message.media?.uploadId) && message.media.url ? (
          <img
            src={message.media.url}
            alt=""
            loading="lazy"
            className="mb-1 max-h-48 rounded object-cover"
            data-testid="sent-image"
          />
        ) : null}
        <MediaLine message={message} />
        {message.type === 'template' ? (
          <Badge tone="blue">{t('message.type.template')}</Badge>
        ) : null}
        {message.body && message.type !== 'location' ? (
          <p className="whitespace-pre-wrap break-words">{message.body}</p>
        ) : null}
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
