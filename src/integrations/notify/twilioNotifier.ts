import type { Connection } from 'mongoose';
import twilio from 'twilio';
import type { Config } from '../../config';
import type { Logger } from '../../observability/logger';
import { e164 } from '../twilio/phoneNumbers';
import type { NotificationPort, OutboundSms, SentNotification } from './notificationPort';
import { outboxModel, OutboxNotifier } from './outbox';

/** The one call we make on Twilio's REST client; tests stand in for it. */
export interface SmsTransport {
  messages: { create(options: { to: string; from: string; body: string }): Promise<{ sid: string }> };
}

/**
 * Sends SMS through Twilio's REST API. Every message is recorded in the outbox first, whose unique idempotency key
 * makes a retried send a no-op; the Twilio message SID is stored on it once delivered to Twilio. A message Twilio
 * refused stays in the outbox (status `stored`) for the hub to see, rather than being lost.
 */
export class TwilioNotifier implements NotificationPort {
  private readonly outbox: OutboxNotifier;

  constructor(
    private readonly connection: Connection,
    private readonly transport: SmsTransport,
    private readonly from: string,
    private readonly logger: Logger,
  ) {
    this.outbox = new OutboxNotifier(connection);
  }

  async sendSms(message: OutboundSms): Promise<SentNotification> {
    const recorded = await this.outbox.sendSms(message);
    if (recorded.status === 'duplicate') return recorded;
    try {
      const sent = await this.transport.messages.create({ to: e164(message.to), from: this.from, body: message.body });
      await outboxModel(this.connection)
        .updateOne({ _id: recorded.id }, { $set: { providerId: sent.sid } })
        .exec();
      return { id: recorded.id, status: 'sent' };
    } catch (err) {
      this.logger.error({ err, event: 'sms.send_failed', purpose: message.purpose }, 'Twilio did not take the SMS');
      return recorded;
    }
  }
}

/** Twilio when all three credentials are configured; otherwise the outbox only (development, tests). */
export function createNotifier(config: Config, connection: Connection, logger: Logger): NotificationPort {
  const { TWILIO_ACCOUNT_SID: sid, TWILIO_FROM_NUMBER: from, TWILIO_AUTH_TOKEN: token } = config;
  if (!sid || !from) {
    if (config.NODE_ENV === 'production') {
      logger.warn(
        { event: 'sms.outbox_only' },
        'TWILIO_ACCOUNT_SID/TWILIO_FROM_NUMBER unset: SMS is kept in the outbox',
      );
    }
    return new OutboxNotifier(connection);
  }
  return new TwilioNotifier(connection, twilio(sid, token), from, logger);
}
