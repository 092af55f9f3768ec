import {
  TurnContext,
  type Activity,
  type BotAdapter,
  type ConversationReference,
  type Middleware,
  type StatePropertyAccessor,
} from 'botbuilder';
import type { Logger } from '../observability/logger';
import type { RedFlagHit } from '../intents';
import type { Handoff, HandoffStore } from './handoffStore';
import type { TriageQueue } from './triageQueue';

const HANDOFF_INITIATE = 'handoff.initiate';

/**
 * Turn state set while the bot answers a red flag in a conversation a person has taken over: the item being worked,
 * which the relay raises, so the bot's 999 path must not make another item (dialogs/emergency.ts).
 */
export const TAKEN_OVER_ITEM = Symbol('takenOverItem');

/** The red-flag screen as the relay needs it: the most urgent emergency or 2-hour flag in a message, if any. */
export type RedFlagOf = (text: string) => Pick<RedFlagHit, 'id' | 'category' | 'disposition'> | undefined;

/**
 * Bot Framework handoff, bot side. Attached to every channel adapter (BotRuntime.attach):
 * - when the bot sends `handoff.initiate`, the conversation's reference is stored, so a coordinator on any instance can
 *   later continue it through the same kind of adapter;
 * - while a person has the conversation (state `active` in the store), the patient's messages do not reach the bot.
 *   The transcript logger, attached before this, has already recorded them for the console; the queue item's change
 *   marker is bumped so consoles refresh.
 * - a red flag typed while a person has the conversation raises the item being worked (TriageQueue.raiseForRedFlag:
 *   urgency up, an alert every console shows and sounds), never a new item with the old problem. An emergency from a
 *   patient or carer still reaches the bot first, so the 999 instruction is never withheld while waiting for a person
 *   to read the message; the item is raised after it is sent. A 2-hour flag, or a professional's 999 finding (the
 *   professional is with the patient and acts on it), goes to the person, with the alert.
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
    private readonly redFlagOf: RedFlagOf,
    /** Whether the sender is a health professional (the professional line, or the role they chose). */
    private readonly isProfessional: (context: TurnContext) => Promise<boolean>,
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
    const handoff = await this.activeHandoff(context);
    const flag = handoff ? this.redFlagOf(context.activity.text ?? '') : undefined;
    if (handoff && !flag) {
      await this.relay(handoff, () => this.queue.notePatientMessage(handoff.queueItemId));
      return;
    }
    if (handoff && flag) {
      const botAnswers = flag.disposition === 'emergency_999' && !(await this.professional(context));
      if (!botAnswers) {
        // To the person, with the item raised; if that cannot be stored, the bot answers the flag as it would anyway.
        if (await this.relay(handoff, () => this.raise(context, handoff, flag, false))) return;
      } else {
        context.turnState.set(TAKEN_OVER_ITEM, handoff.queueItemId);
        try {
          await this.runBot(context, next);
        } finally {
          await this.raise(context, handoff, flag, true).catch((err: Error) =>
            this.logger.error({ err, event: 'handoff.raise_failed' }, 'could not raise the item being worked'),
          );
        }
        return;
      }
    }
    await this.runBot(context, next);
  }

  private async runBot(context: TurnContext, next: () => Promise<void>): Promise<void> {
    context.onSendActivities(async (ctx, activities, send) => {
      const responses = await send();
      for (const activity of activities) await this.rememberHandoff(ctx, activity);
      return responses;
    });
    await next();
  }

  /** The live takeover of this conversation, if a person has it; undefined (the bot answers) if unreadable. */
  private async activeHandoff(context: TurnContext): Promise<Handoff | undefined> {
    const { type, channelId, conversation } = context.activity;
    if (type !== 'message' || !conversation?.id) return undefined;
    try {
      if (!(await this.handoffRequested.get(context, false))) return undefined;
      const handoff = await this.store.find(channelId, conversation.id);
      return handoff?.state === 'active' ? handoff : undefined;
    } catch (err) {
      this.logger.error({ err, event: 'handoff.relay_failed' }, 'handoff state unreadable; the bot answers');
      return undefined;
    }
  }

  /** Keeps the message from the bot after `write` stores what the console needs; false (the bot answers) if it fails. */
  private async relay(handoff: Handoff, write: () => Promise<unknown>): Promise<boolean> {
    try {
      await write();
      return true;
    } catch (err) {
      this.logger.error(
        { err, event: 'handoff.relay_failed', queueItemId: handoff.queueItemId },
        'could not record the relayed message; the bot answers',
      );
      return false;
    }
  }

  private async professional(context: TurnContext): Promise<boolean> {
    try {
      return await this.isProfessional(context);
    } catch {
      // Unknown: treat as a patient, who is told to call 999.
      return false;
    }
  }

  private async raise(
    context: TurnContext,
    handoff: Handoff,
    flag: NonNullable<ReturnType<RedFlagOf>>,
    told999: boolean,
  ): Promise<void> {
    const turnKey = context.activity.id ?? `${context.activity.conversation.id}:${Date.now()}`;
    const item = await this.queue.raiseForRedFlag(handoff.queueItemId, flag, turnKey, told999);
    this.logger.warn(
      { event: 'handoff.red_flag', queueItemId: handoff.queueItemId, flag: flag.id, raised: !!item, told999 },
      'red flag during a takeover: the item being worked is raised',
    );
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
