// The WhatsApp templates customer notifications need outside the 24 h window, as Meta holds them
// for this business (approved, in review, refused...), and "submit the missing ones" in one click.
// Without a WhatsApp number there is nothing to ask Meta: the card says so and points to it.
import { Fragment } from 'react';
import { Badge, Button, Card, ErrorState, Loading, type Tone } from '../../components/ui';
import { useI18n } from '../../lib/i18n';
import type { MessageKey } from '../../lib/messages/fr';
import { errorDetails } from '../../lib/trpc';
import { type TemplateStatus, useTemplates } from './hooks';

type State = TemplateStatus['state'];
const stateLook: Record<State, { tone: Tone; label: MessageKey }> = {
  APPROVED: { tone: 'green', label: 'templates.state.APPROVED' },
  PENDING: { tone: 'amber', label: 'templates.state.PENDING' },
  REJECTED: { tone: 'red', label: 'templates.state.REJECTED' },
  PAUSED: { tone: 'violet', label: 'templates.state.PAUSED' },
  DISABLED: { tone: 'red', label: 'templates.state.DISABLED' },
  MISSING: { tone: 'slate', label: 'templates.state.MISSING' },
};

/** The id of the WhatsApp card, which the "connect a number first" line links to. */
export const WHATSAPP_CARD_ID = 'whatsapp-card';

/** A template's body with its {{n}} parameters set apart, as Meta shows them. */
function Body(props: { text: string }) {
  return (
    <p className="text-sm break-words whitespace-pre-line text-slate-700">
      {props.text.split(/(\{\{\d+\}\})/).map((part, index) =>
        /^\{\{\d+\}\}$/.test(part) ? (
          <code key={index} className="rounded bg-brand-50 px-1 font-mono text-xs text-brand-800">
            {part}
          </code>
        ) : (
          <Fragment key={index}>{part}</Fragment>
        ),
      )}
    </p>
  );
}

export function TemplatesCard() {
  const { t } = useI18n();
  const { number, templates, submit } = useTemplates();
  const missing = templates.data?.filter((template) => template.state === 'MISSING').length ?? 0;
  // A number connected but switched off: the server has no number to ask Meta with either.
  const noNumber =
    number.data === null ||
    (errorDetails(templates.error) as { reason?: unknown } | null)?.reason === 'no_whatsapp_number';
  return (
    <Card title={t('templates.title')} className="lg:col-span-2">
      {number.isPending || (number.data && templates.isPending) ? <Loading /> : null}
      {number.isError ? (
        <ErrorState error={number.error} retry={() => void number.refetch()} />
      ) : null}
      {noNumber ? (
        <p
          className="rounded-md bg-amber-50 p-3 text-sm text-amber-900"
          data-testid="templates-no-number"
        >
          {t('templates.noNumber')}{' '}
          <a className="font-medium underline" href={`#${WHATSAPP_CARD_ID}`}>
            {t('templates.connectNumber')}
          </a>
        </p>
      ) : null}
      {templates.isError && !noNumber ? (
        <ErrorState error={templates.error} retry={() => void templates.refetch()} />
      ) : null}
      {templates.data ? (
        <div className="space-y-3">
          <p className="text-sm text-slate-600">
            {t('templates.hint')}{' '}
            {missing > 0 ? t('templates.missingCount', { count: missing }) : null}
          </p>
          {missing > 0 ? (
            <Button
              className="min-h-11 w-full sm:w-auto"
              busy={submit.isPending}
              onClick={() => submit.mutate()}
            >
              {t('templates.submit')}
            </Button>
          ) : null}
          <ul className="divide-y divide-slate-100" data-testid="templates-list">
            {templates.data.map((template) => {
              const look = stateLook[template.state];
              return (
                <li
                  key={`${template.name}:${template.language}`}
                  className="space-y-1 py-3"
                  data-testid="template-row"
                >
                  <div className="flex flex-wrap items-center gap-2">
                    <code className="font-mono text-sm font-medium break-all text-slate-900">
                      {template.name}
                    </code>
                    <Badge>{t(`templates.lang.${template.language}`)}</Badge>
                    <Badge tone={look.tone}>{t(look.label)}</Badge>
                  </div>
                  <Body text={template.body} />
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
    </Card>
  );
}
