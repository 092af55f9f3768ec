import { startApp, type RunningApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/observability/logger';
import { testConfig } from '../support/appConfig';

const logger = createLogger({ level: 'silent' });

/**
 * Issue 21 row 6: TRUST_PROXY=true trusted the leftmost X-Forwarded-For, which the client writes, so one client could
 * pose as many (130 of 130 new chats allowed against a limit of 100). Entries are now read from the right: only the
 * one our proxy appended is believed.
 */
describe('attack: a client posing as many behind the proxy', () => {
  let app: RunningApp;
  let base: string;

  beforeAll(async () => {
    app = await startApp(testConfig({ TRUST_PROXY: 'true', CHAT_STARTS_PER_IP_PER_HOUR: '100' }), logger);
    base = `http://127.0.0.1:${app.port}`;
  });
  afterAll(() => app.stop());

  it('counts 130 new chats with made-up left entries as one client', async () => {
    const statuses: number[] = [];
    for (let n = 0; n < 130; n++) {
      // What the load balancer forwards: whatever the client sent, then the address it really came from.
      const res = await fetch(`${base}/api/chat/token`, {
        method: 'POST',
        headers: { 'x-forwarded-for': `10.9.${n >> 8}.${n & 255}, 203.0.113.7` },
      });
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(100);
    expect(statuses.filter((s) => s === 429)).toHaveLength(30);
    // Another real client behind the same proxy still gets in.
    const other = await fetch(`${base}/api/chat/token`, {
      method: 'POST',
      headers: { 'x-forwarded-for': '10.9.0.1, 203.0.113.8' },
    });
    expect(other.status).toBe(200);
  });

  it("takes a hop count or the proxies' addresses, and refuses anything else", () => {
    expect(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toEqual({ hops: 2 });
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1, 10.0.0.2' }).TRUST_PROXY).toEqual({
      addresses: ['10.0.0.1', '10.0.0.2'],
    });
    expect(() => loadConfig({ TRUST_PROXY: 'yes' })).toThrow(/TRUST_PROXY must be false, true/);
  });
});
