import { startApp } from '../../src/app';
import { createLogger } from '../../src/observability/logger';
import { testConfig } from '../support/appConfig';

const logger = createLogger({ level: 'silent' });

/**
 * Issue 21 row 15: on SIGTERM /readyz showed 503 for only 140 ms before the listener closed, too short for a load
 * balancer to notice. Now readiness turns 503 for SHUTDOWN_DRAIN_MS while every other request is still served.
 */
describe('fault: stopping under load', () => {
  it('reports not ready for the drain period while still answering, loses nothing acknowledged, then closes', async () => {
    const app = await startApp(testConfig({ SHUTDOWN_DRAIN_MS: '1500' }), logger);
    const base = `http://127.0.0.1:${app.port}`;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);

    let load = true;
    const answered: number[] = [];
    const client = (async () => {
      while (load) {
        const res = await fetch(`${base}/healthz`).catch(() => undefined);
        if (!res) break;
        answered.push(res.status);
      }
    })();
    await new Promise((r) => setTimeout(r, 100));
    const stopped = app.stop();
    const during = await fetch(`${base}/readyz`);
    expect(during.status).toBe(503);
    // Still serving while the load balancer drains.
    expect((await fetch(`${base}/api/chat/token`, { method: 'POST' })).status).toBe(200);
    let readyChecks = 0;
    while ((await fetch(`${base}/readyz`).catch(() => undefined))?.status === 503) {
      readyChecks++;
      await new Promise((r) => setTimeout(r, 100));
    }
    load = false;
    await stopped;
    await client;
    // Several checks a load balancer would make, all 503, before the listener closed.
    expect(readyChecks).toBeGreaterThanOrEqual(5);
    // Every request that got an answer got a real one: nothing acknowledged and then dropped.
    expect(answered.filter((s) => s !== 200 && s !== 503)).toEqual([]);
    await expect(fetch(`${base}/readyz`)).rejects.toThrow();
  });
});
