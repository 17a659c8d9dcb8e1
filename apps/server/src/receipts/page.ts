// The receipt's HTML, rendered on the server: one document that reads well on a phone and prints
// on an A4 or a 58/80 mm receipt printer (the print stylesheet drops the colours and the button).
// Every text from the database goes through `esc`. The one script (the print button) is allowed
// by its hash in the page's CSP; nothing else runs.
import type { ReceiptView } from '@flux/api';
import { cspHash, esc } from '../tracking/page';
import { type Lang, receiptDate, WORDS } from './words';

const PRINT_SCRIPT =
  "document.getElementById('print').addEventListener('click',function(){window.print()});";

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#0f172a;background:#f1f5f9}
main{max-width:28rem;margin:0 auto;padding:1rem}
.sheet{background:#fff;border:1px solid #e2e8f0;border-radius:.75rem;padding:1.25rem}
h1{font-size:1.25rem;margin:0}.muted{color:#475569;font-size:.875rem}
table{width:100%;border-collapse:collapse;margin-top:1rem}th,td{padding:.35rem 0;text-align:left;vertical-align:top}
th{font-size:.75rem;text-transform:uppercase;color:#475569;border-bottom:1px solid #e2e8f0}
.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tfoot td{border-top:1px solid #e2e8f0}.total td{font-weight:700;font-size:1.05rem}
.state{display:inline-block;margin-top:.75rem;padding:.15rem .6rem;border-radius:999px;background:#e2e8f0;font-weight:600}
.paid,.collected{background:#dcfce7;color:#166534}.unpaid{background:#fef3c7;color:#92400e}
button{margin-top:1rem;width:100%;min-height:44px;border:0;border-radius:.5rem;background:#0f766e;color:#fff;font:inherit;font-weight:600}
.pdf{display:flex;align-items:center;justify-content:center;margin-top:.5rem;min-height:44px;border:1px solid #0f766e;border-radius:.5rem;color:#0f766e;font-weight:600;text-decoration:none}
@media print{body{background:#fff;font-size:12px}main{max-width:none;padding:0}.sheet{border:0;padding:0}
button,.pdf{display:none}.state{border:1px solid #000;background:none;color:#000}@page{margin:10mm}}
`;

export const RECEIPT_CSP = [
  "default-src 'none'",
  `style-src ${cspHash(STYLE)}`,
  `script-src ${cspHash(PRINT_SCRIPT)}`,
  "img-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function htmlDocument(lang: Lang, title: string, body: string) {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex,nofollow"><title>${esc(title)}</title>
<style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

/** The page; `pdfHref` is where its PDF is (relative to the page, so behind the same token). */
export function renderReceipt(view: ReceiptView, pdfHref: string): string {
  const lang: Lang = view.shop.locale;
  const w = WORDS[lang];
  const when = receiptDate(view);
  const lines = view.lines
    .map(
      (line) =>
        `<tr><td>${esc(line.name)}<div class="muted">${line.quantity} × ${esc(line.unitPrice)}</div></td><td class="n">${line.quantity}</td><td class="n">${esc(line.lineTotal)}</td></tr>`,
    )
    .join('');
  const customer = view.customer.name ?? view.customer.phone ?? '';
  const body = `<div class="sheet" data-testid="receipt">
<h1>${esc(view.shop.name)}</h1>
<p class="muted">${w.title} · ${w.order} ${esc(view.reference)} · ${esc(when)}</p>
${customer ? `<p>${w.customer}${w.colon}<strong>${esc(customer)}</strong>${view.customer.name && view.customer.phone ? ` · ${esc(view.customer.phone)}` : ''}</p>` : ''}
${view.deliveryAddress ? `<p class="muted">${w.address} ${esc(view.deliveryAddress)}</p>` : ''}
${view.status === 'cancelled' ? `<p><strong>${w.cancelled}</strong></p>` : ''}
<table><thead><tr><th>${w.item}</th><th class="n">${w.quantity}</th><th class="n">${w.amount}</th></tr></thead>
<tbody>${lines}</tbody>
<tfoot><tr><td colspan="2">${w.subtotal}</td><td class="n">${esc(view.subtotal)}</td></tr>
<tr><td colspan="2">${w.deliveryFee}</td><td class="n">${esc(view.deliveryFee)}</td></tr>
<tr class="total"><td colspan="2">${w.total}</td><td class="n">${esc(view.total)}</td></tr></tfoot></table>
<p>${w.payment}${w.colon}${esc(w.method[view.paymentMethod] ?? view.paymentMethod)}<br>
<span class="state ${view.paymentState}" data-testid="receipt-payment">${esc(w.state[view.paymentState] ?? view.paymentState)}</span>
${view.dueOnDelivery ? `<br>${w.dueOnDelivery}${w.colon}<strong>${esc(view.dueOnDelivery)}</strong>` : ''}</p>
<p class="muted">${w.thanks}</p>
<button id="print" type="button">${w.print}</button>
<a class="pdf" href="${esc(pdfHref)}" download>${w.pdf}</a>
<script>${PRINT_SCRIPT}</script>
</div>`;
  return htmlDocument(lang, `${w.title} ${view.reference} · ${view.shop.name}`, body);
}

export function renderReceiptGone(lang: Lang): string {
  const w = WORDS[lang];
  return htmlDocument(
    lang,
    w.title,
    `<div class="sheet"><h1>${w.title}</h1><p>${w.gone}</p></div>`,
  );
}
