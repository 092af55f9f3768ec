import type { Connection } from 'mongoose';
import type { Server } from 'restify';
import { z } from 'zod';
import type { AuditLog } from '../hub/audit';
import type { TriageQueue } from '../hub/triageQueue';
import type { CallRequests } from '../integrations/notify/callRequests';
import type { OutboxNotifier } from '../integrations/notify/outbox';
import type { Rota, RotaContent } from '../integrations/rota/rota';
import type { Logger } from '../observability/logger';
import { dashboard } from './dashboard';
import { ADMIN_ONLY, guarded, HttpError, parse, STAFF_ANY, type Staff } from './http';
import type { StaffSessions } from './staffSessions';
import { STAFF_ROLES, type StaffDirectory } from './staffUsers';

export interface InfoRouteDeps {
  connection: Connection;
  queue: TriageQueue;
  rota: Rota;
  rotaContent: RotaContent;
  /** Only in development: the messages that would have gone by SMS. */
  outbox?: OutboxNotifier;
  /** Only in development: click-to-call requests (with Twilio credentials they also ring real phones). */
  callRequests?: CallRequests;
  users: StaffDirectory;
  sessions: StaffSessions;
  audit: AuditLog;
  logger: Logger;
  now: () => Date;
}

const daysQuery = z.object({ days: z.coerce.number().int().min(1).max(90).default(7) });
const auditQuery = z.object({
  actor: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
const newUser = z.object({
  email: z.email({ error: 'must be an email address' }),
  name: z.string().trim().min(2).max(100),
  role: z.enum(STAFF_ROLES, { error: `must be one of ${STAFF_ROLES.join(', ')}` }),
  password: z.string().min(12, { error: 'must be at least 12 characters' }).max(200),
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

  server.get(
    '/api/console/rota',
    guarded(deps, STAFF_ANY, false, async (_req, res) => {
      const byId = new Map(deps.rotaContent.clinicians.map((c) => [c.id, c]));
      res.send(200, {
        onDutyNow: deps.rota.onDutySync(deps.now()),
        clinicians: deps.rotaContent.clinicians,
        shifts: deps.rotaContent.shifts.map((s) => ({ ...s, order: s.order.map((id) => byId.get(id)?.name ?? id) })),
        review: deps.rotaContent.review,
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
    guarded(deps, STAFF_ANY, false, async (req, res) => {
      const { days } = parse(daysQuery, req.query);
      res.send(200, await dashboard(deps.connection, deps.queue, days, deps.now()));
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
      if (!(await deps.users.ensure(body))) {
        throw new HttpError(409, 'exists', 'A user with this email already exists.');
      }
      await record(staff, 'user.create', { kind: 'staff_user', id: body.email.toLowerCase() }, { role: body.role });
      res.send(201, { created: { email: body.email.toLowerCase(), name: body.name, role: body.role } });
    }),
  );
}
