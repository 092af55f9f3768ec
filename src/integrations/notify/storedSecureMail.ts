import { randomUUID } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import { modelOn } from '../../store/modelOn';
import type { SecureMessage, SecureMessagePort } from './secureMessagePort';

export interface StoredSecureMessage extends SecureMessage {
  _id: string;
  createdAt: Date;
}

const messageSchema = new Schema<StoredSecureMessage>(
  {
    _id: { type: String, required: true },
    idempotencyKey: { type: String, required: true, unique: true },
    to: { type: String, required: true },
    toName: { type: String, required: true },
    subject: { type: String, required: true },
    body: { type: String, required: true },
    purpose: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'secure_messages' },
);
messageSchema.index({ createdAt: -1 });

const DUPLICATE_KEY = 11000;

export function secureMessageModel(connection: Connection): Model<StoredSecureMessage> {
  return modelOn(connection, 'SecureMessage', messageSchema);
}

/**
 * The demo's secure mail: every message is kept in `secure_messages` (idempotent by key) and nothing leaves the
 * machine. A deployment replaces it with an adapter for the trust's secure email (NHSmail) behind the same port.
 */
export class StoredSecureMail implements SecureMessagePort {
  private readonly model: Model<StoredSecureMessage>;

  constructor(connection: Connection) {
    this.model = secureMessageModel(connection);
  }

  async send(message: SecureMessage): Promise<{ id: string }> {
    const id = randomUUID();
    try {
      await this.model.create([{ _id: id, ...message, createdAt: new Date() }]);
    } catch (err) {
      if ((err as { code?: number }).code !== DUPLICATE_KEY) throw err;
      const existing = await this.model.findOne({ idempotencyKey: message.idempotencyKey }).lean().exec();
      return { id: existing?._id ?? id };
    }
    return { id };
  }

  recent(limit = 50): Promise<StoredSecureMessage[]> {
    return this.model.find().sort({ createdAt: -1 }).limit(limit).lean().exec();
  }
}
