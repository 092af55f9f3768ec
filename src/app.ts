import type { AddressInfo } from 'node:net';
import { createCloudAdapter } from './bot/adapter';
import { createBotRuntime, type BotRuntime } from './bot/runtime';
import type { Config } from './config';
import { loadCorePrompts } from './content/prompts';
import type { Logger } from './observability/logger';
import { createServer } from './server';
import { registerConsole, type ConsoleHub } from './console/registerConsole';
import { seedDemoData } from './demo/seedDemoData';
import { createRecordSystem } from './record/recordSystem';
import { loadResponseTargets } from './hub/responseTargets';
import { createNotifier } from './integrations/notify/twilioNotifier';
import { Rota } from './integrations/rota/rota';
import { registerDirectLine, type DirectLine } from './integrations/directline/registerDirectLine';
import { registerTwilio } from './integrations/twilio/registerTwilio';
import {
  createConferenceCallPort,
  timerSchedule,
  type ConferenceCallPort,
  type Schedule,
} from './integrations/twilio/interpreterConference';
import { registerChatPage } from './web/chatPage';
import { ensureIndexes, openDatabase, type Database } from './store/database';
import { StoreHealth } from './store/storeHealth';
import { StaffDirectory } from './console/staffUsers';
import { ServiceDirectory } from './content/serviceDirectory';
import { ServiceRotas } from './integrations/rota/serviceRotas';
import { loadStoreFreeWording, type StoreFreeSafety } from './integrations/directline/heldTurns';
import { RECOVERY_SWEEP_MS, VisitRecovery } from './appointments/visitRecovery';
import { retentionPolicy } from './store/retention/retentionPolicy';
import { RetentionSweep } from './store/retention/retentionSweep';

export interface RunningApp {
  url: string;
  port: number;
  database: Database;
  runtime: BotRuntime;
  /** Every route the server answers, as `METHOD /path/:param` (for checks that must cover them all, e.g. fuzzing). */
  routes(): string[];
  /** Graceful stop: refuse new requests, let in-flight turns finish, close the store. */
  stop(): Promise<void>;
}

/** Ports onto the outside world a test may replace with a recording fake; each defaults to the configured adapter. */
export interface AppPorts {
  /** Rings the interpreter, the clinician and the patient into a conference (Twilio REST when configured). */
  conferenceCalls?: ConferenceCallPort;
  /** Runs the interpreter conference's wait for the interpreter (a timer; tests end the wait by hand). */
  schedule?: Schedule;
}

/** Wires configuration → content → store → bot → HTTP server, and starts listening. */
export async function startApp(
  config: Config,
  logger: Logger,
  onStoreDied?: () => void,
  ports: AppPorts = {},
): Promise<RunningApp> {
  // Content first: a bad content file must stop start-up before anything listens.
  const prompts = loadCorePrompts();
  const database = await openDatabase(config, logger, onStoreDied);
  let hub: ConsoleHub | undefined;
  let directLine: DirectLine | undefined;
  let storeHealth: StoreHealth | undefined;
  let stopRecovery: (() => void) | undefined;
  let stopRetention: (() => void) | undefined;
  try {
    const services = new ServiceDirectory();
    const rota = Rota.fromContent(config.ROTA_FILE);
    // Each service's urgent cases go to its own rota; the default service's is ROTA_FILE's, edited in the console.
    const rotas = new ServiceRotas(services.profiles, rota);
    storeHealth = new StoreHealth(() => database.ping());
    const health = storeHealth;
    // The driver notices a lost server before any request does: the safety paths stop waiting on it at once.
    database.connection.on('disconnected', () => health.markDown());
    const record = createRecordSystem(config, database.connection);
    if (record.duty) rotas.useRecord(record.duty, logger);
    const runtime = createBotRuntime(config, logger, database.connection, prompts, {
      dutyRoute: rotas,
      serviceDirectory: services,
      responseTargets: loadResponseTargets(),
      // Twilio's REST API when credentials are configured, else the outbox: chosen once, for the dialogs and the hub.
      notifications: createNotifier(config, database.connection, logger),
      record,
      contactIdleMs: config.CONTACT_IDLE_MINUTES * 60000,
    });
    const adapter = runtime.attach(createCloudAdapter(config, prompts.failSafe, logger));
    const http = createServer({ config, logger, adapter, bot: runtime.bot, isReady: () => database.ping() });
    // Channels register their routes here, each on the same runtime.
    directLine = registerDirectLine(http.server, runtime, {
      health: storeHealth,
      safety: directLineSafety(runtime, rota),
    });
    registerChatPage(http.server, services, config.RECORD_SYSTEM);
    const phone = registerTwilio(
      http.server,
      runtime,
      rotas,
      ports.conferenceCalls ?? createConferenceCallPort(config),
      ports.schedule ?? timerSchedule,
    );
    hub = registerConsole(http.server, runtime, rota, rotas, phone.interpreters);

    // After every model is registered: unique indexes are part of correctness, so they exist before we serve.
    await ensureIndexes(database.connection);
    // Callers and console calls a stopped process left waiting for their interpreter (H79).
    await phone.interpreters.conference.resume();
    if (config.NODE_ENV === 'development') {
      // Fictional demo patients so a newcomer can try every conversation; never loaded in production.
      const seeded = await seedDemoData(database.connection);
      if (seeded.patients) logger.info({ event: 'demo.seeded', patients: seeded.patients }, 'demo data loaded');
    }
    if (config.RECORD_SYSTEM === 'demo') {
      // Changes to visits a killed process left half-made are finished or undone before anyone sees the visits.
      const recovery = new VisitRecovery(database.connection, logger);
      await recovery.atStart();
      stopRecovery = recovery.start(RECOVERY_SWEEP_MS);
    }
    // What is past its retention period is deleted (README: "Retention").
    stopRetention = new RetentionSweep(database.connection, retentionPolicy(config), logger).start(
      config.RETENTION_SWEEP_INTERVAL_MS,
    );
    // Contact summaries and referrals the record system has not yet accepted are retried until it does.
    runtime.recordOutbox.start(config.RECORD_RETRY_INTERVAL_MS);
    const { demoLogin } = await hub.start();
    if (config.NODE_ENV === 'production') {
      const disabled = await new StaffDirectory(database.connection).disableDemoLogins();
      if (disabled) logger.warn({ event: 'console.demo_logins_disabled', disabled }, 'demo staff sign-ins disabled');
    }
    if (demoLogin) {
      process.stdout.write(
        `Coordinator console: ${config.PUBLIC_URL}/console (demo login: ${demoLogin.emails.join(', ')}; ` +
          `password ${demoLogin.password})\n`,
      );
    }

    await new Promise<void>((resolve, reject) => {
      http.server.once('error', reject);
      http.server.listen(config.PORT, config.HOST, () => resolve());
    });
    const port = (http.server.address() as AddressInfo).port;

    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        http.startDraining();
        if (config.SHUTDOWN_DRAIN_MS) await new Promise((r) => setTimeout(r, config.SHUTDOWN_DRAIN_MS));
        hub?.stop();
        storeHealth?.stop();
        stopRecovery?.();
        stopRetention?.();
        runtime.recordOutbox.stop();
        // WebSockets close with "going away" first, so Web Chat reconnects to another instance straight away.
        directLine?.close();
        http.stopAccepting();
        const closed = new Promise<void>((resolve) => http.server.close(() => resolve()));
        http.server.server.closeIdleConnections();
        const deadline = Date.now() + config.SHUTDOWN_TIMEOUT_MS;
        while (http.inFlight() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
        if (http.inFlight() > 0) logger.warn({ inFlight: http.inFlight() }, 'shutdown timeout: abandoning requests');
        http.server.server.closeAllConnections();
        await closed;
        await database.close();
      })());

    const routes = () =>
      Object.values(http.server.router.getRoutes()).map((route) => `${route.method} ${String(route.path)}`);
    return { url: config.PUBLIC_URL, port, database, runtime, routes, stop };
  } catch (err) {
    hub?.stop();
    stopRecovery?.();
    stopRetention?.();
    directLine?.close();
    await database.close();
    throw err;
  }
}

/** Web chat's store-free safety path: the bot's own red-flag screen, the rota in memory, the hub on the queue later. */
function directLineSafety(runtime: BotRuntime, rota: Rota): StoreFreeSafety {
  return {
    screen: (text) => runtime.redFlags(text),
    dutyNow: () => rota.onDutySync(new Date())[0],
    hubPhone: runtime.services.default.hub.phone,
    wording: loadStoreFreeWording(),
    async escalate({ conversationId, activityId, flag, text }) {
      await runtime.queue.create({
        kind: 'escalation',
        disposition: flag.disposition,
        channel: 'directline',
        conversation: { channelId: 'directline', conversationId, serviceUrl: runtime.config.PUBLIC_URL },
        summary: {
          contact: { role: 'unknown' },
          problem: text.slice(0, 1000),
          answers: {},
          redFlags: [flag.id],
        },
        idempotencyKey: `${conversationId}:${activityId}:escalation`,
        createdBy: 'front-door-bot',
      });
    },
  };
}
