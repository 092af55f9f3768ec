import { Schema, type Connection, type Model } from 'mongoose';
import { modelOn } from '../store/modelOn';

/**
 * How the team reaches the person: a call to a number they gave or to the mobile on record, this call (the phone line),
 * a text to the number they texted from or gave, or a reply in this web chat (no phone, or text only).
 */
export type ContactRoute = 'number_given' | 'mobile_on_record' | 'this_call' | 'text' | 'stay_in_chat';

export type QueueKind = 'escalation' | 'referral' | 'callback' | 'safeguarding';
export type QueueStatus = 'new' | 'claimed' | 'in_progress' | 'resolved' | 'referred_on' | 'closed';
/**
 * What the bot is still asking when it queued the item (issue 17: an escalation is queued the moment it is decided):
 * the danger-sign questions of an assessment, or a professional's handover. Cleared when the bot settles the item.
 */
export type Provisional = 'assessment' | 'handover';

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
  /** How the person is to be reached; absent while the bot is still asking (the item exists from the start). */
  contactRoute?: ContactRoute;
  /** Accessible Information Standard needs, as readable labels ("Deaf or hard of hearing"). */
  communicationNeeds?: string[];
  /** Whether each need (by id) is on the patient's record: asked for and owed, filed, or the patient said no. */
  needsOnRecord?: Record<string, NeedOnRecord>;
  problem: string;
  answers: Record<string, string>;
  redFlags: string[];
  news2?: { score: number; band: string };
  location?: string;
}

/** A communication need and the patient's record: only with their consent, and only once the record accepts it. */
export interface NeedOnRecord {
  label: string;
  status: 'owed' | 'on_record' | 'declined';
  /** Where the record filed it (a FHIR Flag's id), once it has. */
  recordId?: string;
}

export interface QueueEvent {
  at: Date;
  /** Who, readable: the staff member's name, or the bot / sweep. */
  by: string;
  /** The staff user's id when a person did it. */
  byId?: string;
  action: string;
  note?: string;
}

/** How the item stands against its response target; the breach sweep keeps it current. */
export type QueueRisk = 'on_track' | 'at_risk' | 'breached';

export const OPEN_STATUSES: QueueStatus[] = ['new', 'claimed', 'in_progress'];

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
  /** The commissioned service it belongs to (a profile id, content/services/<id>); absent on items made before profiles. */
  service?: string;
  /** Where it came from; `task` is the conversation's task that handed off (its contact is filed once, here). */
  conversation: { channelId: string; conversationId: string; serviceUrl?: string; task?: number };
  summary: QueueSummary;
  /** Creation is idempotent on this key, so a retried turn or webhook makes one item. */
  idempotencyKey: string;
  history: QueueEvent[];
  /** Change marker: every write sets it, so consoles on any instance see changes by polling it. */
  updatedAt: Date;
  claimedBy?: { id: string; name: string };
  /**
   * How many times the claim has ended by release or reassignment. Each generation has its own claim lock
   * (`<id>:claim` for the first, `<id>:claim:<n>` after), so a released item can be claimed again and still only once.
   */
  claimGeneration?: number;
  /** First contact by a person (take over, call back, or an outcome): the response target is met or missed here. */
  firstResponseAt?: Date;
  risk?: QueueRisk;
  /** When the duty clinician was told the target was missed; set once. */
  breachAlertedAt?: Date;
  /** Free text: the note given with a coded outcome, the reason an item was closed, or a referral's note. */
  outcome?: string;
  /** The coded outcome chosen at resolve (content/hub/outcomes.yaml), counted in the commissioners' reports. */
  outcomeCode?: string;
  referredTo?: string;
  feedbackGivenAt?: Date;
  /** Set when the patient writes while a person has taken the conversation over. */
  lastPatientMessageAt?: Date;
  /**
   * Set while the bot is still asking (the assessment, the handover): the item is real and its clock runs, but its
   * urgency and summary may still rise. Absent once settled; an item still provisional is one the person left.
   */
  provisional?: Provisional;
  /**
   * The newest red flag typed while a person had the conversation: the item was raised (never a new item made) and
   * the console shows it and sounds an alert until the item is finished.
   */
  redFlagAlert?: RedFlagAlert;
  /** A safeguarding concern passed to the council's safeguarding destination as well as our queue. */
  council?: CouncilHandoff;
  /**
   * The patient's named clinician (their key worker on the record), where the service's urgent response goes to them
   * first (seed 003); `onDuty` says whether they were on the rota's shift when the case was routed.
   */
  namedClinician?: NamedClinicianOnItem;
}

export interface NamedClinicianOnItem {
  name: string;
  role: string;
  /** Their work number on the record: matched against the rota when the names are written differently. */
  phone?: string;
  onDuty?: boolean;
}

/** Where a safeguarding concern went outside Front Door, and how far it got. */
export interface CouncilHandoff {
  /** The destination's name and secure email, from the service's profile when the concern was raised. */
  destination: string;
  secureEmail: string;
  owedAt: Date;
  /** When the destination's mail system accepted the message; absent while it is still being retried. */
  sentAt?: Date;
  messageId?: string;
  /** Attempts so far, and the last refusal's kind, while not yet accepted. */
  attempts?: number;
  lastError?: string;
  /** When someone at the hub recorded that the council has it (they replied or rang), and who. */
  acknowledgedAt?: Date;
  acknowledgedBy?: string;
  /** The council's own reference for the concern, when they gave one. */
  councilReference?: string;
  /** How it was acknowledged: by someone at the hub, or by the council's system calling back. */
  acknowledgedVia?: 'console' | 'callback';
  /** Past the service's target for being sent or acknowledged (src/hub/councilAlerts.ts); the console shows it. */
  overdue?: CouncilOverdue;
}

export type CouncilStage = 'unsent' | 'unacknowledged';

export interface CouncilOverdue {
  stage: CouncilStage;
  /** When the target passed, and the target in minutes (from the service's profile) that it passed. */
  since: Date;
  targetMinutes: number;
  /** Whether those minutes were clock minutes or the council team's working hours; absent on items before it: clock. */
  counted?: 'clock' | 'working_hours';
  /** When the duty clinician was alerted about this stage, and who; absent while held back or nobody was on duty. */
  alertedAt?: Date;
  alerted?: string;
}

export interface RedFlagAlert {
  at: Date;
  /** The red-flag rule's id and its words, e.g. "chest pain". */
  flag: string;
  category: string;
  /** The item's disposition after the flag: the more urgent of what it was and the flag's. */
  disposition: string;
  /** Whether the urgency went up (a flag no more urgent than the item still alerts). */
  raised: boolean;
  /** Whether the bot told the person to call 999 (a patient or carer; a professional's finding is theirs to act on). */
  told999: boolean;
}

const queueSchema = new Schema<QueueItem>(
  {
    _id: String,
    kind: { type: String, required: true },
    status: { type: String, required: true },
    disposition: { type: String, required: true },
    reference: { type: String, required: true, unique: true },
    // Reports and the dashboard count the items made in a period.
    createdAt: { type: Date, required: true, index: true },
    deadline: { type: Date, required: true },
    feedbackDue: Date,
    channel: String,
    service: String,
    conversation: { channelId: String, conversationId: String, serviceUrl: String, task: Number },
    summary: Schema.Types.Mixed,
    idempotencyKey: { type: String, required: true, unique: true },
    history: [{ _id: false, at: Date, by: String, byId: String, action: String, note: String }],
    updatedAt: { type: Date, required: true },
    claimedBy: new Schema({ id: String, name: String }, { _id: false }),
    claimGeneration: Number,
    firstResponseAt: Date,
    risk: String,
    breachAlertedAt: Date,
    outcome: String,
    outcomeCode: String,
    referredTo: String,
    feedbackGivenAt: Date,
    lastPatientMessageAt: Date,
    provisional: String,
    redFlagAlert: Schema.Types.Mixed,
    council: Schema.Types.Mixed,
    namedClinician: Schema.Types.Mixed,
  },
  { versionKey: false, collection: 'queue_items' },
);
queueSchema.index({ status: 1, deadline: 1 });
queueSchema.index({ updatedAt: -1 });
queueSchema.index({ service: 1, status: 1, deadline: 1 });

export function queueModel(connection: Connection): Model<QueueItem> {
  return modelOn(connection, 'QueueItem', queueSchema);
}
