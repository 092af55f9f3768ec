import { createHash } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import { modelOn } from '../store/modelOn';

/** One of a clinician's alerts in the window: a slot is free again once its alert is older than the window. */
interface AlertSlot {
  /** `<clinician key>:<slot number>`: a clinician has exactly `limit` slots, so no more alerts than that per window. */
  _id: string;
  clinician: string;
  sentAt: Date;
}

const slotSchema = new Schema<AlertSlot>(
  {
    _id: { type: String, required: true },
    clinician: { type: String, required: true, index: true },
    sentAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'alert_slots' },
);

const DUPLICATE_KEY = 11000;

/** An alert allowed: `release` gives the slot back when the alert turned out not to be sent (another sweep sent it). */
export interface AlertTaken {
  release(): Promise<void>;
}

/**
 * How many alerts one clinician may be sent in a rolling window, held in the store so the limit is the same for
 * every instance sharing it (held per process, N instances sent N times the limit). Each clinician has `limit` slot
 * documents; taking one is an atomic compare-and-set on a slot whose alert has left the window, or the insert of a
 * missing slot (unique `_id`), so concurrent sweeps on any number of instances never take more than `limit`. The
 * clinician is keyed by a hash of their phone number: the store needs to tell clinicians apart, not to hold numbers.
 */
export class AlertAllowance {
  private readonly model: Model<AlertSlot>;

  constructor(
    connection: Connection,
    private readonly limit: number,
    private readonly windowMs: number,
  ) {
    this.model = modelOn(connection, 'AlertSlot', slotSchema);
  }

  /** Takes one of the clinician's alerts for `now`, or returns undefined if they have had `limit` in the window. */
  async take(phone: string, now: Date): Promise<AlertTaken | undefined> {
    const clinician = createHash('sha256').update(phone).digest('hex').slice(0, 32);
    const reused = await this.model
      .findOneAndUpdate(
        { clinician, sentAt: { $lte: new Date(now.getTime() - this.windowMs) } },
        { $set: { sentAt: now } },
        { sort: { sentAt: 1 }, returnDocument: 'before' },
      )
      .lean()
      .exec();
    if (reused) return this.taken(reused._id, now, reused.sentAt);
    // A slot not made yet (or removed by the retention sweep) is free.
    for (let n = 0; n < this.limit; n++) {
      const _id = `${clinician}:${n}`;
      try {
        await this.model.create([{ _id, clinician, sentAt: now }]);
        return this.taken(_id, now);
      } catch (err) {
        if ((err as { code?: number }).code !== DUPLICATE_KEY) throw err;
      }
    }
    return undefined;
  }

  private taken(_id: string, at: Date, before?: Date): AlertTaken {
    return {
      // Only if nobody has reused the slot since: giving it back must never free someone else's alert.
      release: async () => {
        if (before) await this.model.updateOne({ _id, sentAt: at }, { $set: { sentAt: before } }).exec();
        else await this.model.deleteOne({ _id, sentAt: at }).exec();
      },
    };
  }
}
