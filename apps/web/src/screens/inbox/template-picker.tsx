// The composer once the customer's 24 h window has closed: an approved template, its parameters
// filled in, is the only message WhatsApp lets through. A retry of the same template sends it once.
import { useRef, useState } from 'react';
import { useToast } from '../../components/toast';
import { Button, ErrorState, Input, Select } from '../../components/ui';
import { newClientId } from '../../lib/client-id';
import { useI18n } from '../../lib/i18n';
import { type Conversation, useSendMessage, useTemplates } from './hooks';

export function TemplatePicker(props: { conversation: Conversation }) {
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
