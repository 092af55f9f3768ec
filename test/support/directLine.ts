import type { Activity } from 'botbuilder';
import WebSocket from 'ws';

// A port nobody is using now, so an app can be given PUBLIC_URL (and so its streamUrl) before it listens.
export { freePort } from '../../src/store/freePort';

// botframework-directlinejs is written for browsers: in Node it needs XMLHttpRequest and WebSocket from outside.
// eslint-disable-next-line @typescript-eslint/no-require-imports
Object.assign(globalThis, { XMLHttpRequest: require('xhr2') as unknown, WebSocket });
// eslint-disable-next-line @typescript-eslint/no-require-imports
const directLineJs = require('botframework-directlinejs') as typeof import('botframework-directlinejs');
export const { DirectLine, ConnectionStatus } = directLineJs;
export type DirectLineClient = InstanceType<typeof DirectLine>;

export interface ChatToken {
  token: string;
  conversationId: string;
  userId: string;
  expires_in: number;
}

export async function chatToken(base: string): Promise<ChatToken> {
  const res = await fetch(`${base}/api/chat/token`, { method: 'POST' });
  if (res.status !== 200) throw new Error(`token: ${res.status} ${await res.text()}`);
  return (await res.json()) as ChatToken;
}

/** Everything a client receives, with a way to wait for the activity that matches. */
export class Received {
  readonly activities: Activity[] = [];
  error: unknown;
  private waiters: { match: (a: Activity) => boolean; resolve: (a: Activity) => void }[] = [];

  constructor(client: DirectLineClient) {
    client.activity$.subscribe({
      next: (activity) => {
        this.activities.push(activity as Activity);
        for (const waiter of [...this.waiters]) {
          if (waiter.match(activity as Activity)) {
            this.waiters = this.waiters.filter((w) => w !== waiter);
            waiter.resolve(activity as Activity);
          }
        }
      },
      // Ending a client ends its stream with "conversation ended"; without a handler rxjs throws it at the process.
      error: (err: unknown) => (this.error = err),
    });
  }

  next(match: (a: Activity) => boolean, timeoutMs = 10000): Promise<Activity> {
    const already = this.activities.find(match);
    if (already) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(
          new Error(`no matching activity within ${timeoutMs} ms; got ${this.activities.map(describe).join(' | ')}`),
        );
      }, timeoutMs);
      const done = (a: Activity) => {
        clearTimeout(timer);
        resolve(a);
      };
      this.waiters.push({ match, resolve: done });
    });
  }

  botMessages(): Activity[] {
    return this.activities.filter((a) => a.type === 'message' && a.from.role === 'bot');
  }
}

export const fromBot = (a: Activity) => a.type === 'message' && a.from?.role === 'bot';
export const replyTo = (id: string) => (a: Activity) => fromBot(a) && a.replyToId === id;

export function post(client: DirectLineClient, userId: string, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    client.postActivity({ type: 'message', from: { id: userId }, text } as never).subscribe({
      next: (id: string) => resolve(id),
      error: (err: unknown) => reject(err instanceof Error ? err : new Error(String(err))),
    });
  });
}

function describe(a: Activity): string {
  return `${a.type}:${a.from?.role}:${(a.text ?? a.name ?? '').slice(0, 40)}`;
}

/** The client's watermark (private in its types): what a page would keep to resume the conversation later. */
export function watermarkOf(client: DirectLineClient): string {
  return (client as unknown as { watermark: string }).watermark;
}
