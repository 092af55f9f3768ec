import type { Connection } from 'mongoose';
import type { Server } from 'restify';
import { z } from 'zod';
import type { AuditLog } from '../hub/audit';
import type { TriageQueue } from '../hub/triageQueue';
import type { CallRequests } from '../integrations/notify/callRequests';
import type { OutboxNotifier } from '../integrations/notify/outbox';
import { rotaProblem, rotaSchema } from '../integrations/rota/rota';
import { RotaConflict } from '../integrations/rota/rotaStore';
import { canEditRota, rotaServiceFor, type ServiceRotaBook } from './serviceRotaAccess';
import { rotaOnRecordNote } from './rotaOnRecord';
import type { Logger } from '../observability/logger';
import type { ChannelTranscripts } from '../store/channelTranscripts';
import { dashboard } from './dashboard';
import { serviceQuery, servicesShown } from './serviceScope';
import { ADMIN_ONLY, guarded, HttpError, parse, STAFF_ANY, type Staff } from './http';
import type { StaffSessions } from './staffSessions';
import { STAFF_ROLES, type StaffDirectory } from './staffUsers';

export interface InfoRouteDeps {
  connection: Connection;
  queue: TriageQueue;
  transcripts: ChannelTranscripts;
  /** Each service's rota and its versions. */
  rotas: ServiceRotaBook;
  /** Only in development: the messages that would have gone by SMS. */
  outbox?: OutboxNotifier;
  /** Only in development: click-to-call requests (with Twilio credentials they also ring real phones). */
  callRequests?: CallRequests;
  users: StaffDirectory;
  /** The service profile ids a staff member may be limited to. */
  serviceIds: string[];
  /** Items with no service are this service's. */
  defaultService: string;
  sessions: StaffSessions;
  audit: AuditLog;
  logger: Logger;
  now: () => Date;
}

export const rotaQuery = z.object({ service: serviceQuery });

export const rotaEdit = z.object({
  baseVersion: z.number({ error: 'baseVersion is required: the version you opened' }).int().min(1),
  rota: rotaSchema,
});

export const daysQuery = z.object({
  days: z.coerce.number().int().min(1).max(90).default(7),
  service: serviceQuery,
});
export const auditQuery = z.object({
  actor: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export const newUser = z.object({
  email: z.email({ error: 'must be an email address' }),
  name: z.string().trim().min(2).max(100),
  role: z.enum(STAFF_ROLES, { error: `must be one of ${STAFF_ROLES.join(', ')}` }),
  password: z.string().min(12, { error: 'must be at least 12 characters' }).max(200),
  /** The services whose items they see; every service's when absent. */
  services: z.array(z.string().max(60)).min(1).max(20).optional(),
});

/** Rota, development SMS outbox, dashboard, and the admin views (audit trail, users). */
export function registerInfoRoutes(server: Server, deps: InfoRouteDeps): void {
  const record = (staff: Staff, action: string, subject: { kind: string; id: string }, detail = {}) =>
    deps.audit.record({
      actor: { kind: 'staff', id: staff.actor.id },
      action,
      subject,
      channel: 'console',
      from: staff.from,
      detail: { name: staff.actor.name, ...detail },
    });

  // Read fresh from the store, so an editor edits the latest version; on duty now is what the phone line would use.
  server.get(
    '/api/console/rota',
    guarded(deps, STAFF_ANY, false, async (req, res, staff) => {
      const service = rotaServiceFor(staff.session, deps.rotas, parse(rotaQuery, req.query ?? {}).service);
      const rota = deps.rotas.rotaOf(service);
      await rota.refresh();
      const { content, version } = rota.current();
      const history = version === undefined ? [] : await deps.rotas.storeOf(service).history(10);
      const byId = new Map(content.clinicians.map((c) => [c.id, c]));
      res.send(200, {
        service,
        version,
        canEdit: canEditRota(staff.session, service),
        onDutyNow: await rota.onDuty(deps.now()),
        rota: content,
        clinicians: content.clinicians,
        shifts: content.shifts.map((s) => ({ ...s, order: s.order.map((id) => byId.get(id)?.name ?? id) })),
        review: content.review,
        history: history.map((v) => ({ version: v._id, at: v.at, by: v.by.name, source: v.source })),
      });
    }),
  );

  // A service's rota is edited by an admin or that service's own coordinator: validated with the content file's
  // schema, saved as a new version of that service's rota against the one opened.
  server.put(
    '/api/console/rota',
    guarded(deps, STAFF_ANY, true, async (req, res, staff) => {
      const service = rotaServiceFor(staff.session, deps.rotas, parse(rotaQuery, req.query ?? {}).service);
      if (!canEditRota(staff.session, service)) {
        throw new HttpError(403, 'forbidden', "Only an admin or the service's own coordinators can change its rota.");
      }
      const body = parse(rotaEdit, req.body);
      const problem = rotaProblem(body.rota);
      if (problem) throw new HttpError(400, 'invalid_request', `rota.${problem.path}: ${problem.message}`);
      let saved;
      try {
        saved = await deps.rotas.storeOf(service).save(body.baseVersion, body.rota, staff.actor, deps.now());
      } catch (err) {
        if (!(err instanceof RotaConflict)) throw err;
        const latest = err.latest;
        throw new HttpError(
          409,
          'rota_changed',
          latest
            ? `The rota was changed by ${latest.by.name} (version ${latest._id}) after you opened version ` +
                `${body.baseVersion}. Reload it and make your change again.`
            : 'The rota is not in the store yet. Reload and try again.',
        );
      }
      deps.rotas.rotaOf(service).invalidate();
      const onRecord = await deps.rotas.toRecord(service, saved.content, saved._id);
      await record(
        staff,
        'rota.edit',
        { kind: 'rota', id: String(saved._id) },
        { basedOn: body.baseVersion, service, onRecord },
      );
      const note = rotaOnRecordNote(onRecord);
      res.send(200, {
        service,
        version: saved._id,
        at: saved.at,
        by: saved.by.name,
        onRecord,
        ...(note.text ? { onRecordNote: note.text } : {}),
      });
    }),
  );

  server.get(
    '/api/console/outbox',
    guarded(deps, STAFF_ANY, false, async (_req, res, staff) => {
      if (!deps.outbox) throw new HttpError(404, 'not_available', 'The SMS outbox is shown in development only.');
      const messages = await deps.outbox.recent(100);
      // The staff member's number and the item, not the patient's number: enough to see the request was made.
      const calls = ((await deps.callRequests?.recent(100)) ?? []).map((c) => ({
        id: c._id,
        createdAt: c.createdAt,
        to: c.to,
        staff: c.staff.name,
        reference: c.reference,
        queueItemId: c.queueItemId,
        status: c.status,
      }));
      await record(
        staff,
        'outbox.view',
        { kind: 'outbox', id: 'recent' },
        { count: messages.length, calls: calls.length },
      );
      res.send(200, { messages, calls });
    }),
  );

  server.get(
    '/api/console/dashboard',
    guarded(deps, STAFF_ANY, false, async (req, res, staff) => {
      const { days, service } = parse(daysQuery, req.query);
      const services = servicesShown(staff.session, deps.defaultService, deps.serviceIds, service);
      res.send(
        200,
        await dashboard(deps.connection, deps.transcripts, deps.queue, days, deps.now(), {
          services,
          defaultService: deps.defaultService,
        }),
      );
    }),
  );

  server.get(
    '/api/console/audit',
    guarded(deps, ADMIN_ONLY, false, async (req, res, staff) => {
      const query = parse(auditQuery, req.query);
      const entries = await deps.audit.recent({ actorId: query.actor, limit: query.limit });
      await record(staff, 'audit.view', { kind: 'audit', id: query.actor ?? 'all' });
      res.send(200, { entries });
    }),
  );

  server.get(
    '/api/console/users',
    guarded(deps, ADMIN_ONLY, false, async (_req, res) => {
      res.send(200, { users: await deps.users.list() });
    }),
  );

  server.post(
    '/api/console/users',
    guarded(deps, ADMIN_ONLY, true, async (req, res, staff) => {
      const body = parse(newUser, req.body);
      const unknown = body.services?.find((s) => !deps.serviceIds.includes(s));
      if (unknown) throw new HttpError(400, 'invalid_request', `services: there is no service "${unknown}".`);
      if (!(await deps.users.ensure(body))) {
        throw new HttpError(409, 'exists', 'A user with this email already exists.');
      }
      await record(
        staff,
        'user.create',
        { kind: 'staff_user', id: body.email.toLowerCase() },
        {
          role: body.role,
          services: body.services,
        },
      );
      res.send(201, {
        created: { email: body.email.toLowerCase(), name: body.name, role: body.role, services: body.services },
      });
    }),
  );
}
