/** Why a secure message is sent. */
export type SecureMessagePurpose = 'safeguarding.concern' | 'carers.assessment';

/** A message to another organisation's secure mailbox (a council's safeguarding team or adult social care). */
export interface SecureMessage {
  /** The destination's secure email address. */
  to: string;
  /** The destination's name, as the console shows it. */
  toName: string;
  subject: string;
  body: string;
  purpose: SecureMessagePurpose;
  /** A retried send with the same key has no second effect. */
  idempotencyKey: string;
}

/**
 * The one way Front Door sends secure messages to other organisations. `send` resolves once the destination's mail
 * system has accepted the message and rejects when it has not (the caller retries, through the record outbox).
 */
export interface SecureMessagePort {
  send(message: SecureMessage): Promise<{ id: string }>;
}
