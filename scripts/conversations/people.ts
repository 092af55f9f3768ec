import type { Activity } from 'botbuilder';
import { DirectLine, Received, chatToken, fromBot, post, type DirectLineClient } from '../../test/support/directLine';
import {
  OUR_NUMBER,
  callParams,
  newCallSid,
  newMessageSid,
  postWebhook,
  type TwimlAnswer,
} from '../../test/support/twilioWebhooks';
import { smsConversationId } from '../../src/integrations/twilio/smsLine';

/** What the bot answered to one thing the person said, as that person's channel delivers it. */
export interface Answer {
  texts: string[];
  /** The phone line put the call through to someone (a <Dial>). */
  dialled: boolean;
  /** The channel has nothing more to take: the call was hung up or transferred. */
  ended: boolean;
}

/** A person on one channel, talking to the running service through the channel's real transport. */
export interface Person {
  readonly channelId: string;
  conversationId(): string;
  open(): Promise<Answer>;
  say(text: string): Promise<Answer>;
  close(): void;
}

const QUIET_MS = 350;

/** Web chat through Microsoft's Direct Line client (polling), as the chat page talks to the service. */
export class WebChatPerson implements Person {
  readonly channelId = 'directline';
  private client?: DirectLineClient;
  private received?: Received;
  private id = '';
  private userId = '';
  private seen = 0;

  constructor(private readonly base: string) {}

  conversationId() {
    return this.id;
  }

  async open(): Promise<Answer> {
    const token = await chatToken(this.base);
    this.id = token.conversationId;
    this.userId = token.userId;
    this.client = new DirectLine({
      domain: `${this.base}/v3/directline`,
      token: token.token,
      webSocket: false,
      pollingInterval: 200,
    });
    this.received = new Received(this.client);
    await this.received.next(fromBot, 15000);
    return this.settle();
  }

  async say(text: string): Promise<Answer> {
    const id = await post(this.client!, this.userId, text);
    await this.received!.next((a) => fromBot(a) && a.replyToId === id, 15000).catch(() => undefined);
    return this.settle();
  }

  close() {
    this.client?.end();
  }

  /** Everything the bot sends for a turn: its messages arrive over several polls, so wait for a quiet spell. */
  private async settle(): Promise<Answer> {
    let count = -1;
    while (count !== this.received!.activities.length) {
      count = this.received!.activities.length;
      await new Promise((r) => setTimeout(r, QUIET_MS));
    }
    const fresh = this.received!.activities.slice(this.seen);
    this.seen = this.received!.activities.length;
    const texts = fresh
      .filter(fromBot)
      .map((a: Activity) => a.text ?? '')
      .filter(Boolean);
    return { texts, dialled: false, ended: false };
  }
}

/** A caller on the phone line: Twilio's signed webhooks, speech answers to each <Gather>. */
export class CallerPerson implements Person {
  readonly channelId = 'voice';
  private readonly sid = newCallSid();
  private last?: TwimlAnswer;

  constructor(
    private readonly base: string,
    private readonly path = '/api/voice',
  ) {}

  conversationId() {
    return this.sid;
  }

  async open(): Promise<Answer> {
    return this.read((this.last = await postWebhook(this.base, this.path, callParams(this.sid))));
  }

  async say(text: string): Promise<Answer> {
    const gather = this.last?.first('Gather');
    if (!gather) return { texts: [], dialled: false, ended: true };
    const path = this.last!.pathOf(gather.getAttribute('action'));
    return this.read(
      (this.last = await postWebhook(this.base, path, callParams(this.sid, { SpeechResult: text, Confidence: '0.9' }))),
    );
  }

  close() {}

  private read(answer: TwimlAnswer): Answer {
    const dialled = !!answer.first('Dial');
    return { texts: answer.says, dialled, ended: dialled || !answer.first('Gather') };
  }
}

/** Someone texting the service's number: each text a signed webhook, the reply in the TwiML. */
export class TexterPerson implements Person {
  readonly channelId = 'sms';
  private static next = 0;
  private readonly from = `+4477009${String(10000 + TexterPerson.next++).slice(-5)}`;

  constructor(private readonly base: string) {}

  conversationId() {
    return smsConversationId(this.from, OUR_NUMBER);
  }

  async open(): Promise<Answer> {
    return { texts: [], dialled: false, ended: false };
  }

  async say(text: string): Promise<Answer> {
    const answer = await postWebhook(this.base, '/api/sms', {
      MessageSid: newMessageSid(),
      From: this.from,
      To: OUR_NUMBER,
      Body: text,
    });
    const texts = Array.from(answer.doc.getElementsByTagName('Message')).map((m) => m.textContent ?? '');
    return { texts, dialled: false, ended: false };
  }

  close() {}
}
