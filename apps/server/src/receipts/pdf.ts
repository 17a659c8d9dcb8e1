// The receipt as a PDF, drawn on the server with pdfkit (pure JavaScript, no browser): an A5 page
// the customer keeps or prints, saying what the HTML page says. The built-in Helvetica needs no
// font file but only writes the Windows-1252 characters: French and English text fit; anything
// else (an emoji in a name) is written as "?" rather than breaking the document.
import type { ReceiptView } from '@flux/api';
import { lazy } from '@flux/integrations';

/** pdfkit and its fonts, loaded on the first receipt (a megabyte the other requests never need). */
const pdfkit = lazy(async () => (await import('pdfkit')).default);

import { receiptDate, WORDS } from './words';

/** Windows-1252's characters above Latin-1's control block (what Helvetica's encoding adds). */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/** Text Helvetica can write: narrow and thin spaces (Intl's French separators) as no-break ones. */
export function pdfText(text: string): string {
  return Array.from(text.replace(/[\u202f\u2009\u2007]/g, '\u00a0'), (char) => {
    const code = char.codePointAt(0) ?? 0;
    if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff)) return char;
    if (WIN_ANSI_EXTRA.has(char)) return char;
    return code < 0x20 ? ' ' : '?';
  }).join('');
}

const PAGE = { size: 'A5' as const, margin: 36 };
const INK = '#0f172a';
const MUTED = '#475569';

export async function renderReceiptPdf(view: ReceiptView): Promise<Buffer> {
  const w = WORDS[view.shop.locale];
  const PDFDocument = await pdfkit();
  const doc = new PDFDocument({
    size: PAGE.size,
    margin: PAGE.margin,
    info: {
      Title: pdfText(`${w.title} ${view.reference} · ${view.shop.name}`),
      Author: pdfText(view.shop.name),
    },
    lang: view.shop.locale,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = PAGE.margin;
  const width = doc.page.width - 2 * PAGE.margin;
  const amountWidth = 100;
  const quantityWidth = 36;
  const nameWidth = width - amountWidth - quantityWidth - 8;
  const bottom = () => doc.page.height - PAGE.margin;
  /** A new page when the next `height` points would not fit. */
  const room = (height: number) => {
    if (doc.y + height > bottom()) doc.addPage();
  };
  const rule = () => {
    doc
      .moveTo(left, doc.y)
      .lineTo(left + width, doc.y)
      .lineWidth(0.5)
      .strokeColor('#cbd5e1')
      .stroke();
    doc.y += 4;
  };
  /** One row: a label on the left, an amount on the right, on the same line. */
  const row = (label: string, amount: string, bold = false) => {
    room(16);
    const y = doc.y;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(bold ? 11 : 9.5);
    doc.fillColor(INK).text(pdfText(label), left, y, { width: width - amountWidth });
    const after = doc.y;
    doc.text(pdfText(amount), left + width - amountWidth, y, {
      width: amountWidth,
      align: 'right',
    });
    doc.y = Math.max(after, doc.y) + 2;
  };

  doc.font('Helvetica-Bold').fontSize(16).fillColor(INK).text(pdfText(view.shop.name), left);
  doc
    .font('Helvetica')
    .fontSize(9)
    .fillColor(MUTED)
    .text(pdfText(`${w.title} · ${w.order} ${view.reference} · ${receiptDate(view)}`));
  doc.moveDown(0.8);
  const customer = [view.customer.name, view.customer.phone].filter(Boolean).join(' · ');
  if (customer) {
    doc
      .fontSize(10)
      .fillColor(INK)
      .text(pdfText(`${w.customer}${w.colon}${customer}`));
  }
  if (view.deliveryAddress) {
    doc
      .fontSize(9)
      .fillColor(MUTED)
      .text(pdfText(`${w.address} ${view.deliveryAddress}`));
  }
  if (view.status === 'cancelled') {
    doc.moveDown(0.4).font('Helvetica-Bold').fontSize(10).fillColor(INK).text(w.cancelled);
  }
  doc.moveDown(0.8);

  const header = doc.y;
  doc.font('Helvetica-Bold').fontSize(8).fillColor(MUTED);
  doc.text(w.item.toUpperCase(), left, header, { width: nameWidth });
  doc.text(w.quantity.toUpperCase(), left + nameWidth + 4, header, {
    width: quantityWidth,
    align: 'right',
  });
  doc.text(w.amount.toUpperCase(), left + width - amountWidth, header, {
    width: amountWidth,
    align: 'right',
  });
  doc.y += 2;
  rule();
  for (const line of view.lines) {
    room(30);
    const y = doc.y;
    doc.font('Helvetica').fontSize(9.5).fillColor(INK);
    doc.text(pdfText(line.name), left, y, { width: nameWidth });
    doc
      .fontSize(8)
      .fillColor(MUTED)
      .text(pdfText(`${line.quantity} × ${line.unitPrice}`), left, doc.y, { width: nameWidth });
    const after = doc.y;
    doc.fontSize(9.5).fillColor(INK);
    doc.text(String(line.quantity), left + nameWidth + 4, y, {
      width: quantityWidth,
      align: 'right',
    });
    doc.text(pdfText(line.lineTotal), left + width - amountWidth, y, {
      width: amountWidth,
      align: 'right',
    });
    doc.y = after + 4;
  }
  rule();
  row(w.subtotal, view.subtotal);
  row(w.deliveryFee, view.deliveryFee);
  row(w.total, view.total, true);
  doc.moveDown(0.8);

  room(60);
  doc
    .font('Helvetica')
    .fontSize(10)
    .fillColor(INK)
    .text(
      pdfText(`${w.payment}${w.colon}${w.method[view.paymentMethod] ?? view.paymentMethod}`),
      left,
    );
  doc.font('Helvetica-Bold').text(pdfText(w.state[view.paymentState] ?? view.paymentState));
  if (view.dueOnDelivery) {
    doc.font('Helvetica').text(pdfText(`${w.dueOnDelivery}${w.colon}${view.dueOnDelivery}`));
  }
  doc.moveDown(1).font('Helvetica').fontSize(9).fillColor(MUTED).text(pdfText(w.thanks));
  doc.end();
  return done;
}
