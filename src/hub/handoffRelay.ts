import {
  TurnContext,
  type Activity,
  type BotAdapter,
  type ConversationReference,
  type Middleware,
  type StatePropertyAccessor,
} from 'botbuilder';
import type { Logger } from '../observability/logger';
import type { HandoffStore } from './handoffStore';
import type { TriageQueue } from './triageQueue';

const HANDOFF_INITIATE = 'handoff.initiate';

/**
 * Bot Framework handoff, bot side. Attached to every channel adapter (BotRuntime.attach):
 * - when the bot sends `handoff.initiate`, the conversation's reference is stored, so a coordinator on any instance can
 *   later continue it through the same kind of adapter;
 * - while a person has the conversation (state `active` in the store), the patient's messages do not reach the bot.
 *   The transcript logger, attached before this, has already recorded them for the console; the queue item's change
 *   marker is bumped so consoles refresh. An emergency red flag still reaches the bot, so the 999 instruction is never
 *   withheld while waiting for a person to read the message.
 * If the store cannot be read, the bot answers: failing to a bot reply is safer than a message nobody reads.
 *
 * A person can only take over a conversation in which the bot has sent `handoff.initiate` (the console needs the
 * reference stored then), so the conversation's own state remembers that it did, and only those conversations cost a
 * look in the handoff store on every message. The state is loaded once per turn and cached for the bot.
 */
export class HandoffRelay implements Middleware {
  private readonly adapters = new Map<string, BotAdapter>();

  constructor(
    private readonly store: HandoffStore,
    /** Set in the conversation's state once the bot has sent `handoff.initiate` in it. */
    private readonly handoffRequested: StatePropertyAccessor<boolean>,
    private readonly queue: TriageQueue,
    private readonly isEmergency: (text: string) => boolean,
    private readonly logger: Logger,
  ) {}

  /** Installs the relay on a channel adapter and remembers the adapter for proactive messages. */
  attachTo<T extends BotAdapter>(adapter: T): T {
    this.adapters.set(adapter.constructor.name, adapter);
    adapter.use(this);
    return adapter;
  }

  adapterFor(kind: string): BotAdapter | undefined {
    return this.adapters.get(kind);
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    if (await this.relayedToPerson(context)) return;
    context.onSendActivities(async (ctx, activities, send) => {
      const responses = await send();
      for (const activity of activities) await this.rememberHandoff(ctx, activity);
      return responses;
    });
    await next();
  }

  private async relayedToPerson(context: TurnContext): Promise<boolean> {
    const { type, channelId, conversation, text } = context.activity;
    if (type !== 'message' || !conversation?.id) return false;
    try {
      if (!(await this.handoffRequested.get(context, false))) return false;
      const handoff = await this.store.find(channelId, conversation.id);
      if (handoff?.state !== 'active' || this.isEmergency(text ?? '')) return false;
      await this.queue.notePatientMessage(handoff.queueItemId);
      return true;
    } catch (err) {
      this.logger.error({ err, event: 'handoff.relay_failed' }, 'handoff state unreadable; the bot answers');
      return false;
    }
  }

  private async rememberHandoff(context: TurnContext, activity: Partial<Activity>): Promise<void> {
    if (activity.type !== 'event' || activity.name !== HANDOFF_INITIATE) return;
    const queueItemId = (activity.value as { queueItemId?: string } | undefined)?.queueItemId;
    if (!queueItemId) return;
    const reference: Partial<ConversationReference> = TurnContext.getConversationReference(context.activity);
    try {
      await this.store.requested(reference, queueItemId, context.adapter.constructor.name);
      // Before the bot saves the turn's state, which it does last.
      await this.handoffRequested.set(context, true);
    } catch (err) {
      // The queue item still exists and can be called back; only the live takeover is lost.
      this.logger.error({ err, event: 'handoff.store_failed' }, 'could not store the handoff reference');
    }
  }
}
