import { randomUUID } from 'node:crypto';
import { startApp, type RunningApp } from '../../src/app';
import { createLogger } from '../../src/observability/logger';
import { testConfig } from '../support/appConfig';
import { DirectLine, Received, chatToken, freePort, fromBot, post, replyTo, watermarkOf } from '../support/directLine';

const logger = createLogger({ level: 'silent' });

/**
 * Two server instances on one store, as behind a load balancer: a conversation started on one continues on the
 * other, and a WebSocket held by one receives what a post to the other produced.
 */
describe('Direct Line across two instances on one store', () => {
  const apps: RunningApp[] = [];
  const bases: string[] = [];
  const clients: InstanceType<typeof DirectLine>[] = [];

  beforeAll(async () => {
    const database = `dl2_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      apps.push(
        await startApp(
          testConfig({ PORT: String(port), PUBLIC_URL: base, MONGODB_DB: database, STREAM_POLL_MS: '200' }),
          logger,
        ),
      );
      bases.push(base);
    }
  });
  afterAll(async () => {
    for (const client of clients) client.end();
    await Promise.all(apps.map((app) => app.stop()));
  });

  it("continues on instance B a conversation started on A, and A's WebSocket sees B's replies", async () => {
    const [a, b] = bases;
    const { token, conversationId, userId } = await chatToken(a);
    const onA = new DirectLine({ domain: `${a}/v3/directline`, token, webSocket: true });
    clients.push(onA);
    const streamedOnA = new Received(onA);
    await streamedOnA.next(fromBot);
    const first = await post(onA, userId, 'I need to change my appointment');
    await streamedOnA.next(replyTo(first));

    // The same conversation through instance B, by polling from where A's client got to.
    const onB = new DirectLine({
      domain: `${b}/v3/directline`,
      token,
      conversationId,
      watermark: watermarkOf(onA),
      webSocket: false,
      pollingInterval: 200,
    });
    clients.push(onB);
    const polledOnB = new Received(onB);
    const second = await post(onB, userId, 'goodbye');
    const replyOnB = await polledOnB.next(replyTo(second));
    // Written by B, delivered by A's socket through the store.
    const replyOnA = await streamedOnA.next(replyTo(second), 5000);
    expect(replyOnA.id).toBe(replyOnB.id);
    expect(replyOnA.text).toBe(replyOnB.text);

    // One conversation, one sequence: both instances numbered the activities without gaps or repeats.
    const all = await fetch(`${b}/v3/directline/conversations/${conversationId}/activities`, {
      headers: { authorization: `Bearer ${token}` },
    }).then((r) => r.json() as Promise<{ activities: { id: string }[]; watermark: string }>);
    const numbers = all.activities.map((x) => Number(x.id.split('|')[1]));
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    expect(streamedOnA.activities.map((x) => x.id)).toEqual(all.activities.map((x) => x.id));
  });

  it('gives concurrent posts on both instances distinct, gap-free sequence numbers', async () => {
    const [a, b] = bases;
    const { token, conversationId } = await chatToken(a);
    await fetch(`${a}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    const send = (base: string, text: string) =>
      fetch(`${base}/v3/directline/conversations/${conversationId}/activities`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'event', name: 'webchat/ping', value: text }),
      }).then((r) => r.json() as Promise<{ id: string }>);
    const ids = await Promise.all(Array.from({ length: 10 }, (_, i) => send(i % 2 ? a : b, `p${i}`)));
    expect(new Set(ids.map((x) => x.id)).size).toBe(10);
    const all = await fetch(`${a}/v3/directline/conversations/${conversationId}/activities`, {
      headers: { authorization: `Bearer ${token}` },
    }).then((r) => r.json() as Promise<{ activities: { id: string }[] }>);
    const numbers = all.activities.map((x) => Number(x.id.split('|')[1]));
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    for (const { id } of ids) expect(all.activities.map((x) => x.id)).toContain(id);
  });
});
