import type { AddressInfo } from 'node:net';
import type { ActivityHandlerBase, CloudAdapter } from 'botbuilder';
import type { Request, Response } from 'restify';
import { createServer } from '../../src/server';
import { createLogger } from '../../src/observability/logger';
import { testConfigWithoutStore } from '../support/unitConfig';
import { messageActivity } from '../support/activities';

/** An adapter whose turns last until `finish` is called, to see what shutdown does with work in progress. */
function heldAdapter(): { adapter: CloudAdapter; finish: () => void } {
  let finish: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (finish = resolve));
  const adapter = {
    process: async (_req: Request, res: Response) => {
      await held;
      res.send(200, { done: true });
    },
  } as unknown as CloudAdapter;
  return { adapter, finish: () => finish() };
}

/** Waits until `check` holds (a request has reached the server however busy the machine is), for at most 5 s. */
async function until(check: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 5000; !check() && Date.now() < deadline;) {
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('server draining', () => {
  it('lets an in-flight turn finish while refusing new requests and reporting not ready', async () => {
    let ready = true;
    const turn = heldAdapter();
    const http = createServer({
      config: testConfigWithoutStore(),
      logger: createLogger({ level: 'silent' }),
      adapter: turn.adapter,
      bot: {} as ActivityHandlerBase,
      isReady: async () => ready,
    });
    await new Promise<void>((resolve) => http.server.listen(0, '127.0.0.1', () => resolve()));
    const base = `http://127.0.0.1:${(http.server.address() as AddressInfo).port}`;
    try {
      const slow = fetch(`${base}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(messageActivity('hello')),
      });
      await until(() => http.inFlight() === 1);
      expect(http.inFlight()).toBe(1);

      http.stopAccepting();
      const refused = await fetch(`${base}/readyz`);
      expect(refused.status).toBe(503);

      turn.finish();
      const finished = await slow;
      expect(finished.status).toBe(200);
      expect(await finished.json()).toEqual({ done: true });
      expect(http.inFlight()).toBe(0);
      ready = false;
    } finally {
      await new Promise<void>((resolve) => http.server.close(() => resolve()));
    }
  });
});
