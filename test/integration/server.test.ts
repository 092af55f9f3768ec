import http from 'node:http';
import { startApp, type RunningApp } from '../../src/app';
import { createLogger } from '../../src/observability/logger';
import { messageActivity, postJson } from '../support/activities';
import { productionOnDemoRota, testConfig } from '../support/appConfig';

const logger = createLogger({ level: 'silent' });

describe('HTTP server on the embedded store', () => {
  let app: RunningApp;
  let base: string;

  beforeAll(async () => {
    app = await startApp(testConfig(), logger);
    base = `http://127.0.0.1:${app.port}`;
  });
  afterAll(() => app.stop());

  it('answers /healthz and /readyz', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('gives every response a request id, keeping a well-formed incoming one', async () => {
    const res = await fetch(`${base}/healthz`, { headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers.get('x-request-id')).toBe('abc-123');
    const generated = await fetch(`${base}/healthz`, { headers: { 'x-request-id': '<script>' } });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps an idle connection longer than browsers and load balancers reuse one (60 s), and says so', async () => {
    // With Node's 5 s a client reusing a connection idle for about 5 s met a reset (the bench's ECONNRESETs).
    const agent = new http.Agent({ keepAlive: true });
    const hint = await new Promise<string | undefined>((resolve, reject) => {
      http
        .get(`${base}/healthz`, { agent }, (res) => {
          res.resume();
          resolve(String(res.headers['keep-alive'] ?? ''));
        })
        .on('error', reject);
    });
    agent.destroy();
    expect(Number(/timeout=(\d+)/.exec(hint ?? '')?.[1])).toBeGreaterThan(60);
  });

  it('answers a greeting through /api/messages and keeps the transcript in the store', async () => {
    const activity = messageActivity('hello');
    const res = await postJson(`${base}/api/messages`, activity);
    expect(res.status).toBe(200);
    expect(res.body.activities[0].text).toMatch(/If this is an emergency, call 999/);
    expect(res.body.activities[0].speak).toBeTruthy();

    const transcripts = app.database.connection.collection('transcript_activities');
    await waitFor(async () => (await transcripts.countDocuments({ conversationId: activity.conversation.id })) >= 2);
  });

  it('refuses malformed JSON and non-activities with a 400 and a reason, not a stack trace', async () => {
    const bad = await postJson(`${base}/api/messages`, '{not json');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/Invalid JSON/);
    expect(JSON.stringify(bad.body)).not.toMatch(/at .*\.js/);
    const notActivity = await postJson(`${base}/api/messages`, { hello: 'world' });
    expect(notActivity.status).toBe(400);
    expect(notActivity.body.error).toBe('invalid_activity');
  });
});

describe('HTTP server in production without Azure Bot Service credentials', () => {
  it('refuses unauthenticated /api/messages', async () => {
    const app = await startApp(productionOnDemoRota(), logger);
    try {
      const res = await postJson(`http://127.0.0.1:${app.port}/api/messages`, messageActivity('hello'));
      expect(res.status).toBe(401);
      expect(res.body.message).toMatch(/MicrosoftAppId/);
    } finally {
      await app.stop();
    }
  });
});

describe('graceful stop', () => {
  it('turns /readyz to 503 and refuses new requests once stopping, then closes', async () => {
    const app = await startApp(testConfig(), logger);
    const base = `http://127.0.0.1:${app.port}`;
    const stopped = app.stop();
    await stopped;
    await expect(fetch(`${base}/readyz`)).rejects.toThrow();
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
