// Sign in and sign up: part of the first bundle, so they use nothing heavier than the shell.
import { type Locale, type PasswordReason, passwordReasons } from '@flux/contracts/enums';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { type FormEvent, type ReactNode, useState } from 'react';
import { Button, Field, Input, Select } from '../components/ui';
import type { Inputs } from '../lib/api';
import { rememberLocale, useI18n } from '../lib/i18n';
import { errorText, type Issue, issuesOf, useTRPC } from '../lib/trpc';

export function AuthFrame(props: { title: string; children: ReactNode; footer: ReactNode }) {
  return (
    <div className="flex min-h-full items-center justify-center bg-gradient-to-br from-brand-50 to-slate-100 p-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-center gap-2">
          <span className="flex size-10 items-center justify-center rounded-xl bg-brand-700 text-lg font-bold text-white">
            F
          </span>
          <span className="text-xl font-semibold">FluxAsync</span>
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
          <h1 className="mb-4 text-lg font-semibold">{props.title}</h1>
          {props.children}
        </div>
        <p className="mt-4 text-center text-sm text-slate-600">{props.footer}</p>
      </div>
    </div>
  );
}

export function FormError(props: { error: unknown; shownByField?: Issue[] }) {
  const i18n = useI18n();
  if (!props.error) return null;
  const text = errorText(props.error, props.shownByField, i18n);
  if (!text) return null;
  return (
    <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
      {text}
    </p>
  );
}

const isPasswordReason = (reason: string | undefined): reason is PasswordReason =>
  passwordReasons.some((known) => known === reason);

/** A password the server refused for a reason it names, worded in the user's language. */
export function passwordIssues(error: unknown): (Issue & { reason: PasswordReason })[] {
  return issuesOf(error).filter(
    (issue): issue is Issue & { reason: PasswordReason } =>
      issue.path === 'password' && isPasswordReason(issue.reason),
  );
}

export function PasswordIssue(props: { issues: (Issue & { reason: PasswordReason })[] }) {
  const { t } = useI18n();
  const [issue] = props.issues;
  if (!issue) return null;
  return (
    <span role="alert" className="block text-sm text-red-700">
      {t(`password.${issue.reason}`)}
    </span>
  );
}

export function SignInScreen() {
  const trpc = useTRPC();
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const search = useSearch({ from: '/sign-in' });
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const acceptInvite = useMutation(trpc.auth.acceptInvite.mutationOptions());
  const signIn = useMutation(
    trpc.auth.signIn.mutationOptions({
      onSuccess: async () => {
        // Came from an invitation link: take it now; a refusal is shown and nothing else moves.
        if (search.invite) await acceptInvite.mutateAsync({ token: search.invite });
        await queryClient.invalidateQueries();
        const target =
          search.redirect?.startsWith('/') && !search.redirect.startsWith('//')
            ? search.redirect
            : '/inbox';
        await navigate({ href: target });
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate({ email, password, client: 'web' });
  };
  return (
    <AuthFrame
      title={t('auth.signInTitle')}
      footer={
        <>
          {t('auth.noAccount')}{' '}
          <Link
            to="/sign-up"
            search={{ invite: search.invite }}
            className="font-medium text-brand-700 hover:underline"
          >
            {t('auth.signUp')}
          </Link>
        </>
      }
    >
      <form className="space-y-4" onSubmit={submit}>
        <Field label={t('auth.email')}>
          <Input
            type="email"
            name="email"
            autoComplete="email"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        </Field>
        <Field label={t('auth.password')}>
          <Input
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </Field>
        <FormError error={signIn.error ?? acceptInvite.error} />
        <Button type="submit" className="w-full" busy={signIn.isPending || acceptInvite.isPending}>
          {t('auth.signIn')}
        </Button>
        <p className="text-center text-sm">
          <Link to="/forgot-password" className="text-brand-700 hover:underline">
            {t('auth.forgotPassword')}
          </Link>
        </p>
      </form>
      <LocalePicker />
    </AuthFrame>
  );
}

function LocalePicker() {
  const { locale } = useI18n();
  const queryClient = useQueryClient();
  const choose = (next: Locale) => {
    rememberLocale(next);
    // The provider reads the stored locale while signed out: re-render through the cache.
    void queryClient.invalidateQueries();
    window.location.reload();
  };
  return (
    <div className="mt-4 flex justify-center gap-3 text-xs">
      {(['fr', 'en'] as const).map((option) => (
        <button
          key={option}
          type="button"
          lang={option}
          onClick={() => choose(option)}
          className={
            option === locale ? 'font-semibold text-brand-700' : 'text-slate-500 hover:underline'
          }
        >
          {option === 'fr' ? 'Français' : 'English'}
        </button>
      ))}
    </div>
  );
}

export function SignUpScreen() {
  const trpc = useTRPC();
  const { t, locale } = useI18n();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { invite } = useSearch({ from: '/sign-up' });
  // Invited: the email is the invitation's, and the account joins that shop instead of making one.
  const invitation = useQuery({
    ...trpc.auth.invitation.queryOptions({ token: invite ?? '' }),
    enabled: !!invite,
    retry: false,
  });
  const [form, setForm] = useState({
    name: '',
    email: '',
    password: '',
    businessName: '',
    country: 'SN' as NonNullable<Inputs['auth']['signUp']['country']>,
  });
  const signUp = useMutation(
    trpc.auth.signUp.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries();
        await navigate({ to: invite ? '/inbox' : '/settings' });
      },
    }),
  );
  const refused = passwordIssues(signUp.error);
  const set = (key: keyof typeof form) => (event: { target: { value: string } }) =>
    setForm((current) => ({ ...current, [key]: event.target.value }));
  return (
    <AuthFrame
      title={t('auth.signUpTitle')}
      footer={
        <>
          {t('auth.haveAccount')}{' '}
          <Link
            to="/sign-in"
            search={{ redirect: undefined, invite }}
            className="font-medium text-brand-700 hover:underline"
          >
            {t('auth.signIn')}
          </Link>
        </>
      }
    >
      <form
        className="space-y-3"
        onSubmit={(event) => {
          event.preventDefault();
          signUp.mutate(
            invite
              ? {
                  name: form.name,
                  email: invitation.data?.email ?? form.email,
                  password: form.password,
                  invitation: invite,
                  locale,
                  client: 'web',
                }
              : { ...form, locale, client: 'web' },
          );
        }}
      >
        <Field label={t('auth.name')}>
          <Input required autoComplete="name" value={form.name} onChange={set('name')} />
        </Field>
        {invite ? (
          <InvitationSummary token={invite} />
        ) : (
          <Field label={t('auth.businessName')}>
            <Input required value={form.businessName} onChange={set('businessName')} />
          </Field>
        )}
        <Field label={t('auth.country')} className={invite ? 'hidden' : undefined}>
          <Select value={form.country} onChange={set('country')}>
            <option value="SN">Sénégal (XOF)</option>
            <option value="CI">Côte d’Ivoire (XOF)</option>
            <option value="ML">Mali (XOF)</option>
            <option value="BF">Burkina Faso (XOF)</option>
            <option value="BJ">Bénin (XOF)</option>
            <option value="TG">Togo (XOF)</option>
            <option value="NE">Niger (XOF)</option>
            <option value="GW">Guinée-Bissau (XOF)</option>
            <option value="FR">France (EUR)</option>
            <option value="BE">Belgique (EUR)</option>
            <option value="LU">Luxembourg (EUR)</option>
          </Select>
        </Field>
        <Field label={t('auth.email')}>
          <Input
            type="email"
            required
            autoComplete="email"
            readOnly={!!invitation.data}
            value={invitation.data?.email ?? form.email}
            onChange={set('email')}
          />
        </Field>
        <Field label={t('auth.password')} hint={t('auth.passwordHint')}>
          <Input
            type="password"
            required
            autoComplete="new-password"
            value={form.password}
            onChange={set('password')}
          />
          <PasswordIssue issues={refused} />
        </Field>
        <FormError error={signUp.error} shownByField={refused} />
        <Button type="submit" className="w-full" busy={signUp.isPending}>
          {t('auth.createAccount')}
        </Button>
      </form>
    </AuthFrame>
  );
}

/** Which shop invites, for which email and role; or why the link does not work. */
function InvitationSummary(props: { token: string }) {
  const trpc = useTRPC();
  const { t } = useI18n();
  const invitation = useQuery({
    ...trpc.auth.invitation.queryOptions({ token: props.token }),
    retry: false,
  });
  if (invitation.isPending) return null;
  if (!invitation.data) {
    return (
      <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
        {t('join.invalid')}
      </p>
    );
  }
  return (
    <p className="rounded-md bg-brand-50 px-3 py-2 text-sm" data-testid="invitation-summary">
      {t('join.summary', {
        business: invitation.data.businessName,
        role: t(`role.${invitation.data.role}`),
        email: invitation.data.email,
      })}
    </p>
  );
}

/** /join/<token>: an invitation link. Signed in with its email: accept; else sign in or sign up. */
export function JoinScreen() {
  const trpc = useTRPC();
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { token } = useParams({ from: '/join/$token' });
  const me = useQuery({ ...trpc.auth.me.queryOptions(), retry: false });
  const invitation = useQuery({ ...trpc.auth.invitation.queryOptions({ token }), retry: false });
  const accept = useMutation(
    trpc.auth.acceptInvite.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries();
        await navigate({ to: '/inbox' });
      },
    }),
  );
  const signedInAs = me.data?.user.email;
  return (
    <AuthFrame title={t('join.title')} footer={null}>
      <div className="space-y-4">
        <InvitationSummary token={token} />
        {invitation.data && signedInAs === invitation.data.email ? (
          <Button
            className="w-full"
            busy={accept.isPending}
            onClick={() => accept.mutate({ token })}
          >
            {t('join.accept')}
          </Button>
        ) : null}
        {invitation.data && signedInAs && signedInAs !== invitation.data.email ? (
          <p className="text-sm text-slate-600">{t('join.otherAccount', { email: signedInAs })}</p>
        ) : null}
        {invitation.data && signedInAs !== invitation.data.email ? (
          <div className="flex flex-col gap-2">
            <Link
              to="/sign-in"
              search={{ redirect: undefined, invite: token }}
              className="flex min-h-11 items-center justify-center rounded-md bg-brand-700 px-3 text-sm font-medium text-white md:min-h-9"
            >
              {t('join.signIn')}
            </Link>
            <Link
              to="/sign-up"
              search={{ invite: token }}
              className="flex min-h-11 items-center justify-center rounded-md border border-slate-300 px-3 text-sm font-medium md:min-h-9"
            >
              {t('join.signUp')}
            </Link>
          </div>
        ) : null}
        <FormError error={accept.error} />
      </div>
    </AuthFrame>
  );
}
