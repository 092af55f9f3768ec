import type { Activity } from 'botbuilder';
import WebSocket from 'ws';
import { startApp, type RunningApp } from '../../src/app';
import { ChatTokens } from '../../src/integrations/directline/chatTokens';
import { createLogger } from '../../src/observability/logger';
import { testConfig } from '../support/appConfig';
import {
  ConnectionStatus,
  DirectLine,
  Received,
  chatToken,
  freePort,
  fromBot,
  post,
  replyTo,
  watermarkOf,
  type DirectLineClient,
} from '../support/directLine';

const logger = createLogger({ level: 'silent' });
const SESSION_SECRET = 'test-only-session-secret-0123456789abcdef';

/**
 * Our Direct Line 3.0 endpoint driven by Microsoft's own client, botframework-directlinejs, over WebSocket and over
 * polling, against the running server and the embedded store.
 */
describe('Direct Line with botframework-directlinejs', () => {
  let app: RunningApp;
  let base: string;
  const clients: DirectLineClient[] = [];
  const open = (options: ConstructorParameters<typeof DirectLine>[0]) => {
    const client = new DirectLine({ domain: `${base}/v3/directline`, ...options });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    app = await startApp(
      testConfig({ PORT: String(port), PUBLIC_URL: base, CHAT_RATE_PER_MINUTE: '12', STREAM_POLL_MS: '200' }),
      logger,
    );
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.end();
  });
  afterAll(() => app.stop());

  it.each([
    ['WebSocket', { webSocket: true }],
    ['polling', { webSocket: false, pollingInterval: 200 }],
  ])('starts a conversation, says hello and gets the bot reply (%s)', async (_name, mode) => {
    const { token, userId } = await chatToken(base);
    const client = open({ token, ...mode });
    const received = new Received(client);
    const welcome = await received.next(fromBot);
    expect(welcome.text).toMatch(/Front Door/);
    const choices = await received.next((a) => fromBot(a) && !!a.suggestedActions?.actions.length);
    expect(choices.speak).toBeTruthy();

    const id = await post(client, userId, 'hello');
    const reply = await received.next(replyTo(id));
    expect(reply.text).toBeTruthy();
    // The user's own message comes back too (Web Chat uses it to confirm delivery), with the id the post returned.
    await received.next((a) => a.id === id && a.from.role === 'user' && a.text === 'hello');
    expect(received.activities.map((a) => a.id)).toEqual([...new Set(received.activities.map((a) => a.id))]);
  });

  it('resumes a conversation from a watermark, receiving only what came after it', async () => {
    const { token, userId, conversationId } = await chatToken(base);
    const first = open({ token, webSocket: false, pollingInterval: 200 });
    const received = new Received(first);
    await received.next(fromBot);
    const id = await post(first, userId, 'I need to change my appointment');
    await received.next(replyTo(id));
    const watermark = watermarkOf(first);
    expect(Number(watermark)).toBeGreaterThanOrEqual(3);
    first.end();

    const again = open({ token, conversationId, watermark, webSocket: true });
    const later = new Received(again);
    const next = await post(again, userId, 'goodbye');
    await later.next(replyTo(next));
    expect(later.activities.some((a) => a.id === id)).toBe(false);
    expect(later.activities.every((a) => Number(a.id!.split('|')[1]) > Number(watermark))).toBe(true);
  });

  it('refreshes a token for the same conversation, and the new token works', async () => {
    const { token, conversationId, userId } = await chatToken(base);
    const client = open({ token, webSocket: false, pollingInterval: 200 });
    await new Received(client).next(fromBot);
    const res = await fetch(`${base}/v3/directline/tokens/refresh`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    const refreshed = (await res.json()) as { token: string; conversationId: string; expires_in: number };
    expect(refreshed).toMatchObject({ conversationId, expires_in: 1800 });
    expect(refreshed.token).not.toBe(token);

    const withNew = open({ token: refreshed.token, conversationId, webSocket: false, pollingInterval: 200 });
    const received = new Received(withNew);
    const id = await post(withNew, userId, 'hello');
    await received.next(replyTo(id));
  });

  it('refuses a token on another conversation, also through the client', async () => {
    const mine = await chatToken(base);
    const theirs = await chatToken(base);
    const theirClient = open({ token: theirs.token, webSocket: false, pollingInterval: 200 });
    await new Received(theirClient).next(fromBot);

    for (const [method, path] of [
      ['GET', `/conversations/${theirs.conversationId}`],
      ['GET', `/conversations/${theirs.conversationId}/activities`],
      ['POST', `/conversations/${theirs.conversationId}/activities`],
    ]) {
      const res = await fetch(`${base}/v3/directline${path}`, {
        method,
        headers: { authorization: `Bearer ${mine.token}`, 'content-type': 'application/json' },
        body: method === 'POST' ? JSON.stringify({ type: 'message', text: 'let me in' }) : undefined,
      });
      expect({ path, status: res.status, body: await res.json() }).toMatchObject({
        status: 403,
        body: { error: { code: 'Forbidden' } },
      });
    }

    const intruder = open({ token: mine.token, conversationId: theirs.conversationId, webSocket: false });
    const seen = new Received(intruder);
    const status = await new Promise<number>((resolve) => {
      intruder.connectionStatus$.subscribe((s) => {
        if (s === ConnectionStatus.ExpiredToken || s === ConnectionStatus.FailedToConnect) resolve(s);
      });
    });
    expect([ConnectionStatus.ExpiredToken, ConnectionStatus.FailedToConnect]).toContain(status);
    expect(seen.activities).toHaveLength(0);
  });

  it('refuses expired and forged tokens with 403, and a missing one with 401', async () => {
    const { conversationId, userId } = await chatToken(base);
    const anHourAgo = new ChatTokens(SESSION_SECRET, () => Date.now() - 3600 * 1000);
    const expired = anHourAgo.issue('conversation', conversationId, userId, 1800);
    const forged = new ChatTokens('someone-elses-secret-0123456789abcdef').issue(
      'conversation',
      conversationId,
      userId,
      1800,
    );
    const ask = (authorization?: string) =>
      fetch(`${base}/v3/directline/conversations`, {
        method: 'POST',
        headers: authorization ? { authorization } : {},
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { error: { code: string } } }));

    expect(await ask(`Bearer ${expired}`)).toMatchObject({ status: 403, body: { error: { code: 'TokenExpired' } } });
    expect(await ask(`Bearer ${forged}`)).toMatchObject({ status: 403, body: { error: { code: 'Forbidden' } } });
    expect(await ask()).toMatchObject({ status: 401, body: { error: { code: 'Unauthorized' } } });
    // A stream token is not a conversation token, even though the same key signed it.
    const stream = new ChatTokens(SESSION_SECRET).issue('stream', conversationId, userId, 60);
    expect(await ask(`Bearer ${stream}`)).toMatchObject({ status: 403 });
  });

  it('refuses a WebSocket without a valid stream token for that conversation', async () => {
    const mine = await chatToken(base);
    const theirs = await chatToken(base);
    const start = await fetch(`${base}/v3/directline/conversations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${theirs.token}` },
    });
    const { streamUrl } = (await start.json()) as { streamUrl: string };
    expect(streamUrl).toMatch(
      new RegExp(`^ws://127\\.0\\.0\\.1:\\d+/v3/directline/conversations/${theirs.conversationId}/stream\\?`),
    );

    const opened = (url: string) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(url);
        ws.on('open', () => {
          ws.close();
          resolve('open');
        });
        ws.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
        ws.on('error', () => resolve('error'));
      });
    expect(await opened(streamUrl)).toBe('open');
    const wrongConversation = streamUrl.replace(theirs.conversationId, mine.conversationId);
    expect(await opened(wrongConversation)).toBe('403');
    // A conversation token is not a stream token.
    expect(await opened(streamUrl.replace(/t=[^&]+/, `t=${encodeURIComponent(mine.token)}`))).toBe('403');
  });

  describe('bad input', () => {
    let token: string;
    let conversationId: string;
    const send = (body: unknown, auth = token) =>
      fetch(`${base}/v3/directline/conversations/${conversationId}/activities`, {
        method: 'POST',
        headers: { authorization: `Bearer ${auth}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then(async (r) => ({
        status: r.status,
        retryAfter: r.headers.get('retry-after'),
        body: (await r.json()) as { error?: { code: string; message: string }; id?: string },
      }));

    beforeEach(async () => {
      ({ token, conversationId } = await chatToken(base));
      await fetch(`${base}/v3/directline/conversations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
    });

    it('answers a malformed activity with 400 and says what is wrong', async () => {
      expect(await send({ type: 'installationUpdate' })).toMatchObject({
        status: 400,
        body: { error: { code: 'BadArgument', message: expect.stringMatching(/type must be/) } },
      });
      expect(await send({ type: 'message', text: '   ' })).toMatchObject({ status: 400 });
      expect(
        await send({ type: 'message', text: 'a photo', attachments: [{ contentType: 'image/png' }] }),
      ).toMatchObject({
        status: 400,
        body: { error: { message: expect.stringMatching(/describe it in words/) } },
      });
      expect(await send({ type: 'message', text: 42 })).toMatchObject({ status: 400 });
    });

    it('refuses a message over the size limit with 413', async () => {
      expect(await send({ type: 'message', text: 'x'.repeat(2001) })).toMatchObject({
        status: 413,
        body: { error: { code: 'MessageSizeTooBig', message: expect.stringMatching(/2000 characters/) } },
      });
      expect(await send({ type: 'event', name: 'x', value: 'y'.repeat(20000) })).toMatchObject({ status: 413 });
    });

    it('limits how fast one conversation can post, with Retry-After', async () => {
      const results = [];
      for (let i = 0; i < 14; i++) results.push(await send({ type: 'typing' }));
      expect(results.slice(0, 12).every((r) => r.status === 200)).toBe(true);
      expect(results[12]).toMatchObject({ status: 429, body: { error: { code: 'TooManyRequests' } } });
      expect(Number(results[12].retryAfter)).toBeGreaterThan(0);
    });

    it('answers an unknown conversation with 404 and a bad watermark with 400', async () => {
      const tokens = new ChatTokens(SESSION_SECRET);
      const ghost = tokens.issue('conversation', 'never-started', 'dl_x', 600);
      const res = await fetch(`${base}/v3/directline/conversations/never-started/activities`, {
        headers: { authorization: `Bearer ${ghost}` },
      });
      expect(res.status).toBe(404);
      const bad = await fetch(`${base}/v3/directline/conversations/${conversationId}/activities?watermark=abc`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(bad.status).toBe(400);
    });
  });

  it('keeps the user id the token was issued for, whatever the client claims', async () => {
    const { token, userId } = await chatToken(base);
    const client = open({ token, webSocket: false, pollingInterval: 200 });
    const received = new Received(client);
    await received.next(fromBot);
    const id = await post(client, 'someone-else', 'hello');
    const echoed: Activity = await received.next((a) => a.id === id);
    expect(echoed.from.id).toBe(userId);
  });
});
