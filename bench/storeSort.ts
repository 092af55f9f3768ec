import os from 'node:os';
import { DEFAULT_EMBEDDED_BINARY } from '../src/store/embeddedStore';
import { arg } from '../scripts/cliArg';
import { Latencies, round, type LatencySummary } from './stats';
import { startStoreSide, stopStoreSide, type StoreSide } from './storeSide';

/**
 * The console's audit and queue routes over 20,000 stored documents each, on two builds of the embedded store in one
 * run: `--before` (a binary built without the sort pushdown in tools/embedded-mongo/patches.json, e.g. the previous
 * build still in .cache/embedded-mongo/) and `--after` (default: the current build). Requests alternate between the
 * two, so machine load falls on both alike; the figure to read is the ratio.
 *
 *   npx tsx bench/storeSort.ts --before .cache/embedded-mongo/embedded-mongo-<hash> [--documents 20000] [--requests 30]
 */
const DOCUMENTS = Number(arg('--documents') ?? 20000);
const REQUESTS = Number(arg('--requests') ?? 30);
const ROUTES = {
  'audit, newest 200': '/api/console/audit',
  "audit, one person's": '/api/console/audit?actor=',
  'queue, open': '/api/console/queue',
  'queue, finished': '/api/console/queue?status=finished',
} as const;
type Route = keyof typeof ROUTES;

interface Side extends StoreSide {
  actorId: string;
  latencies: Record<Route, Latencies>;
}

const freshLatencies = () =>
  Object.fromEntries(Object.keys(ROUTES).map((r) => [r, new Latencies()])) as Side['latencies'];

async function startSide(name: string, binary: string): Promise<Side> {
  return { ...(await startStoreSide(name, binary, 'bench_sort')), actorId: '', latencies: freshLatencies() };
}

/**
 * Queue items and audit entries as the hub makes them: one real item and one real entry, copied with their own ids,
 * references, times and statuses. Deadlines run over the last 60 days; items due more than a day ago are finished
 * (most of a working hub's queue), the rest open. Audit entries are by 40 people.
 */
async function seed(side: Side): Promise<void> {
  const connection = side.app.database.connection;
  const item = await side.app.runtime.queue.create({
    kind: 'escalation',
    disposition: 'same_day',
    channel: 'directline',
    conversation: { channelId: 'directline', conversationId: 'bench-sort' },
    summary: { contact: { role: 'patient' }, problem: 'leg ulcer dressing', answers: {}, redFlags: [] },
    idempotencyKey: 'bench-sort-template',
    createdBy: 'front-door-bot',
  });
  const template = await connection.collection('queue_items').findOne({ _id: item._id as never });
  const entry = await connection.collection('audit').findOne({});
  if (!template || !entry) throw new Error('no template queue item or audit entry to copy');
  const now = Date.now();
  const finished = ['resolved', 'referred_on', 'closed'];
  const open = ['new', 'claimed', 'in_progress'];
  for (let start = 0; start < DOCUMENTS; start += 1000) {
    const n = Math.min(1000, DOCUMENTS - start);
    const items = Array.from({ length: n }, (_, j) => {
      const i = start + j;
      const deadline = new Date(now - 60 * 86400000 + ((i * 7919) % DOCUMENTS) * ((61 * 86400000) / DOCUMENTS));
      const status = deadline.getTime() < now - 86400000 ? finished[i % 3] : open[i % 3];
      return {
        ...template,
        _id: `bench-item-${i}`,
        reference: `B${String(i).padStart(7, '0')}`,
        idempotencyKey: `bench-sort-${i}`,
        createdAt: new Date(deadline.getTime() - 6 * 3600000),
        updatedAt: new Date(deadline.getTime() - 3600000),
        deadline,
        status,
      };
    });
    const entries = Array.from({ length: n }, (_, j) => {
      const i = start + j;
      return {
        ...entry,
        _id: `bench-audit-${i}`,
        at: new Date(now - 30 * 86400000 + ((i * 7919) % DOCUMENTS) * ((30 * 86400000) / DOCUMENTS)),
        actor: { kind: 'staff', id: `bench-staff-${i % 40}` },
        action: 'queue.view',
        subject: { kind: 'queue_item', id: `bench-item-${i}` },
      };
    });
    await connection.collection('queue_items').insertMany(items as never[]);
    await connection.collection('audit').insertMany(entries as never[]);
  }
  side.actorId = 'bench-staff-7';
}

async function timeRoute(side: Side, route: Route): Promise<void> {
  const url = `${side.base}${ROUTES[route]}${route === "audit, one person's" ? side.actorId : ''}`;
  await side.latencies[route].time(async () => {
    const res = await fetch(url, { headers: { cookie: side.cookie } });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${side.name} ${route}: ${res.status} ${body.slice(0, 200)}`);
  });
}

async function main(): Promise<void> {
  const before = arg('--before');
  if (!before) throw new Error('--before <binary>: an embedded store built without the sort pushdown');
  const sides = [
    await startSide('before', before),
    await startSide('after', arg('--after') ?? DEFAULT_EMBEDDED_BINARY),
  ];
  try {
    for (const side of sides) await seed(side);
    // One of each first: connections opened, content and templates loaded.
    for (const side of sides) for (const route of Object.keys(ROUTES) as Route[]) await timeRoute(side, route);
    for (const side of sides) side.latencies = freshLatencies();
    for (let i = 0; i < REQUESTS; i++) {
      for (const route of Object.keys(ROUTES) as Route[]) for (const side of sides) await timeRoute(side, route);
    }
    const [b, a] = sides.map((s) => Object.fromEntries(Object.entries(s.latencies).map(([r, l]) => [r, l.summary()])));
    const rows = (Object.keys(ROUTES) as Route[]).map((route) => {
      const x = b[route] as LatencySummary;
      const y = a[route] as LatencySummary;
      return `| ${route} | ${x.p50} | ${x.p95} | ${y.p50} | ${y.p95} | ${round(x.p50 / y.p50, 1)}x |`;
    });
    console.log(
      [
        `${DOCUMENTS.toLocaleString('en-GB')} queue items and audit entries, ${REQUESTS} requests a route on each store, alternating; ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}`,
        '| route | before p50 ms | before p95 ms | after p50 ms | after p95 ms | p50 ratio |',
        '|---|---|---|---|---|---|',
        ...rows,
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
