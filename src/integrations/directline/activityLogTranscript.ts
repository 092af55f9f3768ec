import type { Activity, PagedResult, TranscriptInfo } from 'botbuilder';
import { reviveTimestamps, type ChannelTranscript } from '../../store/channelTranscripts';
import type { ActivityLog } from './activityLog';
import { DIRECT_LINE_CHANNEL } from './directLineAdapter';

const PAGE_SIZE = 20;

/**
 * A web chat's transcript is its Direct Line activity log: every message in and out is already stored there in order,
 * with the server's timestamps, so logging each one again through botbuilder's transcript logger would only double
 * the writes of every turn. Continuation tokens are watermarks.
 */
export class ActivityLogTranscript implements ChannelTranscript {
  constructor(private readonly log: ActivityLog) {}

  async getTranscriptActivities(
    conversationId: string,
    continuationToken?: string,
    startDate?: Date,
  ): Promise<PagedResult<Activity>> {
    let watermark = /^\d{1,9}$/.test(continuationToken ?? '') ? Number(continuationToken) : 0;
    const items: Activity[] = [];
    for (;;) {
      const page = await this.log.since(conversationId, watermark, PAGE_SIZE);
      for (const activity of page.activities.map(reviveTimestamps)) {
        if (!startDate || (activity.timestamp && activity.timestamp >= startDate)) items.push(activity);
      }
      if (page.activities.length < PAGE_SIZE) return { items, continuationToken: '' };
      watermark = page.watermark;
      // Pages before `startDate` are skipped here rather than handed back empty.
      if (items.length) return { items, continuationToken: String(watermark) };
    }
  }

  async listTranscripts(continuationToken?: string): Promise<PagedResult<TranscriptInfo>> {
    const docs = await this.log.conversationsAfter(continuationToken || undefined, PAGE_SIZE + 1);
    const page = docs.slice(0, PAGE_SIZE);
    return {
      items: page.map((doc) => ({ channelId: DIRECT_LINE_CHANNEL, id: doc._id, created: doc.createdAt })),
      continuationToken: docs.length > PAGE_SIZE ? page[page.length - 1]._id : '',
    };
  }

  deleteTranscript(conversationId: string): Promise<void> {
    return this.log.forget(conversationId);
  }

  async conversationsSince(since: Date): Promise<TranscriptInfo[]> {
    const docs = await this.log.conversationsSince(since);
    return docs.map((doc) => ({ channelId: DIRECT_LINE_CHANNEL, id: doc._id, created: doc.createdAt }));
  }
}
