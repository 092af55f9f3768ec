import { randomUUID } from 'node:crypto';
import type { Connection, Model } from 'mongoose';
import {
  OPEN_STATUSES,
  queueModel,
  type QueueEvent,
  type QueueItem,
  type QueueKind,
  type QueueRisk,
  type QueueStatus,
  type QueueSummary,
} from './queueModel';
import { QueueLocks } from './queueLocks';
import { newReference } from './reference';

export interface NewQueueItem {
  kind: QueueKind;
  disposition: string;
  channel: string;
  conversation: QueueItem['conversation'];
  summary: QueueSummary;
  idempotencyKey: string;
  createdBy: string;
  /** Referrals promise feedback to the referrer within 24 hours. */
  feedbackDueHours?: number;
}

const DUPLICATE_KEY = 11000;

/** A person acting on the queue. */
export interface Actor {
  id: string;
  name: string;
}

export type TransitionFailure = 'not_found' | 'already_taken' | 'not_yours' | 'wrong_status';

/** A lifecycle step that cannot happen; `reason` maps to the console's 404 / 409 / 403 answers. */
export class QueueTransitionError extends Error {
  override name = 'QueueTransitionError';
  constructor(
    readonly reason: TransitionFailure,
    message: string,
  ) {
    super(message);
  }
}

export interface QueueFilter {
  statuses?: QueueStatus[];
  kinds?: QueueKind[];
  dispositions?: string[];
  limit?: number;
}

type Outcome = { status: 'resolved'; outcome: string } | { status: 'referred_on'; referredTo: string; note?: string };

/** Response target in minutes for each disposition; from content (the seeds' response targets). */
export type ResponseTargets = Record<string, number>;

/** The hub's triage queue: escalations, referrals, call-backs and safeguarding concerns, each with its deadline. */
export class TriageQueue {
  private readonly model: Model<QueueItem>;
  private readonly locks: QueueLocks;

  constructor(
    connection: Connection,
    private readonly targets: ResponseTargets,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.model = queueModel(connection);
    this.locks = new QueueLocks(connection);
  }

  /** Response target in minutes, or undefined for a disposition without one. */
  targetMinutes(disposition: string): number | undefined {
    return this.targets[disposition];
  }

  deadlineFor(disposition: string, from: Date): Date {
    const minutes = this.targets[disposition];
    if (minutes === undefined) throw new Error(`No response target for disposition "${disposition}"`);
    return new Date(from.getTime() + minutes * 60000);
  }

  /**
   * Stores the item durably before anyone is told it exists. A retry with the same idempotency key returns the item
   * the first attempt made (the key's unique index decides, also between instances).
   */
  async create(input: NewQueueItem): Promise<QueueItem> {
    const createdAt = this.now();
    for (let attempt = 0; attempt < 5; attempt++) {
      const item: QueueItem = {
        _id: randomUUID(),
        kind: input.kind,
        status: 'new',
        disposition: input.disposition,
        reference: newReference(),
        createdAt,
        deadline: this.deadlineFor(input.disposition, createdAt),
        feedbackDue: input.feedbackDueHours
          ? new Date(createdAt.getTime() + input.feedbackDueHours * 3600000)
          : undefined,
        channel: input.channel,
        conversation: input.conversation,
        summary: input.summary,
        idempotencyKey: input.idempotencyKey,
        history: [{ at: createdAt, by: input.createdBy, action: 'created' }],
        updatedAt: createdAt,
        risk: 'on_track',
      };
      try {
        await this.model.create([item]);
        return item;
      } catch (err) {
        if ((err as { code?: number }).code !== DUPLICATE_KEY) throw err;
        const existing = await this.model.findOne({ idempotencyKey: input.idempotencyKey }).lean().exec();
        if (existing) return existing;
        // Otherwise the random reference collided: draw another.
      }
    }
    throw new Error('Could not allocate a unique queue reference');
  }

  findById(id: string): Promise<QueueItem | null> {
    return this.model.findById(id).lean().exec();
  }

  /** Open items, most urgent deadline first. */
  open(limit = 100): Promise<QueueItem[]> {
    return this.list({ statuses: OPEN_STATUSES, limit });
  }

  /** Items matching the filter, most urgent deadline first. */
  list(filter: QueueFilter = {}): Promise<QueueItem[]> {
    const query: Record<string, unknown> = {};
    if (filter.statuses?.length) query.status = { $in: filter.statuses };
    if (filter.kinds?.length) query.kind = { $in: filter.kinds };
    if (filter.dispositions?.length) query.disposition = { $in: filter.dispositions };
    return this.model
      .find(query)
      .sort({ deadline: 1, _id: 1 })
      .limit(filter.limit ?? 200)
      .lean()
      .exec();
  }

  /** The newest change to any item: consoles poll this cheaply and refetch only when it moves. */
  async lastChange(): Promise<Date | undefined> {
    const latest = await this.model.findOne({}, { updatedAt: 1 }).sort({ updatedAt: -1 }).lean().exec();
    return latest?.updatedAt;
  }

  findByConversation(channelId: string, conversationId: string): Promise<QueueItem[]> {
    return this.model
      .find({ 'conversation.channelId': channelId, 'conversation.conversationId': conversationId })
      .sort({ createdAt: -1 })
      .lean()
      .exec();
  }

  /**
   * new → claimed. Two people clicking at once: the unique-key insert picks one; the other is told who has it.
   */
  async claim(id: string, actor: Actor): Promise<QueueItem> {
    const item = await this.mustFind(id);
    if (item.status !== 'new') throw this.alreadyTaken(item);
    const lock = await this.locks.take(`${id}:claim`, actor, this.now());
    if (!lock.won) {
      throw new QueueTransitionError('already_taken', `Already claimed by ${lock.holder.name}.`);
    }
    try {
      return await this.apply(id, { status: 'claimed', claimedBy: actor }, this.event(actor, 'claimed'));
    } catch (err) {
      await this.locks.release(`${id}:claim`, actor.id);
      throw err;
    }
  }

  /**
   * claimed → in_progress, when the claimant first contacts the person (takes over the chat or calls back). Doing it
   * again (a call back after a take-over) records the step without changing the status.
   */
  async start(id: string, actor: Actor, how: 'took_over' | 'called_back' | 'handed_back', note?: string) {
    const item = await this.mustBeHolder(id, actor, ['claimed', 'in_progress']);
    const set: Partial<QueueItem> = { status: 'in_progress' };
    if (!item.firstResponseAt) set.firstResponseAt = this.now();
    return this.apply(id, set, this.event(actor, how, note));
  }

  resolve(id: string, actor: Actor, outcome: string): Promise<QueueItem> {
    return this.finish(id, actor, { status: 'resolved', outcome });
  }

  referOn(id: string, actor: Actor, referredTo: string, note?: string): Promise<QueueItem> {
    return this.finish(id, actor, { status: 'referred_on', referredTo, note });
  }

  /** Closed without a clinical outcome (a duplicate, a test, the person withdrew); the reason is kept. */
  async close(id: string, actor: Actor, reason: string): Promise<QueueItem> {
    await this.mustBeHolder(id, actor, ['claimed', 'in_progress']);
    await this.decideFinal(id, actor);
    return this.apply(id, { status: 'closed', outcome: reason }, this.event(actor, 'closed', reason));
  }

  /** The referrer has been given feedback (due within 24 hours of the referral). Recorded once. */
  async recordFeedback(id: string, actor: Actor, note?: string): Promise<QueueItem> {
    const item = await this.mustFind(id);
    if (!item.feedbackDue) throw new QueueTransitionError('wrong_status', 'This item has no referrer feedback due.');
    const lock = await this.locks.take(`${id}:feedback`, actor, this.now());
    if (!lock.won) throw new QueueTransitionError('already_taken', `Feedback already recorded by ${lock.holder.name}.`);
    return this.apply(id, { feedbackGivenAt: this.now() }, this.event(actor, 'feedback_given', note));
  }

  /**
   * The sweep moves an item to at risk or breached once: the insert decides between instances sweeping at the same
   * time, and only the winner writes the history entry (and, for a breach, alerts the duty clinician).
   */
  async markRisk(id: string, risk: Exclude<QueueRisk, 'on_track'>): Promise<QueueItem | undefined> {
    const lock = await this.locks.take(`${id}:${risk}`, { id: 'breach-sweep', name: 'breach sweep' }, this.now());
    if (!lock.won) return undefined;
    return this.apply(id, { risk }, { at: this.now(), by: 'breach sweep', action: risk });
  }

  async markBreachAlerted(id: string, note: string): Promise<void> {
    await this.apply(
      id,
      { breachAlertedAt: this.now() },
      { at: this.now(), by: 'breach sweep', action: 'alerted', note },
    );
  }

  /** The patient wrote while a person has the conversation: bump the change marker so consoles show it live. */
  async notePatientMessage(id: string): Promise<void> {
    const at = this.now();
    await this.model.updateOne({ _id: id }, { $set: { lastPatientMessageAt: at, updatedAt: at } }).exec();
  }

  private async finish(id: string, actor: Actor, outcome: Outcome): Promise<QueueItem> {
    const item = await this.mustBeHolder(id, actor, ['claimed', 'in_progress']);
    await this.decideFinal(id, actor);
    const set: Partial<QueueItem> =
      outcome.status === 'resolved'
        ? { status: 'resolved', outcome: outcome.outcome }
        : { status: 'referred_on', referredTo: outcome.referredTo, outcome: outcome.note };
    if (!item.firstResponseAt) set.firstResponseAt = this.now();
    const note =
      outcome.status === 'resolved' ? outcome.outcome : [outcome.referredTo, outcome.note].filter(Boolean).join(': ');
    return this.apply(id, set, this.event(actor, outcome.status, note));
  }

  /** Resolve, refer on and close end an item: exactly one of them may, even when clicked at once. */
  private async decideFinal(id: string, actor: Actor): Promise<void> {
    const lock = await this.locks.take(`${id}:final`, actor, this.now());
    if (!lock.won) throw new QueueTransitionError('wrong_status', `Already finished by ${lock.holder.name}.`);
  }

  private async apply(id: string, set: Partial<QueueItem>, event: QueueEvent): Promise<QueueItem> {
    const updated = await this.model
      .findOneAndUpdate(
        { _id: id },
        { $set: { ...set, updatedAt: event.at }, $push: { history: event } },
        { returnDocument: 'after' },
      )
      .lean()
      .exec();
    if (!updated) throw new QueueTransitionError('not_found', 'No such queue item.');
    return updated;
  }

  private event(actor: Actor, action: string, note?: string): QueueEvent {
    return { at: this.now(), by: actor.name, byId: actor.id, action, ...(note ? { note } : {}) };
  }

  private async mustFind(id: string): Promise<QueueItem> {
    const item = await this.findById(id);
    if (!item) throw new QueueTransitionError('not_found', 'No such queue item.');
    return item;
  }

  private async mustBeHolder(id: string, actor: Actor, statuses: QueueStatus[]): Promise<QueueItem> {
    const item = await this.mustFind(id);
    if (item.status === 'new')
      throw new QueueTransitionError('not_yours', 'Nobody has claimed this item: claim it first.');
    if (!statuses.includes(item.status)) {
      throw new QueueTransitionError('wrong_status', `This item is ${item.status.replace('_', ' ')}.`);
    }
    if (item.claimedBy?.id !== actor.id) {
      throw new QueueTransitionError('not_yours', `Claimed by ${item.claimedBy?.name ?? 'nobody'}: claim it first.`);
    }
    return item;
  }

  private alreadyTaken(item: QueueItem): QueueTransitionError {
    return item.claimedBy
      ? new QueueTransitionError('already_taken', `Already claimed by ${item.claimedBy.name}.`)
      : new QueueTransitionError('wrong_status', `This item is ${item.status.replace('_', ' ')}.`);
  }
}
