/** Why a message is sent; the console's outbox and the audit trail group by it. */
export type NotificationPurpose =
  | 'appointment.confirmation'
  | 'appointment.cancellation'
  | 'referral.reference'
  | 'clinician.alert'
  | 'callback.notice'
  /** A message in an SMS conversation sent outside a reply (a person at the hub writing after taking over). */
  | 'conversation.message';

export interface OutboundSms {
  /** E.164 or UK national format; implementations normalise. */
  to: string;
  body: string;
  purpose: NotificationPurpose;
  /** A retried send with the same key has no second effect. */
  idempotencyKey: string;
}

export interface SentNotification {
  id: string;
  status: 'sent' | 'stored' | 'duplicate';
}

/**
 * The one way Front Door sends messages to people. Dialogs and the hub depend on this port only; the Twilio REST
 * implementation is used when credentials are configured, otherwise messages are kept in the outbox the console shows.
 */
export interface NotificationPort {
  sendSms(message: OutboundSms): Promise<SentNotification>;
}
