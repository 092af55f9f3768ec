import { randomUUID } from 'node:crypto';
import type { Connection, Model } from 'mongoose';
import {
  OPEN_STATUSES,
  queueModel,
  type ContactRoute,
  type CouncilOverdue,
  type CouncilStage,
  type NamedClinicianOnItem,
  type NeedOnRecord,
  type QueueEvent,
  type QueueItem,
  type QueueKind,
  type QueueRisk,
  type QueueStatus,
  type QueueSummary,
  type Provisional,
} from './queueModel';
import { isDisposition, moreUrgent, type Disposition } from '../triage/dispositions';
import { QueueLocks } from './queueLocks';
import { newReference } from './reference';

export interface NewQueueItem {
  kind: QueueKind;
  disposition: string;
  channel: string;
  /** The service the contact belongs to (src/content/serviceDirectory.ts). */
  service?: string;
  conversation: QueueItem['conversation'];
  summary: QueueSummary;
  idempotencyKey: string;
  createdBy: string;
  /** Referrals promise feedback to the referrer within 24 hours. */
  feedbackDueHours?: number;
  /** A target of its own instead of the disposition's (a person asked for while the hub is open). */
  targetMinutes?: number;
  /** Queued while the bot is still asking; settled by `updateSummary(…, { settle: true })`. */
  provisional?: Provisional;
  /** The patient's named clinician, where the service routes urgent cases to them first. */
  namedClinician?: NamedClinicianOnItem;
}

/** How `updateSummary` treats the item beyond its summary and urgency. */
export interface SummaryUpdate {
  /** The bot has finished asking: the item is no longer provisional. */
  settle?: boolean;
  /** A target of its own, kept only if it is earlier than the item's deadline. */
  targetMinutes?: number;
  /**
   * The service the item belongs to, learnt after it was queued (a professional named the patient's GP practice):
   * eligibility is by registration, so the item moves to that service's queue, rota and breach alerts.
   */
  service?: string;
}

/** How the person is to be reached, learnt after the item was made. */
export interface ContactUpdate {
  callbackNumber?: string;
  contactRoute: ContactRoute;
  communicationNeeds?: string[];
}

const DUPLICATE_KEY = 11000;

/** Front Door itself, when it decides an item's outcome (a referral it turned away). */
const FRONT_DOOR: Actor = { id: 'front-door', name: 'Front Door' };

const minDate = (a: Date, b: Date) => (b < a ? b : a);

function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutUndefined) as T;
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return Object.fromEntries(entries.map(([k, v]) => [k, withoutUndefined(v)])) as T;
}

/** Each claim generation has its own lock; the first keeps the key items claimed before release existed use. */
const claimKey = (id: string, generation: number) => (generation ? `${id}:claim:${generation}` : `${id}:claim`);

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
  /** Only these items (e.g. those with a failed phone transfer). */
  ids?: string[];
  statuses?: QueueStatus[];
  kinds?: QueueKind[];
  dispositions?: string[];
  /** Only these services' items (null: items with no service); a coordinator sees the services on their staff record. */
  services?: (string | null)[];
  limit?: number;
}

/** A coded outcome (content/hub/outcomes.yaml): the code is stored, the label goes in the item's history. */
export interface OutcomeChoice {
  code: string;
  label: string;
}

type Outcome =
  | { status: 'resolved'; outcome: OutcomeChoice; note?: string }
  | { status: 'referred_on'; referredTo: string; note?: string };

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
        deadline:
          input.targetMinutes === undefined
            ? this.deadlineFor(input.disposition, createdAt)
            : new Date(createdAt.getTime() + input.targetMinutes * 60000),
        feedbackDue: input.feedbackDueHours
          ? new Date(createdAt.getTime() + input.feedbackDueHours * 3600000)
          : undefined,
        channel: input.channel,
        ...(input.service ? { service: input.service } : {}),
        conversation: input.conversation,
        summary: input.summary,
        idempotencyKey: input.idempotencyKey,
        ...(input.provisional ? { provisional: input.provisional } : {}),
        ...(input.namedClinician ? { namedClinician: input.namedClinician } : {}),
        history: [
          {
            at: createdAt,
            by: input.createdBy,
            action: 'created',
            ...(input.provisional ? { note: `${input.provisional} in progress` } : {}),
          },
          // Told to call 999 at once: the hub's deadline is its follow-up, not the handover (responseTargets.ts).
          ...(input.disposition === 'emergency_999'
            ? [{ at: createdAt, by: input.createdBy, action: 'handed_to_999', note: 'told to call 999 now' }]
            : []),
        ],
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

  findByReference(reference: string): Promise<QueueItem | null> {
    return this.model.findOne({ reference }).lean().exec();
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
    if (filter.ids) query._id = { $in: filter.ids };
    if (filter.statuses?.length) query.status = { $in: filter.statuses };
    if (filter.kinds?.length) query.kind = { $in: filter.kinds };
    if (filter.dispositions?.length) query.disposition = { $in: filter.dispositions };
    if (filter.services) query.service = { $in: filter.services };
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
    const key = claimKey(id, item.claimGeneration ?? 0);
    const lock = await this.locks.take(key, actor, this.now());
    if (!lock.won) {
      throw new QueueTransitionError('already_taken', `Already claimed by ${lock.holder.name}.`);
    }
    try {
      return await this.apply(id, { status: 'claimed', claimedBy: actor }, this.event(actor, 'claimed'));
    } catch (err) {
      await this.locks.release(key, actor.id);
      throw err;
    }
  }

  /**
   * claimed | in_progress → new: the holder gives the item back to the queue for someone else to claim. The claim's
   * generation ends by a unique-key insert shared with reassigning and finishing, so of a release, a reassignment and
   * an outcome made at the same moment exactly one happens; the others are told which.
   */
  async release(id: string, actor: Actor, note?: string): Promise<QueueItem> {
    const item = await this.mustBeHolder(id, actor, ['claimed', 'in_progress']);
    const generation = item.claimGeneration ?? 0;
    await this.endClaim(id, generation, actor, 'released');
    return this.apply(id, { status: 'new', claimGeneration: generation + 1 }, this.event(actor, 'released', note), [
      'claimedBy',
    ]);
  }

  /**
   * Gives the item to another person (a duty clinician or admin deciding who works it). An unclaimed item is claimed on
   * their behalf, racing fairly with anyone claiming it; a held item's claim ends (as in `release`) and the new holder's
   * claim of the next generation is recorded. The status is kept: contact already made stays made.
   */
  async reassign(id: string, actor: Actor, to: Actor, note?: string): Promise<QueueItem> {
    const item = await this.mustFind(id);
    if (!OPEN_STATUSES.includes(item.status)) {
      throw new QueueTransitionError('wrong_status', `This item is ${item.status.replace('_', ' ')}.`);
    }
    if (item.claimedBy?.id === to.id) {
      throw new QueueTransitionError('wrong_status', `${to.name} already holds this item.`);
    }
    const generation = item.claimGeneration ?? 0;
    const what = [item.claimedBy && `from ${item.claimedBy.name}`, `to ${to.name}`, note].filter(Boolean).join(' ');
    if (item.status === 'new') {
      const lock = await this.locks.take(claimKey(id, generation), to, this.now(), `assigned by ${actor.name}`);
      if (!lock.won) throw new QueueTransitionError('already_taken', `Already claimed by ${lock.holder.name}.`);
      return this.apply(id, { status: 'claimed', claimedBy: to }, this.event(actor, 'reassigned', what));
    }
    await this.endClaim(id, generation, actor, 'reassigned');
    // Nobody else can be taking generation + 1: it only becomes claimable through a release, which just lost.
    await this.locks.take(claimKey(id, generation + 1), to, this.now(), `assigned by ${actor.name}`);
    return this.apply(id, { claimedBy: to, claimGeneration: generation + 1 }, this.event(actor, 'reassigned', what));
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

  resolve(id: string, actor: Actor, outcome: OutcomeChoice, note?: string): Promise<QueueItem> {
    return this.finish(id, actor, { status: 'resolved', outcome, note });
  }

  referOn(id: string, actor: Actor, referredTo: string, note?: string): Promise<QueueItem> {
    return this.finish(id, actor, { status: 'referred_on', referredTo, note });
  }

  /**
   * Closed without working it (a duplicate, a test, the person withdrew, or already handed to 999); the reason is
   * kept, and a coded outcome when there is one (items handed to 999 closed together are counted as that).
   */
  async close(id: string, actor: Actor, reason: string, outcome?: OutcomeChoice): Promise<QueueItem> {
    const item = await this.mustBeHolder(id, actor, ['claimed', 'in_progress']);
    await this.decideFinal(item, actor, 'closed');
    const note = outcome ? `${outcome.label}: ${reason}` : reason;
    return this.apply(
      id,
      { status: 'closed', outcome: reason, ...(outcome ? { outcomeCode: outcome.code } : {}) },
      this.event(actor, 'closed', note),
    );
  }

  /**
   * A professional's referral Front Door turned away (the patient is no service's here; the referrer was told where to
   * refer): the item takes that outcome, closed with its code, so it is not left in the queue as a 2-hour referral
   * raising breach alerts for a patient nobody here is to see. Only while nobody has claimed it: Front Door takes the
   * claim and the final decision by the same unique-key inserts as a person would, so a coordinator claiming it at
   * the same moment either wins (and it is theirs to finish) or is told it is closed. Undefined when a person has it.
   */
  async turnAway(id: string, outcome: OutcomeChoice, reason: string): Promise<QueueItem | undefined> {
    const item = await this.mustFind(id);
    if (item.status !== 'new') return undefined;
    const at = this.now();
    const claimed = await this.locks.take(claimKey(id, item.claimGeneration ?? 0), FRONT_DOOR, at, 'turned away');
    if (!claimed.won) return undefined;
    const final = await this.locks.take(`${id}:final`, FRONT_DOOR, at, 'closed');
    if (!final.won) return undefined;
    return this.apply(
      id,
      { status: 'closed', outcomeCode: outcome.code, outcome: reason },
      this.event(FRONT_DOOR, 'closed', `${outcome.label}: ${reason}`),
      ['provisional'],
    );
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
   * Records that the council has the safeguarding concern Front Door sent it (they replied or rang): once, and only
   * after their mail system accepted it, so the console never shows a concern acknowledged that was never sent.
   */
  async recordCouncilAcknowledged(
    id: string,
    actor: Actor,
    councilReference?: string,
    via: 'console' | 'callback' = 'console',
  ): Promise<QueueItem> {
    const item = await this.mustFind(id);
    if (!item.council) throw new QueueTransitionError('wrong_status', 'This item was not passed to the council.');
    if (!item.council.sentAt) {
      throw new QueueTransitionError('wrong_status', 'Not sent to the council yet: it is being retried.');
    }
    const lock = await this.locks.take(`${id}:council-acknowledged`, actor, this.now());
    if (!lock.won) throw new QueueTransitionError('already_taken', `Already recorded by ${lock.holder.name}.`);
    const council = {
      ...item.council,
      acknowledgedAt: this.now(),
      acknowledgedBy: actor.name,
      acknowledgedVia: via,
      ...(councilReference ? { councilReference } : {}),
    };
    return this.apply(
      id,
      { council },
      this.event(actor, 'council_acknowledged', councilReference && `their reference ${councilReference}`),
    );
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

  /**
   * Who the urgent case was routed to, in the item's history: the named clinician first when on duty, else the rota's
   * order, so the console shows whether continuity of care was possible and who was tried.
   */
  async noteRouting(id: string, tried: string[], namedOnDuty?: boolean): Promise<QueueItem> {
    const item = await this.mustFind(id);
    const named = item.namedClinician;
    const order = tried.join(', then ');
    const note = !named
      ? `duty rota: ${order}`
      : namedOnDuty
        ? `named clinician ${named.name} on duty, tried first: ${order}`
        : `named clinician ${named.name} not on duty now; duty rota: ${order}`;
    return this.apply(
      id,
      (named ? { namedClinician: { ...named, onDuty: Boolean(namedOnDuty) } } : {}) as Partial<QueueItem>,
      { at: this.now(), by: 'Front Door', action: 'routed', note },
    );
  }

  /** Safeguarding concerns passed to the council that it has not acknowledged yet, oldest first. */
  councilAwaiting(limit = 1000): Promise<QueueItem[]> {
    return this.model
      .find({ kind: 'safeguarding', 'council.owedAt': { $exists: true }, 'council.acknowledgedAt': { $exists: false } })
      .sort({ 'council.owedAt': 1 })
      .limit(limit)
      .lean()
      .exec();
  }

  /**
   * A concern past its target for being sent or acknowledged: marked once per stage (the filter decides between
   * sweeps on several instances), with an entry in its history; true for the sweep that marked it.
   */
  async markCouncilOverdue(id: string, overdue: CouncilOverdue): Promise<boolean> {
    const at = this.now();
    const note = `${overdue.stage === 'unsent' ? 'not sent' : 'not acknowledged'} within ${overdue.targetMinutes}${overdue.counted === 'working_hours' ? ' working' : ''} minutes`;
    const result = await this.model
      .updateOne(
        { _id: id, 'council.overdue.stage': { $ne: overdue.stage } },
        {
          $set: { 'council.overdue': overdue, updatedAt: at },
          $push: { history: { at, by: 'council sweep', action: 'council_overdue', note } },
        },
      )
      .exec();
    return result.modifiedCount === 1;
  }

  async markCouncilAlerted(id: string, stage: CouncilStage, note: string): Promise<void> {
    const at = this.now();
    await this.model
      .updateOne(
        { _id: id, 'council.overdue.stage': stage },
        {
          $set: { 'council.overdue.alertedAt': at, 'council.overdue.alerted': note, updatedAt: at },
          $push: { history: { at, by: 'council sweep', action: 'council_alerted', note } },
        },
      )
      .exec();
  }

  async markBreachAlerted(id: string, note: string): Promise<void> {
    await this.apply(
      id,
      { breachAlertedAt: this.now() },
      { at: this.now(), by: 'breach sweep', action: 'alerted', note },
    );
  }

  /**
   * The bot learnt how to reach the person after it made the item (issue 17: an escalation is in the queue the moment
   * it is decided, and the call-back route is asked afterwards). Recorded in the item's history.
   */
  async updateContact(id: string, contact: ContactUpdate): Promise<QueueItem> {
    const set: Record<string, unknown> = { 'summary.contactRoute': contact.contactRoute };
    if (contact.callbackNumber) set['summary.callbackNumber'] = contact.callbackNumber;
    if (contact.communicationNeeds?.length) set['summary.communicationNeeds'] = contact.communicationNeeds;
    return this.apply(id, set as Partial<QueueItem>, {
      at: this.now(),
      by: 'Front Door',
      action: 'contact_route',
      note: contact.contactRoute.replace(/_/g, ' '),
    });
  }

  /**
   * The patient answered whether their communication needs may go on their record: each is owed to it, or declined
   * (the item keeps the need either way, so the team dealing with it honours it). In the item's history.
   */
  async noteNeedsConsent(id: string, needs: { id: string; label: string }[], consent: boolean): Promise<QueueItem> {
    const status: NeedOnRecord['status'] = consent ? 'owed' : 'declined';
    const set = Object.fromEntries(
      needs.map((n) => [`summary.needsOnRecord.${n.id}`, { label: n.label, status } satisfies NeedOnRecord]),
    );
    return this.apply(id, set as Partial<QueueItem>, {
      at: this.now(),
      by: 'Front Door',
      action: consent ? 'communication needs to go on the record' : 'communication needs not for the record',
      note: `${needs.map((n) => n.label).join('; ')}: ${consent ? 'the patient agreed' : 'the patient said no'}`,
    });
  }

  /**
   * An item queued while the bot is still asking (issue 17: an assessment after "I'm getting the duty clinician", a
   * professional handover from its first fact) is rewritten here as each answer comes, so a person who stops answering
   * part-way leaves everything they said. The urgency only ever rises, with the earlier deadline; a 999 outcome records
   * the hand-over to 999 as a new 999 item would. `settle` ends the provisional state. `note` says what was added.
   */
  async updateSummary(
    id: string,
    summary: QueueSummary,
    disposition: Disposition,
    note: string,
    update: SummaryUpdate = {},
  ): Promise<QueueItem> {
    const item = await this.mustFind(id);
    // Field by field, not the whole summary: what other writers added since (the contact route and call-back number,
    // communication needs and whether they are on the record) is not in the dialog's summary and must not be dropped.
    // A field not known yet stays absent, as on a new item, rather than stored null.
    const set: Record<string, unknown> = Object.fromEntries(
      Object.entries(withoutUndefined(summary)).map(([key, value]) => [`summary.${key}`, value]),
    );
    const was = item.disposition;
    const raised = isDisposition(was) ? moreUrgent(disposition, was) : disposition;
    const at = this.now();
    let deadline = item.deadline;
    if (raised !== was) {
      set.disposition = raised;
      deadline = minDate(deadline, this.deadlineFor(raised, at));
    }
    if (update.targetMinutes !== undefined) {
      deadline = minDate(deadline, new Date(item.createdAt.getTime() + update.targetMinutes * 60000));
    }
    if (deadline < item.deadline) set.deadline = deadline;
    const moved = update.service !== undefined && update.service !== item.service;
    if (moved) set.service = update.service;
    const what = item.provisional ?? (item.summary.contact.role === 'professional' ? 'handover' : 'assessment');
    const history: QueueEvent[] = [
      {
        at,
        by: 'Front Door',
        action: `${update.settle && item.provisional ? `${what}_settled` : `${what}_updated`}${raised !== was ? `_raised_to_${raised}` : ''}`,
        note: note.slice(0, 200),
      },
    ];
    if (moved)
      history.push({ at, by: 'Front Door', action: 'service_moved', note: `to ${update.service} (GP practice)` });
    // A professional's 999 finding is theirs to act on: only a patient or carer has been told to call 999.
    if (what === 'assessment' && raised === 'emergency_999' && was !== 'emergency_999') {
      history.push({ at, by: 'Front Door', action: 'handed_to_999', note: 'told to call 999 now' });
    }
    const updated = await this.model
      .findOneAndUpdate(
        { _id: id },
        {
          $set: { ...set, updatedAt: at },
          $push: { history: { $each: history } },
          ...(update.settle ? { $unset: { provisional: 1 } } : {}),
        },
        { returnDocument: 'after' },
      )
      .lean()
      .exec();
    if (!updated) throw new QueueTransitionError('not_found', 'No such queue item.');
    return updated;
  }

  /**
   * A professional wrote again after their handover was complete, or a patient or carer after their escalation: their
   * words go on the same item (its history, shown with the item), and consoles see it change, rather than a second
   * item (or the danger-sign questions again) for the same problem.
   */
  async addProfessionalMessage(id: string, text: string): Promise<QueueItem> {
    const at = this.now();
    return this.apply(id, { lastPatientMessageAt: at } as Partial<QueueItem>, {
      at,
      by: 'Front Door',
      action: 'added_after_handover',
      note: text.slice(0, 1000),
    });
  }

  /**
   * A red flag typed while a person has the conversation raises the item being worked: its disposition becomes the
   * more urgent of the two (and its deadline the earlier), the flag joins the summary's red flags, the history says
   * what happened, and `redFlagAlert` makes every console show and sound it. No new item is made: the person working
   * this one is already talking to the patient. A retried turn (same `turnKey`) raises once. Returns undefined when
   * the item is finished (there is nothing left to raise).
   */
  async raiseForRedFlag(
    id: string,
    flag: { id: string; category: string; disposition: Disposition },
    turnKey: string,
    told999: boolean,
  ): Promise<QueueItem | undefined> {
    const bot = { id: 'front-door-bot', name: 'front-door-bot' };
    const key = `${id}:red-flag:${turnKey}`;
    const lock = await this.locks.take(key, bot, this.now());
    if (!lock.won) return (await this.findById(id)) ?? undefined;
    try {
      return await this.raise(id, flag, told999, bot.id);
    } catch (err) {
      // A retry of the turn may try again.
      await this.locks.release(key, bot.id).catch(() => undefined);
      throw err;
    }
  }

  private async raise(
    id: string,
    flag: { id: string; category: string; disposition: Disposition },
    told999: boolean,
    by: string,
  ): Promise<QueueItem | undefined> {
    // Optimistic on the disposition read, so two flags at once cannot lower what the other raised.
    for (let attempt = 0; attempt < 5; attempt++) {
      const item = await this.mustFind(id);
      if (!OPEN_STATUSES.includes(item.status)) return undefined;
      const was = item.disposition;
      const disposition = isDisposition(was) ? moreUrgent(flag.disposition, was) : flag.disposition;
      const raised = disposition !== was;
      const at = this.now();
      const set: Record<string, unknown> = {
        redFlagAlert: { at, flag: flag.id, category: flag.category, disposition, raised, told999 },
        updatedAt: at,
      };
      const history: QueueEvent[] = [{ at, by, action: 'red_flag', note: flag.category }];
      if (raised) {
        set.disposition = disposition;
        const deadline = this.deadlineFor(disposition, at);
        if (deadline < item.deadline) set.deadline = deadline;
        history.push({ at, by, action: `raised_to_${disposition}` });
      }
      if (told999) history.push({ at, by, action: 'handed_to_999', note: 'told to call 999 now' });
      const updated = await this.model
        .findOneAndUpdate(
          { _id: id, disposition: was },
          { $set: set, $addToSet: { 'summary.redFlags': flag.id }, $push: { history: { $each: history } } },
          { returnDocument: 'after' },
        )
        .lean()
        .exec();
      if (updated) return updated;
    }
    throw new Error('Could not raise the queue item: its urgency kept changing');
  }

  /** The patient wrote while a person has the conversation: bump the change marker so consoles show it live. */
  async notePatientMessage(id: string): Promise<void> {
    const at = this.now();
    await this.model.updateOne({ _id: id }, { $set: { lastPatientMessageAt: at, updatedAt: at } }).exec();
  }

  private async finish(id: string, actor: Actor, outcome: Outcome): Promise<QueueItem> {
    const item = await this.mustBeHolder(id, actor, ['claimed', 'in_progress']);
    await this.decideFinal(item, actor, outcome.status);
    const set: Partial<QueueItem> =
      outcome.status === 'resolved'
        ? { status: 'resolved', outcomeCode: outcome.outcome.code, outcome: outcome.note }
        : { status: 'referred_on', referredTo: outcome.referredTo, outcome: outcome.note };
    if (!item.firstResponseAt) set.firstResponseAt = this.now();
    const note = [outcome.status === 'resolved' ? outcome.outcome.label : outcome.referredTo, outcome.note]
      .filter(Boolean)
      .join(': ');
    return this.apply(id, set, this.event(actor, outcome.status, note));
  }

  /**
   * Resolve, refer on and close end an item: exactly one of them may, even when clicked at once. They also end the
   * holder's claim, so a release or reassignment clicked at the same moment cannot slip in after the outcome.
   */
  private async decideFinal(item: QueueItem, actor: Actor, what: string): Promise<void> {
    await this.endClaim(item._id, item.claimGeneration ?? 0, actor, what);
    const lock = await this.locks.take(`${item._id}:final`, actor, this.now(), what);
    if (!lock.won) throw new QueueTransitionError('wrong_status', `Already finished by ${lock.holder.name}.`);
  }

  /** One way only for a claim generation to end (release, reassign or an outcome), decided by a unique-key insert. */
  private async endClaim(id: string, generation: number, actor: Actor, what: string): Promise<void> {
    const lock = await this.locks.take(`${id}:claim-end:${generation}`, actor, this.now(), what);
    if (!lock.won) {
      const done = lock.holder.what ? lock.holder.what.replace('_', ' ') : 'changed';
      throw new QueueTransitionError('already_taken', `Already ${done} by ${lock.holder.name}: reload the item.`);
    }
  }

  private async apply(
    id: string,
    set: Partial<QueueItem>,
    event: QueueEvent,
    unset: (keyof QueueItem)[] = [],
  ): Promise<QueueItem> {
    const updated = await this.model
      .findOneAndUpdate(
        { _id: id },
        {
          $set: { ...set, updatedAt: event.at },
          $push: { history: event },
          ...(unset.length ? { $unset: Object.fromEntries(unset.map((k) => [k, 1])) } : {}),
        },
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
