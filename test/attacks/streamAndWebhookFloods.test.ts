import { startApp, type RunningApp } from '../../src/app';
import { MAX_STREAMS_PER_SESSION } from '../../src/console/liveUpdates';
import { createLogger } from '../../src/observability/logger';
import { configWithAdmin, TEST_ADMIN } from '../support/appConfig';
import { ConsoleClient } from '../support/consoleClient';
import { CALLER, newMessageSid, OUR_NUMBER, postWebhook, TEST_PUBLIC_URL } from '../support/twilioWebhooks';

const logger = createLogger({ level: 'silent' });
const ADMIN = TEST_ADMIN;
const smsFrom = (from: string) => ({
  MessageSid: newMessageSid(),
  AccountSid: `AC${'0'.repeat(32)}`,
  From: from,
  To: OUR_NUMBER,
  Body: 'when is the nurse coming',
});

/** Issue 21 item 5: SSE streams and webhooks had no limit. */
describe('attack: floods of console streams and webhooks', () => {
  let app: RunningApp;
  let base: string;
  const streams: AbortController[] = [];

  beforeAll(async () => {
    app = await startApp(
      configWithAdmin({
        PUBLIC_URL: TEST_PUBLIC_URL,
        WEBHOOK_RATE_PER_MINUTE: '30',
        SMS_PER_SENDER_PER_MINUTE: '3',
      }),
      logger,
    );
    base = `http://127.0.0.1:${app.port}`;
  });
  afterAll(async () => {
    for (const stream of streams) stream.abort();
    await app.stop();
  });

  const openStream = async (cookie: string) => {
    const controller = new AbortController();
    streams.push(controller);
    const res = await fetch(`${base}/api/console/queue/events`, { headers: { cookie }, signal: controller.signal });
    return { res, controller };
  };

  it('opens a few live console streams per person, then answers 429 with Retry-After, and frees one on close', async () => {
    const staff = new ConsoleClient(base);
    expect((await staff.login(ADMIN.email, ADMIN.password)).status).toBe(200);
    const opened = await Promise.all(
      Array.from({ length: MAX_STREAMS_PER_SESSION + 15 }, () => openStream(staff.cookie)),
    );
    const ok = opened.filter((o) => o.res.status === 200);
    const refused = opened.filter((o) => o.res.status === 429);
    expect(ok).toHaveLength(MAX_STREAMS_PER_SESSION);
    expect(refused).toHaveLength(15);
    expect(refused[0].res.headers.get('retry-after')).toBe('30');
    expect(await refused[0].res.json()).toMatchObject({ code: 'TooManyRequests' });

    // Closing a stream lets another open.
    ok[0].controller.abort();
    await new Promise((r) => setTimeout(r, 200));
    expect((await openStream(staff.cookie)).res.status).toBe(200);
  });

  it('limits one sender to its messages a minute, and no other', async () => {
    const answers = [];
    for (let n = 0; n < 5; n++) answers.push(await postWebhook(base, '/api/sms', smsFrom(CALLER)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429, 429]);
    expect(JSON.parse(answers[3].body)).toMatchObject({ code: 'TooManyRequests' });
    expect((await postWebhook(base, '/api/sms', smsFrom('+447700900456'))).status).toBe(200);
  });

  it('limits webhook requests from one address, forged ones included, with Retry-After', async () => {
    // 6 made above from this address; 24 more forgeries are checked (403), then the address waits.
    const forged = [];
    for (let n = 0; n < 30; n++) {
      const res = await fetch(`${base}/api/voice`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'forged' },
        body: 'CallSid=CA1&From=%2B447700900123',
      });
      forged.push({ status: res.status, retryAfter: res.headers.get('retry-after') });
    }
    expect(forged.filter((f) => f.status === 403)).toHaveLength(24);
    const limited = forged.filter((f) => f.status === 429);
    expect(limited).toHaveLength(6);
    expect(Number(limited[0].retryAfter)).toBeGreaterThanOrEqual(1);
    // Signed ones too, once the address is over its limit: the limit comes before the signature.
    expect((await postWebhook(base, '/api/sms', smsFrom('+447700900789'))).status).toBe(429);
  });
});
