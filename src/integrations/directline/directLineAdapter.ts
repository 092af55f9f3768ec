import { TurnContext, type Activity, type ResourceResponse } from 'botbuilder';
import { InProcessAdapter } from '../../bot/inProcessAdapter';
import type { KeptState } from '../../store/stateCache';
import { activityIdOf, sequenceOf, type ActivityLog } from './activityLog';

export const BOT_ACCOUNT = { id: 'front-door', name: 'Front Door', role: 'bot' } as const;
export const DIRECT_LINE_CHANNEL = 'directline';

/** The replies of a turn in progress, stored together when the turn ends. */
interface TurnReplies {
  conversationId: string;
  /** The sequence number the first reply is stored at if nobody else writes to the conversation meanwhile. */
  first: number;
  pending: Partial<Activity>[];
  open: boolean;
}

const TURN_REPLIES = Symbol('directline.turnReplies');

function nextAfter(activityId: string | undefined): number | undefined {
  const seq = sequenceOf(activityId);
  return seq === undefined ? undefined : seq + 1;
}

/**
 * The bot's side of our Direct Line: a turn runs in-process when the client posts, and whatever the bot sends, in the
 * turn or later through continueConversation (a coordinator after a takeover), is appended to the conversation's
 * activity log in the store, where polling and WebSockets on every instance read it.
 *
 * A turn's replies are stored with one insert when the turn ends, before the post is answered: a turn usually sends two
 * or three, and the store's cost is per command, not per document. Each reply's id is the next number after the
 * message it answers; if another writer (a coordinator, a second tab) takes one of those numbers during the turn, the
 * replies are stored after it under the next free numbers instead, so the log keeps the order things were stored in.
 *
 * The same numbers tell a turn whether it may start from the bot state this instance wrote in its previous turn of the
 * conversation (`keptState`), saving a read of the store. Every turn begins by storing the message it answers, at the
 * next free number (a unique-key insert, atomic on every backend). So if this instance's previous turn stored its
 * message and replies at n..m with nothing in between, and the new message went in at m + 1, no other turn of this
 * conversation began anywhere in between, and nothing else writes a conversation's bot state. Otherwise, or if the
 * turn fails or overlaps another turn of the same conversation here, the state is read from the store as before.
 * The welcome of a conversation just created here (replies from 1: its message is at 0) is told nothing is stored.
 */
export class DirectLineAdapter extends InProcessAdapter {
  constructor(
    private readonly log: ActivityLog,
    /** Called after activities are stored, so this instance's WebSockets deliver them without waiting for a poll. */
    private readonly stored: (conversationId: string) => void,
    private readonly keptState?: KeptState,
  ) {
    super();
  }

  /**
   * Runs the bot on an activity, then stores what it sent. The replies are numbered from `firstReply`: by default the
   * number after the activity's own, for an activity already in the log; the welcome of a conversation just created,
   * whose log is empty, starts at 1.
   */
  async runTurn(
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
    firstReply = nextAfter(activity.id),
  ): Promise<void> {
    const context = new TurnContext(this, activity);
    const replies: TurnReplies | undefined =
      firstReply === undefined
        ? undefined
        : { conversationId: activity.conversation.id, first: firstReply, pending: [], open: true };
    if (replies) context.turnState.set(TURN_REPLIES, replies);
    const key = replies && this.keptState?.keyOf(context);
    const cache = key ? this.keptState!.cache : undefined;
    // The message this turn answers is at firstReply - 1.
    cache?.beginTurn(key!, firstReply! - 1);
    let ranToEnd = false;
    let repliesStored = false;
    try {
      await this.runMiddleware(context, async (turn) => {
        await logic(turn);
        ranToEnd = true;
      });
    } finally {
      try {
        if (replies) await this.storeReplies(replies);
        repliesStored = true;
      } finally {
        // Where the turn ends if nothing else was stored meanwhile. If something was, its number put the next message
        // further on than the position after this one, so the next turn will not be served the state anyway.
        const last = replies && replies.first + replies.pending.length - 1;
        cache?.endTurn(key!, ranToEnd && repliesStored ? last : undefined);
      }
    }
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const conversationId = context.activity.conversation.id;
    const outgoing = activities.map((activity) =>
      // Pacing hints and invoke answers are for the channel, not for the person reading.
      activity.type === 'delay' || activity.type === 'invokeResponse'
        ? undefined
        : {
            ...activity,
            channelId: DIRECT_LINE_CHANNEL,
            from: { ...BOT_ACCOUNT, ...activity.from, role: 'bot' as const },
            recipient: activity.recipient ?? context.activity.from,
            timestamp: new Date(),
            replyToId: activity.replyToId ?? (context.activity.type === 'message' ? context.activity.id : undefined),
          },
    );
    const toStore = outgoing.filter((a) => a !== undefined);

    const replies = context.turnState.get(TURN_REPLIES) as TurnReplies | undefined;
    if (replies?.open) {
      let next = replies.first + replies.pending.length;
      replies.pending.push(...toStore);
      return outgoing.map((a) => ({ id: a ? activityIdOf(conversationId, next++) : '' }));
    }

    // Outside a turn (continueConversation) or after it: stored now.
    const stored = toStore.length ? await this.log.appendAll(conversationId, toStore) : [];
    if (stored.length) this.stored(conversationId);
    let i = 0;
    return outgoing.map((a) => ({ id: a ? (stored[i++].id ?? '') : '' }));
  }

  private async storeReplies(replies: TurnReplies): Promise<void> {
    replies.open = false;
    if (!replies.pending.length) return;
    await this.log.appendFrom(replies.conversationId, replies.first, replies.pending);
    this.stored(replies.conversationId);
  }

  updateActivity(): Promise<void> {
    return Promise.reject(new Error('Front Door does not change a message once sent.'));
  }

  deleteActivity(): Promise<void> {
    return Promise.reject(new Error('Front Door does not take a message back once sent.'));
  }
}
