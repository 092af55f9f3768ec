import { randomUUID } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import { modelOn } from '../store/modelOn';
import { newReference } from './reference';

export interface FeedbackRecord {
  _id: string;
  reference: string;
  complaint: boolean;
  /** In the person's own words. */
  text: string;
  contact?: string;
  channel: string;
  createdAt: Date;
  /** Complaints: a full answer is due within 15 working days. */
  responseDue?: Date;
}

const feedbackSchema = new Schema<FeedbackRecord>(
  {
    _id: String,
    reference: { type: String, required: true, unique: true },
    complaint: Boolean,
    text: String,
    contact: String,
    channel: String,
    createdAt: Date,
    responseDue: Date,
  },
  { versionKey: false, collection: 'feedback' },
);

/** `days` working days (Monday to Friday) after `from`. Bank holidays are not modelled; the hub adjusts by hand. */
export function addWorkingDays(from: Date, days: number): Date {
  const result = new Date(from);
  let left = days;
  while (left > 0) {
    result.setUTCDate(result.getUTCDate() + 1);
    const day = result.getUTCDay();
    if (day !== 0 && day !== 6) left--;
  }
  return result;
}

export class FeedbackBox {
  private readonly model: Model<FeedbackRecord>;
  constructor(connection: Connection) {
    this.model = modelOn(connection, 'Feedback', feedbackSchema);
  }

  async record(input: { complaint: boolean; text: string; contact?: string; channel: string }, now = new Date()) {
    const record: FeedbackRecord = {
      _id: randomUUID(),
      reference: newReference('FB'),
      createdAt: now,
      responseDue: input.complaint ? addWorkingDays(now, 15) : undefined,
      ...input,
    };
    await this.model.create([record]);
    return record;
  }
}
