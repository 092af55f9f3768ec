import type { Activity, PagedResult, TranscriptInfo, TranscriptStore } from 'botbuilder';
import type { MongoTranscriptStore } from './mongoTranscriptStore';

/**
 * A channel that already keeps every activity of its conversations, in order, where any instance can read them (our
 * Direct Line's activity log). Its transcripts are read from there instead of being written a second time.
 */
export interface ChannelTranscript {
  getTranscriptActivities(
    conversationId: string,
    continuationToken?: string,
    startDate?: Date,
  ): Promise<PagedResult<Activity>>;
  listTranscripts(continuationToken?: string): Promise<PagedResult<TranscriptInfo>>;
  deleteTranscript(conversationId: string): Promise<void>;
  /** Conversations started at or after `since`, for the hub's numbers. */
  conversationsSince(since: Date): Promise<TranscriptInfo[]>;
}

/**
 * The one transcript store the bot, the hub and the console use. Channels that keep their own record answer for their
 * conversations; every other channel's activities are logged by botbuilder's TranscriptLoggerMiddleware into the
 * transcript collections.
 */
export class ChannelTranscripts implements TranscriptStore {
  private readonly channels = new Map<string, ChannelTranscript>();

  constructor(private readonly logged: MongoTranscriptStore) {}

  /** The channel's adapter keeps its own record: read its transcripts from there. */
  register(channelId: string, transcript: ChannelTranscript): void {
    this.channels.set(channelId, transcript);
  }

  /** Whether the channel keeps its own record, so its adapter needs no transcript logger. */
  keepsOwnRecord(channelId: string): boolean {
    return this.channels.has(channelId);
  }

  logActivity(activity: Activity): Promise<void> {
    return this.logged.logActivity(activity);
  }

  getTranscriptActivities(
    channelId: string,
    conversationId: string,
    continuationToken?: string,
    startDate?: Date,
  ): Promise<PagedResult<Activity>> {
    const own = this.channels.get(channelId);
    return own
      ? own.getTranscriptActivities(conversationId, continuationToken, startDate)
      : this.logged.getTranscriptActivities(channelId, conversationId, continuationToken, startDate);
  }

  listTranscripts(channelId: string, continuationToken?: string): Promise<PagedResult<TranscriptInfo>> {
    const own = this.channels.get(channelId);
    return own ? own.listTranscripts(continuationToken) : this.logged.listTranscripts(channelId, continuationToken);
  }

  deleteTranscript(channelId: string, conversationId: string): Promise<void> {
    const own = this.channels.get(channelId);
    return own ? own.deleteTranscript(conversationId) : this.logged.deleteTranscript(channelId, conversationId);
  }

  /** Every channel's conversations started at or after `since`. */
  async conversationsSince(since: Date): Promise<TranscriptInfo[]> {
    const [logged, ...own] = await Promise.all([
      this.logged.conversationsSince(since),
      ...[...this.channels].map(async ([channelId, channel]) =>
        (await channel.conversationsSince(since)).map((info) => ({ ...info, channelId })),
      ),
    ]);
    // Logged before the channel kept its own record (an older release): counted once, from the channel's record.
    return [...logged.filter((info) => !this.channels.has(info.channelId)), ...own.flat()];
  }
}

/** Transcripts give timestamps as dates, as botbuilder's stores do; stored activities hold them as JSON text. */
export function reviveTimestamps(activity: Activity): Activity {
  if (activity.timestamp) activity.timestamp = new Date(activity.timestamp);
  if (activity.localTimestamp) activity.localTimestamp = new Date(activity.localTimestamp);
  return activity;
}
