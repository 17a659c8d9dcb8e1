// What a notification said, for the people who look back at it (the bell, the order's timeline,
// the dead page): rendered again from its template and facts in its language, with the secrets a
// message carries masked (the door code, the links that open a customer's page or an account).
import type { NotificationRow } from '@flux/db/queries/notifications';
import { render } from './templates';

const MASKED = { deliveryCode: '••••', trackingLink: '…/t/…', joinLink: '…/join/…' };

export function notificationText(row: NotificationRow): { subject: string; text: string } | null {
  try {
    const rendered = render(row.template, row.payload, row.language, MASKED);
    return { subject: rendered.subject, text: rendered.text };
  } catch {
    // A template retired since, or facts it no longer reads: the row stays listed without words.
    return null;
  }
}
