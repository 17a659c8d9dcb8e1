// Settings: business profile, WhatsApp number, team and roles, AI and auto-reply, delivery fee,
// pickup point and dispatch rules. Each card saves on its own and says how it went.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useToast } from '../components/toast';
import {
  Badge,
  Button,
  Card,
  ErrorState,
  Field,
  Input,
  Loading,
  PageHeader,
  Select,
} from '../components/ui';
import { toMinorUnits } from '../lib/amount';
import type { Outputs } from '../lib/api';
import { type MemberRole, memberRoles } from '../lib/contracts';
import { useI18n } from '../lib/i18n';
import type { MessageKey } from '../lib/messages/fr';
import { useTRPC } from '../lib/trpc';

type Business = Outputs['business']['get']['business'];
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

function useSaveBusiness(message: MessageKey) {
  const trpc = useTRPC();
  const { t } = useI18n();
  const toast = useToast();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.business.update.mutationOptions({
      onSuccess: () => {
        toast.success(t(message));
        void queryClient.invalidateQueries(trpc.business.get.pathFilter());
        void queryClient.invalidateQueries(trpc.business.profile.pathFilter());
        void queryClient.invalidateQueries(trpc.auth.me.pathFilter());
      },
      onError: toast.error,
    }),
  );
}

export function SettingsScreen() {
  const trpc = useTRPC();
  const { t } = useI18n();
  const business = useQuery(trpc.business.get.queryOptions());
  if (business.isPending) return <Loading />;
  if (business.isError)
    return <ErrorState error={business.error} retry={() => void business.refetch()} />;
  const admin = business.data.role === 'owner' || business.data.role === 'admin';
  const b = business.data.business;
  return (
    <div>
      <PageHeader title={t('settings.title')} subtitle={b.name} />
      {admin ? null : (
        <p className="mx-6 mt-4 rounded-md bg-amber-50 p-3 text-sm text-amber-800">
          {t('settings.readOnly')}
        </p>
      )}
      <div className="grid gap-4 p-6 lg:grid-cols-2">
        {/* Read-only for agents and dispatchers: the server would refuse their changes. */}
        <fieldset disabled={!admin} className="contents">
          <ProfileCard business={b} />
          {admin ? <WhatsappCard /> : null}
          <AiCard business={b} />
          <DeliveryCard business={b} />
        </fieldset>
        <TeamCard admin={admin} />
      </div>
    </div>
  );
}

function ProfileCard(props: { business: Business }) {
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
              onChange={(event) => setForm({ ...form, locale: event.target.value as 'fr' | 'en' })}
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

function WhatsappCard() {
  const trpc = useTRPC();
  const { t } = useI18n();
  const toast = useToast();
  const queryClient = useQueryClient();
  const account = useQuery(trpc.settings.whatsapp.get.queryOptions());
  const test = useQuery({
    ...trpc.settings.whatsapp.test.queryOptions(),
    enabled: false,
    retry: false,
  });
  // No display number to type: the server stores the one Meta shows for the id.
  const [form, setForm] = useState({ phoneNumberId: '', wabaId: '', accessToken: '' });
  const refresh = () => void queryClient.invalidateQueries(trpc.settings.whatsapp.get.pathFilter());
  const connect = useMutation(
    trpc.settings.whatsapp.connect.mutationOptions({
      onSuccess: () => {
        toast.success(t('whatsapp.connected'));
        setForm({ phoneNumberId: '', wabaId: '', accessToken: '' });
        refresh();
      },
      onError: toast.error,
    }),
  );
  const disconnect = useMutation(
    trpc.settings.whatsapp.disconnect.mutationOptions({
      onSuccess: () => {
        toast.success(t('whatsapp.disconnected'));
        refresh();
      },
      onError: toast.error,
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    connect.mutate(form);
  };
  return (
    <Card title="WhatsApp">
      {account.isPending ? <Loading /> : null}
      {account.isError ? <ErrorState error={account.error} /> : null}
      {account.data ? (
        <div className="space-y-3">
          <p className="text-sm">
            <Badge tone="green">{t('whatsapp.isConnected')}</Badge>{' '}
            <strong>{account.data.displayPhoneNumber}</strong>
          </p>
          <p className="text-xs text-slate-500">
            Phone number ID {account.data.phoneNumberId} · WABA {account.data.wabaId}
          </p>
          <div className="flex gap-2">
            <Button variant="secondary" busy={test.isFetching} onClick={() => void test.refetch()}>
              {t('whatsapp.test')}
            </Button>
            <Button variant="ghost" busy={disconnect.isPending} onClick={() => disconnect.mutate()}>
              {t('whatsapp.disconnect')}
            </Button>
          </div>
          {test.data ? (
            <p
              role="status"
              className={test.data.ok ? 'text-sm text-emerald-700' : 'text-sm text-red-700'}
            >
              {test.data.ok
                ? t('whatsapp.testOk', {
                    number: test.data.displayPhoneNumber,
                    name: test.data.verifiedName ?? '',
                  })
                : t('whatsapp.testFailed', { error: test.data.error })}
            </p>
          ) : null}
          {test.error ? <ErrorState error={test.error} /> : null}
        </div>
      ) : account.data === null ? (
        <form className="space-y-3" onSubmit={submit}>
          <p className="text-sm text-slate-600">{t('whatsapp.connectHint')}</p>
          <div className="grid grid-cols-2 gap-3">
            <Field label="Phone number ID">
              <Input
                required
                value={form.phoneNumberId}
                onChange={(event) => setForm({ ...form, phoneNumberId: event.target.value })}
              />
            </Field>
            <Field label="WABA ID">
              <Input
                required
                value={form.wabaId}
                onChange={(event) => setForm({ ...form, wabaId: event.target.value })}
              />
            </Field>
          </div>
          <Field label={t('whatsapp.token')} hint={t('whatsapp.tokenHint')}>
            <Input
              required
              type="password"
              autoComplete="off"
              value={form.accessToken}
              onChange={(event) => setForm({ ...form, accessToken: event.target.value })}
            />
          </Field>
          <Button type="submit" busy={connect.isPending}>
            {t('whatsapp.connect')}
          </Button>
        </form>
      ) : null}
    </Card>
  );
}

function AiCard(props: { business: Business }) {
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

function DeliveryCard(props: { business: Business }) {
  const { t } = useI18n();
  const toast = useToast();
  const save = useSaveBusiness('settings.saved');
  const s = props.business.settings;
  const digits = props.business.currency === 'XOF' ? 0 : 2;
  const [form, setForm] = useState({
    fee: String(s.deliveryFee / 10 ** digits),
    address: s.pickup?.address ?? '',
    lat: s.pickup ? String(s.pickup.lat) : '',
    lng: s.pickup ? String(s.pickup.lng) : '',
    offerTtlSeconds: String(s.dispatch.offerTtlSeconds),
    maxRadiusKm: String(s.dispatch.maxRadiusKm),
  });
  return (
    <Card title={t('settings.delivery')}>
      <form
        className="space-y-3"
        onSubmit={(event) => {
          event.preventDefault();
          const fee = toMinorUnits(form.fee, digits);
          if (fee === null) {
            toast.error(new Error(t('settings.badFee')));
            return;
          }
          const located = form.address.trim() && form.lat.trim() && form.lng.trim();
          if (!located && (form.address.trim() || form.lat.trim() || form.lng.trim())) {
            toast.error(new Error(t('settings.pickupIncomplete')));
            return;
          }
          const pickup = located
            ? {
                address: form.address.trim(),
                lat: Number(form.lat.trim().replace(',', '.')),
                lng: Number(form.lng.trim().replace(',', '.')),
              }
            : null;
          save.mutate({
            settings: {
              deliveryFee: fee,
              pickup,
              dispatch: {
                offerTtlSeconds: Number(form.offerTtlSeconds),
                maxRadiusKm: Number(form.maxRadiusKm),
              },
            },
          });
        }}
      >
        <Field label={t('settings.deliveryFee', { currency: props.business.currency })}>
          <Input
            inputMode="decimal"
            value={form.fee}
            onChange={(event) => setForm({ ...form, fee: event.target.value })}
          />
        </Field>
        <Field label={t('settings.pickup')}>
          <Input
            value={form.address}
            placeholder={t('settings.pickupPlaceholder')}
            onChange={(event) => setForm({ ...form, address: event.target.value })}
          />
        </Field>
        <div className="grid grid-cols-2 gap-3">
          <Field label="Latitude">
            <Input
              inputMode="decimal"
              value={form.lat}
              onChange={(event) => setForm({ ...form, lat: event.target.value })}
            />
          </Field>
          <Field label="Longitude">
            <Input
              inputMode="decimal"
              value={form.lng}
              onChange={(event) => setForm({ ...form, lng: event.target.value })}
            />
          </Field>
          <Field label={t('settings.offerTtl')}>
            <Input
              type="number"
              min={10}
              value={form.offerTtlSeconds}
              onChange={(event) => setForm({ ...form, offerTtlSeconds: event.target.value })}
            />
          </Field>
          <Field label={t('settings.radius')}>
            <Input
              type="number"
              min={1}
              value={form.maxRadiusKm}
              onChange={(event) => setForm({ ...form, maxRadiusKm: event.target.value })}
            />
          </Field>
        </div>
        <Button type="submit" busy={save.isPending}>
          {t('common.save')}
        </Button>
      </form>
    </Card>
  );
}

function TeamCard(props: { admin: boolean }) {
  const trpc = useTRPC();
  const { t } = useI18n();
  const toast = useToast();
  const queryClient = useQueryClient();
  const members = useQuery(trpc.business.members.queryOptions());
  const refresh = () => void queryClient.invalidateQueries(trpc.business.members.pathFilter());
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<MemberRole>('agent');
  /** The last link made: shown once, to copy or send on WhatsApp (the server keeps only its hash). */
  const [link, setLink] = useState<{ email: string; url: string } | null>(null);
  const pending = useQuery({ ...trpc.business.invitations.queryOptions(), enabled: props.admin });
  const refreshLinks = () =>
    void queryClient.invalidateQueries(trpc.business.invitations.pathFilter());
  const invite = useMutation(
    trpc.business.addMember.mutationOptions({
      onSuccess: (invited) => {
        toast.success(t('team.invited', { email: invited.email }));
        setLink({ email: invited.email, url: `${window.location.origin}${invited.joinPath}` });
        setEmail('');
        refreshLinks();
      },
      onError: toast.error,
    }),
  );
  const revoke = useMutation(
    trpc.business.revokeInvitation.mutationOptions({
      onSuccess: () => {
        toast.success(t('team.linkRevoked'));
        refreshLinks();
      },
      onError: toast.error,
    }),
  );
  const changeRole = useMutation(
    trpc.business.changeRole.mutationOptions({
      onSuccess: () => {
        toast.success(t('team.roleSaved'));
        refresh();
      },
      onError: toast.error,
    }),
  );
  const remove = useMutation(
    trpc.business.removeMember.mutationOptions({
      onSuccess: () => {
        toast.success(t('team.removed'));
        refresh();
      },
      onError: toast.error,
    }),
  );
  return (
    <Card title={t('settings.team')} className="lg:col-span-2">
      {members.isPending ? <Loading /> : null}
      {members.isError ? <ErrorState error={members.error} /> : null}
      {members.data ? (
        <table className="w-full text-sm" data-testid="team-table">
          <tbody className="divide-y divide-slate-100">
            {members.data.map((member) => (
              <tr key={member.userId}>
                <td className="py-2 font-medium">{member.name}</td>
                <td className="py-2 text-slate-600">{member.email}</td>
                <td className="py-2">
                  {member.status === 'invited' ? (
                    <Badge tone="amber">{t('team.invitedBadge')}</Badge>
                  ) : null}
                </td>
                <td className="py-2">
                  {props.admin ? (
                    <Select
                      aria-label={t('team.role')}
                      className="w-36 py-1 text-xs"
                      value={member.role}
                      onChange={(event) =>
                        changeRole.mutate({
                          userId: member.userId,
                          role: event.target.value as MemberRole,
                        })
                      }
                    >
                      {memberRoles.map((value) => (
                        <option key={value} value={value}>
                          {t(`role.${value}`)}
                        </option>
                      ))}
                    </Select>
                  ) : (
                    t(`role.${member.role}`)
                  )}
                </td>
                <td className="py-2 text-right">
                  {props.admin ? (
                    <Button
                      size="sm"
                      variant="ghost"
                      onClick={() => remove.mutate({ userId: member.userId })}
                    >
                      {t('team.remove')}
                    </Button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {props.admin ? (
        <form
          className="mt-4 flex flex-wrap items-end gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            invite.mutate({ email, role });
          }}
        >
          <Field label={t('team.inviteEmail')} className="min-w-60 flex-1">
            <Input
              type="email"
              required
              value={email}
              onChange={(event) => setEmail(event.target.value)}
            />
          </Field>
          <Field label={t('team.role')}>
            <Select value={role} onChange={(event) => setRole(event.target.value as MemberRole)}>
              {memberRoles.map((value) => (
                <option key={value} value={value}>
                  {t(`role.${value}`)}
                </option>
              ))}
            </Select>
          </Field>
          <Button type="submit" busy={invite.isPending}>
            {t('team.invite')}
          </Button>
        </form>
      ) : null}
      {link ? (
        <div className="mt-4 space-y-2 rounded-md bg-brand-50 p-3" data-testid="invite-link">
          <p className="text-sm">{t('team.linkHint', { email: link.email })}</p>
          <Input
            readOnly
            aria-label={t('team.link')}
            value={link.url}
            onFocus={(e) => e.target.select()}
          />
          <div className="flex gap-2">
            <Button
              size="sm"
              variant="secondary"
              onClick={() =>
                void navigator.clipboard
                  ?.writeText(link.url)
                  .then(() => toast.success(t('team.linkCopied')))
              }
            >
              {t('team.copyLink')}
            </Button>
            <a
              className="inline-flex items-center rounded-md px-3 py-1 text-sm font-medium text-emerald-700 hover:underline"
              href={`https://wa.me/?text=${encodeURIComponent(t('team.whatsappText', { url: link.url }))}`}
              target="_blank"
              rel="noreferrer"
            >
              {t('team.shareWhatsapp')}
            </a>
          </div>
        </div>
      ) : null}
      {props.admin && pending.data?.length ? (
        <div className="mt-4">
          <h3 className="mb-1 text-sm font-medium text-slate-700">{t('team.pendingLinks')}</h3>
          <ul className="divide-y divide-slate-100 text-sm" data-testid="pending-links">
            {pending.data.map((invitation) => (
              <li key={invitation.invitationId} className="flex items-center gap-3 py-2">
                <span className="flex-1">{invitation.email}</span>
                <span className="text-slate-600">{t(`role.${invitation.role}`)}</span>
                <Button
                  size="sm"
                  variant="ghost"
                  onClick={() => revoke.mutate({ invitationId: invitation.invitationId })}
                >
                  {t('team.revokeLink')}
                </Button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </Card>
  );
}
