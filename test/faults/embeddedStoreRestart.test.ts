import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startApp, type RunningApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/observability/logger';
import { eventually } from '../support/eventually';
import { DirectLine, Received, chatToken, freePort, fromBot, post, replyTo } from '../support/directLine';

const logger = createLogger({ level: 'silent' });

/**
 * Issue 21 row 2: when the embedded store died, Front Door exited 6 s later and every channel got connection refused.
 * Now the store is started again (with backoff and a limit) while web chat answers without it.
 */
describe('fault: the embedded store is killed', () => {
  let app: RunningApp;
  let base: string;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const config = loadConfig({
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: base,
      LOG_LEVEL: 'silent',
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'front-door-restart-')),
      STREAM_POLL_MS: '200',
    });
    app = await startApp(config, logger);
  }, 60000);
  afterAll(() => app.stop());

  it('answers 999 meanwhile, restarts the store, and carries on', async () => {
    const { token, userId } = await chatToken(base);
    const client = new DirectLine({ domain: `${base}/v3/directline`, token, webSocket: false, pollingInterval: 200 });
    const received = new Received(client);
    try {
      await received.next(fromBot);
      const first = app.database.embeddedPid()!;
      process.kill(first, 'SIGKILL');
      const emergency = await post(client, userId, 'she is not breathing');
      await received.next((a) => replyTo(emergency)(a) && /999/.test(a.text ?? ''));

      await eventually(async () => ((await fetch(`${base}/readyz`)).status === 200 ? true : undefined));
      expect(app.database.embeddedPid()).not.toBe(first);
      const hello = await post(client, userId, 'hello');
      await received.next(replyTo(hello));
      // The service never went away: the process is this one, still answering.
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
    } finally {
      client.end();
    }
  }, 90000);
});
