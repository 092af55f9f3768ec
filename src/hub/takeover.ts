import { EventFactory, MessageFactory, type Activity, type TurnContext } from 'botbuilder';
import type { Logger } from '../observability/logger';
import { referenceOf, type Handoff, type HandoffStore } from './handoffStore';
import type { HandoffRelay } from './handoffRelay';
import type { QueueItem } from './queueModel';
import type { TakeoverPrompts } from './takeoverPrompts';
import { QueueTransitionError, type Actor, type TriageQueue } from './triageQueue';

/**
 * A person from the hub taking over a live conversation, talking in it, and handing it back. Messages reach the
 * patient through the channel's own adapter (`continueConversationAsync` from the stored reference), so this works on
 * whichever instance the coordinator's request lands on. Each step also sends `handoff.status` (Bot Framework handoff
 * protocol): `accepted` when a person joins, `completed` when they hand back or finish.
 */
export class Takeover {
  constructor(
    private readonly queue: TriageQueue,
    private readonly store: HandoffStore,
    private readonly relay: HandoffRelay,
    private readonly prompts: TakeoverPrompts,
    private readonly botAppId: string,
    private readonly logger: Logger,
  ) {}

  /** The live conversation behind an item, if it can be taken over (web chat, SMS; not a finished phone call). */
  handoffFor(itemId: string): Promise<Handoff | null> {
    return this.store.forItem(itemId);
  }

  async begin(itemId: string, actor: Actor): Promise<QueueItem> {
    const handoff = await this.mustHaveHandoff(itemId);
    if (handoff.state === 'active' && handoff.staff?.id !== actor.id) {
      throw new QueueTransitionError('already_taken', `${handoff.staff?.name ?? 'Someone'} has already taken over.`);
    }
    const item = await this.queue.start(itemId, actor, 'took_over');
    // Active before the patient is told, so their first reply to the person is already relayed.
    await this.store.setState(handoff._id, 'active', actor);
    await this.deliver(handoff, (ctx) => [
      this.message('joined', actor),
      EventFactory.createHandoffStatus(ctx.activity.conversation, 'accepted'),
    ]);
    return item;
  }

  async say(itemId: string, actor: Actor, text: string): Promise<void> {
    const handoff = await this.mustHaveHandoff(itemId);
    if (handoff.state !== 'active' || handoff.staff?.id !== actor.id) {
      throw new QueueTransitionError('not_yours', 'Take over the conversation before writing in it.');
    }
    const message = MessageFactory.text(`${firstName(actor)}: ${text}`, text);
    message.channelData = { handoff: { from: 'staff', name: actor.name } };
    await this.deliver(handoff, () => [message]);
  }

  /** Back to the bot, which answers the patient's next message again. */
  async handBack(itemId: string, actor: Actor): Promise<QueueItem> {
    const handoff = await this.mustHaveHandoff(itemId);
    if (handoff.state !== 'active' || handoff.staff?.id !== actor.id) {
      throw new QueueTransitionError('not_yours', 'Only the person who took over can hand back.');
    }
    const item = await this.queue.start(itemId, actor, 'handed_back');
    await this.store.setState(handoff._id, 'ended');
    await this.deliver(handoff, (ctx) => [
      this.message('handedBack', actor),
      EventFactory.createHandoffStatus(ctx.activity.conversation, 'completed'),
    ]);
    return item;
  }

  /** After resolve / refer on / close: a conversation still held by a person is told it has finished. */
  async finished(itemId: string, actor: Actor): Promise<void> {
    const handoff = await this.store.forItem(itemId);
    if (handoff?.state !== 'active') return;
    await this.store.setState(handoff._id, 'ended');
    try {
      await this.deliver(handoff, (ctx) => [
        this.message('closed', actor),
        EventFactory.createHandoffStatus(ctx.activity.conversation, 'completed'),
      ]);
    } catch (err) {
      // The outcome is recorded; the goodbye not reaching a closed browser tab is not a failure of the outcome.
      this.logger.warn({ err, event: 'handoff.goodbye_failed' }, 'could not tell the patient the conversation ended');
    }
  }

  /**
   * After a release or reassignment: a conversation the previous holder had taken over goes back to the bot (the
   * patient is told, in that person's name), so nobody is left writing to a person who is no longer there. The new
   * holder takes it over again if they need to.
   */
  async claimEnded(itemId: string, previous: Actor): Promise<void> {
    const handoff = await this.store.forItem(itemId);
    if (handoff?.state !== 'active') return;
    await this.store.setState(handoff._id, 'ended');
    try {
      await this.deliver(handoff, (ctx) => [
        this.message('handedBack', previous),
        EventFactory.createHandoffStatus(ctx.activity.conversation, 'completed'),
      ]);
    } catch (err) {
      // The bot answers their next message either way; the notice not reaching a closed tab changes nothing.
      this.logger.warn({ err, event: 'handoff.release_notice_failed' }, 'could not tell the patient of the hand-back');
    }
  }

  private async mustHaveHandoff(itemId: string): Promise<Handoff> {
    const handoff = await this.store.forItem(itemId);
    if (!handoff) {
      throw new QueueTransitionError(
        'wrong_status',
        'There is no live conversation to take over for this item: call back instead.',
      );
    }
    return handoff;
  }

  private message(name: 'joined' | 'handedBack' | 'closed', actor: Actor): Partial<Activity> {
    const { text, speak } = this.prompts.render(name, firstName(actor));
    return MessageFactory.text(text, speak);
  }

  private async deliver(handoff: Handoff, build: (ctx: TurnContext) => Partial<Activity>[]): Promise<void> {
    const adapter = this.relay.adapterFor(handoff.adapterKind);
    if (!adapter) throw new Error(`No ${handoff.adapterKind} attached on this instance`);
    await adapter.continueConversationAsync(this.botAppId, referenceOf(handoff), async (ctx) => {
      await ctx.sendActivities(build(ctx));
    });
  }
}

function firstName(actor: Actor): string {
  return actor.name.split(' ')[0] || actor.name;
}
