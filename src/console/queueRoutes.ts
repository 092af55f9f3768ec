import type { Activity } from 'botbuilder';
import type { Request, Server } from 'restify';
import { z } from 'zod';
import type { AuditLog } from '../hub/audit';
import { needsCallback, type CallHistory } from '../hub/callHistory';
import type { QueueItem } from '../hub/queueModel';
import type { Takeover } from '../hub/takeover';
import { QueueTransitionError, type TriageQueue } from '../hub/triageQueue';
import type { CallPort } from '../integrations/notify/callRequests';
import { callerNumberOf, e164 } from '../integrations/twilio/phoneNumbers';
import type { Logger } from '../observability/logger';
import type { ChannelTranscripts } from '../store/channelTranscripts';
import { DISPOSITIONS } from '../triage/dispositions';
import { DUTY_OR_ADMIN, guarded, HttpError, parse, STAFF_ANY, type Staff } from './http';
import { queueDetail, queueRow, transcriptLines } from './queueView';
import type { StaffSession, StaffSessions } from './staffSessions';
import type { StaffDirectory, StaffRole } from './staffUsers';

const KINDS = ['escalation', 'referral', 'callback', 'safeguarding'] as const;
const OPEN: readonly string[] = ['claimed', 'in_progress'];
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

const listQuery = z.object({
  kind: listOf(KINDS, 'kind'),
  disposition: listOf(DISPOSITIONS, 'disposition'),
  status: z.enum(['open', 'finished', 'all'], { error: 'must be open, finished or all' }).default('open'),
  callback: z.enum(['needed'], { error: 'must be needed' }).optional(),
});
const text = (what: string, max: number) =>
  z
    .string({ error: `${what} is required` })
    .trim()
    .min(1, { error: `${what} is required` })
    .max(max, { error: `${what} must be at most ${max} characters` });
const resolveBody = z.object({ outcome: text('outcome', 2000) });
const referBody = z.object({ referredTo: text('referredTo', 200), note: text('note', 2000).optional() });
const closeBody = z.object({ reason: text('reason', 2000) });
const messageBody = z.object({ text: text('text', 2000) });
const feedbackBody = z.object({ note: text('note', 2000).optional() });
/** A UK number in any usual form (07700 900123, +44 7700 900123, 0044…), as E.164 for Twilio. */
const ukPhone = z
  .string()
  .transform((v) => v.replace(/[\s().-]/g, ''))
  .pipe(
    z.string().regex(/^(?:0|\+44|0044)[1-9]\d{8,9}$/, {
      error: 'must be a UK phone number, e.g. 07700 900123 or +44 7700 900123',
    }),
  )
  .transform((v) => `+44${v.replace(/^(?:0044|\+44|0)/, '')}`);
const callbackBody = z.object({ phone: ukPhone.optional() });
const releaseBody = z.object({ note: text('note', 500).optional() });
const reassignBody = z.object({
  to: z.string({ error: "to is required (the staff member's id)" }).trim().min(1, { error: 'to is required' }).max(100),
  note: text('note', 500).optional(),
});
const transcriptQuery = z.object({ since: z.iso.datetime({ error: 'must be an ISO date-time' }).optional() });
const MAX_TRANSCRIPT_PAGES = 50;

export interface QueueRouteDeps {
  queue: TriageQueue;
  takeover: Takeover;
  calls: CallHistory;
  /** Click-to-call: Twilio when configured, else recorded only. */
  dialer: CallPort;
  /** The staff member's phone from the duty rota (E.164), if they are on it. */
  staffPhone: (session: StaffSession) => string | undefined;
  transcripts: ChannelTranscripts;
  sessions: StaffSessions;
  users: StaffDirectory;
  audit: AuditLog;
  logger: Logger;
  now: () => Date;
}

/** The live queue, an item, its transcript, and every action on it; each view or change is audited. */
export function registerQueueRoutes(server: Server, deps: QueueRouteDeps): void {
  const audit = (staff: Staff, action: string, item: Pick<QueueItem, '_id' | 'reference'>, detail = {}) =>
    deps.audit.record({
      actor: { kind: 'staff', id: staff.actor.id },
      action,
      subject: { kind: 'queue_item', id: item._id },
      channel: 'console',
      from: staff.from,
      detail: { reference: item.reference, name: staff.actor.name, ...detail },
    });
  const mustFind = async (req: Request) => {
    const item = await deps.queue.findById(req.params.id);
    if (!item) throw new QueueTransitionError('not_found', 'No such queue item.');
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
      res.send(200, { now, items: items.map((i) => queueRow(i, now, owed(i))) });
    }),
  );

  server.get(
    '/api/console/queue/:id',
    guarded(deps, STAFF_ANY, false, async (req, res, staff) => {
      const item = await mustFind(req);
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
      const item = await mustFind(req);
      if (!since) await audit(staff, 'transcript.view', item);
      const activities: Activity[] = [];
      let token: string | undefined;
      for (let page = 0; page < MAX_TRANSCRIPT_PAGES; page++) {
        const result = await deps.transcripts.getTranscriptActivities(
          item.conversation.channelId,
          item.conversation.conversationId,
          token,
          since ? new Date(since) : undefined,
        );
        activities.push(...result.items);
        token = result.continuationToken || undefined;
        if (!token) break;
      }
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

  const action = (
    path: string,
    run: (req: Request, staff: Staff, item: QueueItem) => Promise<{ item: QueueItem; audit: string; detail?: object }>,
    roles: readonly StaffRole[] = STAFF_ANY,
  ) =>
    server.post(
      `/api/console/queue/:id/${path}`,
      guarded(deps, roles, true, async (req, res, staff) => {
        const item = await mustFind(req);
        const done = await run(req, staff, item);
        await audit(staff, done.audit, done.item, done.detail);
        res.send(200, { item: queueRow(done.item, deps.now()) });
      }),
    );

  action('claim', async (_req, staff, item) => ({
    item: await deps.queue.claim(item._id, staff.actor),
    audit: 'queue_item.claim',
  }));
  action('release', async (req, staff, item) => {
    const body = parse(releaseBody, req.body);
    const done = await deps.queue.release(item._id, staff.actor, body.note);
    await deps.takeover.claimEnded(item._id, staff.actor);
    return { item: done, audit: 'queue_item.release' };
  });
  action(
    'reassign',
    async (req, staff, item) => {
      const body = parse(reassignBody, req.body);
      const user = await deps.users.findById(body.to);
      if (!user) throw new HttpError(400, 'invalid_request', 'to: no staff member has this id.');
      const previous = item.claimedBy;
      const done = await deps.queue.reassign(item._id, staff.actor, { id: user._id, name: user.name }, body.note);
      if (previous) await deps.takeover.claimEnded(item._id, previous);
      return {
        item: done,
        audit: 'queue_item.reassign',
        detail: { from: previous?.name, to: user.name, toId: user._id },
      };
    },
    DUTY_OR_ADMIN,
  );
  // Click-to-call: ring the staff member's phone (the number given, else theirs on the rota); when they answer and
  // press 1, the call-back bridge webhook dials the patient. The request is checked in full before any phone rings.
  action('callback', async (req, staff, item) => {
    const body = parse(callbackBody, req.body);
    if (item.status === 'new' || item.claimedBy?.id !== staff.actor.id || !OPEN.includes(item.status)) {
      // The same refusals the queue gives, before a phone rings for someone who may not act on the item.
      await deps.queue.start(item._id, staff.actor, 'called_back');
    }
    const patientNumber = callerNumberOf(item.summary.callbackNumber && e164(item.summary.callbackNumber));
    if (!patientNumber) {
      throw new HttpError(
        409,
        'no_callback_number',
        'This item has no call-back number: contact the person another way.',
      );
    }
    const to = body.phone ?? deps.staffPhone(staff.session);
    if (!to) {
      throw new HttpError(
        400,
        'invalid_request',
        'phone: your number is not on the duty rota; give the number to call you on.',
      );
    }
    const request = await deps.dialer.place({
      queueItemId: item._id,
      reference: item.reference,
      staff: staff.actor,
      to,
      patientNumber,
    });
    const done = await deps.queue.start(
      item._id,
      staff.actor,
      'called_back',
      deps.dialer.live ? 'call placed through the phone line' : 'call requested (development: not placed)',
    );
    return {
      item: done,
      audit: 'queue_item.call_back',
      detail: { callRequest: request._id, status: request.status, numberFrom: body.phone ? 'request' : 'rota' },
    };
  });
  action('takeover', async (_req, staff, item) => ({
    item: await deps.takeover.begin(item._id, staff.actor),
    audit: 'conversation.take_over',
  }));
  action('message', async (req, staff, item) => {
    const body = parse(messageBody, req.body);
    await deps.takeover.say(item._id, staff.actor, body.text);
    return { item, audit: 'conversation.message', detail: { length: body.text.length } };
  });
  action('handback', async (_req, staff, item) => ({
    item: await deps.takeover.handBack(item._id, staff.actor),
    audit: 'conversation.hand_back',
  }));
  action('resolve', async (req, staff, item) => {
    const body = parse(resolveBody, req.body);
    const done = await deps.queue.resolve(item._id, staff.actor, body.outcome);
    await deps.takeover.finished(item._id, staff.actor);
    return { item: done, audit: 'queue_item.resolve' };
  });
  action('refer-on', async (req, staff, item) => {
    const body = parse(referBody, req.body);
    const done = await deps.queue.referOn(item._id, staff.actor, body.referredTo, body.note);
    await deps.takeover.finished(item._id, staff.actor);
    return { item: done, audit: 'queue_item.refer_on', detail: { referredTo: body.referredTo } };
  });
  action('close', async (req, staff, item) => {
    const body = parse(closeBody, req.body);
    const done = await deps.queue.close(item._id, staff.actor, body.reason);
    await deps.takeover.finished(item._id, staff.actor);
    return { item: done, audit: 'queue_item.close' };
  });
  action('feedback', async (req, staff, item) => {
    const body = parse(feedbackBody, req.body);
    return { item: await deps.queue.recordFeedback(item._id, staff.actor, body.note), audit: 'queue_item.feedback' };
  });
}
