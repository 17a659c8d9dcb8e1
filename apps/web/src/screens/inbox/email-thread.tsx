// An email thread read like a conversation: each email a bubble (ours on the right) with its
// recipients, its text (or, on demand, its HTML in a frame with no scripts and no remote
// images), its attachments; above them the AI's triage; below them the reply box, filled from
// the AI's draft, replying to the sender or to all in the same thread.
import { Link } from '@tanstack/react-router';
import { useRef, useState } from 'react';
import { Icon } from '../../components/icons';
import { Badge, Button, cx, PaneState, Textarea, type Tone } from '../../components/ui';
import { useI18n } from '../../lib/i18n';
import type { MessageKey } from '../../lib/messages/fr';
import {
  type EmailMessage,
  type EmailThread,
  useEmailHtml,
  useEmailReply,
  useEmailThread,
  useProspectFromEmail,
} from './email-hooks';
import { ThreadHeader } from './thread-header';

const PRIORITY_TONES: Record<string, Tone> = {
  low: 'slate',
  normal: 'blue',
  high: 'amber',
  urgent: 'red',
};

export function EmailThreadView(props: { accountId: string; threadKey: string }) {
  const { t } = useI18n();
  const thread = useEmailThread(props);
  if (thread.isPending || thread.isError) return <PaneState query={thread} />;
  const data = thread.data;
  const first = data.emails[0];
  const lastInbound = data.emails.findLast((email) => email.direction === 'inbound');
  return (
    <section
      aria-label={t('email.thread')}
      className="flex min-w-0 flex-1 flex-col bg-slate-50"
      data-testid="email-thread"
    >
      <ThreadHeader
        opens="e"
        title={first?.subject || '(sans objet)'}
        beside={<ProspectLink thread={data} emailId={lastInbound?.id ?? null} />}
      >
        <p className="truncate text-xs text-slate-600">{data.account.address}</p>
      </ThreadHeader>
      <div className="min-h-0 flex-1 overflow-y-auto">
        {data.triage ? <TriagePanel triage={data.triage} /> : null}
        <ol className="space-y-3 p-3 md:p-4">
          {data.emails.map((email) => (
            <EmailBubble key={email.id} email={email} />
          ))}
        </ol>
      </div>
      {lastInbound ? (
        <EmailComposer
          key={lastInbound.id}
          emailId={lastInbound.id}
          draft={data.triage?.emailId === lastInbound.id ? data.triage.replyDraft : null}
          hasOthers={lastInbound.to.length + lastInbound.cc.length > 1}
        />
      ) : null}
    </section>
  );
}

function ProspectLink(props: { thread: EmailThread; emailId: string | null }) {
  const { t } = useI18n();
  const create = useProspectFromEmail();
  if (props.thread.prospectId) {
    return (
      <Link
        to="/customers/$prospectId"
        params={{ prospectId: props.thread.prospectId }}
        className="shrink-0 text-xs text-brand-700 hover:underline"
      >
        {t('email.openProspect')}
      </Link>
    );
  }
  if (!props.emailId) return null;
  const emailId = props.emailId;
  return (
    <Button
      size="sm"
      variant="secondary"
      busy={create.isPending}
      onClick={() => create.mutate({ emailId })}
    >
      {t('email.createProspect')}
    </Button>
  );
}

function TriagePanel(props: { triage: NonNullable<EmailThread['triage']> }) {
  const { t } = useI18n();
  const { triage } = props;
  return (
    <aside
      aria-label={t('email.triage')}
      className="m-3 space-y-1 rounded-md border border-violet-200 bg-violet-50 p-3 text-sm md:m-4"
      data-testid="email-triage"
    >
      <p className="flex flex-wrap items-center gap-1.5">
        <Icon name="spark" className="size-4 text-violet-700" />
        <Badge tone="violet">{t(`email.category.${triage.category}` as MessageKey)}</Badge>
        <Badge tone={PRIORITY_TONES[triage.priority] ?? 'slate'}>
          {t(`email.priority.${triage.priority}` as MessageKey)}
        </Badge>
      </p>
      <p className="text-slate-800">{triage.summary}</p>
      {triage.orderLines.length > 0 ? (
        <div>
          <p className="text-xs font-medium text-slate-600">{t('email.orderLines')}</p>
          <ul className="text-xs text-slate-700">
            {triage.orderLines.map((line) => (
              <li key={line.productId}>
                {line.quantity} × {line.name ?? line.productId}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </aside>
  );
}

const SEND_TONES: Record<string, Tone> = {
  sending: 'slate',
  sent: 'green',
  unknown: 'amber',
  failed: 'red',
};

function EmailBubble(props: { email: EmailMessage }) {
  const { t, dateTime } = useI18n();
  const { email } = props;
  const [html, setHtml] = useState(false);
  const ours = email.direction === 'outbound';
  return (
    <li className={cx('flex', ours ? 'justify-end' : 'justify-start')} data-testid="email-message">
      <article
        className={cx(
          'w-full max-w-2xl min-w-0 rounded-lg border p-3 text-sm shadow-xs',
          ours ? 'border-brand-200 bg-brand-50' : 'border-slate-200 bg-white',
        )}
      >
        <header className="mb-2 space-y-0.5 text-xs text-slate-600">
          <p className="flex flex-wrap items-baseline justify-between gap-2">
            <span className="font-medium text-slate-900">
              {email.from.name ? `${email.from.name} <${email.from.address}>` : email.from.address}
            </span>
            <time dateTime={new Date(email.receivedAt).toISOString()}>
              {dateTime(email.receivedAt)}
            </time>
          </p>
          {email.to.length > 0 ? (
            <p className="break-all">{t('email.to', { to: email.to.join(', ') })}</p>
          ) : null}
          {email.cc.length > 0 ? (
            <p className="break-all">{t('email.cc', { cc: email.cc.join(', ') })}</p>
          ) : null}
          {email.send ? (
            <p>
              <Badge tone={SEND_TONES[email.send.status] ?? 'slate'}>
                {t(`email.send.${email.send.status}` as MessageKey)}
              </Badge>
            </p>
          ) : null}
        </header>
        {html ? (
          <EmailHtml emailId={email.id} />
        ) : (
          <p className="break-words whitespace-pre-wrap text-slate-900" data-testid="email-text">
            {email.text}
          </p>
        )}
        {email.formatted ? (
          <button
            type="button"
            className="mt-2 text-xs text-brand-700 hover:underline"
            onClick={() => setHtml(!html)}
          >
            {html ? t('email.showText') : t('email.showHtml')}
          </button>
        ) : null}
        {email.attachments.length > 0 ? (
          <div className="mt-2 border-t border-slate-100 pt-2">
            <p className="text-xs font-medium text-slate-600">{t('email.attachments')}</p>
            <ul className="text-xs">
              {email.attachments.map((attachment) => (
                <li key={attachment.index} className="flex items-center gap-1">
                  <Icon name="attachment" className="size-3.5 text-slate-500" />
                  {attachment.url ? (
                    <a
                      href={attachment.url}
                      download={attachment.filename ?? true}
                      className="truncate text-brand-700 hover:underline"
                      data-testid="email-attachment"
                    >
                      {attachment.filename ?? attachment.contentType}
                    </a>
                  ) : (
                    <span className="truncate">
                      {attachment.filename ?? attachment.contentType}
                    </span>
                  )}
                  <span className="text-slate-500">({Math.ceil(attachment.size / 1024)} Ko)</span>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </article>
    </li>
  );
}

/**
 * The email's own HTML in a frame: `sandbox` with no allowance (no scripts, no forms, no
 * navigation, an opaque origin) and a CSP that lets no remote image or font be fetched (a
 * tracking pixel tells the sender when it was read).
 */
const FRAME_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data: cid:; font-src data:";

function EmailHtml(props: { emailId: string }) {
  const { t } = useI18n();
  const html = useEmailHtml(props.emailId, true);
  if (html.isPending || html.isError) return <PaneState query={html} />;
  return (
    <iframe
      title={t('email.htmlTitle')}
      sandbox=""
      referrerPolicy="no-referrer"
      className="h-96 w-full rounded border border-slate-200 bg-white"
      srcDoc={`<!doctype html><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${FRAME_CSP}">${html.data.html ?? ''}`}
    />
  );
}

function EmailComposer(props: { emailId: string; draft: string | null; hasOthers: boolean }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  // One key per reply: a second click (or a retry after a lost answer) is the same reply.
  const sendKey = useRef(crypto.randomUUID());
  const inFlight = useRef(false);
  const reply = useEmailReply(() => {
    setText('');
    sendKey.current = crypto.randomUUID();
  });
  const send = (replyAll: boolean) => {
    // A second click before the button shows it is busy: the server would send nothing more
    // (same key), and no second toast either.
    if (!text.trim() || inFlight.current) return;
    inFlight.current = true;
    reply.mutate(
      { emailId: props.emailId, replyAll, text, sendKey: sendKey.current },
      {
        onSettled: () => {
          inFlight.current = false;
        },
      },
    );
  };
  return (
    <form
      className="space-y-2 border-t border-slate-200 bg-white p-2 md:p-3"
      aria-label={t('email.reply')}
      onSubmit={(event) => {
        event.preventDefault();
        send(false);
      }}
    >
      <Textarea
        rows={4}
        value={text}
        placeholder={t('email.replyPlaceholder')}
        aria-label={t('email.reply')}
        onChange={(event) => setText(event.target.value)}
      />
      <div className="flex flex-wrap items-center gap-2">
        {props.draft ? (
          <Button
            size="sm"
            variant="secondary"
            onClick={() => setText(props.draft ?? '')}
            data-testid="use-ai-draft"
          >
            <Icon name="spark" className="size-3.5" />
            {t('email.useDraft')}
          </Button>
        ) : null}
        <span className="flex-1" />
        {props.hasOthers ? (
          <Button
            size="sm"
            variant="secondary"
            busy={reply.isPending}
            disabled={!text.trim()}
            onClick={() => send(true)}
          >
            {t('email.replyAll')}
          </Button>
        ) : null}
        <Button size="sm" type="submit" busy={reply.isPending} disabled={!text.trim()}>
          {t('email.reply')}
        </Button>
      </div>
    </form>
  );
}
