import WebSocket from 'ws';
import { startApp, type RunningApp } from '../../src/app';
import { MAX_SOCKETS_PER_CONVERSATION } from '../../src/integrations/directline/activityStreams';
import { createLogger } from '../../src/observability/logger';
import { testConfig } from '../support/appConfig';

const logger = createLogger({ level: 'silent' });

/** Issue 21 row 12: one stream token opened 3,000 WebSockets. */
describe('attack: many WebSockets on one stream token', () => {
  let app: RunningApp;
  let base: string;
  const sockets: WebSocket[] = [];

  beforeAll(async () => {
    app = await startApp(testConfig(), logger);
    base = `http://127.0.0.1:${app.port}`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.terminate();
    await app.stop();
  });

  it('opens a few per conversation, then answers 429 with Retry-After', async () => {
    const { token } = (await (await fetch(`${base}/api/chat/token`, { method: 'POST' })).json()) as { token: string };
    const started = await fetch(`${base}/v3/directline/conversations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    const { streamUrl } = (await started.json()) as { streamUrl: string };
    const url = streamUrl.replace(/^ws:\/\/[^/]+/, `ws://127.0.0.1:${app.port}`);
    const outcomes = await Promise.all(
      Array.from(
        { length: 40 },
        () =>
          new Promise<string>((resolve) => {
            const socket = new WebSocket(url);
            sockets.push(socket);
            socket.once('open', () => resolve('open'));
            socket.once('unexpected-response', (_req, res) =>
              resolve(`${res.statusCode} retry-after=${res.headers['retry-after']}`),
            );
            socket.once('error', () => resolve('error'));
          }),
      ),
    );
    expect(outcomes.filter((o) => o === 'open')).toHaveLength(MAX_SOCKETS_PER_CONVERSATION);
    expect(outcomes.filter((o) => o === '429 retry-after=30')).toHaveLength(40 - MAX_SOCKETS_PER_CONVERSATION);
  });
});
