// The settings' data: the business and its settings, the WhatsApp number, the SMS account, the
// WhatsApp templates, the team and its invitation links, with what follows each change (a toast,
// the queries read again).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useToast } from '../../components/toast';
import type { Outputs } from '../../lib/api';
import type { MessageKey } from '../../lib/messages/fr';
import { issuesOf, useTRPC } from '../../lib/trpc';
import { type Saved, useSaved } from '../../lib/use-saved';

export type Business = Outputs['business']['get']['business'];

export function useBusiness() {
  const trpc = useTRPC();
  return useQuery(trpc.business.get.queryOptions());
}

/** Saves part of the business; the profile and the user's session show it too, so both refresh. */
export function useSaveBusiness(message: MessageKey) {
  const trpc = useTRPC();
  const saved = useSaved();
  return useMutation(
    trpc.business.update.mutationOptions(
      saved({
        message,
        refresh: [
          trpc.business.get.pathFilter(),
          trpc.business.profile.pathFilter(),
          trpc.auth.me.pathFilter(),
        ],
      }),
    ),
  );
}

/**
 * Like `saved`, for a form that words the server's field issues itself beside each field: the
 * toast is kept for the other failures (network, refusal).
 */
export function useSavedByField() {
  const saved = useSaved();
  const toast = useToast();
  return <T>(options: Saved<T>) => ({
    ...saved(options),
    onError: (error: unknown) => {
      if (!issuesOf(error).length) toast.error(error);
    },
  });
}

/** Saves the notification preferences (`settings.notifications`); its form shows field issues. */
export function useSaveNotifications() {
  const trpc = useTRPC();
  const saved = useSavedByField();
  return useMutation(
    trpc.business.update.mutationOptions(
      saved({ message: 'notify.saved', refresh: [trpc.business.get.pathFilter()] }),
    ),
  );
}

/** The signed-in member's own email digests (on or off), saved at each change. */
export function useMyNotificationPreferences() {
  const trpc = useTRPC();
  const saved = useSaved();
  const queryClient = useQueryClient();
  const preferences = useQuery(trpc.notifications.myPreferences.queryOptions());
  const save = useMutation(
    trpc.notifications.setMyPreferences.mutationOptions(
      saved({
        message: 'notify.digestSaved',
        // The answer is the new preference: kept before the mutation stops pending, so the switch
        // never shows the old state between the save and a refetch.
        after: (answer) =>
          queryClient.setQueryData(trpc.notifications.myPreferences.queryKey(), answer),
      }),
    ),
  );
  return { preferences, save };
}

/** The connected WhatsApp number (null when none), its test on demand, connect and disconnect. */
export function useWhatsappAccount(onConnected: () => void) {
  const trpc = useTRPC();
  const saved = useSaved();
  const account = useQuery(trpc.settings.whatsapp.get.queryOptions());
  const test = useQuery({
    ...trpc.settings.whatsapp.test.queryOptions(),
    enabled: false,
    retry: false,
  });
  const refresh = [trpc.settings.whatsapp.get.pathFilter()];
  const connect = useMutation(
    trpc.settings.whatsapp.connect.mutationOptions(
      saved({ message: 'whatsapp.connected', after: onConnected, refresh }),
    ),
  );
  const disconnect = useMutation(
    trpc.settings.whatsapp.disconnect.mutationOptions(
      saved({ message: 'whatsapp.disconnected', refresh }),
    ),
  );
  return { account, test, connect, disconnect };
}

export type SmsAccount = NonNullable<Outputs['settings']['sms']['get']>;

/** The SMS account (null when none), connect (or replace) and disconnect. */
export function useSmsAccount(onConnected: () => void) {
  const trpc = useTRPC();
  const saved = useSaved();
  const savedByField = useSavedByField();
  const account = useQuery(trpc.settings.sms.get.queryOptions());
  const refresh = [trpc.settings.sms.get.pathFilter()];
  const connect = useMutation(
    trpc.settings.sms.connect.mutationOptions(
      savedByField({ message: 'sms.connected', after: onConnected, refresh }),
    ),
  );
  const disconnect = useMutation(
    trpc.settings.sms.disconnect.mutationOptions(saved({ message: 'sms.disconnected', refresh })),
  );
  return { account, connect, disconnect };
}

export type TemplateStatus = Outputs['settings']['templates']['list'][number];

/**
 * The WhatsApp templates the notifications need, with Meta's verdict, once a number is connected
 * (`number` null: none, and Meta is not asked); and "submit the missing ones".
 */
export function useTemplates() {
  const trpc = useTRPC();
  const saved = useSaved();
  const number = useQuery(trpc.settings.whatsapp.get.queryOptions());
  const templates = useQuery({
    ...trpc.settings.templates.list.queryOptions(),
    enabled: Boolean(number.data),
  });
  const submit = useMutation(
    trpc.settings.templates.submit.mutationOptions(
      saved({
        message: 'templates.submitted',
        params: (result) => ({ count: result.submitted.length }),
        refresh: [trpc.settings.templates.list.pathFilter()],
      }),
    ),
  );
  return { number, templates, submit };
}

/**
 * The team: members, pending invitation links (admins only), and the changes to them. An
 * invitation's link is handed to `onInvited` once: the server keeps only its hash.
 */
export function useTeam(
  admin: boolean,
  onInvited: (invited: Outputs['business']['addMember']) => void,
) {
  const trpc = useTRPC();
  const saved = useSaved();
  const members = useQuery(trpc.business.members.queryOptions());
  const pending = useQuery({ ...trpc.business.invitations.queryOptions(), enabled: admin });
  const refreshMembers = [trpc.business.members.pathFilter()];
  const refreshLinks = [trpc.business.invitations.pathFilter()];
  const invite = useMutation(
    trpc.business.addMember.mutationOptions(
      saved({
        message: 'team.invited',
        params: (invited) => ({ email: invited.email }),
        after: onInvited,
        refresh: refreshLinks,
      }),
    ),
  );
  const revoke = useMutation(
    trpc.business.revokeInvitation.mutationOptions(
      saved({ message: 'team.linkRevoked', refresh: refreshLinks }),
    ),
  );
  const changeRole = useMutation(
    trpc.business.changeRole.mutationOptions(
      saved({ message: 'team.roleSaved', refresh: refreshMembers }),
    ),
  );
  const remove = useMutation(
    trpc.business.removeMember.mutationOptions(
      saved({ message: 'team.removed', refresh: refreshMembers }),
    ),
  );
  return { members, pending, invite, revoke, changeRole, remove };
}
