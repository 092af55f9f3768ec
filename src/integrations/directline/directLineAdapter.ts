import { TurnContext, type Activity, type ResourceResponse } from 'botbuilder';
import { InProcessAdapter } from '../../bot/inProcessAdapter';
import type { ActivityLog } from './activityLog';

export const BOT_ACCOUNT = { id: 'front-door', name: 'Front Door', role: 'bot' } as const;

/**
 * The bot's side of our Direct Line: a turn runs in-process when the client posts, and whatever the bot sends, in the
 * turn or later through continueConversation (a coordinator after a takeover), is appended to the conversation's
 * activity log in the store, where polling and WebSockets on every instance read it.
 */
export class DirectLineAdapter extends InProcessAdapter {
  constructor(
    private readonly log: ActivityLog,
    /** Called after activities are stored, so this instance's WebSockets deliver them without waiting for a poll. */
    private readonly stored: (conversationId: string) => void,
  ) {
    super();
  }

  async runTurn(activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const conversationId = context.activity.conversation.id;
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      // Pacing hints and invoke answers are for the channel, not for the person reading.
      if (activity.type === 'delay' || activity.type === 'invokeResponse') {
        responses.push({ id: '' });
        continue;
      }
      const stored = await this.log.append(conversationId, {
        ...activity,
        channelId: 'directline',
        from: { ...BOT_ACCOUNT, ...activity.from, role: 'bot' },
        recipient: activity.recipient ?? context.activity.from,
        timestamp: new Date(),
        replyToId: activity.replyToId ?? (context.activity.type === 'message' ? context.activity.id : undefined),
      });
      responses.push({ id: stored.id ?? '' });
    }
    this.stored(conversationId);
    return responses;
  }

  updateActivity(): Promise<void> {
    return Promise.reject(new Error('Front Door does not change a message once sent.'));
  }

  deleteActivity(): Promise<void> {
    return Promise.reject(new Error('Front Door does not take a message back once sent.'));
  }
}
