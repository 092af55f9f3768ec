import { randomUUID } from 'node:crypto';
import { Schema, type Connection, type mongo } from 'mongoose';
import { driverCollection } from '../../store/driverCollection';
import { modelOn } from '../../store/modelOn';

/** What one <Gather> asked, so its answer can be understood: a digit maps to a choice, silence replays the prompt. */
export interface VoiceStep {
  _id: string;
  callSid: string;
  line: PhoneLine;
  /** The last thing the bot asked, spoken form; replayed once on silence or an unclear answer. */
  prompt: string;
  /** The bot's suggested actions in keypad order: "press 1" sends choices[0] as the caller's message. */
  choices: string[];
  /** Silences or unclear answers in a row; the second one goes to a person. */
  misses: number;
  /**
   * The language menu's page when this step is the menu (issue 22); the bot's first question (`prompt`, with
   * `labels` read as its keypad menu) is asked once the caller goes on in English.
   */
  menu?: 1 | 2;
  /**
   * The language the call goes on in, chosen on the language menu (issue 22): <Gather> hears it and the bot says
   * every line in it. `promptLocale` is the language of `prompt` itself (the English of a clinical sentence is not).
   */
  language?: string;
  promptLocale?: string;
  /** The choices' labels, for the question's keypad menu (only kept while the language menu is in front of it). */
  labels?: string[];
  createdAt: Date;
}

export type PhoneLine = 'public' | 'professional';

/** A warm transfer in progress: who is tried, in fallback order, and what the clinician hears first. */
export interface VoiceTransfer {
  _id: string;
  callSid: string;
  queueItemId?: string;
  reference?: string;
  disposition: string;
  whisper: string;
  /** The service the caller rang, whose rota the clinicians are from. */
  service?: string;
  /** Rota ids and numbers, fixed when the transfer starts so a shift change mid-transfer does not skip anyone. */
  clinicians: { id: string; name: string; phone: string }[];
  createdAt: Date;
}

/** The SMS side of a conversation: whose number it is (for proactive replies) and the last menu offered. */
export interface SmsConversation {
  _id: string;
  number: string;
  ourNumber: string;
  choices: string[];
  updatedAt: Date;
}

const stepSchema = new Schema<VoiceStep>(
  {
    _id: String,
    callSid: { type: String, required: true },
    line: { type: String, required: true },
    prompt: String,
    choices: [String],
    misses: Number,
    menu: Number,
    language: String,
    promptLocale: String,
    labels: { type: [String], default: undefined },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'voice_steps' },
);
stepSchema.index({ callSid: 1 });

const transferSchema = new Schema<VoiceTransfer>(
  {
    _id: String,
    callSid: { type: String, required: true },
    queueItemId: String,
    reference: String,
    disposition: String,
    whisper: String,
    service: String,
    clinicians: [{ _id: false, id: String, name: String, phone: String }],
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'voice_transfers' },
);
transferSchema.index({ callSid: 1 });

const smsSchema = new Schema<SmsConversation>(
  {
    _id: String,
    number: { type: String, required: true },
    ourNumber: String,
    choices: [String],
    updatedAt: Date,
  },
  { versionKey: false, collection: 'sms_conversations' },
);

/**
 * Per-call and per-number state of the phone channels. Each write is one document, so any instance can continue.
 * Read and written on every webhook: see driverCollection.
 */
export class PhoneState {
  private readonly steps: mongo.Collection<VoiceStep>;
  private readonly transfers: mongo.Collection<VoiceTransfer>;
  private readonly sms: mongo.Collection<SmsConversation>;

  constructor(connection: Connection) {
    this.steps = driverCollection(modelOn(connection, 'VoiceStep', stepSchema));
    this.transfers = driverCollection(modelOn(connection, 'VoiceTransfer', transferSchema));
    this.sms = driverCollection(modelOn(connection, 'SmsConversation', smsSchema));
  }

  async newStep(step: Omit<VoiceStep, '_id' | 'createdAt'>): Promise<VoiceStep> {
    const doc: VoiceStep = { ...step, _id: randomUUID(), createdAt: new Date() };
    await this.steps.insertOne(doc);
    return doc;
  }

  step(id: string): Promise<VoiceStep | null> {
    return this.steps.findOne({ _id: id });
  }

  async newTransfer(transfer: Omit<VoiceTransfer, '_id' | 'createdAt'>): Promise<VoiceTransfer> {
    const doc: VoiceTransfer = { ...transfer, _id: randomUUID(), createdAt: new Date() };
    await this.transfers.insertOne(doc);
    return doc;
  }

  transfer(id: string): Promise<VoiceTransfer | null> {
    return this.transfers.findOne({ _id: id });
  }

  smsConversation(id: string): Promise<SmsConversation | null> {
    return this.sms.findOne({ _id: id });
  }

  async saveSmsConversation(conversation: Omit<SmsConversation, 'updatedAt'>): Promise<void> {
    const { _id, ...fields } = conversation;
    await this.sms.replaceOne({ _id }, { ...fields, updatedAt: new Date() }, { upsert: true });
  }
}
