// The business's SMS account (Africa's Talking or Twilio) for the customer messages WhatsApp cannot
// carry: connect it, see it (never its key), copy Africa's Talking's reports URL, disconnect it.
import { type FormEvent, useState } from 'react';
import { useToast } from '../../components/toast';
import {
  Badge,
  Button,
  Card,
  Dialog,
  DialogButtons,
  ErrorState,
  Field,
  Input,
  Loading,
  Select,
} from '../../components/ui';
import { useI18n } from '../../lib/i18n';
import { FieldIssue, fieldIssues } from './field-issue';
import { type SmsAccount, useSmsAccount } from './hooks';

type Provider = 'africastalking' | 'twilio';
const providerName: Record<Provider, string> = {
  africastalking: 'Africa’s Talking',
  twilio: 'Twilio',
};
const emptyForm = {
  provider: 'africastalking' as Provider,
  accountId: '',
  apiKey: '',
  senderId: '',
};
const worded = ['accountId', 'apiKey', 'senderId'] as const;

export function SmsCard() {
  const { t } = useI18n();
  const [form, setForm] = useState(emptyForm);
  const [replacing, setReplacing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const { account, connect, disconnect } = useSmsAccount(() => {
    setForm(emptyForm);
    setReplacing(false);
  });
  const issues = fieldIssues(connect.error, worded, useI18n());
  const twilio = form.provider === 'twilio';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    connect.mutate({
      provider: form.provider,
      accountId: form.accountId,
      apiKey: form.apiKey,
      ...(form.senderId.trim() ? { senderId: form.senderId.trim() } : {}),
    });
  };
  const showForm = account.data === null || (account.data && replacing);
  return (
    <Card title={t('sms.title')} className="self-start">
      {account.isPending ? <Loading /> : null}
      {account.isError ? (
        <ErrorState error={account.error} retry={() => void account.refetch()} />
      ) : null}
      {account.data && !replacing ? (
        <Connected
          account={account.data}
          onReplace={() => setReplacing(true)}
          onDisconnect={() => setConfirming(true)}
        />
      ) : null}
      {showForm ? (
        <form className="space-y-3" onSubmit={submit} data-testid="sms-form">
          <p className="text-sm text-slate-600">{t('sms.connectHint')}</p>
          <Field label={t('sms.provider')}>
            <Select
              className="min-h-11"
              value={form.provider}
              onChange={(e) => {
                // The other provider's fields mean other things: its refusal no longer applies.
                connect.reset();
                setForm({ ...form, provider: e.target.value as Provider });
              }}
            >
              <option value="africastalking">{providerName.africastalking}</option>
              <option value="twilio">{providerName.twilio}</option>
            </Select>
          </Field>
          <div className="grid gap-3 sm:grid-cols-2">
            <div>
              <Field label={twilio ? 'Account SID' : t('sms.username')}>
                <Input
                  required
                  className="min-h-11"
                  autoComplete="off"
                  value={form.accountId}
                  placeholder={twilio ? 'AC…' : 'sandbox'}
                  onChange={(e) => setForm({ ...form, accountId: e.target.value })}
                />
              </Field>
              <FieldIssue
                text={
                  issues.onField('accountId')
                    ? t(twilio ? 'sms.error.twilioSid' : 'sms.error.accountId')
                    : null
                }
              />
            </div>
            <div>
              <Field label={twilio ? 'Auth token' : t('sms.apiKey')} hint={t('sms.keyHint')}>
                <Input
                  required
                  type="password"
                  className="min-h-11"
                  autoComplete="off"
                  value={form.apiKey}
                  onChange={(e) => setForm({ ...form, apiKey: e.target.value })}
                />
              </Field>
              <FieldIssue text={issues.onField('apiKey') ? t('sms.error.apiKey') : null} />
            </div>
          </div>
          <div>
            <Field
              label={twilio ? t('sms.senderRequired') : t('sms.senderOptional')}
              hint={twilio ? t('sms.senderHintTwilio') : t('sms.senderHintAt')}
            >
              <Input
                required={twilio}
                maxLength={20}
                className="min-h-11"
                value={form.senderId}
                onChange={(e) => setForm({ ...form, senderId: e.target.value })}
              />
            </Field>
            <FieldIssue
              text={
                issues.onField('senderId')
                  ? t(twilio && !form.senderId.trim() ? 'sms.error.sender' : 'sms.error.senderLong')
                  : null
              }
            />
          </div>
          {issues.others ? (
            <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
              {issues.others}
            </p>
          ) : null}
          <div className="flex flex-wrap gap-2">
            <Button type="submit" className="min-h-11" busy={connect.isPending}>
              {t('sms.connect')}
            </Button>
            {replacing ? (
              <Button variant="ghost" className="min-h-11" onClick={() => setReplacing(false)}>
                {t('common.cancel')}
              </Button>
            ) : null}
          </div>
        </form>
      ) : null}
      <Dialog
        open={confirming}
        onOpenChange={setConfirming}
        title={t('sms.disconnectTitle')}
        description={t('sms.disconnectHint')}
      >
        <form
          onSubmit={(event) => {
            event.preventDefault();
            disconnect.mutate(undefined, { onSuccess: () => setConfirming(false) });
          }}
        >
          <DialogButtons
            onCancel={() => setConfirming(false)}
            busy={disconnect.isPending}
            submit={t('sms.disconnect')}
            variant="danger"
          />
        </form>
      </Dialog>
    </Card>
  );
}

function Connected(props: {
  account: SmsAccount;
  onReplace: () => void;
  onDisconnect: () => void;
}) {
  const { t } = useI18n();
  const toast = useToast();
  const { account } = props;
  return (
    <div className="space-y-3" data-testid="sms-account">
      <p className="flex flex-wrap items-center gap-2 text-sm">
        <Badge tone="green">{t('sms.isConnected')}</Badge>
        <strong>{providerName[account.provider]}</strong>
        <span className="break-all text-slate-600">{account.accountId}</span>
      </p>
      <p className="text-xs text-slate-500">
        {account.senderId ? t('sms.sender', { sender: account.senderId }) : t('sms.noSender')}
        {' · '}
        {t('sms.keyStored')}
      </p>
      {account.reportsUrl ? (
        <div className="space-y-2 rounded-md bg-slate-50 p-3">
          <Field label={t('sms.reportsUrl')} hint={t('sms.reportsUrlHint')}>
            <Input
              readOnly
              className="min-h-11 font-mono text-xs"
              value={account.reportsUrl}
              onFocus={(e) => e.target.select()}
            />
          </Field>
          <Button
            variant="secondary"
            className="min-h-11"
            onClick={() => {
              const url = account.reportsUrl ?? '';
              void navigator.clipboard
                ?.writeText(url)
                .then(() => toast.success(t('sms.urlCopied')), toast.error);
            }}
          >
            {t('sms.copyUrl')}
          </Button>
        </div>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" className="min-h-11" onClick={props.onReplace}>
          {t('sms.replace')}
        </Button>
        <Button variant="ghost" className="min-h-11" onClick={props.onDisconnect}>
          {t('sms.disconnect')}
        </Button>
      </div>
    </div>
  );
}
