import { startApp, type RunningApp } from '../../src/app';
import { createLogger } from '../../src/observability/logger';
import { testConfig } from '../support/appConfig';

const logger = createLogger({ level: 'silent' });

/** Issue 21 rows 11 and 13: missing security headers, deeply nested JSON, and internal text in 500 bodies. */
describe('attack: HTTP edges', () => {
  let app: RunningApp;
  let base: string;

  beforeAll(async () => {
    app = await startApp(testConfig({ PUBLIC_URL: 'https://frontdoor.example.nhs.uk' }), logger);
    base = `http://127.0.0.1:${app.port}`;
  });
  afterAll(() => app.stop());

  it('sends HSTS behind https, X-Frame-Options DENY, and no-store on Direct Line answers', async () => {
    const page = await fetch(`${base}/healthz`);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    const token = await fetch(`${base}/api/chat/token`, { method: 'POST' });
    expect(token.headers.get('cache-control')).toBe('no-store');
    const transcript = await fetch(`${base}/v3/directline/conversations/x/activities`);
    expect(transcript.headers.get('cache-control')).toBe('no-store');
  });

  it.each(['/api/messages', '/api/console/login', '/api/chat/token'])(
    'answers deeply nested JSON on %s with a clean 400',
    async (path) => {
      const body = '{"type":"message","a":'.repeat(5000) + '1' + '}'.repeat(5000);
      const res = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(res.status).toBe(400);
      expect(await res.text()).not.toMatch(/RangeError|stack/i);
    },
  );

  it('says only "internal error" and a request id when a store call fails', async () => {
    const { token, conversationId } = (await (await fetch(`${base}/api/chat/token`, { method: 'POST' })).json()) as {
      token: string;
      conversationId: string;
    };
    // A read of a conversation that was never started, with the store closed under it.
    await app.database.connection.close();
    const res = await fetch(`${base}/v3/directline/conversations/${conversationId}/activities`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBeGreaterThanOrEqual(500);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ error: 'internal', message: 'internal error' });
    expect(text).not.toMatch(/Mongo|127\.0\.0\.1|:\d{4,5}/);
  });
});
