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
  /** When the hub sent its full answer, and who recorded it. */
  repliedAt?: Date;
  repliedBy?: { id: string; name: string };
  /** Why the answer went after `responseDue`: required when it did. */
  lateReason?: string;
  /** The Friends and Family Test answer, when the person gave one. */
  fft?: FftAnswer;
  /** What the person said after it was logged, in their own words, in order (issue 17). */
  additions?: string[];
  /** The commissioned service it was given to (as on queue items); reports count a missing one as the default. */
  service?: string;
}

/** The NHS Friends and Family Test scale ("Overall, how was your experience of our service?"). */
export const FFT_ANSWERS = ['very_good', 'good', 'neither', 'poor', 'very_poor', 'dont_know'] as const;
export type FftAnswer = (typeof FFT_ANSWERS)[number];

/** Marking a complaint answered after its due date without saying why. */
export class LateReasonRequired extends Error {}

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
    repliedAt: Date,
    repliedBy: { _id: false, id: String, name: String },
    lateReason: String,
    fft: String,
    additions: [String],
    service: String,
  },
  { versionKey: false, collection: 'feedback' },
);

/** Working days (Monday to Friday) from `from` to `to`: negative when `to` is earlier. */
export function workingDaysBetween(from: Date, to: Date): number {
  const sign = to >= from ? 1 : -1;
  const [start, end] = sign > 0 ? [from, to] : [to, from];
  const day = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()));
  const last = Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), end.getUTCDate());
  let count = 0;
  while (day.getTime() < last) {
    day.setUTCDate(day.getUTCDate() + 1);
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) count++;
  }
  return sign * count;
}

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

/** The `feedback` collection, for those that read it directly (the commissioners' reports). */
export function feedbackModel(connection: Connection): Model<FeedbackRecord> {
  return modelOn(connection, 'Feedback', feedbackSchema);
}

export class FeedbackBox {
  private readonly model: Model<FeedbackRecord>;
  constructor(connection: Connection) {
    this.model = feedbackModel(connection);
  }

  async record(
    input: { complaint: boolean; text: string; contact?: string; channel: string; service?: string },
    now = new Date(),
  ) {
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

  /** Complaints, those still owed an answer first (soonest due first), then the answered ones, newest first. */
  async complaints(limit = 200): Promise<FeedbackRecord[]> {
    const all = await this.model
      .find({ complaint: true })
      .sort({ createdAt: -1 })
      .limit(limit)
      .lean<FeedbackRecord[]>()
      .exec();
    const open = all
      .filter((c) => !c.repliedAt)
      .sort((a, b) => (a.responseDue?.getTime() ?? 0) - (b.responseDue?.getTime() ?? 0));
    return [...open, ...all.filter((c) => c.repliedAt)];
  }

  /**
   * Records that the full answer went. After the due date a reason is required, so the trust can report why replies
   * were late. Only the first record counts (a second click, or a colleague at the same moment, changes nothing).
   */
  async markReplied(
    id: string,
    by: { id: string; name: string },
    now: Date,
    lateReason?: string,
  ): Promise<FeedbackRecord | null> {
    const complaint = await this.model.findOne({ _id: id, complaint: true }).lean<FeedbackRecord>().exec();
    if (!complaint) return null;
    const reason = lateReason?.trim();
    if (complaint.responseDue && now > complaint.responseDue && !reason) {
      throw new LateReasonRequired('This reply is after the 15-working-day deadline: say why it is late.');
    }
    await this.model.collection.updateOne(
      { _id: id as never, repliedAt: { $exists: false } },
      { $set: { repliedAt: now, repliedBy: by, ...(reason ? { lateReason: reason } : {}) } },
    );
    return this.model.findById(id).lean<FeedbackRecord>().exec();
  }

  /** A Friends and Family Test answer given at the end of a conversation; its reason, if any, comes later. */
  async recordFft(answer: FftAnswer, channel: string, now = new Date()): Promise<FeedbackRecord> {
    const record: FeedbackRecord = {
      _id: randomUUID(),
      reference: newReference('FB'),
      complaint: false,
      text: '',
      channel,
      createdAt: now,
      fft: answer,
    };
    await this.model.create([record]);
    return record;
  }

  /**
   * What the person said first, once they had said what it is about, settled when they answer the rest (`settle`): the
   * words are kept even if the person leaves before that.
   */
  async settle(id: string, input: { complaint: boolean; text: string; contact?: string }, now = new Date()) {
    await this.model.collection.updateOne(
      { _id: id as never },
      {
        $set: {
          complaint: input.complaint,
          text: input.text.slice(0, 4000),
          ...(input.contact ? { contact: input.contact } : {}),
          ...(input.complaint ? { responseDue: addWorkingDays(now, 15) } : {}),
        },
      },
    );
  }

  /** More said after the feedback was logged ("Mum is …, I'm her daughter"): added to it, never a new task. */
  async addTo(id: string, more: string): Promise<boolean> {
    const text = more.trim().slice(0, 4000);
    if (!text) return false;
    const result = await this.model.collection.updateOne({ _id: id as never }, { $push: { additions: text } as never });
    return result.matchedCount === 1;
  }

  /** Why the person gave their FFT answer, in their own words; kept once (a second message changes nothing). */
  async addFftReason(id: string, reason: string): Promise<boolean> {
    const text = reason.trim().slice(0, 4000);
    if (!text) return false;
    const result = await this.model.collection.updateOne(
      { _id: id as never, fft: { $exists: true }, text: '' },
      { $set: { text } },
    );
    return result.modifiedCount === 1;
  }

  /** The latest FFT answers that came with a reason, newest first, for the console. */
  async fftReasons(since: Date, limit = 10): Promise<Pick<FeedbackRecord, 'fft' | 'text' | 'createdAt'>[]> {
    return this.model
      .find(
        { createdAt: { $gte: since }, fft: { $exists: true }, text: { $gt: '' } },
        { fft: 1, text: 1, createdAt: 1 },
      )
      .sort({ createdAt: -1 })
      .limit(limit)
      .lean<Pick<FeedbackRecord, 'fft' | 'text' | 'createdAt'>[]>()
      .exec();
  }

  /** Friends and Family Test answers since a date, counted per answer (every answer listed, zeros included). */
  async fftCounts(since: Date): Promise<Record<FftAnswer, number>> {
    const rows = await this.model
      .find({ createdAt: { $gte: since }, fft: { $exists: true } }, { fft: 1 })
      .lean()
      .exec();
    const counts = Object.fromEntries(FFT_ANSWERS.map((a) => [a, 0])) as Record<FftAnswer, number>;
    for (const row of rows) if (row.fft && row.fft in counts) counts[row.fft]++;
    return counts;
  }
}
