import type { Activity } from 'botbuilder';
import { mongo, Schema, type Connection, type Model } from 'mongoose';
import { driverCollection } from '../../store/driverCollection';
import { modelOn } from '../../store/modelOn';

interface ConversationDocument {
  _id: string;
  userId: string;
  createdAt: Date;
  endedAt?: Date;
}

interface ActivityDocument {
  /** `<conversationId>|<sequence, 7 digits>`: also the activity id clients see, as Azure's Direct Line does. */
  _id: string;
  conversationId: string;
  seq: number;
  /** JSON text, so any key a client or the bot uses (`$type`, dots) survives every backend. */
  activity: string;
  createdAt: Date;
}

const conversationSchema = new Schema<ConversationDocument>(
  { _id: String, userId: { type: String, required: true }, createdAt: { type: Date, required: true }, endedAt: Date },
  { versionKey: false, collection: 'directline_conversations' },
);

const activitySchema = new Schema<ActivityDocument>(
  {
    _id: String,
    conversationId: { type: String, required: true },
    seq: { type: Number, required: true },
    activity: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'directline_activities' },
);
activitySchema.index({ conversationId: 1, seq: 1 });

const DUPLICATE_KEY = 11000;
/** How long this instance reuses a conversation it has read (existence and whether it ended). */
const CONVERSATION_CACHE_MS = 5000;
/** Activity ids asked for in one query when reading a page. */
const PAGE_WINDOW = 16;
/** The most ids asked for in one query when looking for the newest (the embedded store pushes up to 500 down). */
const MAX_HEAD_WINDOW = 256;
/** Heads remembered per instance; beyond this the oldest are forgotten and found again by probing. */
const HEAD_HINTS = 20000;
/** Conversations whose newest stored activities this instance keeps until a client reads them (see `fresh`). */
const FRESH_CONVERSATIONS = 1000;
/** The most activities kept per conversation for that: a turn's message and replies are a handful. */
const FRESH_PER_CONVERSATION = 32;

export interface ActivityPage {
  activities: Activity[];
  /** The sequence of the last activity returned, or the watermark asked for when there is nothing new. */
  watermark: number;
}

export const activityIdOf = (conversationId: string, seq: number) =>
  `${conversationId}|${String(seq).padStart(7, '0')}`;

/** The sequence number in an id made by activityIdOf, or undefined for any other id. */
export const sequenceOf = (activityId: string | undefined): number | undefined => {
  const match = /\|(\d{7,})$/.exec(activityId ?? '');
  return match ? Number(match[1]) : undefined;
};

/**
 * The Direct Line conversations and their activities, in the store, so any instance can answer any request.
 *
 * Each activity has a per-conversation sequence number, which is also the watermark. Sequence numbers are allocated by
 * inserting `<conversation>|<n+1>` (a unique `_id`: atomic on every backend, where `$inc` is not on the embedded
 * store), so they are gap-free: n+1 is only ever tried once n exists. Everything is read by `_id`: the newest sequence
 * is found by galloping over point lookups, and a page of activities is the next ids asked for together.
 */
export class ActivityLog {
  private readonly conversations: Model<ConversationDocument>;
  /** Every post and read of every chat comes here: see driverCollection. */
  private readonly activities: mongo.Collection<ActivityDocument>;
  private readonly heads = new Map<string, number>();
  private readonly recentConversations = new Map<string, { at: number; doc: ConversationDocument }>();
  /** Per conversation, activities this instance has just stored, by sequence, as the JSON text stored: see `fresh`. */
  private readonly unread = new Map<string, Map<number, string>>();
  /** The conversations whose new activities are kept for `fresh`: those a WebSocket here follows. None by default. */
  keepFreshFor: (conversationId: string) => boolean = () => false;

  constructor(connection: Connection) {
    this.conversations = modelOn(connection, 'DirectLineConversation', conversationSchema);
    const activities = modelOn(connection, 'DirectLineActivity', activitySchema);
    this.activities = driverCollection(activities);
  }

  /** Creates the conversation once; a second start (another instance, a retry) finds it. */
  async start(conversationId: string, userId: string, now = new Date()): Promise<'created' | 'exists'> {
    try {
      const doc = { _id: conversationId, userId, createdAt: now };
      await this.conversations.create([doc]);
      // The first post follows at once: it need not read back what was just written.
      this.keepConversation(doc);
      return 'created';
    } catch (err) {
      if ((err as { code?: number }).code === DUPLICATE_KEY) return 'exists';
      throw err;
    }
  }

  /**
   * The conversation, as seen at most CONVERSATION_CACHE_MS ago: every post checks it exists and has not ended, and
   * a chat ended on another instance may take a message for that long more, which the bot simply answers.
   */
  async conversation(conversationId: string, now = Date.now()): Promise<ConversationDocument | null> {
    const cached = this.recentConversations.get(conversationId);
    if (cached && now - cached.at < CONVERSATION_CACHE_MS) return cached.doc;
    const doc = await this.conversations.findById(conversationId).lean().exec();
    if (doc) this.keepConversation(doc, now);
    return doc;
  }

  private keepConversation(doc: ConversationDocument, now = Date.now()): void {
    this.recentConversations.delete(doc._id);
    this.recentConversations.set(doc._id, { at: now, doc });
    if (this.recentConversations.size > HEAD_HINTS) {
      this.recentConversations.delete(this.recentConversations.keys().next().value as string);
    }
  }

  async end(conversationId: string, now = new Date()): Promise<void> {
    this.recentConversations.delete(conversationId);
    await this.conversations.updateOne({ _id: conversationId }, { $set: { endedAt: now } }).exec();
  }

  /** Conversations in id order after `after`, at most `limit`. */
  async conversationsAfter(after: string | undefined, limit: number): Promise<ConversationDocument[]> {
    return this.conversations
      .find(after ? { _id: { $gt: after } } : {})
      .sort({ _id: 1 })
      .limit(limit)
      .lean()
      .exec();
  }

  /** Conversations started at or after `since`. */
  async conversationsSince(since: Date): Promise<Pick<ConversationDocument, '_id' | 'createdAt'>[]> {
    return this.conversations
      .find({ createdAt: { $gte: since } }, { _id: 1, createdAt: 1 })
      .lean()
      .exec();
  }

  /** Removes a conversation and every activity in it. */
  async forget(conversationId: string): Promise<void> {
    await this.activities.deleteMany({ conversationId });
    await this.conversations.deleteOne({ _id: conversationId }).exec();
    this.recentConversations.delete(conversationId);
    this.heads.delete(conversationId);
    this.unread.delete(conversationId);
  }

  /** Appends one activity at the next sequence number and returns it with its id. */
  async append(conversationId: string, activity: Partial<Activity>, now = new Date()): Promise<Activity> {
    return (await this.appendAll(conversationId, [activity], now))[0];
  }

  /** Appends activities, in order, at the next sequence numbers. */
  async appendAll(conversationId: string, activities: Partial<Activity>[], now = new Date()): Promise<Activity[]> {
    const seq = (this.heads.get(conversationId) ?? (await this.head(conversationId, 0))) + 1;
    return this.appendFrom(conversationId, seq, activities, now);
  }

  /**
   * Appends activities in order from sequence `seq` with one insert, the ids they were given kept when those numbers
   * are still free. If another writer took one of them meanwhile, the rest follow it at the next free numbers, with
   * new ids: the log's order is always the order things were stored in.
   */
  async appendFrom(
    conversationId: string,
    seq: number,
    activities: Partial<Activity>[],
    now = new Date(),
  ): Promise<Activity[]> {
    const stored: Activity[] = [];
    let next = seq;
    let rest = activities;
    while (rest.length) {
      const batch = rest.map((activity, i) => {
        const id = activityIdOf(conversationId, next + i);
        return { ...activity, id, conversation: { ...activity.conversation, id: conversationId } } as Activity;
      });
      let inserted = batch.length;
      const docs = batch.map((activity, i) => ({
        _id: activity.id!,
        conversationId,
        seq: next + i,
        activity: JSON.stringify(activity),
        createdAt: now,
      }));
      try {
        await this.activities.insertMany(docs, { ordered: true });
      } catch (err) {
        if (!(err instanceof mongo.MongoBulkWriteError) || err.code !== DUPLICATE_KEY) throw err;
        inserted = err.insertedCount;
      }
      stored.push(...batch.slice(0, inserted));
      if (inserted) this.remember(conversationId, next + inserted - 1);
      this.keepUnread(conversationId, docs.slice(0, inserted));
      rest = rest.slice(inserted);
      // Another writer took the next number: find the real head from there and go on after it.
      if (rest.length) next = (await this.head(conversationId, next + inserted)) + 1;
    }
    return stored;
  }

  /**
   * Activities after `watermark`, oldest first, at most `limit`. One query asks for the next ids by `_id $in` (an index
   * lookup on MongoDB and on the patched embedded store); the run stops at the first number missing.
   */
  async since(conversationId: string, watermark: number, limit = 100): Promise<ActivityPage> {
    const activities: Activity[] = [];
    let seq = watermark;
    while (activities.length < limit) {
      const want = Math.min(PAGE_WINDOW, limit - activities.length);
      const ids = Array.from({ length: want }, (_, i) => activityIdOf(conversationId, seq + 1 + i));
      const docs = await this.activities.find({ _id: { $in: ids } }, { projection: { seq: 1, activity: 1 } }).toArray();
      const bySeq = new Map(docs.map((doc) => [doc.seq, doc]));
      let found = 0;
      while (bySeq.has(seq + 1)) {
        activities.push(JSON.parse(bySeq.get(seq + 1)!.activity) as Activity);
        seq++;
        found++;
      }
      if (found < want) break;
    }
    if (activities.length) this.remember(conversationId, seq);
    return { activities, watermark: seq };
  }

  /**
   * Activities after `watermark` that this instance stored and no client has read from it yet, oldest first, without
   * reading the store; undefined if it has not got the one right after `watermark`. Once handed out they are forgotten.
   *
   * What is returned is exactly what is stored (an id is written once and never changed), but it may not be all there
   * is: another instance may have stored more after them (a coordinator's message, a turn served there). So this is
   * only for a WebSocket, whose next poll goes on from the watermark returned (what other instances store reaches it
   * within a poll, as before), never for a GET (a client that posted elsewhere must see its post) or a reader that
   * needs every activity (the transcript).
   */
  fresh(conversationId: string, watermark: number, limit = 100): ActivityPage | undefined {
    const kept = this.unread.get(conversationId);
    if (!kept?.has(watermark + 1)) return undefined;
    const activities: Activity[] = [];
    let seq = watermark;
    while (activities.length < limit && kept.has(seq + 1)) {
      activities.push(JSON.parse(kept.get(seq + 1)!) as Activity);
      seq++;
    }
    for (const n of kept.keys()) if (n <= seq) kept.delete(n);
    if (!kept.size) this.unread.delete(conversationId);
    return { activities, watermark: seq };
  }

  private keepUnread(conversationId: string, docs: { seq: number; activity: string }[]): void {
    if (!docs.length || !this.keepFreshFor(conversationId)) return;
    const kept = this.unread.get(conversationId) ?? new Map<number, string>();
    this.unread.delete(conversationId);
    this.unread.set(conversationId, kept);
    for (const doc of docs) kept.set(doc.seq, doc.activity);
    // Oldest first out: a client that never reads leaves at most this much behind.
    for (const n of kept.keys()) {
      if (kept.size <= FRESH_PER_CONVERSATION) break;
      kept.delete(n);
    }
    if (this.unread.size > FRESH_CONVERSATIONS) this.unread.delete(this.unread.keys().next().value as string);
  }

  /**
   * The newest sequence number at or after `known` (which must exist, or be 0). The next ids are asked for together, in
   * windows that double while every id asked for exists: after another instance wrote a turn (a message and its
   * replies), one query finds the head, where probing one id at a time took four or five.
   */
  private async head(conversationId: string, known: number): Promise<number> {
    let low = known;
    for (let window = PAGE_WINDOW; ; window = Math.min(window * 2, MAX_HEAD_WINDOW)) {
      const ids = Array.from({ length: window }, (_, i) => activityIdOf(conversationId, low + 1 + i));
      const found = new Set(
        (await this.activities.find({ _id: { $in: ids } }, { projection: { seq: 1 } }).toArray()).map((d) => d.seq),
      );
      const before = low;
      while (found.has(low + 1)) low++;
      if (low < before + window) return low;
    }
  }

  /** The last sequence number this instance knows the conversation has, 0 if none. */
  knownHead(conversationId: string): number {
    return this.heads.get(conversationId) ?? 0;
  }

  private remember(conversationId: string, seq: number): void {
    if ((this.heads.get(conversationId) ?? 0) >= seq) return;
    this.heads.delete(conversationId);
    this.heads.set(conversationId, seq);
    if (this.heads.size > HEAD_HINTS) this.heads.delete(this.heads.keys().next().value as string);
  }
}
