import { randomUUID } from 'node:crypto';
import type { Connection, Model } from 'mongoose';
import { queueModel, type QueueItem, type QueueKind, type QueueSummary } from './queueModel';
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

/** Response target in minutes for each disposition; from content (the seeds' response targets). */
export type ResponseTargets = Record<string, number>;

/** The hub's triage queue: escalations, referrals, call-backs and safeguarding concerns, each with its deadline. */
export class TriageQueue {
  private readonly model: Model<QueueItem>;

  constructor(
    connection: Connection,
    private readonly targets: ResponseTargets,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.model = queueModel(connection);
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
    return this.model
      .find({ status: { $in: ['new', 'claimed', 'in_progress'] } })
      .sort({ deadline: 1 })
      .limit(limit)
      .lean()
      .exec();
  }
}
