import type { Activity, PagedResult, TranscriptInfo, TranscriptStore } from 'botbuilder';
import { Schema, Types, type Connection, type mongo } from 'mongoose';
import { reviveTimestamps } from './channelTranscripts';
import { driverCollection } from './driverCollection';
import { modelOn } from './modelOn';

interface TranscriptActivityDocument {
  _id: Types.ObjectId;
  channelId: string;
  conversationId: string;
  timestamp: Date;
  /** JSON text: channelData may hold keys Mongo rejects, and the transcript must come back exactly as logged. */
  json: string;
}

interface TranscriptDocument {
  _id: string;
  channelId: string;
  conversationId: string;
  created: Date;
}

const activitySchema = new Schema<TranscriptActivityDocument>(
  {
    channelId: { type: String, required: true },
    conversationId: { type: String, required: true },
    timestamp: { type: Date, required: true },
    json: { type: String, required: true },
  },
  { versionKey: false, collection: 'transcript_activities' },
);
activitySchema.index({ channelId: 1, conversationId: 1, timestamp: 1, _id: 1 });

const transcriptSchema = new Schema<TranscriptDocument>(
  {
    _id: { type: String, required: true },
    channelId: { type: String, required: true },
    conversationId: { type: String, required: true },
    created: { type: Date, required: true },
  },
  { versionKey: false, collection: 'transcripts' },
);
transcriptSchema.index({ channelId: 1, _id: 1 });

const PAGE_SIZE = 20;
const DUPLICATE_KEY = 11000;
/** Conversations already recorded in `transcripts` by this process, to skip a write per activity. Bounded. */
const KNOWN_LIMIT = 10000;

/** botbuilder TranscriptStore on MongoDB: every activity in and out, for the hub and for "tell the story once". */
export class MongoTranscriptStore implements TranscriptStore {
  /** Written by every phone and SMS turn: see driverCollection. */
  private readonly activities: mongo.Collection<TranscriptActivityDocument>;
  private readonly transcripts: mongo.Collection<TranscriptDocument>;
  private readonly known = new Set<string>();
  private pending: {
    doc: Omit<TranscriptActivityDocument, '_id'>;
    resolve: () => void;
    reject: (err: unknown) => void;
  }[] = [];

  constructor(connection: Connection) {
    this.activities = driverCollection(modelOn(connection, 'TranscriptActivity', activitySchema));
    this.transcripts = driverCollection(modelOn(connection, 'Transcript', transcriptSchema));
  }

  /**
   * Logs one activity. botbuilder's TranscriptLoggerMiddleware logs a turn's activities one after another at the end
   * of the turn without waiting; the calls made together are written as one insert, which halves the store writes a
   * turn costs (the embedded store spends about a millisecond on each command, whatever its size).
   */
  logActivity(activity: Activity): Promise<void> {
    const channelId = activity.channelId;
    const conversationId = activity.conversation?.id;
    if (!channelId || !conversationId) {
      return Promise.reject(new Error('Transcript: activity has no channelId or conversation.id'));
    }
    const timestamp = activity.timestamp ? new Date(activity.timestamp) : new Date();
    return new Promise((resolve, reject) => {
      this.pending.push({
        doc: { channelId, conversationId, timestamp, json: JSON.stringify(activity) },
        resolve,
        reject,
      });
      if (this.pending.length === 1) process.nextTick(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending.splice(0);
    try {
      const firsts = new Map(batch.map(({ doc }) => [transcriptKey(doc.channelId, doc.conversationId), doc]));
      await Promise.all([
        this.activities.insertMany(
          batch.map(({ doc }) => ({ _id: new Types.ObjectId(), ...doc })),
          { ordered: true },
        ),
        ...[...firsts.values()].map((doc) => this.recordTranscript(doc.channelId, doc.conversationId, doc.timestamp)),
      ]);
      for (const { resolve } of batch) resolve();
    } catch (err) {
      for (const { reject } of batch) reject(err);
    }
  }

  async getTranscriptActivities(
    channelId: string,
    conversationId: string,
    continuationToken?: string,
    startDate?: Date,
  ): Promise<PagedResult<Activity>> {
    const filter: Record<string, unknown> = { channelId, conversationId };
    const after = continuationToken ? parseToken(continuationToken) : undefined;
    if (after) {
      filter.$or = [{ timestamp: { $gt: after.timestamp } }, { timestamp: after.timestamp, _id: { $gt: after.id } }];
    } else if (startDate) {
      filter.timestamp = { $gte: startDate };
    }
    const docs = await this.activities
      .find(filter)
      .sort({ timestamp: 1, _id: 1 })
      .limit(PAGE_SIZE + 1)
      .toArray();
    const page = docs.slice(0, PAGE_SIZE);
    const last = page[page.length - 1];
    return {
      items: page.map((doc) => reviveTimestamps(JSON.parse(doc.json) as Activity)),
      continuationToken: docs.length > PAGE_SIZE && last ? `${last.timestamp.getTime()}_${last._id.toHexString()}` : '',
    };
  }

  async listTranscripts(channelId: string, continuationToken?: string): Promise<PagedResult<TranscriptInfo>> {
    const filter: Record<string, unknown> = { channelId };
    if (continuationToken) filter._id = { $gt: continuationToken };
    const docs = await this.transcripts
      .find(filter)
      .sort({ _id: 1 })
      .limit(PAGE_SIZE + 1)
      .toArray();
    const page = docs.slice(0, PAGE_SIZE);
    return {
      items: page.map((doc) => ({ channelId: doc.channelId, id: doc.conversationId, created: doc.created })),
      continuationToken: docs.length > PAGE_SIZE ? page[page.length - 1]._id : '',
    };
  }

  /** Conversations whose first activity was logged at or after `since`. */
  async conversationsSince(since: Date): Promise<TranscriptInfo[]> {
    const docs = await this.transcripts
      .find({ created: { $gte: since } }, { projection: { channelId: 1, conversationId: 1, created: 1 } })
      .toArray();
    return docs.map((doc) => ({ channelId: doc.channelId, id: doc.conversationId, created: doc.created }));
  }

  async deleteTranscript(channelId: string, conversationId: string): Promise<void> {
    await Promise.all([
      this.activities.deleteMany({ channelId, conversationId }),
      this.transcripts.deleteOne({ _id: transcriptKey(channelId, conversationId) }),
    ]);
    this.known.delete(transcriptKey(channelId, conversationId));
  }

  private async recordTranscript(channelId: string, conversationId: string, created: Date): Promise<void> {
    const key = transcriptKey(channelId, conversationId);
    if (this.known.has(key)) return;
    try {
      await this.transcripts.updateOne(
        { _id: key },
        { $setOnInsert: { channelId, conversationId, created } },
        { upsert: true },
      );
    } catch (err) {
      // Two instances logging the first activities of one conversation at once: the other one recorded it.
      if ((err as { code?: number }).code !== DUPLICATE_KEY) throw err;
    }
    if (this.known.size >= KNOWN_LIMIT) this.known.clear();
    this.known.add(key);
  }
}

function transcriptKey(channelId: string, conversationId: string): string {
  return `${channelId}|${conversationId}`;
}

function parseToken(token: string): { timestamp: Date; id: Types.ObjectId } | undefined {
  const match = /^(\d+)_([0-9a-f]{24})$/.exec(token);
  if (!match) return undefined;
  return { timestamp: new Date(Number(match[1])), id: new Types.ObjectId(match[2]) };
}
