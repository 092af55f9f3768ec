import { startApp, type RunningApp } from '../../src/app';
import { createLogger } from '../../src/observability/logger';
import { testConfig } from '../support/appConfig';
import { messageActivity } from '../support/activities';
import { CALLER } from '../support/twilioWebhooks';

const logger = createLogger({ level: 'silent' });
const voice = (from: string) => ({ path: '/api/voice', params: { CallSid: `CA${'2'.repeat(32)}`, From: from } });

/**
 * Issue 21 row 14: with NODE_ENV unset, /dev/phone/webhook signed any Twilio request (a spoofed caller included) and
 * accepted cross-site form posts.
 */
describe('attack: the phone simulator as a signing service', () => {
  let app: RunningApp;
  let base: string;
  let csrf: string;

  beforeAll(async () => {
    app = await startApp(testConfig({ NODE_ENV: 'development' }), logger);
    base = `http://127.0.0.1:${app.port}`;
    const page = await fetch(`${base}/dev/phone`);
    csrf = /fd_phone_csrf=([^;]+)/.exec(page.headers.get('set-cookie') ?? '')![1];
  });
  afterAll(() => app.stop());

  const post = (body: unknown, headers: Record<string, string>) =>
    fetch(`${base}/dev/phone/webhook`, { method: 'POST', headers, body: JSON.stringify(body) });
  const own = () => ({ 'content-type': 'application/json', cookie: `fd_phone_csrf=${csrf}`, 'x-csrf-token': csrf });

  it('refuses a cross-site form post', async () => {
    const res = await fetch(`${base}/dev/phone/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: 'path=/api/voice&params[From]=%2B447700900123',
    });
    expect(res.status).toBe(403);
  });

  it("refuses JSON without the page's CSRF token, or from another origin", async () => {
    expect((await post(voice(CALLER), { 'content-type': 'application/json' })).status).toBe(403);
    expect((await post(voice(CALLER), { ...own(), origin: 'https://evil.example' })).status).toBe(403);
    expect((await post(voice(CALLER), { ...own(), 'sec-fetch-site': 'cross-site' })).status).toBe(403);
  });

  it('will not speak for a real number', async () => {
    const res = await post(voice('+447911123456'), own());
    expect(res.status).toBe(400);
    expect((await post(voice(CALLER), own())).status).toBe(200);
  });

  it('answers /api/messages only towards Bot Framework services (or this machine outside production)', async () => {
    const to = (serviceUrl: string) =>
      fetch(`${base}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(messageActivity('hello', undefined, { serviceUrl })),
      });
    expect((await to('https://evil.example/hook')).status).toBe(400);
    expect((await to('http://169.254.169.254/latest')).status).toBe(400);
    expect((await to('http://localhost')).status).toBe(200);
  });
});
