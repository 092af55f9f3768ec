import { Schema, type Connection, type mongo } from 'mongoose';
import { driverCollection } from '../../store/driverCollection';
import { modelOn } from '../../store/modelOn';

/**
 * A conference waiting for its telephone interpreter to join before anyone else is rung (issue 22, H79): a caller on
 * the phone line, who waits in it, or a console call, whose staff member and patient are rung once the interpreter is
 * there. Kept in the store, not in a process, so a restart or another instance can still act on the join or the end
 * of the wait.
 */
export interface InterpreterWait {
  /** The conference's id, the one in its status callback URL. */
  _id: string;
  kind: 'caller' | 'console';
  /** The Twilio conference name. */
  name: string;
  /** The language's code (content/languages/languages.yaml). */
  language: string;
  reference: string;
  /** Our number, the caller id everyone rung sees. */
  from: string;
  /** The phone line's caller, told when the wait runs out. */
  callerCallSid?: string;
  /** The duty clinician (phone line) or the staff member (console), rung once the interpreter joins. */
  clinicianPhone?: string;
  /** The console's patient, rung after the staff member. */
  patientNumber?: string;
  /** When the wait runs out: the others are rung anyway. */
  dueAt: Date;
  createdAt: Date;
}

const waitSchema = new Schema<InterpreterWait>(
  {
    _id: String,
    kind: { type: String, required: true },
    name: { type: String, required: true },
    language: { type: String, required: true },
    reference: String,
    from: String,
    callerCallSid: String,
    clinicianPhone: String,
    patientNumber: String,
    dueAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'interpreter_waits' },
);

/**
 * The waiting conferences. Whoever ends a wait (the interpreter's join, or the wait running out, on any instance)
 * claims it by deleting it in one single-document operation, so the others are rung exactly once.
 */
export class InterpreterWaits {
  private readonly waits: mongo.Collection<InterpreterWait>;

  constructor(connection: Connection) {
    this.waits = driverCollection(modelOn(connection, 'InterpreterWait', waitSchema));
  }

  async add(wait: InterpreterWait): Promise<void> {
    await this.waits.insertOne(wait);
  }

  /** The wait, taken so nobody else acts on it; null when it has already ended (or never was). */
  claim(id: string): Promise<InterpreterWait | null> {
    return this.waits.findOneAndDelete({ _id: id });
  }

  /** Every wait not yet ended: resumed at start-up. */
  all(): Promise<InterpreterWait[]> {
    return this.waits.find({}).toArray();
  }
}
