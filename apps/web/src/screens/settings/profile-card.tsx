// The business's profile: name, timezone (dates and reports follow it) and the customers' language.

import type { Locale } from '@flux/contracts/enums';
import { useState } from 'react';
import { Button, Card, Field, Input, Select } from '../../components/ui';
import { useI18n } from '../../lib/i18n';
import { type Business, useSaveBusiness } from './hooks';

const timezones = [
  'Africa/Dakar',
  'Africa/Abidjan',
  'Africa/Bamako',
  'Africa/Ouagadougou',
  'Africa/Lome',
  'Africa/Porto-Novo',
  'Africa/Niamey',
  'Africa/Conakry',
  'Africa/Douala',
  'Europe/Paris',
];

export function ProfileCard(props: { business: Business }) {
  const { t } = useI18n();
  const save = useSaveBusiness('settings.saved');
  const [form, setForm] = useState({
    name: props.business.name,
    timezone: props.business.timezone,
    locale: props.business.locale,
  });
  return (
    <Card title={t('settings.profile')}>
      <form
        className="space-y-3"
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate(form);
        }}
      >
        <Field label={t('settings.businessName')}>
          <Input
            required
            value={form.name}
            onChange={(event) => setForm({ ...form, name: event.target.value })}
          />
        </Field>
        <div className="grid grid-cols-2 gap-3">
          <Field label={t('settings.timezone')}>
            <Select
              value={form.timezone}
              onChange={(event) => setForm({ ...form, timezone: event.target.value })}
            >
              {[...new Set([form.timezone, ...timezones])].map((zone) => (
                <option key={zone}>{zone}</option>
              ))}
            </Select>
          </Field>
          <Field label={t('settings.customerLanguage')}>
            <Select
              value={form.locale}
              onChange={(event) => setForm({ ...form, locale: event.target.value as Locale })}
            >
              <option value="fr">Français</option>
              <option value="en">English</option>
            </Select>
          </Field>
        </div>
        <p className="text-xs text-slate-500">
          {t('settings.currency')}: <strong>{props.business.currency}</strong> ·{' '}
          {props.business.country}
        </p>
        <Button type="submit" busy={save.isPending}>
          {t('common.save')}
        </Button>
      </form>
    </Card>
  );
}
