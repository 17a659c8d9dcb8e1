// "Forgot your password?": ask for a link by email, then set a new password from the link. Both
// pages answer without telling whether an account exists.
import { useMutation } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { Button, Field, Input } from '../components/ui';
import { useI18n } from '../lib/i18n';
import { errorStatus, useTRPC } from '../lib/trpc';
import { AuthFrame, FormError, PasswordIssue, passwordIssues } from './auth';

function BackToSignIn() {
  const { t } = useI18n();
  return (
    <Link
      to="/sign-in"
      search={{ redirect: undefined, invite: undefined }}
      className="font-medium text-brand-700 hover:underline"
    >
      {t('auth.backToSignIn')}
    </Link>
  );
}

export function ForgotPasswordScreen() {
  const trpc = useTRPC();
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const request = useMutation(trpc.auth.requestPasswordReset.mutationOptions());
  const submit = (event: FormEvent) => {
    event.preventDefault();
    request.mutate({ email });
  };
  return (
    <AuthFrame title={t('auth.forgotTitle')} footer={<BackToSignIn />}>
      {request.isSuccess ? (
        <p role="status" className="rounded-md bg-brand-50 px-3 py-2 text-sm text-brand-900">
          {t('auth.forgotSent', { email: request.variables.email })}
        </p>
      ) : (
        <form className="space-y-4" onSubmit={submit}>
          <p className="text-sm text-slate-600">{t('auth.forgotIntro')}</p>
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
          <FormError error={request.error} />
          <Button type="submit" className="w-full" busy={request.isPending}>
            {t('auth.forgotSend')}
          </Button>
        </form>
      )}
    </AuthFrame>
  );
}

export function ResetPasswordScreen() {
  const trpc = useTRPC();
  const { t } = useI18n();
  const { token } = useParams({ from: '/reset-password/$token' });
  const [password, setPassword] = useState('');
  const reset = useMutation(trpc.auth.resetPassword.mutationOptions());
  const refused = passwordIssues(reset.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    reset.mutate({ token, password });
  };
  if (reset.isSuccess) {
    return (
      <AuthFrame title={t('auth.resetTitle')} footer={<BackToSignIn />}>
        <p role="status" className="rounded-md bg-brand-50 px-3 py-2 text-sm text-brand-900">
          {t('auth.resetDone', { email: reset.data.email })}
        </p>
      </AuthFrame>
    );
  }
  // A used, replaced or expired link, or one cut short when it was copied.
  const dead = errorStatus(reset.error) === 404 || !/^[a-z2-7]{32}$/.test(token);
  return (
    <AuthFrame title={t('auth.resetTitle')} footer={<BackToSignIn />}>
      {dead ? (
        <div className="space-y-4">
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
            {t('auth.resetInvalid')}
          </p>
          <Link
            to="/forgot-password"
            className="block text-center text-sm font-medium text-brand-700 hover:underline"
          >
            {t('auth.askNewLink')}
          </Link>
        </div>
      ) : (
        <form className="space-y-4" onSubmit={submit}>
          <Field label={t('auth.newPassword')} hint={t('auth.passwordHint')}>
            <Input
              type="password"
              name="password"
              autoComplete="new-password"
              required
              minLength={10}
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
          </Field>
          <PasswordIssue issues={refused} />
          <FormError error={reset.error} shownByField={refused} />
          <Button type="submit" className="w-full" busy={reset.isPending}>
            {t('auth.resetSave')}
          </Button>
        </form>
      )}
    </AuthFrame>
  );
}
