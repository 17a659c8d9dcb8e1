// The frame around every screen: navigation, business switcher, language, sign-out, and the one
// live-event subscription that keeps every open list current.
import type { Locale } from '@flux/contracts/enums';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useNavigate } from '@tanstack/react-router';
import { DropdownMenu } from 'radix-ui';
import { useEffect, useState } from 'react';
import { rememberLocale, useI18n } from '../lib/i18n';
import { useLiveEvents } from '../lib/live';
import type { MessageKey } from '../lib/messages/fr';
import { useTRPC } from '../lib/trpc';
import { Icon, type IconName } from './icons';
import { NotificationBell } from './notification-bell';
import { useToast } from './toast';
import { cx, Loading } from './ui';

/**
 * Every screen, in the sidebar on a wide screen. On a phone the `primary` ones are the bottom bar
 * (where the thumb is) and the others are in its menu, beside the business and the account.
 */
const nav: { to: string; label: MessageKey; icon: IconName; primary?: boolean }[] = [
  { to: '/inbox', label: 'nav.inbox', icon: 'inbox', primary: true },
  { to: '/prospects', label: 'nav.prospects', icon: 'prospects' },
  { to: '/products', label: 'nav.products', icon: 'products', primary: true },
  { to: '/orders', label: 'nav.orders', icon: 'orders', primary: true },
  { to: '/dispatch', label: 'nav.dispatch', icon: 'dispatch', primary: true },
  { to: '/analytics', label: 'nav.analytics', icon: 'analytics' },
  { to: '/settings', label: 'nav.settings', icon: 'settings' },
];

export function Shell() {
  const trpc = useTRPC();
  const { t } = useI18n();
  const me = useQuery(trpc.auth.me.queryOptions());
  // On a phone the rest of the menu opens from the bottom bar, over the screen.
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => {
    if (!menuOpen) return;
    const close = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setMenuOpen(false);
    };
    window.addEventListener('keydown', close);
    return () => window.removeEventListener('keydown', close);
  }, [menuOpen]);
  if (!me.data) return <Loading />;
  return (
    <div className="flex h-full flex-col md:flex-row">
      <aside className="flex shrink-0 flex-col border-b border-slate-200 bg-white md:w-56 md:border-r md:border-b-0">
        <div className="flex min-h-14 items-center gap-2 px-4 py-2 md:py-4">
          <span
            aria-hidden
            className="flex size-8 items-center justify-center rounded-lg bg-brand-700 font-bold text-white"
          >
            F
          </span>
          <span className="flex-1 font-semibold">FluxAsync</span>
          {me.data.currentBusinessId ? <NotificationBell /> : null}
        </div>
        {menuOpen ? (
          // A tap beside the open menu closes it (so do the menu button and Escape).
          <button
            type="button"
            aria-hidden
            tabIndex={-1}
            className="fixed inset-0 z-20 bg-slate-900/30 md:hidden"
            onClick={() => setMenuOpen(false)}
          />
        ) : null}
        <div
          id="shell-menu"
          data-testid="shell-menu"
          className={cx(
            menuOpen ? 'flex' : 'hidden',
            'flex-col md:flex md:flex-1',
            'max-md:fixed max-md:inset-x-0 max-md:bottom-[calc(4rem+env(safe-area-inset-bottom))] max-md:z-30 max-md:max-h-[calc(100dvh-8rem)] max-md:overflow-y-auto max-md:rounded-t-xl max-md:border-t max-md:border-slate-200 max-md:bg-white max-md:pt-3 max-md:shadow-2xl',
          )}
        >
          <BusinessSwitcher />
          <nav aria-label={t('nav.label')} className="mt-2 flex-1 space-y-0.5 px-2">
            {nav.map((item) => (
              <Link
                key={item.to}
                to={item.to}
                onClick={() => setMenuOpen(false)}
                className={cx(
                  'flex items-center gap-2 rounded-md px-3 py-2 text-sm text-slate-700 hover:bg-slate-100 max-md:min-h-11',
                  item.primary && 'max-md:hidden',
                )}
                activeProps={{ className: 'bg-brand-50 font-medium text-brand-800' }}
              >
                <Icon name={item.icon} />
                <span className="flex-1">{t(item.label)}</span>
                <NavCount to={item.to} />
              </Link>
            ))}
          </nav>
          {/* One stream per business: switching business opens the new one. */}
          <LiveStatus
            key={me.data.currentBusinessId ?? 'none'}
            enabled={!!me.data.currentBusinessId}
          />
          <UserMenu />
        </div>
      </aside>
      <main className="min-h-0 min-w-0 flex-1 overflow-y-auto">
        <Outlet />
      </main>
      <BottomBar
        menuOpen={menuOpen}
        onMenu={() => setMenuOpen(!menuOpen)}
        onNavigate={() => setMenuOpen(false)}
      />
    </div>
  );
}

/** The phone's bottom bar: the screens used all day, and the menu with the others. */
function BottomBar(props: { menuOpen: boolean; onMenu: () => void; onNavigate: () => void }) {
  const { t } = useI18n();
  const item = 'flex h-16 flex-col items-center justify-center gap-0.5 text-[11px] leading-tight';
  return (
    <nav
      aria-label={t('layout.bottomNav')}
      data-testid="bottom-nav"
      className="z-30 grid shrink-0 grid-cols-5 border-t border-slate-200 bg-white pb-[env(safe-area-inset-bottom)] md:hidden"
    >
      {nav
        .filter((entry) => entry.primary)
        .map((entry) => (
          <Link
            key={entry.to}
            to={entry.to}
            onClick={props.onNavigate}
            className={item}
            activeProps={{ className: 'font-semibold text-brand-800' }}
            inactiveProps={{ className: 'text-slate-600' }}
          >
            <span className="relative">
              <Icon name={entry.icon} className="size-6" />
              <span className="absolute -top-1.5 left-4">
                <NavCount to={entry.to} />
              </span>
            </span>
            {t(entry.label)}
          </Link>
        ))}
      <button
        type="button"
        className={cx(item, props.menuOpen ? 'font-semibold text-brand-800' : 'text-slate-600')}
        aria-expanded={props.menuOpen}
        aria-controls="shell-menu"
        onClick={props.onMenu}
        data-testid="menu-button"
      >
        <Icon name="menu" className="size-6" />
        {t('nav.menu')}
      </button>
    </nav>
  );
}

/**
 * Headline counters beside the menu: what waits unread in the inbox (conversations and email
 * threads, the count of the tab's title), deliveries under way.
 */
function NavCount(props: { to: string }) {
  const trpc = useTRPC();
  const { t } = useI18n();
  const inbox = props.to === '/inbox';
  // Read again on the live events that move them (lib/live.ts); the two minutes are a backstop.
  const unread = useQuery({
    ...trpc.conversations.unread.queryOptions(),
    enabled: inbox,
    refetchInterval: 120_000,
  });
  const summary = useQuery({
    ...trpc.analytics.summary.queryOptions(),
    enabled: props.to === '/dispatch',
    refetchInterval: 120_000,
  });
  const count = inbox
    ? unread.data?.total
    : props.to === '/dispatch'
      ? summary.data?.deliveriesInProgress
      : undefined;
  if (!count) return null;
  return (
    <span
      className="rounded-full bg-slate-200 px-1.5 text-xs tabular-nums text-slate-700"
      title={t(inbox ? 'nav.unread' : 'nav.inProgress', { count })}
      data-testid={inbox ? 'inbox-unread' : undefined}
    >
      {count > 999 ? '999+' : count}
    </span>
  );
}

function LiveStatus(props: { enabled: boolean }) {
  const { t } = useI18n();
  const live = useLiveEvents(props.enabled);
  return (
    <div
      className="border-t border-slate-100 px-4 py-2 text-xs text-slate-500"
      data-testid="live-state"
    >
      <span
        className={cx(
          'mr-1.5 inline-block size-2 rounded-full',
          live === 'live'
            ? 'bg-emerald-500'
            : live === 'connecting'
              ? 'bg-amber-400'
              : 'bg-slate-300',
        )}
      />
      {t(live === 'live' ? 'live.on' : live === 'connecting' ? 'live.connecting' : 'live.off')}
    </div>
  );
}

function BusinessSwitcher() {
  const trpc = useTRPC();
  const { t } = useI18n();
  const toast = useToast();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.auth.me.queryOptions());
  const navigate = useNavigate();
  const switchBusiness = useMutation(
    trpc.auth.switchBusiness.mutationOptions({
      onSuccess: async () => {
        // Everything cached belongs to the previous business.
        queryClient.clear();
        await navigate({ to: '/inbox', search: {} });
      },
      onError: toast.error,
    }),
  );
  const acceptInvitation = useMutation(
    trpc.auth.acceptInvitation.mutationOptions({
      onSuccess: async () => {
        queryClient.clear();
        await navigate({ to: '/inbox', search: {} });
      },
      onError: toast.error,
    }),
  );
  const memberships = me.data?.memberships ?? [];
  const invitations = me.data?.invitations ?? [];
  const current = memberships.find((m) => m.businessId === me.data?.currentBusinessId);
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger
        className="mx-2 flex items-center justify-between rounded-md border border-slate-200 px-3 py-2 text-left text-sm hover:bg-slate-50 max-md:min-h-11"
        data-testid="business-switcher"
      >
        <span className="min-w-0">
          <span className="block truncate font-medium">
            {current?.name ?? t('shell.noBusiness')}
          </span>
          {current ? (
            <span className="block text-xs text-slate-500">{t(`role.${current.role}`)}</span>
          ) : null}
        </span>
        <span aria-hidden className="text-slate-500">
          ▾
        </span>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="start"
          sideOffset={4}
          className="z-50 min-w-52 rounded-md border border-slate-200 bg-white p-1 shadow-lg"
        >
          <DropdownMenu.Label className="px-2 py-1 text-xs text-slate-500">
            {t('shell.switchBusiness')}
          </DropdownMenu.Label>
          {memberships.map((membership) => (
            <DropdownMenu.Item
              key={membership.businessId}
              onSelect={() => switchBusiness.mutate({ businessId: membership.businessId })}
              className="flex cursor-pointer items-center justify-between rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-slate-100"
            >
              {membership.name}
              {membership.businessId === current?.businessId ? <span aria-hidden>✓</span> : null}
            </DropdownMenu.Item>
          ))}
          {invitations.length ? (
            <>
              <DropdownMenu.Separator className="my-1 h-px bg-slate-100" />
              <DropdownMenu.Label className="px-2 py-1 text-xs text-slate-500">
                {t('shell.invitations')}
              </DropdownMenu.Label>
              {invitations.map((invitation) => (
                <DropdownMenu.Item
                  key={invitation.businessId}
                  onSelect={() => acceptInvitation.mutate({ businessId: invitation.businessId })}
                  className="flex cursor-pointer items-center justify-between gap-2 rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-slate-100"
                >
                  {invitation.name}
                  <span className="text-xs text-brand-700">{t('shell.accept')}</span>
                </DropdownMenu.Item>
              ))}
            </>
          ) : null}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}

function UserMenu() {
  const trpc = useTRPC();
  const { t, locale } = useI18n();
  const toast = useToast();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const me = useQuery(trpc.auth.me.queryOptions());
  const setLocale = useMutation(
    trpc.auth.updateProfile.mutationOptions({
      onSuccess: async (_user, input) => {
        if (input.locale) rememberLocale(input.locale);
        await queryClient.invalidateQueries(trpc.auth.me.pathFilter());
      },
      onError: toast.error,
    }),
  );
  const signOut = useMutation(
    trpc.auth.signOut.mutationOptions({
      onSettled: async () => {
        queryClient.clear();
        await navigate({ to: '/sign-in', search: { redirect: undefined, invite: undefined } });
      },
    }),
  );
  const other: Locale = locale === 'fr' ? 'en' : 'fr';
  return (
    <div className="border-t border-slate-200 p-3">
      <p className="truncate text-sm font-medium">{me.data?.user.name}</p>
      <p className="truncate text-xs text-slate-500">{me.data?.user.email}</p>
      <div className="mt-2 flex gap-2">
        <button
          type="button"
          className="rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-50"
          onClick={() => setLocale.mutate({ locale: other })}
          data-testid="switch-language"
          lang={other}
        >
          {other === 'en' ? 'English' : 'Français'}
        </button>
        <button
          type="button"
          className="rounded px-2 py-1 text-xs text-slate-600 hover:bg-slate-100"
          onClick={() => signOut.mutate()}
        >
          {t('shell.signOut')}
        </button>
      </div>
    </div>
  );
}
