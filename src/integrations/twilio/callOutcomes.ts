import { Schema, type Connection, type Model } from 'mongoose';
import { modelOn } from '../../store/modelOn';

export type CallOutcomeKind =
  /** The duty clinician answered and the caller was connected. */
  | 'connected'
  /** One clinician did not answer (no-answer, busy, failed); the next in fallback order is tried. */
  | 'not_answered'
  /** Nobody on the rota answered: the escalation needs an urgent call-back and the duty clinician has an SMS. */
  | 'callback_needed'
  /** The call ended (Twilio's final status: completed, busy, no-answer, failed, canceled). */
  | 'call_ended';

export interface CallOutcome {
  _id: string;
  callSid: string;
  outcome: CallOutcomeKind;
  queueItemId?: string;
  reference?: string;
  /** Rota id of the clinician dialled, for transfer outcomes. */
  clinicianId?: string;
  /** Twilio's status word (DialCallStatus / CallStatus) and duration, as reported. */
  status?: string;
  durationSeconds?: number;
  at: Date;
}

const outcomeSchema = new Schema<CallOutcome>(
  {
    _id: String,
    callSid: { type: String, required: true },
    outcome: { type: String, required: true },
    queueItemId: String,
    reference: String,
    clinicianId: String,
    status: String,
    durationSeconds: Number,
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'call_outcomes' },
);
outcomeSchema.index({ queueItemId: 1, at: 1 });
outcomeSchema.index({ callSid: 1, at: 1 });

const DUPLICATE_KEY = 11000;

/**
 * What happened to each phone call and each warm transfer. The hub reads it next to the queue item ("transfer to Sam
 * Rivers: no answer; call-back needed"). Each outcome has a deterministic id, so a retried write records it once.
 */
export class CallOutcomes {
  private readonly model: Model<CallOutcome>;

  constructor(connection: Connection) {
    this.model = modelOn(connection, 'CallOutcome', outcomeSchema);
  }

  async record(id: string, outcome: Omit<CallOutcome, '_id' | 'at'>, at = new Date()): Promise<void> {
    try {
      await this.model.create([{ ...outcome, _id: id, at }]);
    } catch (err) {
      if ((err as { code?: number }).code !== DUPLICATE_KEY) throw err;
    }
  }

  /** Every call and transfer outcome for a queue item, oldest first. */
  forQueueItem(queueItemId: string): Promise<CallOutcome[]> {
    return this.model.find({ queueItemId }).sort({ at: 1 }).lean().exec();
  }

  /** Everything recorded for one call (CallSid), oldest first. */
  forCall(callSid: string): Promise<CallOutcome[]> {
    return this.model.find({ callSid }).sort({ at: 1 }).lean().exec();
  }

  /** Queue items whose phone transfer failed and that still need a call-back: the hub's list to work. */
  callbacksNeeded(limit = 100): Promise<CallOutcome[]> {
    return this.model.find({ outcome: 'callback_needed' }).sort({ at: 1 }).limit(limit).lean().exec();
  }
}
