import { Schema, type Connection, type mongo } from 'mongoose';
import type { Logger } from '../observability/logger';
import { councilKey } from '../hub/councilReferral';
import type { SecureMessage, SecureMessagePort } from '../integrations/notify/secureMessagePort';
import type { QueueItem } from '../hub/queueModel';
import { queueModel } from '../hub/queueModel';
import { TriageQueue, type NewQueueItem, type ResponseTargets } from '../hub/triageQueue';
import { driverCollection } from '../store/driverCollection';
import { modelOn } from '../store/modelOn';
import { taskContactKey } from './conversationContact';
import type { ContactSummary, NeedToFile, OutgoingReferral, RecordSystem } from './ports';

/** One write owed to the record system (or a safeguarding concern owed to the council), kept until accepted. */
export interface RecordWrite {
  /** The idempotency key: also the key the record system stores, so a retry after a lost answer creates nothing. */
  _id: string;
  /** `secure_message`: another secure message to another organisation (a carer's assessment to adult social care). */
  kind: 'contact' | 'referral' | 'need' | 'council' | 'secure_message';
  contact?: ContactSummary;
  /** A safeguarding concern's secure message to the council's safeguarding destination. */
  message?: SecureMessage;
  referral?: OutgoingReferral;
  /** A communication need the patient agreed to have on their record. */
  need?: NeedToFile;
  /** The queue item it came from: its history shows where the record filed it. */
  queueItemId?: string;
  /** The conversation's task a contact stands for (taskContactKey): a task is filed once, at its hand-off or its end. */
  task?: string;
  /**
   * A task still under way: its summary as things stand, due only once the conversation has been quiet for the idle
   * time (the person went away). Replaced each turn; replaced by the final summary, due now, when the task ends.
   */
  provisional?: boolean;
  /** A task under way: where its conversation's state is, whose summary so far is filed if it goes quiet. */
  stateKey?: string;
  /** A task under way: how long its conversation must be quiet before its summary is filed. */
  quietAfterMs?: number;
  status: 'pending' | 'done';
  attempts: number;
  nextAttemptAt: Date;
  recordId?: string;
  lastError?: string;
  createdAt: Date;
  /** Bumped each time the write is replaced before or after sending (a handover's update): a send of an older
   * version never marks the newer one done. */
  version?: number;
}

const writeSchema = new Schema<RecordWrite>(
  {
    _id: String,
    kind: { type: String, required: true },
    contact: Schema.Types.Mixed,
    referral: Schema.Types.Mixed,
    need: Schema.Types.Mixed,
    message: Schema.Types.Mixed,
    queueItemId: String,
    task: String,
    provisional: Boolean,
    stateKey: String,
    quietAfterMs: Number,
    status: { type: String, required: true },
    attempts: Number,
    nextAttemptAt: Date,
    recordId: String,
    lastError: String,
    createdAt: Date,
    version: Number,
  },
  { versionKey: false, collection: 'record_outbox' },
);
writeSchema.index({ status: 1, nextAttemptAt: 1 });
writeSchema.index({ task: 1 });

/** The write as it was read: a newer version owed since (oweAgain) is left pending, due now, for the next drain. */
function sameVersion(write: RecordWrite): mongo.Filter<RecordWrite> {
  return { _id: write._id, version: write.version ?? { $exists: false } };
}

/** What the queue item's history says when the record accepts a write, and the FHIR resource it became. */
const FILED: Record<Exclude<RecordWrite['kind'], 'council' | 'secure_message'>, { action: string; type: string }> = {
  contact: { action: 'contact filed to the record', type: 'Communication' },
  referral: { action: 'referral sent to the record', type: 'ServiceRequest' },
  need: { action: 'communication need filed to the record', type: 'Flag' },
};

/** 5 s, 10 s, 20 s … up to 10 minutes between attempts: the record is retried until it accepts. */
export function retryDelayMs(attempts: number): number {
  return Math.min(5000 * 2 ** Math.max(0, attempts - 1), 600000);
}

const PRIORITY: Record<string, OutgoingReferral['priority']> = {
  emergency_999: 'stat',
  urgent_2h: 'asap',
  same_day: 'urgent',
};

/** The contact summary of a hand-off: what the team needs in the record, from the queue item's structured summary. */
export function contactOf(item: QueueItem): ContactSummary | undefined {
  const patient = item.summary.patient;
  // Never for an unverified patient: an unchecked name or NHS number could be someone else's record.
  if (!patient?.verified || !patient.id) return undefined;
  const answers = Object.entries(item.summary.answers)
    .map(([question, answer]) => `${question}: ${answer}`)
    .join('; ');
  return {
    key: `contact:${item._id}`,
    patientId: patient.id,
    at: item.createdAt,
    channel: item.channel,
    reference: item.reference,
    text: [
      `Front Door ${item.kind} (${item.disposition}), reference ${item.reference}, by ${item.summary.contact.role}.`,
      `Problem: ${item.summary.problem}.`,
      item.summary.redFlags.length ? `Red flags: ${item.summary.redFlags.join(', ')}.` : '',
      answers ? `Answers: ${answers}.` : '',
    ]
      .filter(Boolean)
      .join(' '),
  };
}

export function referralOf(item: QueueItem): OutgoingReferral | undefined {
  if (item.kind !== 'referral' && item.kind !== 'escalation') return undefined;
  const contact = item.summary.contact;
  return {
    key: `referral:${item._id}`,
    reference: item.reference,
    patientId: item.summary.patient?.verified ? item.summary.patient.id : undefined,
    kind: item.kind,
    priority: PRIORITY[item.disposition] ?? 'routine',
    reason: item.summary.problem,
    requester: [contact.role, contact.organisation, contact.callSign].filter(Boolean).join(', '),
    requestedBy: {
      role: contact.role,
      ...(contact.organisation ? { organisation: contact.organisation } : {}),
      ...(contact.callSign ? { callSign: contact.callSign } : {}),
    },
    occurrenceBy: item.deadline,
    authoredAt: item.createdAt,
    summary: contactOf(item)?.text ?? `Problem: ${item.summary.problem}.`,
  };
}

/** Where safeguarding concerns go beyond our queue: the port, and the message a safeguarding item sends. */
export interface CouncilOutlet {
  port: SecureMessagePort;
  compose(item: QueueItem): SecureMessage;
}

/**
 * The writes Front Door owes the record system, stored first and sent after: a hand-off never waits for, or fails
 * because of, the record. `drain` sends what is due; a refusal or an outage is retried later, with back-off. A
 * safeguarding concern's message to the council is owed and retried the same way.
 */
export class RecordOutbox {
  private readonly writes: mongo.Collection<RecordWrite>;
  private readonly queueItems: mongo.Collection<QueueItem>;
  private timer?: NodeJS.Timeout;
  private draining?: Promise<number>;
  private drainAgain?: Promise<number>;

  constructor(
    connection: Connection,
    private readonly record: RecordSystem,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
    private readonly council?: CouncilOutlet,
    /** The summary of a conversation's task under way as its last turn left it (see TASK_UNDER_WAY). */
    private readonly taskUnderWay?: (stateKey: string) => Promise<ContactSummary | undefined>,
  ) {
    this.writes = driverCollection(modelOn(connection, 'RecordWrite', writeSchema));
    this.queueItems = driverCollection(queueModel(connection));
  }

  /** Stores what the queue item owes the record (its contact, its referral); a second call adds nothing. */
  async owe(item: QueueItem): Promise<void> {
    const contact = contactOf(item);
    const referral = referralOf(item);
    const { conversationId, task } = item.conversation;
    if (contact) {
      await this.store(contact.key, {
        kind: 'contact',
        contact,
        queueItemId: item._id,
        ...(task === undefined ? {} : { task: taskContactKey(conversationId, task) }),
      });
      // The hand-off's summary is the task's: the one kept in case the person went quiet is not filed as well.
      if (task !== undefined) {
        await this.writes.deleteOne({
          _id: taskContactKey(conversationId, task),
          provisional: true,
          status: 'pending',
        });
      }
    }
    if (referral) await this.store(referral.key, { kind: 'referral', referral, queueItemId: item._id });
    if (item.kind === 'safeguarding' && this.council) await this.oweCouncil(item, this.council);
  }

  /**
   * The item names its destination before the message is owed, so the console never shows a sent message without
   * where it went (a drain on another instance may send it at once).
   */
  private async oweCouncil(item: QueueItem, council: CouncilOutlet): Promise<void> {
    const message = council.compose(item);
    const now = this.now();
    await this.queueItems.updateOne(
      { _id: item._id, council: { $exists: false } },
      { $set: { council: { destination: message.toName, secureEmail: message.to, owedAt: now }, updatedAt: now } },
    );
    await this.store(councilKey(item), { kind: 'council', message, queueItemId: item._id });
  }

  /**
   * The queue item changed after it was owed (a professional's handover, queued at its first fact, rewritten with each
   * one after): its referral is owed again with what the item now says, and replaces what the record holds.
   */
  async oweAgain(item: QueueItem): Promise<void> {
    const referral = referralOf(item);
    if (!referral) return;
    const now = this.now();
    await this.writes.updateOne(
      { _id: referral.key },
      {
        $set: { referral, status: 'pending', nextAttemptAt: now },
        $inc: { version: 1 },
        $setOnInsert: { kind: 'referral', queueItemId: item._id, attempts: 0, createdAt: now },
      },
      { upsert: true },
    );
  }

  /**
   * Stores the contact summary of a conversation's task that has ended, however it ended (done, stopped, hung up), and
   * sends it in the background: once per task (its key). Nothing when its hand-off already filed it. A task whose
   * summary was filed while the person had gone quiet, and which they came back to and ended, is filed again as
   * resumed, so the record does not keep "not finished" for something that was.
   */
  async oweContact(contact: ContactSummary): Promise<void> {
    if (await this.handedOff(contact.key)) {
      await this.writes.deleteOne({ _id: contact.key, provisional: true, status: 'pending' });
      return;
    }
    const now = this.now();
    const replaced = await this.writes.updateOne(
      { _id: contact.key, provisional: true, status: 'pending' },
      { $set: { contact, nextAttemptAt: now }, $unset: { provisional: '' }, $inc: { version: 1 } },
    );
    if (replaced.matchedCount === 0) {
      const filedWhileQuiet = await this.writes.findOne({ _id: contact.key, provisional: true, status: 'done' });
      const key = filedWhileQuiet ? `${contact.key}:resumed` : contact.key;
      await this.store(key, { kind: 'contact', contact: { ...contact, key }, task: contact.key });
    }
    void this.drain().catch(() => undefined);
  }

  /**
   * Expects the contact of a task that has begun, due once the conversation has been quiet for `idleMs`: a person who
   * goes away mid-task (closes the page, stops texting) still has the contact filed, once. Stored once per task, not
   * each turn: when it falls due, the conversation's state (`stateKey`) gives the summary its last turn left and when
   * that was, so a conversation still going puts it off and one gone quiet files what was said last. The task's end
   * (oweContact) or its hand-off takes its place.
   */
  async expectContact(contact: ContactSummary, idleMs: number, stateKey?: string): Promise<void> {
    if (await this.handedOff(contact.key)) return;
    const existing = await this.writes.findOne({ _id: contact.key }, { projection: { provisional: 1, status: 1 } });
    if (existing && !(existing.provisional && existing.status === 'pending')) return;
    const now = this.now();
    try {
      await this.writes.updateOne(
        { _id: contact.key, provisional: true, status: 'pending' },
        {
          $set: {
            contact,
            nextAttemptAt: new Date(now.getTime() + idleMs),
            quietAfterMs: idleMs,
            ...(stateKey ? { stateKey } : {}),
          },
          $setOnInsert: { kind: 'contact', task: contact.key, attempts: 0, createdAt: now },
        },
        { upsert: true },
      );
    } catch (err) {
      // The task ended on another instance between the read and this write: its final summary stands.
      if ((err as { code?: number }).code !== 11000) throw err;
    }
  }

  /** Whether a hand-off made during the task filed its summary (the queue item carries the task). */
  private async handedOff(task: string): Promise<boolean> {
    return !!(await this.writes.findOne({ task, queueItemId: { $exists: true } }, { projection: { _id: 1 } }));
  }

  /**
   * Stores a communication need a verified patient agreed to have on their record, under `key` (one per conversation
   * and need), and sends it in the background. `queueItemId`: the hand-off that shows whether it is on the record.
   */
  async oweNeed(key: string, need: NeedToFile, queueItemId?: string): Promise<void> {
    await this.store(key, { kind: 'need', need, ...(queueItemId ? { queueItemId } : {}) });
    void this.drain().catch(() => undefined);
  }

  /**
   * Stores a secure message to another organisation under its idempotency key and sends it in the background through
   * the same port as the council's messages, retried with the same back-off until accepted, sent once.
   */
  async oweSecureMessage(message: SecureMessage, queueItemId: string): Promise<void> {
    await this.store(message.idempotencyKey, { kind: 'secure_message', message, queueItemId });
    void this.drain().catch(() => undefined);
  }

  private async store(
    key: string,
    write: Pick<RecordWrite, 'kind' | 'contact' | 'referral' | 'need' | 'message' | 'queueItemId' | 'task'>,
  ) {
    const now = this.now();
    await this.writes.updateOne(
      { _id: key },
      { $setOnInsert: { ...write, status: 'pending', attempts: 0, nextAttemptAt: now, createdAt: now } },
      { upsert: true },
    );
  }

  /**
   * Sends every write that is due, one at a time; returns how many the record accepted. A write owed while a drain is
   * under way may have missed that drain's list, so the call is answered by one more pass after it (one, however many
   * calls ask), not left for the timer.
   */
  drain(): Promise<number> {
    if (!this.draining) {
      this.draining = this.sendDue().finally(() => (this.draining = undefined));
      return this.draining;
    }
    this.drainAgain ??= this.draining
      .catch(() => 0)
      .then(() => {
        this.drainAgain = undefined;
        return this.drain();
      });
    return this.drainAgain;
  }

  private async sendDue(): Promise<number> {
    const dueWrites = await this.writes
      .find({ status: 'pending', nextAttemptAt: { $lte: this.now() } })
      .sort({ nextAttemptAt: 1 })
      .limit(20)
      .toArray();
    let accepted = 0;
    for (const due of dueWrites) {
      const write = await this.asLeft(due);
      if (!write) continue;
      try {
        const { id } = await this.send(write);
        const marked = await this.writes.updateOne(sameVersion(write), {
          $set: {
            status: 'done',
            recordId: id,
            attempts: write.attempts + 1,
            ...(write.contact ? { contact: write.contact } : {}),
          },
          $unset: { lastError: '' },
        });
        // The demo record is our own store: only a separate record system's id tells the coordinator something. A
        // referral is noted once, when first sent; its updates replace it under the same id.
        const firstSend = !write.recordId;
        if (marked.modifiedCount && write.kind === 'need' && write.queueItemId) await this.noteNeedFiled(write, id);
        if (marked.modifiedCount && write.kind === 'council') await this.noteCouncilSent(write, id);
        if (
          marked.modifiedCount &&
          firstSend &&
          write.kind !== 'council' &&
          write.kind !== 'secure_message' &&
          write.queueItemId &&
          this.record.kind === 'fhir'
        ) {
          await this.noteOnQueueItem(write, id);
        }
        accepted += 1;
      } catch (err) {
        const attempts = write.attempts + 1;
        await this.writes.updateOne(sameVersion(write), {
          $set: {
            attempts,
            nextAttemptAt: new Date(this.now().getTime() + retryDelayMs(attempts)),
            lastError: (err as Error).name,
          },
        });
        if (write.kind === 'council') await this.noteCouncilRetry(write, attempts, (err as Error).name);
        this.logger.warn(
          { event: 'record.write_failed', kind: write.kind, attempts, error: (err as Error).name },
          'the record system did not accept a write; it will be retried',
        );
      }
    }
    return accepted;
  }

  /**
   * A task under way that fell due, as its conversation left it: put off (undefined) while the conversation has not yet
   * been quiet for long enough since its last turn, else with the summary that turn left. Any other write as it is; so
   * is this one when the state cannot be read (it files the summary it was stored with).
   */
  private async asLeft(write: RecordWrite): Promise<RecordWrite | undefined> {
    if (!write.provisional || !write.stateKey || !this.taskUnderWay) return write;
    const latest = await this.taskUnderWay(write.stateKey).catch(() => undefined);
    if (!latest || latest.key !== write._id) return write;
    const quietFrom = new Date(latest.at.getTime() + (write.quietAfterMs ?? 0));
    if (quietFrom > this.now()) {
      await this.writes.updateOne(sameVersion(write), { $set: { nextAttemptAt: quietFrom } });
      return undefined;
    }
    return { ...write, contact: latest };
  }

  private send(write: RecordWrite): Promise<{ id: string }> {
    switch (write.kind) {
      case 'contact':
        return this.record.contacts.file(write.contact!);
      case 'referral':
        return this.record.referrals.send(write.referral!);
      case 'need':
        return this.record.needs.file(write.need!);
      case 'council':
      case 'secure_message':
        if (!this.council) return Promise.reject(new Error('No secure message port is configured.'));
        return this.council.port.send(write.message!);
    }
  }

  /** The console shows when the council's mail system accepted the concern, and the history says where it went. */
  private async noteCouncilSent(write: RecordWrite, messageId: string): Promise<void> {
    const now = this.now();
    await this.queueItems.updateOne(
      { _id: write.queueItemId! },
      {
        $set: { 'council.sentAt': now, 'council.messageId': messageId, updatedAt: now },
        $unset: { 'council.lastError': '' },
        $push: {
          history: { at: now, by: 'secure mail', action: 'sent to the council', note: write.message!.toName },
        },
      },
    );
  }

  /** Until it is accepted, the console shows the concern has not reached the council and how often it was tried. */
  private async noteCouncilRetry(write: RecordWrite, attempts: number, error: string): Promise<void> {
    await this.queueItems.updateOne(
      { _id: write.queueItemId! },
      { $set: { 'council.attempts': attempts, 'council.lastError': error, updatedAt: this.now() } },
    );
  }

  /** The coordinator sees on the queue item where the record filed it (e.g. Communication/123). */
  private async noteOnQueueItem(write: RecordWrite, recordId: string): Promise<void> {
    await this.queueItems.updateOne(
      { _id: write.queueItemId! },
      {
        $push: {
          history: {
            at: this.now(),
            by: 'record system',
            action: FILED[write.kind as keyof typeof FILED].action,
            note: `${FILED[write.kind as keyof typeof FILED].type}/${recordId}`,
          },
        },
      },
    );
  }

  /** The queue item shows the need is now on the patient's record, whichever record system it is. */
  private async noteNeedFiled(write: RecordWrite, recordId: string): Promise<void> {
    const need = write.need!;
    await this.queueItems.updateOne(
      { _id: write.queueItemId! },
      {
        $set: {
          [`summary.needsOnRecord.${need.need}`]: { label: need.label, status: 'on_record', recordId },
          updatedAt: this.now(),
        },
      },
    );
  }

  find(key: string): Promise<RecordWrite | null> {
    return this.writes.findOne({ _id: key });
  }

  /** Drains every `intervalMs` until stopped. */
  start(intervalMs: number): void {
    this.timer ??= setInterval(() => {
      this.drain().catch((err: Error) =>
        this.logger.error({ event: 'record.outbox_failed', error: err.name }, 'record outbox drain failed'),
      );
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}

/** The hub's queue, with every hand-off owing the record its contact summary and referral. */
export class RecordingTriageQueue extends TriageQueue {
  constructor(
    connection: Connection,
    targets: ResponseTargets,
    now: () => Date,
    readonly outbox: RecordOutbox,
    private readonly logger: Logger,
  ) {
    super(connection, targets, now);
  }

  override async create(input: NewQueueItem): Promise<QueueItem> {
    const item = await super.create(input);
    // The hand-off is stored and safe; the record is owed, never waited for.
    await this.owing(() => this.outbox.owe(item));
    return item;
  }

  override async updateSummary(...args: Parameters<TriageQueue['updateSummary']>): Promise<QueueItem> {
    const item = await super.updateSummary(...args);
    await this.owing(() => this.outbox.oweAgain(item));
    return item;
  }

  private async owing(store: () => Promise<void>): Promise<void> {
    try {
      await store();
      void this.outbox.drain().catch(() => undefined);
    } catch (err) {
      this.logger.error({ event: 'record.owe_failed', error: (err as Error).name }, 'could not store a record write');
    }
  }
}
