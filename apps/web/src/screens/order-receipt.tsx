// The order page's receipt (order-detail.tsx): its "Reçu" button and dialog.
import { useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useToast } from '../components/toast';
import { Button, Dialog, Input, Loading } from '../components/ui';
import { newClientId } from '../lib/client-id';
import { useI18n } from '../lib/i18n';
import { useTRPC } from '../lib/trpc';

/**
 * "Reçu": a signed link to the order's receipt, to open (and print), download as a PDF, copy, or
 * have the shop's WhatsApp number send to the customer (one message per click, however many).
 */
export function ReceiptButton(props: { orderId: string; reference: string }) {
  const trpc = useTRPC();
  const { t } = useI18n();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const link = useMutation(trpc.orders.receiptLink.mutationOptions({ onError: toast.error }));
  const clientMessageId = useRef(newClientId());
  const sending = useRef(false);
  const send = useMutation(
    trpc.orders.sendReceipt.mutationOptions({
      onError: toast.error,
      onSuccess: () => toast.success(t('order.receiptSent')),
    }),
  );
  const url = link.data?.url;
  return (
    <>
      <Button
        variant="secondary"
        className="min-h-11"
        busy={link.isPending}
        onClick={() => {
          setOpen(true);
          if (!link.data) link.mutate({ id: props.orderId });
        }}
      >
        {t('order.receipt')}
      </Button>
      <Dialog
        open={open}
        onOpenChange={setOpen}
        title={t('order.receiptTitle')}
        description={t('order.receiptHint', { days: 30 })}
      >
        {url ? (
          <div className="space-y-3">
            <Input
              readOnly
              value={url}
              aria-label={t('order.receiptTitle')}
              data-testid="receipt-url"
            />
            <div className="flex flex-wrap gap-2">
              <Button
                className="min-h-11"
                data-testid="receipt-send"
                busy={send.isPending}
                disabled={send.isSuccess}
                onClick={() => {
                  // A double click's second click comes before the button is disabled.
                  if (sending.current) return;
                  sending.current = true;
                  send.mutate(
                    { id: props.orderId, clientMessageId: clientMessageId.current },
                    { onError: () => (sending.current = false) },
                  );
                }}
              >
                {send.isSuccess ? t('order.receiptSentShort') : t('order.receiptWhatsapp')}
              </Button>
              <a
                href={url}
                target="_blank"
                rel="noreferrer"
                className="inline-flex min-h-11 items-center rounded-md border border-slate-300 px-3.5 text-sm font-medium"
              >
                {t('order.receiptOpen')}
              </a>
              <a
                href={`${url}/pdf`}
                download={`${props.reference}.pdf`}
                className="inline-flex min-h-11 items-center rounded-md border border-slate-300 px-3.5 text-sm font-medium"
                data-testid="receipt-pdf"
              >
                {t('order.receiptPdf')}
              </a>
              <Button
                variant="secondary"
                className="min-h-11"
                onClick={() =>
                  void navigator.clipboard
                    ?.writeText(url)
                    .then(() => toast.success(t('order.receiptCopied')))
                }
              >
                {t('order.receiptCopy')}
              </Button>
            </div>
          </div>
        ) : (
          <Loading />
        )}
      </Dialog>
    </>
  );
}
