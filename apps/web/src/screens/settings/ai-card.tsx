// The AI settings: analysis on or off, auto-reply, and the confidence an auto-reply needs.
import { useState } from 'react';
import { Button, Card, Field } from '../../components/ui';
import { useI18n } from '../../lib/i18n';
import { type Business, useSaveBusiness } from './hooks';

export function AiCard(props: { business: Business }) {
  const { t } = useI18n();
  const save = useSaveBusiness('settings.saved');
  const s = props.business.settings;
  const [form, setForm] = useState({
    aiEnabled: s.aiEnabled,
    autoReply: s.autoReply,
    threshold: Math.round(s.autoReplyMinConfidence * 100),
  });
  return (
    <Card title={t('settings.ai')}>
      <form
        className="space-y-3"
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate({
            settings: {
              aiEnabled: form.aiEnabled,
              autoReply: form.autoReply,
              autoReplyMinConfidence: form.threshold / 100,
            },
          });
        }}
      >
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={form.aiEnabled}
            onChange={(event) => setForm({ ...form, aiEnabled: event.target.checked })}
          />
          {t('settings.aiEnabled')}
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={form.autoReply}
            disabled={!form.aiEnabled}
            onChange={(event) => setForm({ ...form, autoReply: event.target.checked })}
          />
          {t('settings.autoReply')}
        </label>
        <Field
          label={t('settings.threshold', { value: form.threshold })}
          hint={t('settings.thresholdHint')}
        >
          <input
            type="range"
            min={50}
            max={100}
            step={1}
            className="w-full accent-brand-700"
            value={form.threshold}
            onChange={(event) => setForm({ ...form, threshold: Number(event.target.value) })}
          />
        </Field>
        <Button type="submit" busy={save.isPending}>
          {t('common.save')}
        </Button>
      </form>
    </Card>
  );
}
