import type { Activity } from 'botbuilder';
import type { QueueItem } from '../hub/queueModel';
import type { ChannelTranscripts } from '../store/channelTranscripts';

const MAX_TRANSCRIPT_PAGES = 50;

/** Every activity the transcript store holds for the item's conversation (optionally only those after `since`). */
export async function readTranscript(
  transcripts: ChannelTranscripts,
  item: Pick<QueueItem, 'conversation'>,
  since?: Date,
): Promise<Activity[]> {
  const activities: Activity[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_TRANSCRIPT_PAGES; page++) {
    const result = await transcripts.getTranscriptActivities(
      item.conversation.channelId,
      item.conversation.conversationId,
      token,
      since,
    );
    activities.push(...result.items);
    token = result.continuationToken || undefined;
    if (!token) break;
  }
  return activities;
}
