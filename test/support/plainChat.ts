import type { Activity } from 'botbuilder';

/**
 * A web chat conversation over plain HTTP (Direct Line 3.0: token, start, post, read from the watermark), for tests
 * that drive many chats at once against a process and want each turn's replies without a streaming client. A post
 * answers once the turn has run, so the replies are stored by the time it returns.
 */
export class PlainChat {
  private watermark = '0';

  private constructor(
    private readonly base: string,
    private readonly token: string,
    readonly conversationId: string,
    private readonly userId: string,
  ) {}

  static async start(base: string): Promise<PlainChat> {
    const issued = (await (await fetch(`${base}/api/chat/token`, { method: 'POST' })).json()) as {
      token: string;
      conversationId: string;
      userId: string;
    };
    const chat = new PlainChat(base, issued.token, issued.conversationId, issued.userId);
    const started = await fetch(`${base}/v3/directline/conversations`, { method: 'POST', headers: chat.headers() });
    if (started.status !== 201) throw new Error(`start: ${started.status}`);
    await chat.read();
    return chat;
  }

  /** Sends a message and returns the bot's replies to it. */
  async say(text: string): Promise<Activity[]> {
    const res = await fetch(`${this.base}/v3/directline/conversations/${this.conversationId}/activities`, {
      method: 'POST',
      headers: this.headers(),
      body: JSON.stringify({ type: 'message', from: { id: this.userId }, text }),
    });
    if (res.status !== 200) throw new Error(`post: ${res.status} ${await res.text()}`);
    return (await this.read()).filter((a) => a.from?.role === 'bot');
  }

  private async read(): Promise<Activity[]> {
    const res = await fetch(
      `${this.base}/v3/directline/conversations/${this.conversationId}/activities?watermark=${this.watermark}`,
      { headers: this.headers() },
    );
    const page = (await res.json()) as { activities: Activity[]; watermark: string };
    this.watermark = page.watermark;
    return page.activities;
  }

  private headers(): Record<string, string> {
    return { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' };
  }
}

/** The choices the bot offered in these replies (suggested actions), in order. */
export function choicesIn(replies: Activity[]): string[] {
  return replies.flatMap(
    (a) => a.suggestedActions?.actions.map((action) => String(action.value ?? action.title)) ?? [],
  );
}
