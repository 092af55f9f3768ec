import type { Server } from 'restify';
import { z } from 'zod';
import type { BotRuntime } from '../bot/runtime';
import { readContentFile, reviewSchema } from '../content/readContentFile';
import { AuditLog } from '../hub/audit';
import { AlertAllowance } from '../hub/alertAllowance';
import { ALERT_WINDOW_MS, ALERTS_PER_CLINICIAN_PER_HOUR, BreachSweep } from '../hub/breachSweep';
import { ClinicianAlerts } from '../hub/clinicianAlert';
import { CouncilAlertSweep } from '../hub/councilAlerts';
import { CallHistory } from '../hub/callHistory';
import { HandoffStore } from '../hub/handoffStore';
import { Takeover } from '../hub/takeover';
import { TakeoverPrompts } from '../hub/takeoverPrompts';
import { createCallPort } from '../integrations/notify/callRequests';
import type { InterpreterConference } from '../integrations/twilio/interpreterConference';
import type { PhoneLanguageMenu } from '../language/phoneLanguageMenu';
import { OutboxNotifier } from '../integrations/notify/outbox';
import { e164 } from '../integrations/twilio/phoneNumbers';
import type { Rota } from '../integrations/rota/rota';
import type { ServiceRotas } from '../integrations/rota/serviceRotas';
import { serviceRotaBook } from './serviceRotaAccess';
import { registerCouncilAcknowledgements } from './councilAcknowledgementRoute';
import { registerAuthRoutes } from './authRoutes';
import { guarded, STAFF_ANY } from './http';
import { registerInfoRoutes } from './infoRoutes';
import { QueueChangeStream } from './liveUpdates';
import { registerQueueRoutes } from './queueRoutes';
import { StaffSessions } from './staffSessions';
import { STAFF_ROLES, StaffDirectory } from './staffUsers';
import { registerStaticFiles } from './staticFiles';
import { ItemNotes } from './itemNotes';
import { FeedbackBox } from '../hub/feedback';
import { loadOutcomes } from '../hub/outcomes';
import { loadReportContent } from '../reports/reportContent';
import { registerPages } from './pages/registerPages';

const LIVE_POLL_MS = 1000;

const demoStaffSchema = z.object({
  review: reviewSchema,
  password: z.string().min(12),
  staff: z
    .array(
      z.object({
        email: z.email(),
        name: z.string().min(2),
        role: z.enum(STAFF_ROLES),
        services: z.array(z.string()).min(1).optional(),
      }),
    )
    .min(1),
});

export interface ConsoleHub {
  /** After the store's indexes exist: the first admin, demo staff in development, and the breach sweep. */
  start(): Promise<{ demoLogin?: { emails: string[]; password: string } }>;
  /** Stops the sweep and ends live streams, so a graceful stop is not held open by them. */
  stop(): void;
}

/** The hub's people side: the coordinator console page, its JSON API under /api/console/, and the breach sweep. */
export function registerConsole(
  server: Server,
  runtime: BotRuntime,
  rota: Rota,
  /** Each service's rota, for breach alerts and the console's rota pages (the default service's is `rota`). */
  dutyRoute: ServiceRotas,
  /** The phone line's interpreter three-way call, which the console can start too (issue 22). */
  phoneInterpreters: { conference: InterpreterConference; menu: PhoneLanguageMenu },
): ConsoleHub {
  const { config, logger, connection } = runtime;
  const now = () => new Date();
  const audit = new AuditLog(connection);
  const users = new StaffDirectory(connection, now);
  const sessions = new StaffSessions(connection, config.SESSION_SECRET, config.CONSOLE_SESSION_HOURS * 3600000, now);
  // The same Rota the dialogs and the phone line use (ROTA_FILE), from now on read from the store; the file's content
  // seeds the store on first start and stays the fail-safe.
  const rotas = serviceRotaBook(
    connection,
    runtime.services.profiles,
    (id) => dutyRoute.rotaFor(id),
    { logger },
    (service, content, version) => dutyRoute.writeToRecord(service, content, version),
  );
  const takeover = new Takeover(
    runtime.queue,
    new HandoffStore(connection),
    runtime.handoffs,
    TakeoverPrompts.load(),
    config.MicrosoftAppId ?? '',
    logger,
  );
  const changes = new QueueChangeStream(runtime.queue, LIVE_POLL_MS, logger);
  // One allowance for every kind of alert: a clinician's phone gets no more than the hour's alerts, whatever they are.
  const allowance = new AlertAllowance(connection, ALERTS_PER_CLINICIAN_PER_HOUR, ALERT_WINDOW_MS);
  const sweep = new BreachSweep(
    runtime.queue,
    dutyRoute,
    runtime.notifications,
    allowance,
    `${config.PUBLIC_URL}/console`,
    logger,
    runtime.sms,
    now,
  );
  const councilSweep = new CouncilAlertSweep(
    runtime.queue,
    runtime.services,
    new ClinicianAlerts(dutyRoute, runtime.notifications, allowance, logger),
    `${config.PUBLIC_URL}/console`,
    logger,
    runtime.sms,
    now,
  );
  const guard = { sessions, audit, logger };
  const dialer = createCallPort(config, connection, logger);

  registerStaticFiles(server);
  const signIn = registerAuthRoutes(server, {
    ...guard,
    users,
    sessionHours: config.CONSOLE_SESSION_HOURS,
    secureCookies: config.PUBLIC_URL.startsWith('https:'),
  });
  server.get(
    '/api/console/queue/events',
    guarded(guard, STAFF_ANY, false, async (_req, res, { session, from }) => changes.open(res, session.userId, from)),
  );
  // Every service's clinicians: a Medway call's history names Medway's clinicians, not their ids.
  const allClinicians = () => rotas.serviceIds.flatMap((id) => rotas.rotaOf(id).clinicians());
  const calls = new CallHistory(connection, (id) => allClinicians().find((c) => c.id === id)?.name);
  // A clinician on the rota is recognised by their sign-in email, else by their name as the rota spells it.
  const staffPhone = (session: { email: string; name: string }) => {
    const same = (a?: string, b?: string) => !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();
    const clinicians = [...rota.clinicians(), ...allClinicians()];
    const match =
      clinicians.find((c) => same(c.email, session.email)) ?? clinicians.find((c) => same(c.name, session.name));
    return match && e164(match.phone);
  };
  const outbox = config.NODE_ENV === 'production' ? undefined : new OutboxNotifier(connection);
  // The JSON API and the pages act on items through the same parts.
  const itemDeps = {
    ...guard,
    queue: runtime.queue,
    takeover,
    calls,
    dialer,
    staffPhone,
    interpreters: {
      ...phoneInterpreters,
      interpretingFor: (service: string | undefined) =>
        phoneInterpreters.menu.interpretingFor(runtime.services.profileOf(service)),
      // Our number: the configured one, else the number the service's calls arrive on (ours too).
      ourNumber: (service: string | undefined) =>
        config.TWILIO_FROM_NUMBER ?? runtime.services.profileOf(service).contactNumbers[0],
    },
    transcripts: runtime.transcripts,
    users,
    defaultService: runtime.services.default.id,
    serviceNames: Object.fromEntries(runtime.services.profiles.map((p) => [p.id, p.name])),
    now,
  };
  registerQueueRoutes(server, itemDeps);
  registerCouncilAcknowledgements(server, {
    queue: runtime.queue,
    audit,
    logger,
    secrets: config.COUNCIL_ACK_SECRETS,
    destinations: Object.fromEntries(runtime.services.profiles.map((p) => [p.id, p.safeguarding.name])),
    defaultService: runtime.services.default.id,
  });
  registerPages(server, {
    ...itemDeps,
    connection,
    notes: new ItemNotes(connection, now),
    feedback: new FeedbackBox(connection),
    outcomes: loadOutcomes(),
    reportContent: loadReportContent(),
    patients: runtime.patients,
    rotas,
    outbox,
    callRequests: config.NODE_ENV === 'production' ? undefined : dialer.requests,
    secureCookies: config.PUBLIC_URL.startsWith('https:'),
    signIn,
  });
  registerInfoRoutes(server, {
    ...guard,
    connection,
    queue: runtime.queue,
    transcripts: runtime.transcripts,
    rotas,
    outbox,
    callRequests: config.NODE_ENV === 'production' ? undefined : dialer.requests,
    users,
    serviceIds: runtime.services.profiles.map((p) => p.id),
    defaultService: runtime.services.default.id,
    now,
  });

  let stopSweep: (() => void) | undefined;
  return {
    async start() {
      if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
        const created = await users.ensure({
          email: config.ADMIN_EMAIL,
          name: 'Administrator',
          role: 'admin',
          password: config.ADMIN_PASSWORD,
        });
        if (created) logger.info({ event: 'console.admin_created' }, 'first console admin created from ADMIN_EMAIL');
      }
      let demoLogin: { emails: string[]; password: string } | undefined;
      if (config.NODE_ENV === 'development') {
        const demo = readContentFile('demo/staff.yaml', demoStaffSchema);
        for (const person of demo.staff) await users.ensure({ ...person, password: demo.password });
        demoLogin = { emails: demo.staff.map((s) => s.email), password: demo.password };
      }
      for (const service of await rotas.seedAll()) {
        logger.info({ event: 'rota.seeded', service }, 'duty rota stored from its file (version 1)');
      }
      const stopBreaches = sweep.start(config.HUB_SWEEP_INTERVAL_MS);
      const stopCouncil = councilSweep.start(config.HUB_SWEEP_INTERVAL_MS);
      stopSweep = () => {
        stopBreaches();
        stopCouncil();
      };
      return { demoLogin };
    },
    stop() {
      stopSweep?.();
      changes.stop();
    },
  };
}
