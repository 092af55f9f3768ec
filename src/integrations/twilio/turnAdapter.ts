import { TurnContext, type Activity, type ResourceResponse } from 'botbuilder';
import { randomUUID } from 'node:crypto';
import { InProcessAdapter } from '../../bot/inProcessAdapter';

const REPLIES = Symbol('twilio.replies');

/**
 * Twilio answers a webhook with one document (TwiML), so a turn's replies are collected while the bot runs and rendered
 * once it has finished. What the bot sends outside a webhook (a coordinator writing after taking over) is proactive and
 * each channel decides how, or whether, it can deliver it.
 */
export abstract class TwilioTurnAdapter extends InProcessAdapter {
  /** Runs one turn through the middleware (transcript, handoff relay) and the bot; returns what the bot sent. */
  async runTurn(
    activity: Partial<Activity>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<Partial<Activity>[]> {
    const context = new TurnContext(this, activity);
    const replies: Partial<Activity>[] = [];
    context.turnState.set(REPLIES, replies);
    await this.runMiddleware(context, logic);
    return replies;
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const replies = context.turnState.get(REPLIES) as Partial<Activity>[] | undefined;
    const ids = activities.map((a) => ({ id: a.id ?? randomUUID() }));
    if (replies) replies.push(...activities.map((a, i) => ({ ...a, id: ids[i].id })));
    else await this.sendProactive(context, activities);
    return ids;
  }

  updateActivity(): Promise<void> {
    return Promise.reject(new Error('A phone call or a text message cannot be changed once sent.'));
  }

  deleteActivity(): Promise<void> {
    return Promise.reject(new Error('A phone call or a text message cannot be taken back once sent.'));
  }

  protected abstract sendProactive(context: TurnContext, activities: Partial<Activity>[]): Promise<void>;
}
