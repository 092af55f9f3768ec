import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { startApp, type RunningApp } from '../../src/app';
import { createLogger } from '../../src/observability/logger';
import { EmbeddedStore } from '../../src/store/embeddedStore';
import { testConfig } from '../support/appConfig';
import { eventually } from '../support/eventually';
import {
  DirectLine,
  Received,
  chatToken,
  freePort,
  fromBot,
  post,
  replyTo,
  type DirectLineClient,
} from '../support/directLine';

const logger = createLogger({ level: 'silent' });
// The demo rota's clinicians all have 077009008xx numbers: whoever is on duty now, the answer names one of them.
const DUTY_NUMBER = /07700900\d{3}/;

/**
 * Row 1 of issue 21: with MONGODB_URI and the store killed, web chat still answers a red flag with the 999 advice and
 * the duty clinician's number from the rota in memory, over the official Direct Line client, and the turn is written
 * (and the hub told) when the store is back.
 */
describe('web chat when the store is down', () => {
  let store: EmbeddedStore;
  let dataDir: string;
  let storePort: number;
  let app: RunningApp;
  let base: string;
  const dbName = `faults_${Date.now()}`;
  const clients: DirectLineClient[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'front-door-fault-'));
    storePort = await freePort();
    store = await EmbeddedStore.start({ dataDir, port: storePort });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    app = await startApp(
      testConfig({
        PORT: String(port),
        PUBLIC_URL: base,
        MONGODB_URI: store.uri,
        MONGODB_DB: dbName,
        MONGODB_CONNECT_TIMEOUT_MS: '1500',
        STREAM_POLL_MS: '200',
      }),
      logger,
    );
  }, 60000);
  afterAll(async () => {
    for (const client of clients) client.end();
    await app.stop();
    await store.stop();
  });

  it('gives the 999 advice and the duty clinician, then writes the turn when the store is back', async () => {
    const { token, userId, conversationId } = await chatToken(base);
    const client = new DirectLine({ domain: `${base}/v3/directline`, token, webSocket: true });
    clients.push(client);
    const received = new Received(client);
    await received.next(fromBot);
    const hello = await post(client, userId, 'hello');
    await received.next(replyTo(hello));

    process.kill(store.pid!, 'SIGKILL');
    await eventually(async () => ((await fetch(`${base}/readyz`)).status === 503 ? true : undefined));
    const started = Date.now();
    const emergency = await post(client, userId, 'my husband is not breathing');
    const advice = await received.next((a) => replyTo(emergency)(a) && /999/.test(a.text ?? ''));
    const duty = await received.next((a) => replyTo(emergency)(a) && DUTY_NUMBER.test(a.text ?? ''));
    expect(advice.text).toMatch(/call 999/i);
    expect(duty.text).toMatch(DUTY_NUMBER);
    const answeredInMs = Date.now() - started;

    // A chat started while the store is down is answered too.
    const second = await chatToken(base);
    const other = new DirectLine({
      domain: `${base}/v3/directline`,
      token: second.token,
      webSocket: false,
      pollingInterval: 200,
    });
    clients.push(other);
    const otherReceived = new Received(other);
    await otherReceived.next(fromBot);
    const chest = await post(other, second.userId, 'he has crushing chest pain and is not breathing');
    await otherReceived.next((a) => replyTo(chest)(a) && /999/.test(a.text ?? ''));

    // The store comes back on the same port and files.
    store = await EmbeddedStore.start({ dataDir, port: storePort });
    const check = mongoose.createConnection(store.uri, { dbName });
    await check.asPromise();
    try {
      const activities = check.collection('directline_activities');
      for (const [conversation, text] of [
        [conversationId, 'my husband is not breathing'],
        [second.conversationId, 'he has crushing chest pain and is not breathing'],
      ]) {
        const written = await eventually(async () => {
          const docs = await activities.find({ conversationId: conversation }).sort({ seq: 1 }).toArray();
          const texts = docs.map((d) => (JSON.parse(d.activity as string) as { text?: string }).text);
          return texts.includes(text) && texts.some((t) => /999/.test(t ?? '')) ? docs : undefined;
        });
        // Gap-free, in order: nothing acknowledged before the store died was lost.
        expect(written.map((d) => d.seq)).toEqual(written.map((_, i) => i + 1));
      }
      const texts = (await activities.find({ conversationId }).toArray()).map(
        (d) => (JSON.parse(d.activity as string) as { text?: string }).text,
      );
      expect(texts).toContain('hello');
      // The hub hears of both emergencies once the store is back.
      const items = await eventually(async () => {
        const found = await check
          .collection('queue_items')
          .find({ disposition: 'emergency_999' })
          .toArray()
          .catch(() => []);
        return found.length >= 2 ? found : undefined;
      });
      expect(items.map((i) => i.conversation.conversationId).sort()).toEqual(
        [conversationId, second.conversationId].sort(),
      );
    } finally {
      await check.close();
    }
    // With MONGODB_URI, readiness follows the store back.
    await eventually(async () => ((await fetch(`${base}/readyz`)).status === 200 ? true : undefined));
    // Not a timing assertion: a note of how long the answer took with the store gone.
    process.stdout.write(`store-free 999 answer after the store died: ${answeredInMs} ms\n`);
  }, 90000);
});
