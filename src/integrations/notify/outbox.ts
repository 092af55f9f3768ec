import { randomUUID } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
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
  private readonly model: Model<OutboxDocument>;

  constructor(connection: Connection) {
    this.model = outboxModel(connection);
  }

  async sendSms(message: OutboundSms): Promise<SentNotification> {
    const id = randomUUID();
    try {
      await this.model.create([{ _id: id, ...message, createdAt: new Date() }]);
    } catch (err) {
      if ((err as { code?: number }).code !== DUPLICATE_KEY) throw err;
      const existing = await this.model.findOne({ idempotencyKey: message.idempotencyKey }).lean().exec();
      return { id: existing?._id ?? id, status: 'duplicate' };
    }
    return { id, status: 'stored' };
  }

  async recent(limit = 50): Promise<OutboxDocument[]> {
    return this.model.find().sort({ createdAt: -1 }).limit(limit).lean().exec();
  }
}
