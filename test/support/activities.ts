import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder';

/** A Bot Framework message activity as a channel would POST it, asking for replies in the HTTP response. */
export function messageActivity(text: string, conversationId = randomUUID(), extra: Record<string, unknown> = {}) {
  return {
    type: 'message',
    id: randomUUID(),
    text,
    channelId: 'test',
    serviceUrl: 'http://localhost',
    conversation: { id: conversationId },
    from: { id: 'user-1', role: 'user' },
    recipient: { id: 'bot', role: 'bot' },
    deliveryMode: 'expectReplies',
    ...extra,
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary response shapes
export async function postJson(url: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** A web chat user's message as our Direct Line endpoint stores it before the turn (the log gives it its id). */
export const directLineMessage = (conversationId: string, text: string): Partial<Activity> => ({
  type: 'message',
  channelId: 'directline',
  conversation: { id: conversationId } as Activity['conversation'],
  from: { id: 'dl_user', name: '', role: 'user' },
  recipient: { id: 'front-door', name: 'Front Door', role: 'bot' },
  text,
  timestamp: new Date(),
});
