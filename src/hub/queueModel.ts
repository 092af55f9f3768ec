import { Schema, type Connection, type Model } from 'mongoose';

export type QueueKind = 'escalation' | 'referral' | 'callback' | 'safeguarding';
export type QueueStatus = 'new' | 'claimed' | 'in_progress' | 'resolved' | 'referred_on' | 'closed';

/** Everything the bot learnt, so the person who picks this up never asks the patient to repeat their story. */
export interface QueueSummary {
  contact: {
    role: 'patient' | 'carer' | 'professional' | 'unknown';
    relationship?: string;
    organisation?: string;
    callSign?: string;
  };
  patient?: {
    id?: string;
    name?: string;
    nhsNumber?: string;
    dateOfBirth?: string;
    postcode?: string;
    verified: boolean;
  };
  callbackNumber?: string;
  problem: string;
  answers: Record<string, string>;
  redFlags: string[];
  news2?: { score: number; band: string };
  location?: string;
}

export interface QueueEvent {
  at: Date;
  by: string;
  action: string;
  note?: string;
}

export interface QueueItem {
  _id: string;
  kind: QueueKind;
  status: QueueStatus;
  disposition: string;
  reference: string;
  createdAt: Date;
  deadline: Date;
  /** Referrers are told they get feedback within 24 hours; this is when it is due. */
  feedbackDue?: Date;
  channel: string;
  conversation: { channelId: string; conversationId: string; serviceUrl?: string };
  summary: QueueSummary;
  /** Creation is idempotent on this key, so a retried turn or webhook makes one item. */
  idempotencyKey: string;
  history: QueueEvent[];
}

const queueSchema = new Schema<QueueItem>(
  {
    _id: String,
    kind: { type: String, required: true },
    status: { type: String, required: true },
    disposition: { type: String, required: true },
    reference: { type: String, required: true, unique: true },
    createdAt: { type: Date, required: true },
    deadline: { type: Date, required: true },
    feedbackDue: Date,
    channel: String,
    conversation: { channelId: String, conversationId: String, serviceUrl: String },
    summary: Schema.Types.Mixed,
    idempotencyKey: { type: String, required: true, unique: true },
    history: [{ _id: false, at: Date, by: String, action: String, note: String }],
  },
  { versionKey: false, collection: 'queue_items' },
);
queueSchema.index({ status: 1, deadline: 1 });

export function queueModel(connection: Connection): Model<QueueItem> {
  return connection.models.QueueItem ?? connection.model<QueueItem>('QueueItem', queueSchema);
}
