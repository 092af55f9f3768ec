import os from 'node:os';
import { DEFAULT_EMBEDDED_BINARY } from '../src/store/embeddedStore';
import { arg } from '../scripts/cliArg';
import { processCpuMs } from './processCpu';
import { Latencies, round } from './stats';
import { startStoreSide, stopStoreSide, type StoreSide } from './storeSide';

/**
 * `GET /api/console/queue` as the 10,000-a-route fuzz met it (issue 21: about 142 ms a request): a queue of open items
 * (200 by default, the route's page size; the fuzz's own phone and SMS requests had raised them), 8 requests at once,
 * on two builds of the embedded store in one run, alternating batch by batch so the machine's load falls on both
 * alike. Reports each side's latency and the store's and Node's CPU time a request; the figure to read is the ratio.
 *
 *   npx tsx bench/queueRoute.ts --before .cache/embedded-mongo/embedded-mongo-<hash> [--items 200] [--requests 400]
 */
const ITEMS = Number(arg('--items') ?? 200);
const REQUESTS = Number(arg('--requests') ?? 400);
const BATCH = 8;

interface Side extends StoreSide {
  latencies: Latencies;
  storeCpuMs: number;
  nodeCpuMs: number;
}

/** The store's CPU time so far, in ms. */
function storeCpuNow(side: Side): number {
  if (side.store.pid === undefined) throw new Error('the embedded store has no process id');
  return processCpuMs(side.store.pid);
}

async function startSide(name: string, binary: string): Promise<Side> {
  const side = await startStoreSide(name, binary, 'bench_queue');
  // Open items as the hub makes them, through the queue itself.
  for (let i = 0; i < ITEMS; i++) {
    await side.app.runtime.queue.create({
      kind: i % 4 ? 'escalation' : 'callback',
      disposition: i % 3 ? 'urgent_2h' : 'same_day',
      channel: i % 2 ? 'voice' : 'sms',
      conversation: { channelId: i % 2 ? 'voice' : 'sms', conversationId: `bench-queue-${i}` },
      summary: { contact: { role: 'patient' }, problem: 'leg ulcer dressing', answers: {}, redFlags: [] },
      idempotencyKey: `bench-queue-${i}`,
      createdBy: 'front-door-bot',
    });
  }
  return { ...side, latencies: new Latencies(), storeCpuMs: 0, nodeCpuMs: 0 };
}

async function batch(side: Side, timed: boolean): Promise<void> {
  const storeBefore = storeCpuNow(side);
  const nodeBefore = process.cpuUsage();
  await Promise.all(
    Array.from({ length: BATCH }, async () => {
      const one = async () => {
        const res = await fetch(`${side.base}/api/console/queue`, { headers: { cookie: side.cookie } });
        const body = (await res.json()) as { items?: unknown[] };
        if (res.status !== 200 || body.items?.length !== ITEMS) {
          throw new Error(`${side.name}: ${res.status}, ${body.items?.length} items`);
        }
      };
      if (timed) await side.latencies.time(one);
      else await one();
    }),
  );
  if (!timed) return;
  side.storeCpuMs += storeCpuNow(side) - storeBefore;
  const node = process.cpuUsage(nodeBefore);
  // The app runs in this process: its CPU time, with the bench's own small share (fetch, JSON) in it.
  side.nodeCpuMs += (node.user + node.system) / 1000;
}

async function main(): Promise<void> {
  const before = arg('--before');
  if (!before) throw new Error('--before <binary>: the embedded store to compare the current build with');
  const sides = [
    await startSide('before', before),
    await startSide('after', arg('--after') ?? DEFAULT_EMBEDDED_BINARY),
  ];
  try {
    for (const side of sides) await batch(side, false);
    for (let sent = 0; sent < REQUESTS; sent += BATCH) for (const side of sides) await batch(side, true);
    const [b, a] = sides.map((s) => {
      const summary = s.latencies.summary();
      return {
        ...summary,
        store: round(s.storeCpuMs / summary.count, 2),
        node: round(s.nodeCpuMs / summary.count, 2),
      };
    });
    console.log(
      [
        `GET /api/console/queue, ${ITEMS} open items, ${REQUESTS} requests ${BATCH} at once on each store, alternating; ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}`,
        '| side | p50 ms | p95 ms | store CPU ms a request | Node CPU ms a request |',
        '|---|---|---|---|---|',
        `| before | ${b.p50} | ${b.p95} | ${b.store} | ${b.node} |`,
        `| after | ${a.p50} | ${a.p95} | ${a.store} | ${a.node} |`,
        `| ratio | ${round(b.p50 / a.p50, 2)}x | ${round(b.p95 / a.p95, 2)}x | ${round(b.store / a.store, 2)}x | ${round(b.node / a.node, 2)}x |`,
      ].join('\n'),
    );
  } finally {
    for (const side of sides) await stopStoreSide(side);
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
