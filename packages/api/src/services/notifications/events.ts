// The events `notify` takes: one shape per thing that happened, naming the records it is about
// (the engine reads the rest: the customer, the courier, the team, the preferences).
import type { NotificationEvent } from '@flux/contracts';

type OrderEvent = {
  type:
    | 'order.confirmed'
    | 'order.out_for_delivery'
    | 'order.delivered'
    | 'order.cancelled'
    | 'order.failed';
  businessId: string;
  orderId: string;
  /** Why it was cancelled or failed (a person's words). */
  reason?: string | null;
};

export type NotifyEvent =
  | OrderEvent
  /** An offer to a courier: push, else SMS. `round`: the delivery's offer count (offers repeat). */
  | {
      type: 'delivery.offered';
      businessId: string;
      deliveryId: string;
      courierId: string;
      round: number;
    }
  /**
   * A courier took the delivery (accepted an offer, or was given it by a dispatcher): the customer
   * learns who is coming.
   */
  | { type: 'delivery.accepted'; businessId: string; deliveryId: string; courierId: string }
  /**
   * A dispatcher gave the delivery to a courier by hand: it is theirs, with no offer to accept
   * (push, else SMS). `assignmentId`: that assignment (the same courier may be given it again).
   */
  | {
      type: 'delivery.assigned';
      businessId: string;
      deliveryId: string;
      courierId: string;
      assignmentId: string;
    }
  /** A delivery attempt failed at the door: the team decides what next (the customer gets order.failed). */
  | { type: 'delivery.failed'; businessId: string; deliveryId: string; reason: string }
  /** An invitation link by email to the invitee (the token travels encrypted in the payload). */
  | {
      type: 'invitation.created';
      businessId: string;
      invitationId: string;
      email: string;
      role: string;
      token: string;
      invitedByName: string | null;
    }
  /** A courier holds cash collected at the door: hand it over to the shop. */
  | {
      type: 'cash.handover_due';
      businessId: string;
      courierId: string;
      deliveryId: string;
      /** Minor units of the business's currency. */
      held: number;
    }
  /** The AI leaves a conversation to a person (not confident enough to answer alone). */
  | {
      type: 'conversation.handoff';
      businessId: string;
      conversationId: string;
      /** What makes this hand-off unique (the AI insight that decided it). */
      key: string;
      reason: string;
    }
  /** A customer wrote (WhatsApp): the team's browsers that asked for it hear it by Web Push. */
  | { type: 'message.received'; businessId: string; conversationId: string; messageId: string }
  /**
   * No courier took the delivery: it waits for a dispatcher (Web Push to their browsers).
   * `round`: the offers made so far (a delivery flagged, handled, then flagged again is told again).
   */
  | {
      type: 'delivery.flagged';
      businessId: string;
      deliveryId: string;
      round: number;
      reason: string;
    }
  /** A job of this business gave up after its retries. */
  | { type: 'job.dead'; businessId: string; jobName: string; jobId: string; error: string }
  /** A notification went dead with no fallback left: the team sees it on the dead page. */
  | { type: 'notification.dead'; businessId: string; notificationId: string; error: string }
  /**
   * A member's daily email of their unread in-app notifications of the last day (when they keep
   * email digests on and have some). `day`: the business's local date, one digest a day.
   */
  | { type: 'digest.daily'; businessId: string; userId: string; day: string }
  /**
   * A connected mailbox's grant was revoked or expired: its sync stopped until it is connected
   * again. `key`: what makes this loss unique (a mailbox may be lost, reconnected, lost again).
   */
  | {
      type: 'email.reconnect_needed';
      businessId: string;
      accountId: string;
      address: string;
      reason: string;
      key: string;
    }
  /**
   * An outgoing webhook endpoint failed for days without a success and was disabled: the owners
   * and admins are told. `key`: when (an endpoint may be enabled and disabled again).
   */
  | {
      type: 'webhook.endpoint_disabled';
      businessId: string;
      endpointId: string;
      url: string;
      key: string;
    };

// Every event of the contracts has its shape here, and no shape is unknown to the contracts.
type Missing = Exclude<NotificationEvent, NotifyEvent['type']>;
type Extra = Exclude<NotifyEvent['type'], NotificationEvent>;
export const everyEventShaped: [Missing | Extra] extends [never] ? true : Missing | Extra = true;
