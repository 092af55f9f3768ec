import type { Activity } from 'botbuilder';
import { send } from './httpClient';

interface Started {
  token: string;
  conversationId: string;
}

/**
 * One web chat conversation spoken over our Direct Line REST API, as a polling client would: post, then read what came
 * after the watermark. A turn's latency is from sending to having the bot's reply in hand.
 */
export class ChatConversation {
  private watermark = '';

  private constructor(
    private readonly started: Started,
    private readonly userId: string,
  ) {}

  /** Gets a token from `base`, starts the conversation and returns it with the welcome. */
  static async start(base: string): Promise<{ conversation: ChatConversation; replies: Activity[] }> {
    const token = (await request('POST', `${base}/api/chat/token`)) as Started & { userId: string };
    const conversation = new ChatConversation(token, token.userId);
    await request('POST', `${base}/v3/directline/conversations`, conversation.headers(), {
      user: { id: token.userId },
    });
    return { conversation, replies: await conversation.read(base) };
  }

  /** Sends a message to `base` (any instance) and returns the bot's replies to it. */
  async say(base: string, text: string): Promise<Activity[]> {
    const posted = (await request(
      'POST',
      `${base}/v3/directline/conversations/${this.started.conversationId}/activities`,
      this.headers(),
      { type: 'message', from: { id: this.userId }, text, locale: 'en-GB' },
    )) as { id: string };
    return (await this.read(base)).filter((a) => a.replyToId === posted.id);
  }

  private async read(base: string): Promise<Activity[]> {
    const page = (await request(
      'GET',
      `${base}/v3/directline/conversations/${this.started.conversationId}/activities?watermark=${this.watermark}`,
      this.headers(),
    )) as { activities: Activity[]; watermark: string };
    this.watermark = page.watermark;
    return page.activities.filter((a) => a.type === 'message' && a.from.role === 'bot');
  }

  private headers() {
    return { authorization: `Bearer ${this.started.token}`, 'content-type': 'application/json' };
  }
}

/** A JSON request to our Direct Line; anything but 2xx is an error with the status and the start of the body. */
async function request(
  method: 'GET' | 'POST',
  url: string,
  headers: Record<string, string> = {},
  body?: unknown,
): Promise<unknown> {
  const res = await send(method, url, headers, body === undefined ? undefined : JSON.stringify(body));
  if (res.status >= 300) throw new Error(`${res.status} ${res.text.slice(0, 200)}`);
  return JSON.parse(res.text) as unknown;
}

/** The text of every reply, joined, for checking a turn went where it should. */
export const said = (replies: Activity[]) => replies.map((a) => a.text ?? '').join('\n');

/** The suggested actions offered by the last reply that has any. */
export const choices = (replies: Activity[]) =>
  [...replies]
    .reverse()
    .find((a) => a.suggestedActions?.actions.length)
    ?.suggestedActions?.actions.map((x) => String(x.value)) ?? [];
