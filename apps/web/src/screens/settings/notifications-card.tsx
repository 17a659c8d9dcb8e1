// The messages customers receive about their orders: each event on or off, the channels tried in
// order, and quiet hours in the business's time zone (the urgent ones still go out). Saved as a
// whole into settings.notifications; the server's field issues are worded here.
import {
  type CustomerNotificationEvent,
  customerNotificationEvents,
  defaultNotificationPreferences,
  urgentCustomerEvents,
} from '@flux/contracts/notification-events';
import { type FormEvent, useState } from 'react';
import { Button, Card, Field, Input, Select } from '../../components/ui';
import { useI18n } from '../../lib/i18n';
import type { MessageKey } from '../../lib/messages/fr';
import { FieldIssue, fieldIssues } from './field-issue';
import { type Business, useMyNotificationPreferences, useSaveNotifications } from './hooks';
import { WebPushSwitch } from './web-push-switch';

type Channel = 'whatsapp' | 'sms';

/** The orders the schema allows that make sense: one channel, or one then the other. */
const channelChoices: { channels: Channel[]; label: MessageKey }[] = [
  { channels: ['whatsapp', 'sms'], label: 'notify.channels.whatsappThenSms' },
  { channels: ['whatsapp'], label: 'notify.channels.whatsappOnly' },
  { channels: ['sms'], label: 'notify.channels.smsOnly' },
  { channels: ['sms', 'whatsapp'], label: 'notify.channels.smsThenWhatsapp' },
];

const PATH = 'settings.notifications';
const worded = [
  `${PATH}.quietHours.start`,
  `${PATH}.quietHours.end`,
  `${PATH}.customer.channels`,
] as const;

export function NotificationsCard(props: { business: Business }) {
  const { t, locale } = useI18n();
  const save = useSaveNotifications();
  const saved = props.business.settings.notifications ?? defaultNotificationPreferences;
  const [events, setEvents] = useState(() =>
    Object.fromEntries(
      customerNotificationEvents.map((event) => [event, saved.customer.events[event] ?? true]),
    ),
  );
  const [channels, setChannels] = useState(saved.customer.channels.join(','));
  const [quiet, setQuiet] = useState({
    on: saved.quietHours !== null,
    start: saved.quietHours?.start ?? '21:00',
    end: saved.quietHours?.end ?? '08:00',
  });
  const [sameTimes, setSameTimes] = useState(false);
  const issues = fieldIssues(save.error, worded, useI18n());
  const zone = props.business.timezone;
  const now = new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
    timeStyle: 'short',
    timeZone: zone,
  }).format(new Date());
  const urgent = urgentCustomerEvents.map((event) => t(`notify.event.${event}`)).join(', ');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (quiet.on && quiet.start === quiet.end) {
      setSameTimes(true);
      return;
    }
    setSameTimes(false);
    const choice = channelChoices.find((c) => c.channels.join(',') === channels);
    save.mutate({
      settings: {
        notifications: {
          customer: {
            events: events as Record<CustomerNotificationEvent, boolean>,
            channels: choice?.channels ?? ['whatsapp', 'sms'],
          },
          quietHours: quiet.on ? { start: quiet.start, end: quiet.end } : null,
        },
      },
    });
  };

  return (
    <Card title={t('notify.title')}>
      <MyEmailDigest />
      <WebPushSwitch />
      <form className="mt-5 space-y-5" onSubmit={submit} data-testid="notifications-form">
        <fieldset>
          <legend className="text-sm font-medium text-slate-700">{t('notify.events')}</legend>
          <p className="text-xs text-slate-500">{t('notify.eventsHint')}</p>
          <div className="mt-2 divide-y divide-slate-100">
            {customerNotificationEvents.map((name) => (
              <label
                key={name}
                className="flex min-h-12 cursor-pointer items-start gap-3 rounded-md px-1 py-2.5 hover:bg-slate-50"
              >
                <input
                  type="checkbox"
                  className="mt-0.5 size-5 shrink-0 accent-brand-700"
                  checked={events[name] ?? true}
                  onChange={(e) => setEvents({ ...events, [name]: e.target.checked })}
                />
                <span className="min-w-0">
                  <span className="block text-sm font-medium text-slate-800">
                    {t(`notify.event.${name}`)}
                  </span>
                  <span className="block text-xs text-slate-500">
                    {t(`notify.eventHint.${name}`)}
                  </span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>

        <div>
          <Field label={t('notify.channels')} hint={t('notify.channelsHint')}>
            <Select
              className="min-h-11"
              value={channels}
              onChange={(e) => setChannels(e.target.value)}
            >
              {channelChoices.map((choice) => (
                <option key={choice.label} value={choice.channels.join(',')}>
                  {t(choice.label)}
                </option>
              ))}
            </Select>
          </Field>
          <FieldIssue
            text={issues.onField(`${PATH}.customer.channels`) ? t('notify.channelsRequired') : null}
          />
        </div>

        {/* relative: the hidden legend stays inside the card, not at the page's edge, where it
            would make the whole page scroll. */}
        <fieldset className="relative space-y-3">
          <legend className="sr-only">{t('notify.quietHours')}</legend>
          <label className="flex min-h-11 cursor-pointer items-center gap-3">
            <input
              type="checkbox"
              className="size-5 shrink-0 accent-brand-700"
              checked={quiet.on}
              onChange={(e) => setQuiet({ ...quiet, on: e.target.checked })}
            />
            <span className="text-sm font-medium text-slate-800">{t('notify.quietHours')}</span>
          </label>
          {quiet.on ? (
            <>
              <div className="grid gap-3 sm:grid-cols-2">
                <div>
                  <Field label={t('notify.quietStart')}>
                    <Input
                      type="time"
                      required
                      className="min-h-11"
                      value={quiet.start}
                      onChange={(e) => setQuiet({ ...quiet, start: e.target.value })}
                    />
                  </Field>
                  <FieldIssue
                    text={issues.onField(`${PATH}.quietHours.start`) ? t('notify.badTime') : null}
                  />
                </div>
                <div>
                  <Field label={t('notify.quietEnd')}>
                    <Input
                      type="time"
                      required
                      className="min-h-11"
                      value={quiet.end}
                      onChange={(e) => setQuiet({ ...quiet, end: e.target.value })}
                    />
                  </Field>
                  <FieldIssue
                    text={issues.onField(`${PATH}.quietHours.end`) ? t('notify.badTime') : null}
                  />
                </div>
              </div>
              <FieldIssue text={sameTimes ? t('notify.sameTimes') : null} />
              <p className="text-xs text-slate-500">{t('notify.zone', { zone, now })}</p>
              <p
                className="rounded-md bg-sky-50 p-3 text-sm text-sky-900"
                data-testid="urgent-note"
              >
                {t('notify.urgentNote', { events: urgent })}
              </p>
            </>
          ) : null}
        </fieldset>

        {issues.others ? (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
            {issues.others}
          </p>
        ) : null}
        <Button type="submit" className="min-h-11 w-full sm:w-auto" busy={save.isPending}>
          {t('common.save')}
        </Button>
      </form>
    </Card>
  );
}

/**
 * The signed-in member's own switch (not the business's): a daily email of their unread
 * notifications, and the team's alerts by email. Saved at once, for every role of the staff.
 */
export function MyEmailDigest() {
  const { t } = useI18n();
  const { preferences, save } = useMyNotificationPreferences();
  // What the member just chose, shown at once (a controlled checkbox that waited for the
  // mutation's pending state, a tick later, was put back by React first); cleared when the save
  // settles, the answer then in the query's data (or the old value again after an error).
  const [chosen, setChosen] = useState<boolean | null>(null);
  const on = chosen ?? preferences.data?.emailDigest;
  return (
    <label className="flex min-h-12 cursor-pointer items-start gap-3 rounded-md bg-slate-50 px-3 py-2.5">
      <input
        type="checkbox"
        role="switch"
        aria-checked={on === true}
        className="mt-0.5 size-5 shrink-0 accent-brand-700"
        disabled={preferences.isPending}
        checked={on === true}
        onChange={(e) => {
          setChosen(e.target.checked);
          save.mutate({ emailDigest: e.target.checked }, { onSettled: () => setChosen(null) });
        }}
        data-testid="email-digest-switch"
      />
      <span className="min-w-0">
        <span className="block text-sm font-medium text-slate-800">{t('notify.digest')}</span>
        <span className="block text-xs text-slate-500">{t('notify.digestHint')}</span>
      </span>
    </label>
  );
}
