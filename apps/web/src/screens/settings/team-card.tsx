// The team: members and their roles, invitations by link (copied or sent on WhatsApp), and the
// links still pending. Only owners and admins change anything; the others read.
import { type MembershipRole, membershipRoles } from '@flux/contracts/enums';
import { useState } from 'react';
import { useToast } from '../../components/toast';
import {
  Badge,
  Button,
  Card,
  ErrorState,
  Field,
  Input,
  Loading,
  Select,
} from '../../components/ui';
import { useI18n } from '../../lib/i18n';
import { useTeam } from './hooks';

export function TeamCard(props: { admin: boolean }) {
  const { t } = useI18n();
  const toast = useToast();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<MembershipRole>('agent');
  /** The last link made: shown once, to copy or send on WhatsApp (the server keeps only its hash). */
  const [link, setLink] = useState<{ email: string; url: string } | null>(null);
  const { members, pending, invite, revoke, changeRole, remove } = useTeam(
    props.admin,
    (invited) => {
      setLink({ email: invited.email, url: `${window.location.origin}${invited.joinPath}` });
      setEmail('');
    },
  );
  return (
    <Card title={t('settings.team')} className="lg:col-span-2">
      {members.isPending ? <Loading /> : null}
      {members.isError ? <ErrorState error={members.error} /> : null}
      {members.data ? (
        // On a phone each member is a card (table-cards); nothing widens the page.
        <div className="overflow-x-auto">
          <table className="table-cards w-full text-sm" data-testid="team-table">
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
                            role: event.target.value as MembershipRole,
                          })
                        }
                      >
                        <RoleOptions />
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
        </div>
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
            <Select
              value={role}
              onChange={(event) => setRole(event.target.value as MembershipRole)}
            >
              <RoleOptions />
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

function RoleOptions() {
  const { t } = useI18n();
  return membershipRoles.map((value) => (
    <option key={value} value={value}>
      {t(`role.${value}`)}
    </option>
  ));
}
