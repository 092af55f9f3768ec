import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createUnderstander } from '../src/intents';
import { ALERTS_PER_CLINICIAN_PER_HOUR } from '../src/hub/breachSweep';
import { EmbeddedStore } from '../src/store/embeddedStore';
import { benchContentDir } from './benchContent';
import { countBreachAlerts, latestDeadline, type BreachAlertFigures } from './breachAlerts';
import { heapUsedAfterGcKB } from './heapProbe';
import { cpuMeter, type CpuByProcess } from './processCpu';
import { seedBenchPatients, type BenchPatient } from './benchData';
import { PhoneCall } from './phoneClient';
import {
  askToChangeByChat,
  changeAppointmentByChat,
  changeAppointmentByPhone,
  echoByChat,
  emergencyByChat,
  type Route,
} from './scripts';
import { ROOT, startServer, type Server } from './servers';
import { Latencies, round, sleep, thinkTime, type LatencySummary } from './stats';

const RESULTS = path.join(ROOT, 'bench', 'results');

/**
 * `npm run bench [-- --quick]`: Front Door's speed in one run, against the cheapest thing that could do the job.
 *
 *  1. chat: N concurrent web chat conversations over our Direct Line, each a full script (greeting → identify as a demo
 *     patient → change a visit → goodbye) with a person's pauses between turns; turn latency from send to reply.
 *  2. phone: N concurrent calls as signed Twilio webhooks following our own TwiML; webhook response time.
 *  3. understanding: classifications per second and p99, in process.
 *  4. baseline: a bare botbuilder echo bot behind the same server, Direct Line and store, driven the same way with
 *     no pauses (closed loop), against Front Door driven the same way: the throughput ratio.
 *  5. scale: two Front Door instances on one store, each conversation's turns alternating between them.
 *  6. breach alerts: both instances run from the start, sweeping the queue; during the chat phase some people type an
 *     emergency, and their 999 items' follow-up target is shortened for the bench (bench/response-targets.yaml) so it
 *     passes under load. The run fails if any item got more than one alert, or a clinician more than the hourly limit.
 */
const quick = process.argv.includes('--quick');
const settings = quick
  ? {
      // A smoke run that finishes, build included, in under a minute: shorter pauses and loops than the full run.
      chats: 40,
      emergencies: 4,
      calls: 10,
      arrivalMs: 2000,
      pauseMs: [300, 1000],
      loopSeconds: 3,
      loopRounds: 2,
      loopConcurrency: 8,
      classifications: 2000,
    }
  : {
      chats: 200,
      emergencies: 20,
      calls: 50,
      arrivalMs: 10000,
      pauseMs: [3000, 10000],
      loopSeconds: 20,
      loopRounds: 4,
      loopConcurrency: 8,
      classifications: 10000,
    };
const TWILIO_TOKEN = 'bench-only-twilio-auth-token-0123456789';
const SERVER_ENV = {
  TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
  // Every simulated person comes from 127.0.0.1: the per-address limits would otherwise be the thing measured.
  CHAT_RATE_PER_MINUTE: '100000',
  CHAT_IP_RATE_PER_MINUTE: '1000000',
  CHAT_STARTS_PER_IP_PER_HOUR: '1000000',
};
/**
 * How often each instance sweeps the queue in the bench: three times the product's default (15 s), so that more sweeps
 * of the two instances overlap while the targets pass.
 */
const SWEEP_INTERVAL_MS = 5000;
const FRONT_DOOR_READY = /Front Door is running at/;

interface LoadResult {
  latency: LatencySummary;
  /** CPU spent per turn by the bot's process(es), the store and the load generator (closed loops only). */
  cpuMsPerTurn?: CpuByProcess;
  /** Latency of each step of the script, to see which turn is slow. */
  steps: Record<string, LatencySummary>;
  errors: number;
  turns: number;
  seconds: number;
  turnsPerSecond: number;
  errorSamples: string[];
}

type Turn = <T>(fn: () => Promise<T>, step?: string) => Promise<T>;

/** What one load phase saw: every turn's latency, overall and per step of the script, and every script that failed. */
class LoadRecorder {
  private readonly latencies = new Latencies();
  private readonly steps = new Map<string, Latencies>();
  private readonly errorSamples: string[] = [];
  private readonly started = Date.now();
  private errors = 0;

  readonly turn: Turn = (fn, step = 'start') => {
    if (!this.steps.has(step)) this.steps.set(step, new Latencies());
    return this.steps.get(step)!.time(() => this.latencies.time(fn));
  };

  /** Runs one script, counting it as an error (with the first few messages kept) if it throws. */
  async run(script: () => Promise<void>): Promise<void> {
    try {
      await script();
    } catch (err) {
      this.errors++;
      if (this.errorSamples.length < 5) this.errorSamples.push((err as Error).message);
    }
  }

  /** What was seen; `seconds`, the time the load ran, defaults to the time since the recorder was made. */
  result(seconds = (Date.now() - this.started) / 1000): LoadResult {
    const latency = this.latencies.summary();
    return {
      latency,
      steps: Object.fromEntries([...this.steps].map(([step, l]) => [step, l.summary()])),
      errors: this.errors,
      turns: latency.count,
      seconds: round(seconds),
      turnsPerSecond: round(latency.count / seconds),
      errorSamples: this.errorSamples,
    };
  }
}

/**
 * Runs `count` scripts at once, each timing its own turns. They arrive over `settings.arrivalMs` (people do not all
 * press Send in the same second) and all overlap: a script lasts several times longer than the arrivals.
 */
async function concurrently(count: number, script: (turn: Turn, index: number) => Promise<void>): Promise<LoadResult> {
  const recorder = new LoadRecorder();
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      await sleep((i / count) * settings.arrivalMs);
      await recorder.run(() => script(recorder.turn, i));
    }),
  );
  return recorder.result();
}

/** One server's closed loop: a script run back to back by each worker (numbered from 0). */
interface ClosedLoop {
  script: (turn: Turn, worker: number) => Promise<void>;
  cpu: { serverPids: number[]; storePid: number };
}

/**
 * `workers` scripts back to back with no pauses, for each loop in turn, `rounds` times, until each has run `seconds`:
 * how many turns a second each sustains. Taking the loops in turns spreads the machine's drift in speed (within
 * minutes it changes by more than any one change to Front Door) over every loop alike, so a ratio between two of
 * them does not depend on which happened to run in the faster minute. A script under way when its loop's time is up
 * finishes, and its time counts.
 */
async function closedLoops(
  loops: ClosedLoop[],
  workers: number,
  seconds: number,
  rounds: number,
): Promise<LoadResult[]> {
  const runs = loops.map(() => ({
    recorder: new LoadRecorder(),
    ms: 0,
    cpu: { server: 0, store: 0, loadGenerator: 0 },
  }));
  for (let stretch = 0; stretch < rounds; stretch++) {
    for (const [i, loop] of loops.entries()) {
      const run = runs[i];
      const meter = cpuMeter(loop.cpu.serverPids, loop.cpu.storePid);
      const started = Date.now();
      const deadline = started + (seconds * 1000) / rounds;
      await Promise.all(
        Array.from({ length: workers }, async (_, w) => {
          while (Date.now() < deadline) await run.recorder.run(() => loop.script(run.recorder.turn, w));
        }),
      );
      run.ms += Date.now() - started;
      const spent = meter.spent();
      for (const k of ['server', 'store', 'loadGenerator'] as const) run.cpu[k] += spent[k];
    }
  }
  return runs.map(({ recorder, ms, cpu }) => {
    const result = recorder.result(ms / 1000);
    const per = (total: number) => round(total / Math.max(1, result.turns), 2);
    return {
      ...result,
      cpuMsPerTurn: { server: per(cpu.server), store: per(cpu.store), loadGenerator: per(cpu.loadGenerator) },
    };
  });
}

/** Samples a server's resident memory while `work` runs; returns the highest seen. */
async function peakMemoryDuring<T>(server: Server, work: Promise<T>): Promise<{ result: T; peakKB: number }> {
  let peakKB = server.rssKB();
  let done = false;
  const sampler = (async () => {
    while (!done) {
      peakKB = Math.max(peakKB, server.rssKB());
      await sleep(100);
    }
  })();
  const result = await work.finally(() => (done = true));
  await sampler;
  return { result, peakKB };
}

function understandingBenchmark(count: number) {
  const understander = createUnderstander();
  const texts = readFileSync(path.join(ROOT, 'test', 'nlu', 'heldout.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { text: string }).text);
  for (const text of texts) understander.understand(text); // warm
  const times: number[] = [];
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    const t = process.hrtime.bigint();
    understander.understand(texts[i % texts.length]);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const totalMs = Number(process.hrtime.bigint() - started) / 1e6;
  times.sort((a, b) => a - b);
  return {
    classifications: count,
    perSecond: Math.round(count / (totalMs / 1000)),
    p50Ms: round(times[Math.floor(count * 0.5)], 3),
    p99Ms: round(times[Math.ceil(count * 0.99) - 1], 3),
  };
}

const pause = () => thinkTime(settings.pauseMs[0], settings.pauseMs[1]);
const noPause = () => Promise.resolve();
const always =
  (base: string): Route =>
  () =>
    base;

async function main() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'front-door-bench-'));
  // Made first: under PROFILE the store writes its profile there from the start, and a fresh clone has no results yet.
  mkdirSync(RESULTS, { recursive: true });
  const store = await EmbeddedStore.start({
    dataDir,
    cpuProfile: process.env.PROFILE ? path.join(RESULTS, `store-${Date.now()}.pprof`) : undefined,
  });
  const storePid = store.pid!;
  const servers: Server[] = [];
  const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
  const content = benchContentDir();
  try {
    const env = { ...SERVER_ENV, MONGODB_URI: store.uri, MONGODB_DB: 'bench' };
    const frontDoorEnv = { ...env, CONTENT_DIR: content.dir, HUB_SWEEP_INTERVAL_MS: String(SWEEP_INTERVAL_MS) };
    log(`starting two Front Door instances and the echo bot on one embedded store (${quick ? 'quick' : 'full'} run)`);
    const a = await startServer('front-door-a', 'src/index.js', frontDoorEnv, FRONT_DOOR_READY, true);
    servers.push(a);
    // The second instance runs from the start, so both sweep the queue while the load runs; it takes turns only in
    // the scale phase.
    const b = await startServer('front-door-b', 'src/index.js', frontDoorEnv, FRONT_DOOR_READY);
    servers.push(b);
    const echo = await startServer('echo', 'bench/echoServer.js', { ...env, MONGODB_DB: 'bench_echo' }, /Echo bot/);
    servers.push(echo);

    // One fictional patient per simulated person: chats, then calls, then one per Front Door closed-loop worker (× 2).
    const people = await seedBenchPatients(
      store.uri,
      'bench',
      settings.chats + settings.calls + 2 * settings.loopConcurrency + 2,
    );
    const next = (() => {
      let i = 0;
      return (): BenchPatient => people[i++];
    })();

    // Warm both (first turn loads the classifier, opens store connections), then let the heap settle.
    await changeAppointmentByChat(next(), always(a.base), (fn) => fn(), noPause);
    await echoByChat(always(echo.base), (fn) => fn(), noPause);
    const idleRssKB = a.rssKB();
    const idleHeapKB = await heapUsedAfterGcKB(a.inspectorPort!);

    log(`understanding: ${settings.classifications} classifications`);
    const understanding = understandingBenchmark(settings.classifications);

    // Memory first, in a phase of its own: the forced full collection that measures the heap stops the server for tens
    // of milliseconds, which people never meet, so it must not land in the chat latencies below. The same number of
    // people each start changing a visit and stop where the bot asks for their NHS number: then every conversation is
    // open, part-way through a dialog, and none has ended. What the server holds for them is the heap after a full
    // collection, against the same measure before they began.
    log(`memory: ${settings.chats} conversations, the heap measured once all are part-way through`);
    const { result: memoryPhase, peakKB: memoryPeakKB } = await peakMemoryDuring(
      a,
      concurrently(settings.chats, async (turn) => {
        await askToChangeByChat(always(a.base), turn, pause);
      }),
    );
    const activeHeapKB = await heapUsedAfterGcKB(a.inspectorPort!);
    const memPerConversationKB = round(Math.max(0, activeHeapKB - idleHeapKB) / settings.chats);

    log(
      `chat: ${settings.chats} concurrent conversations, and ${settings.emergencies} people typing an emergency ` +
        `(999 items, follow-up target ${content.followUpMinutes.emergency_999} min for the bench)`,
    );
    const [{ result: chat, peakKB: chatPeakKB }, emergencies] = await Promise.all([
      peakMemoryDuring(
        a,
        concurrently(settings.chats, (turn) => changeAppointmentByChat(next(), always(a.base), turn, pause)),
      ),
      concurrently(settings.emergencies, (turn, i) => emergencyByChat(always(i % 2 ? b.base : a.base), turn, pause)),
    ]);
    const peakKB = Math.max(memoryPeakKB, chatPeakKB);

    log(`phone: ${settings.calls} concurrent calls`);
    const phone = await concurrently(settings.calls, (turn, i) =>
      changeAppointmentByPhone(
        next(),
        new PhoneCall(
          a.base,
          TWILIO_TOKEN,
          `CA${Date.now().toString(16)}${String(i).padStart(16, '0')}`,
          '+447700900123',
        ),
        turn,
        pause,
      ),
    );

    // Each Front Door worker is one person, changing their own visit again and again, whenever its loop runs.
    const loopPeople = () => Array.from({ length: settings.loopConcurrency }, next);
    const alone = loopPeople();
    log(
      `throughput: ${settings.loopConcurrency} conversations back to back for ${settings.loopSeconds}s, each server, ` +
        `taking turns ${settings.loopRounds} times`,
    );
    const [frontDoorLoop, echoLoop] = await closedLoops(
      [
        {
          script: (turn, w) => changeAppointmentByChat(alone[w], always(a.base), turn, noPause),
          cpu: { serverPids: [a.pid], storePid },
        },
        {
          script: (turn) => echoByChat(always(echo.base), turn, noPause),
          cpu: { serverPids: [echo.pid], storePid },
        },
      ],
      settings.loopConcurrency,
      settings.loopSeconds,
      settings.loopRounds,
    );
    await echo.stop();
    servers.splice(servers.indexOf(echo), 1);

    log('scale: a second Front Door instance on the same store, turns alternating between the two');
    await changeAppointmentByChat(next(), always(b.base), (fn) => fn(), noPause);
    const alternate: Route = (turn) => (turn % 2 ? b.base : a.base);
    const shared = loopPeople();
    const [twoInstances] = await closedLoops(
      [
        {
          script: (turn, w) => changeAppointmentByChat(shared[w], alternate, turn, noPause),
          cpu: { serverPids: [a.pid, b.pid], storePid },
        },
      ],
      settings.loopConcurrency,
      settings.loopSeconds,
      1,
    );

    const breachAlerts = await breachAlertsOnceTargetsPassed(store.uri, log);

    const errors =
      memoryPhase.errors +
      chat.errors +
      emergencies.errors +
      phone.errors +
      frontDoorLoop.errors +
      echoLoop.errors +
      twoInstances.errors;
    const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'CPU'}, ${round(os.totalmem() / 2 ** 30, 0)} GB, Node ${process.version}, ${os.platform()} ${os.release()}`;
    const results = {
      when: new Date().toISOString(),
      mode: quick ? 'quick' : 'full',
      machine,
      settings,
      chat,
      emergencies,
      memoryPhase,
      phone,
      breachAlerts,
      understanding,
      throughput: { frontDoor: frontDoorLoop, echoBaseline: echoLoop, twoInstances },
      memory: { idleHeapKB, activeHeapKB, idleRssKB, peakRssKB: peakKB, memPerConversationKB },
    };
    const throughputRatio = round(frontDoorLoop.turnsPerSecond / echoLoop.turnsPerSecond, 2);
    const scaleRatio = round(twoInstances.turnsPerSecond / frontDoorLoop.turnsPerSecond, 2);

    const file = path.join(RESULTS, `${results.when.replace(/[:.]/g, '-')}-${results.mode}.json`);
    writeFileSync(file, `${JSON.stringify({ ...results, throughputRatio, scaleRatio }, null, 2)}\n`);

    const row = (name: string, r: LoadResult, target: string) =>
      `| ${name} | ${r.latency.count} | ${r.latency.p50} | ${r.latency.p95} | ${r.latency.p99} | ${r.turnsPerSecond} | ${r.errors} | ${target} |`;
    const table = [
      `Machine: ${machine}. Mode: ${results.mode}. Results: ${path.relative(ROOT, file)}`,
      '',
      '| measure | turns | p50 ms | p95 ms | p99 ms | turns/s | errors | target |',
      '|---|---|---|---|---|---|---|---|',
      row(`chat, ${settings.chats} concurrent conversations`, chat, 'p99 < 150 ms'),
      row(`chat, ${settings.emergencies} emergencies typed at the same time`, emergencies, ''),
      row(`phone webhooks, ${settings.calls} concurrent calls`, phone, 'p99 < 100 ms'),
      row(`Front Door, ${settings.loopConcurrency} back to back`, frontDoorLoop, ''),
      row(`echo-bot baseline, ${settings.loopConcurrency} back to back`, echoLoop, ''),
      row('Front Door, two instances, turns alternating', twoInstances, ''),
      '',
      `| figure | value | target |`,
      '|---|---|---|',
      `| throughput, Front Door / echo baseline | ${throughputRatio} | ≥ 0.5 |`,
      `| throughput, two instances / one | ${scaleRatio} | |`,
      `| understanding | ${understanding.perSecond}/s, p50 ${understanding.p50Ms} ms, p99 ${understanding.p99Ms} ms | |`,
      `| memory per active conversation (heap after GC, ${settings.chats} active vs idle) | ${memPerConversationKB} KB | < 50 KB |`,
      `| peak memory (resident) | ${round(peakKB / 1024)} MB (idle ${round(idleRssKB / 1024)} MB) | |`,
      `| breach alerts: items past target / breached / alerted | ${breachAlerts.itemsPastTarget} / ${breachAlerts.itemsBreached} / ${breachAlerts.itemsAlerted} | |`,
      `| breach alerts per item, most (SMS / history entries) | ${breachAlerts.maxAlertsPerItem} / ${breachAlerts.maxAlertEntriesPerItem} | ≤ 1 |`,
      `| breach alerts per clinician per hour, most | ${Object.entries(breachAlerts.perClinicianPerHour)
        .map(([clinician, n]) => `${clinician}: ${n}`)
        .join(', ')} | ≤ ${ALERTS_PER_CLINICIAN_PER_HOUR} |`,
      '',
      '| CPU ms per turn, back to back | bot process(es) | store | load generator | total |',
      '|---|---|---|---|---|',
      ...(
        [
          ['Front Door', frontDoorLoop],
          ['echo-bot baseline', echoLoop],
          ['Front Door, two instances', twoInstances],
        ] as const
      ).map(([name, r]) => {
        const c = r.cpuMsPerTurn!;
        return `| ${name} | ${c.server} | ${c.store} | ${c.loadGenerator} | ${round(c.server + c.store + c.loadGenerator, 2)} |`;
      }),
    ];
    process.stdout.write(`${table.join('\n')}\n\n`);
    for (const [name, r] of Object.entries({
      memoryPhase,
      chat,
      emergencies,
      phone,
      frontDoorLoop,
      echoLoop,
      twoInstances,
    })) {
      for (const sample of r.errorSamples) process.stdout.write(`error (${name}): ${sample}\n`);
    }
    process.stdout.write(
      `${JSON.stringify({
        phoneP99Ms: phone.latency.p99,
        chatP99Ms: chat.latency.p99,
        throughputRatio,
        errors,
        memPerConversationKB,
        concurrentCalls: settings.calls,
        concurrentChats: settings.chats,
        breachAlerts: breachAlerts.alertsSent,
        maxBreachAlertsPerItem: breachAlerts.maxAlertsPerItem,
      })}\n`,
    );
    const broken = breachAlertFailures(breachAlerts);
    if (broken.length) throw new Error(`breach alerts: ${broken.join('; ')}`);
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await store.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(content.dir, { recursive: true, force: true });
  }
}

/**
 * Waits, with both instances still sweeping, until the last 999 item's shortened target and two sweeps after it have
 * passed (in the full run the load outlasts them; the quick run waits), then counts the alerts.
 */
async function breachAlertsOnceTargetsPassed(uri: string, log: (line: string) => void): Promise<BreachAlertFigures> {
  const deadline = await latestDeadline(uri, 'bench', 'emergency_999');
  if (!deadline) throw new Error('breach alerts: the emergencies made no 999 item to watch');
  const wait = deadline.getTime() + 2 * SWEEP_INTERVAL_MS - Date.now();
  if (wait > 0) {
    log(`breach alerts: waiting ${round(wait / 1000, 0)} s for the last follow-up target and two sweeps after it`);
    await sleep(wait);
  }
  return countBreachAlerts(uri, 'bench', new Date());
}

/** What makes the run fail: an item alerted twice, a clinician over the hourly limit, or nothing alerted at all. */
function breachAlertFailures(figures: BreachAlertFigures): string[] {
  const failures: string[] = [];
  if (figures.itemsAlertedTwice.length) {
    failures.push(`${figures.itemsAlertedTwice.length} item(s) alerted more than once`);
  }
  for (const [clinician, n] of Object.entries(figures.perClinicianPerHour)) {
    if (n > ALERTS_PER_CLINICIAN_PER_HOUR) failures.push(`${clinician} sent ${n} in an hour`);
  }
  // With targets passed and nobody in contact, no alert at all would mean the sweep was not measured.
  if (figures.alertsSent === 0) failures.push('no alert was sent, so nothing was measured');
  return failures;
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
