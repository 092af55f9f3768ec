import { seesItem, serviceQuery, servicesShown } from './serviceScope';
import type { Request, Server } from 'restify';
import { z } from 'zod';
import { needsCallback, type CallHistory } from '../hub/callHistory';
import type { QueueItem } from '../hub/queueModel';
import { QueueTransitionError } from '../hub/triageQueue';
import type { Logger } from '../observability/logger';
import type { ChannelTranscripts } from '../store/channelTranscripts';
import { DISPOSITIONS } from '../triage/dispositions';
import { DUTY_OR_ADMIN, guarded, parse, STAFF_ANY, type Staff } from './http';
import { auditItem, QUEUE_ACTIONS, runQueueAction, type QueueActionDeps } from './queueActions';
import { readTranscript } from './transcript';
import { queueDetail, queueRow, transcriptLines } from './queueView';
import type { StaffSessions } from './staffSessions';

const KINDS = ['escalation', 'referral', 'callback', 'safeguarding'] as const;
const STATUS_GROUPS = {
  open: ['new', 'claimed', 'in_progress'],
  finished: ['resolved', 'referred_on', 'closed'],
  all: [],
} as const;

/** `?kind=referral,callback`: a comma list of allowed values, empty meaning all. */
const listOf = <T extends string>(values: readonly T[], name: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v ? v.split(',').filter(Boolean) : []))
    .pipe(
      z.array(z.enum(values as unknown as [T, ...T[]], { error: `each ${name} must be one of ${values.join(', ')}` })),
    );

export const listQuery = z.object({
  kind: listOf(KINDS, 'kind'),
  disposition: listOf(DISPOSITIONS, 'disposition'),
  status: z.enum(['open', 'finished', 'all'], { error: 'must be open, finished or all' }).default('open'),
  callback: z.enum(['needed'], { error: 'must be needed' }).optional(),
  service: serviceQuery,
});
export const transcriptQuery = z.object({ since: z.iso.datetime({ error: 'must be an ISO date-time' }).optional() });

export interface QueueRouteDeps extends QueueActionDeps {
  calls: CallHistory;
  transcripts: ChannelTranscripts;
  sessions: StaffSessions;
  logger: Logger;
  now: () => Date;
}

/** The live queue, an item, its transcript, and every action on it; each view or change is audited. */
export function registerQueueRoutes(server: Server, deps: QueueRouteDeps): void {
  const audit = (staff: Staff, action: string, item: Pick<QueueItem, '_id' | 'reference'>, detail = {}) =>
    auditItem(deps.audit, staff, action, item, detail);
  const serviceOf = (item: QueueItem) => {
    const service = item.service ?? deps.defaultService;
    return { service, serviceName: deps.serviceNames[service] ?? service };
  };
  const mustFind = async (req: Request, staff: Staff) => {
    const item = await deps.queue.findById(req.params.id);
    if (!item || !seesItem(staff.session, item, deps.defaultService))
      throw new QueueTransitionError('not_found', 'No such queue item.');
    return item;
  };

  server.get(
    '/api/console/queue',
    guarded(deps, STAFF_ANY, false, async (req, res, staff) => {
      const query = parse(listQuery, req.query);
      const now = deps.now();
      let items = await deps.queue.list({
        ids: query.callback ? await deps.calls.recentCallbackItemIds(now) : undefined,
        statuses: [...STATUS_GROUPS[query.status]],
        kinds: query.kind,
        dispositions: query.disposition,
        services: servicesShown(staff.session, deps.defaultService, Object.keys(deps.serviceNames), query.service),
      });
      const failed = await deps.calls.callbackNeededSince(items.map((i) => i._id));
      const owed = (i: QueueItem) => needsCallback(i, failed.get(i._id));
      if (query.callback) items = items.filter(owed);
      await deps.audit.record({
        actor: { kind: 'staff', id: staff.actor.id },
        action: 'queue.list',
        subject: { kind: 'queue', id: query.status },
        channel: 'console',
        from: staff.from,
        detail: { references: items.map((i) => i.reference), name: staff.actor.name },
      });
      res.send(200, { now, items: items.map((i) => ({ ...queueRow(i, now, owed(i)), ...serviceOf(i) })) });
    }),
  );

  server.get(
    '/api/console/queue/:id',
    guarded(deps, STAFF_ANY, false, async (req, res, staff) => {
      const item = await mustFind(req, staff);
      const handoff = await deps.takeover.handoffFor(item._id);
      const calls = await deps.calls.forItem(item);
      const callbacks = (await deps.dialer.requests.forItem(item._id)).map((r) => ({
        at: r.createdAt,
        staff: r.staff.name,
        status: r.status,
      }));
      const failed = await deps.calls.callbackNeededSince([item._id]);
      await audit(staff, 'queue_item.view', item, { patientShown: !!item.summary.patient?.verified });
      res.send(
        200,
        queueDetail(
          item,
          handoff,
          deps.queue.targetMinutes(item.disposition),
          deps.now(),
          calls,
          needsCallback(item, failed.get(item._id)),
          callbacks,
        ),
      );
    }),
  );

  // The first load is audited as a view; the item page then polls with ?since= while it stays open, which is the
  // same view continuing (auditing every poll would bury the trail in noise).
  server.get(
    '/api/console/queue/:id/transcript',
    guarded(deps, STAFF_ANY, false, async (req, res, staff) => {
      const { since } = parse(transcriptQuery, req.query);
      const item = await mustFind(req, staff);
      if (!since) await audit(staff, 'transcript.view', item);
      const activities = await readTranscript(deps.transcripts, item, since ? new Date(since) : undefined);
      res.send(200, { lines: transcriptLines(activities) });
    }),
  );

  // Who an item can be given to: names and roles only, for the duty clinician's and admins' reassign choice.
  server.get(
    '/api/console/staff',
    guarded(deps, DUTY_OR_ADMIN, false, async (_req, res) => {
      const users = await deps.users.list();
      res.send(200, { staff: users.map((u) => ({ id: u._id, name: u.name, role: u.role })) });
    }),
  );

  for (const name of QUEUE_ACTIONS) {
    server.post(
      `/api/console/queue/:id/${name}`,
      guarded(deps, STAFF_ANY, true, async (req, res, staff) => {
        const item = await runQueueAction(deps, name, staff, req.params.id, req.body);
        res.send(200, { item: queueRow(item, deps.now()) });
      }),
    );
  }
}
