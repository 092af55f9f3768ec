import { Schema, type Connection, type Model } from 'mongoose';
import { modelOn } from '../store/modelOn';

interface QueueLock {
  /** `<item id>:<decision>`, e.g. `…:claim`, `…:final`. */
  _id: string;
  holderId: string;
  holderName: string;
  at: Date;
  /** What the winner did (e.g. `released`, `resolved`), so a loser can be told more than "someone else won". */
  what?: string;
}

const lockSchema = new Schema<QueueLock>(
  {
    _id: { type: String, required: true },
    holderId: { type: String, required: true },
    holderName: { type: String, required: true },
    at: { type: Date, required: true },
    what: String,
  },
  { versionKey: false, collection: 'queue_locks' },
);

const DUPLICATE_KEY = 11000;

export type LockResult = { won: true } | { won: false; holder: { id: string; name: string; at: Date; what?: string } };

/**
 * One-time decisions about a queue item (who claims it, which outcome closes it, who is alerted), each made by
 * inserting a document with a unique _id: exactly one of any number of concurrent callers wins, on any instance, and
 * the lock keeps who made the decision and when, which is what the losers are told. These locks never expire: a claim
 * is kept.
 */
export class QueueLocks {
  private readonly model: Model<QueueLock>;

  constructor(connection: Connection) {
    this.model = modelOn(connection, 'QueueLock', lockSchema);
  }

  async take(key: string, holder: { id: string; name: string }, at = new Date(), what?: string): Promise<LockResult> {
    try {
      await this.model.create([
        { _id: key, holderId: holder.id, holderName: holder.name, at, ...(what ? { what } : {}) },
      ]);
      return { won: true };
    } catch (err) {
      if ((err as { code?: number }).code !== DUPLICATE_KEY) throw err;
      const existing = await this.model.findById(key).lean().exec();
      return {
        won: false,
        holder: {
          id: existing?.holderId ?? '',
          name: existing?.holderName ?? 'someone else',
          at: existing?.at ?? at,
          what: existing?.what,
        },
      };
    }
  }

  /** Undo a decision whose follow-up write failed, so the item is not stuck; only the holder's own lock goes. */
  async release(key: string, holderId: string): Promise<void> {
    await this.model.deleteOne({ _id: key, holderId }).exec();
  }
}
