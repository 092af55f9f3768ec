import { randomUUID } from 'node:crypto';
import { Schema, type Connection, type Model, type mongo } from 'mongoose';
import { driverCollection } from '../../store/driverCollection';
import { modelOn } from '../../store/modelOn';
import type { NotificationPort, OutboundSms, SentNotification } from './notificationPort';

export interface OutboxDocument {
  _id: string;
  idempotencyKey: string;
  to: string;
  body: string;
  purpose: string;
  createdAt: Date;
  /** Set by a transport that delivered it (e.g. Twilio's message SID); absent while only stored. */
  providerId?: string;
}

const outboxSchema = new Schema<OutboxDocument>(
  {
    _id: { type: String, required: true },
    idempotencyKey: { type: String, required: true, unique: true },
    to: { type: String, required: true },
    body: { type: String, required: true },
    purpose: { type: String, required: true },
    createdAt: { type: Date, required: true },
    providerId: { type: String },
  },
  { versionKey: false, collection: 'outbox' },
);
outboxSchema.index({ createdAt: -1 });

const DUPLICATE_KEY = 11000;

export function outboxModel(connection: Connection): Model<OutboxDocument> {
  return modelOn(connection, 'Outbox', outboxSchema);
}

/**
 * Every outbound message is recorded here first (idempotent by key); without a transport this is where development
 * messages end up, for the console to show.
 */
export class OutboxNotifier implements NotificationPort {
  /** Written by every change to a visit (its confirmation): see driverCollection. */
  private readonly messages: mongo.Collection<OutboxDocument>;

  constructor(connection: Connection) {
    this.messages = driverCollection(outboxModel(connection));
  }

  async sendSms(message: OutboundSms): Promise<SentNotification> {
    // The schema's checks, kept: the driver writes whatever it is given.
    if (!message.to || !message.body) throw new Error('An SMS needs a number to send to and a text.');
    const id = randomUUID();
    try {
      await this.messages.insertOne({ _id: id, ...message, createdAt: new Date() });
    } catch (err) {
      if ((err as { code?: number }).code !== DUPLICATE_KEY) throw err;
      const existing = await this.messages.findOne({ idempotencyKey: message.idempotencyKey });
      return { id: existing?._id ?? id, status: 'duplicate' };
    }
    return { id, status: 'stored' };
  }

  async recent(limit = 50): Promise<OutboxDocument[]> {
    return this.messages.find().sort({ createdAt: -1 }).limit(limit).toArray();
  }
}
