import { createHash, randomUUID } from 'node:crypto';
import type { Activity, ConversationAccount, TurnContext } from 'botbuilder';
import type { BotRuntime } from '../../bot/runtime';
import type { NotificationPort } from '../notify/notificationPort';
import type { PhoneContent } from './phoneContent';
import type { PhoneState } from './phoneState';
import { TwilioTurnAdapter } from './turnAdapter';
import { MAX_KEYPAD_CHOICES, readReplies, smsTwiml } from './twiml';
import { callerNumberOf, personIdFor } from './phoneNumbers';

/**
 * The SMS channel's BotAdapter. Replies to a text go back in the webhook's answer; anything sent later (a person at the
 * hub who has taken the conversation over) goes out through the notification port, to the number this conversation is
 * with, and so is also in the outbox.
 */
export class SmsAdapter extends TwilioTurnAdapter {
  constructor(
    private readonly state: PhoneState,
    private readonly notifications: NotificationPort,
  ) {
    super();
  }

  protected async sendProactive(context: TurnContext, activities: Partial<Activity>[]): Promise<void> {
    const conversation = await this.state.smsConversation(context.activity.conversation.id);
    if (!conversation) throw new Error('No SMS conversation with that id');
    for (const activity of activities) {
      if (activity.type !== 'message' || !activity.text) continue;
      await this.notifications.sendSms({
        to: conversation.number,
        body: activity.text,
        purpose: 'conversation.message',
        idempotencyKey: `sms:${conversation._id}:${activity.id ?? randomUUID()}`,
      });
    }
  }
}

/** One conversation per pair of numbers (the texter and our number), stable across texts and instances. */
export function smsConversationId(from: string, to: string): string {
  return `sms-${createHash('sha256').update(`${to}|${from}`).digest('hex').slice(0, 32)}`;
}

export interface SmsLineDeps {
  runtime: BotRuntime;
  adapter: SmsAdapter;
  state: PhoneState;
  content: PhoneContent;
  publicUrl: string;
}

/** Incoming texts: the same bot on channel 'sms'; a lone digit answers the last menu ("Reply 1 for …"). */
export class SmsLine {
  constructor(private readonly deps: SmsLineDeps) {}

  async received(params: Record<string, string>, turnId: string): Promise<string> {
    const from = params.From ?? '';
    const to = params.To ?? '';
    const id = smsConversationId(from, to);
    const previous = await this.deps.state.smsConversation(id);
    const body = (params.Body ?? '').trim();
    const digit = /^[1-9]$/.test(body) ? Number(body) : undefined;
    const text = (digit && previous?.choices[digit - 1]) || body;

    const activity: Partial<Activity> = {
      id: turnId,
      type: 'message',
      text,
      channelId: 'sms',
      serviceUrl: this.deps.publicUrl,
      timestamp: new Date(),
      conversation: { id, isGroup: false, conversationType: 'personal' } as ConversationAccount,
      from: { id: personIdFor('texter', from), name: 'texter', role: 'user' },
      recipient: { id: 'front-door', name: 'Front Door', role: 'bot' },
      channelData: {
        line: 'public',
        callerNumber: callerNumberOf(from),
        calledNumber: to,
        MessageSid: params.MessageSid,
      },
      locale: 'en-GB',
    };
    const { runtime, adapter } = this.deps;
    const replies = readReplies(await adapter.runTurn(activity, (context) => runtime.bot.run(context)));
    const choices = replies.choices.slice(0, MAX_KEYPAD_CHOICES);
    await this.deps.state.saveSmsConversation({
      _id: id,
      number: from,
      ourNumber: to,
      choices: choices.map((c) => c.value),
    });
    // A conversation in another language (issue 22) gets its reply menu in that language.
    const code = replies.locales.filter(Boolean).pop();
    const locale = runtime.bot.localeOf(code);
    return smsTwiml(
      replies.written,
      choices.map((c) => c.label),
      this.deps.content,
      locale && { language: locale.language, menus: locale.content.menus },
    );
  }
}
