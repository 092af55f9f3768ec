import { interpreterLanguageIn } from '../../language/interpreterRoute';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { seesItem, serviceChoices, serviceQuery, servicesSeenBy, servicesShown } from '../serviceScope';
import type { Connection } from 'mongoose';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { PROJECT_ROOT, readContentFile, reviewSchema } from '../../content/readContentFile';
import { loadDashboardCharts } from './dashboardCharts';
import { needsCallback, type CallHistory } from '../../hub/callHistory';
import { FFT_ANSWERS, LateReasonRequired, workingDaysBetween, type FeedbackBox } from '../../hub/feedback';
import type { QueueItem, QueueStatus } from '../../hub/queueModel';
import type { Outcomes } from '../../hub/outcomes';
import type { ReportContent } from '../../reports/reportContent';
import { QueueTransitionError } from '../../hub/triageQueue';
import { CallNotPlaced, type CallRequests } from '../../integrations/notify/callRequests';
import type { OutboxNotifier } from '../../integrations/notify/outbox';
import { RotaConflict } from '../../integrations/rota/rotaStore';
import { canEditRota, rotaServiceFor, type ServiceRotaBook } from '../serviceRotaAccess';
import { rotaOnRecordNote } from '../rotaOnRecord';
import { rotaQuery } from '../infoRoutes';
import { rotaProblem, rotaSchema } from '../../integrations/rota/rota';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { PAGE_SECURITY_HEADERS } from '../../http/staticFiles';
import type { Logger } from '../../observability/logger';
import type { PatientDirectory } from '../../record/ports';
import type { ChannelTranscripts } from '../../store/channelTranscripts';
import { DISPOSITIONS } from '../../triage/dispositions';
import { createViews } from '../../web/render';
import { dashboard } from '../dashboard';
import {
  ADMIN_ONLY,
  clientAddress,
  cookies,
  HttpError,
  parse,
  SESSION_COOKIE,
  sessionCookie,
  STAFF_ANY,
  type Staff,
} from '../http';
import { RetryLater, type SignIn } from '../authRoutes';
import type { ItemNotes } from '../itemNotes';
import { auditItem, runQueueAction, type QueueActionDeps } from '../queueActions';
import { transcriptLines } from '../queueView';
import type { StaffSessions } from '../staffSessions';
import type { StaffRole } from '../staffUsers';
import { readTranscript } from '../transcript';
import { auditAction, label, ukDateTime, ukTime } from './labels';
import { registerReportPages } from './reportPages';
import {
  callRows,
  councilView,
  dashboardView,
  earlierView,
  handedTo999,
  historyRows,
  isOpen,
  noteViews,
  patientRows,
  queueRowView,
  redFlagAlertView,
  summaryRows,
  transcriptView,
} from './viewModels';

export interface PageDeps extends QueueActionDeps {
  feedback: FeedbackBox;
  outcomes: Outcomes;
  reportContent: ReportContent;
  connection: Connection;
  calls: CallHistory;
  transcripts: ChannelTranscripts;
  sessions: StaffSessions;
  notes: ItemNotes;
  patients: PatientDirectory;
  /** Each service's rota and its versions. */
  rotas: ServiceRotaBook;
  outbox?: OutboxNotifier;
  callRequests?: CallRequests;
  logger: Logger;
  now: () => Date;
  secureCookies: boolean;
  /** The JSON API's sign-in (limits, lock-out, audit), for the sign-in form. */
  signIn: SignIn;
}

/** The sign-in form's CSRF nonce: a cookie only this site's own page can have set (SameSite=Strict). */
const LOGIN_COOKIE = 'fd_login';

const repliesSchema = z.object({
  review: reviewSchema,
  replies: z
    .array(
      z.object({ id: z.string().regex(/^[a-z0-9_]+$/), title: z.string().min(1), text: z.string().min(1).max(2000) }),
    )
    .min(1),
});

const KINDS = ['escalation', 'referral', 'callback', 'safeguarding'];
const STATUS_GROUPS: Record<string, QueueStatus[]> = {
  open: ['new', 'claimed', 'in_progress'],
  finished: ['resolved', 'referred_on', 'closed'],
  all: [],
};
export const queueQuery = z.object({
  // Like the filters below, a search that is not one short string (too long, or given twice) is dropped rather than
  // thrown: this query is read with parse, and a throw was a 500 (found by test/attacks/fuzzInputs.test.ts).
  q: z.string().trim().max(100).catch('').default(''),
  status: z.enum(['open', 'finished', 'all']).catch('open').default('open'),
  kind: z
    .enum(KINDS as [string, ...string[]])
    .or(z.literal(''))
    .catch('')
    .default(''),
  disposition: z.enum(DISPOSITIONS).or(z.literal('')).catch('').default(''),
  callback: z.enum(['needed']).optional().catch(undefined),
  // A well-formed id that is not a service, or not theirs, is refused by servicesShown (400, 403).
  service: serviceQuery.catch(undefined),
});
export const noteBody = z.object({
  text: z.string({ error: 'text: write the note' }).trim().min(1, { error: 'text: write the note' }).max(2000),
  handover: z.union([z.literal('yes'), z.array(z.string())]).optional(),
});
export const bulkBody = z.object({
  ids: z.union([z.string(), z.array(z.string())]).optional(),
  reason: z.string().trim().min(1, { error: 'reason: give a reason for closing' }).max(2000),
});

/** Where the error summary's link goes: the field the message names, per action. */
const FIELD_IDS: Record<string, string> = {
  outcome: 'outcome',
  referredTo: 'referredTo',
  reason: 'close-reason',
  text: 'message',
  phone: 'callback-phone',
  to: 'reassign-to',
  councilReference: 'council-reference',
};

const digits = (v: string | undefined) => (v ?? '').replace(/\D/g, '');

/**
 * The coordinator console as server-rendered pages (NHS.UK frontend's Nunjucks macros): it works without script;
 * public/console/src/console.ts only adds live updates, the alert sound and sign-in. Every form carries the session's
 * CSRF token, every view or change of patient data is audited like the JSON API's.
 */
export function registerPages(server: Server, deps: PageDeps): void {
  const views = createViews(path.join(PROJECT_ROOT, 'src', 'console', 'views'));
  const serviceIds = Object.keys(deps.serviceNames);
  const serviceName = (item: Pick<QueueItem, 'service'>) => {
    const id = item.service ?? deps.defaultService;
    return deps.serviceNames[id] ?? id;
  };
  const replies = readContentFile('hub/replies.yaml', repliesSchema).replies;
  const chartWords = loadDashboardCharts();

  const html = (res: Response, status: number, body: string) => {
    const buffer = Buffer.from(body);
    res.writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': buffer.length,
      'cache-control': 'no-store',
      ...PAGE_SECURITY_HEADERS,
    });
    res.end(buffer);
  };
  const redirect = (res: Response, location: string, headers: Record<string, string> = {}) => {
    res.writeHead(303, { location, 'cache-control': 'no-store', ...headers });
    res.end();
  };
  const navFor = (staff: Staff, current: string) =>
    [
      { href: '/console', text: 'Queue', key: 'queue' },
      { href: '/console/handover', text: 'Handover', key: 'handover' },
      { href: '/console/dashboard', text: 'Dashboard', key: 'dashboard' },
      { href: '/console/rota', text: 'Rota', key: 'rota' },
      { href: '/console/complaints', text: 'Complaints', key: 'complaints' },
      { href: '/console/reports', text: 'Reports', key: 'reports' },
      ...(deps.outbox ? [{ href: '/console/outbox', text: 'Outbox', key: 'outbox' }] : []),
      ...(staff.session.role === 'admin' ? [{ href: '/console/audit', text: 'Audit', key: 'audit' }] : []),
    ].map((n) => ({ href: n.href, text: n.text, current: n.key === current }));
  const render = (
    res: Response,
    staff: Staff | undefined,
    template: string,
    pageName: string,
    context: object,
    status = 200,
  ) =>
    html(
      res,
      status,
      views.render(template, {
        ...context,
        pageName,
        user: staff && { name: staff.actor.name, roleLabel: label('role', staff.session.role) },
        nav: staff ? navFor(staff, pageName) : [],
        csrf: staff ? deps.sessions.csrfFor(staff.token) : '',
      }),
    );

  const staffOf = async (req: Request): Promise<Staff | undefined> => {
    const token = cookies(req)[SESSION_COOKIE];
    const session = token ? await deps.sessions.find(token) : undefined;
    if (!token || !session) return undefined;
    return { session, token, actor: { id: session.userId, name: session.name }, from: clientAddress(req) };
  };

  const failure = (err: unknown): { status: number; message: string } => {
    if (err instanceof HttpError) return { status: err.status, message: err.message };
    if (err instanceof QueueTransitionError) {
      return {
        status: { not_found: 404, already_taken: 409, not_yours: 403, wrong_status: 409 }[err.reason],
        message: err.message,
      };
    }
    if (err instanceof CallNotPlaced) return { status: 502, message: err.message };
    return { status: 500, message: 'Something went wrong; the change may not have been made. Reload the page.' };
  };

  /** A page for signed-in staff: sign-in first (then back here), the right role, and on a change the CSRF token. */
  const page =
    (
      roles: readonly StaffRole[],
      mutating: boolean,
      handler: (req: Request, res: Response, staff: Staff) => Promise<void>,
    ) =>
    async (req: Request, res: Response) => {
      const staff = await staffOf(req).catch(() => undefined);
      if (!staff) {
        if (mutating) return redirect(res, '/console/login');
        return redirect(res, `/console/login?next=${encodeURIComponent(req.getPath())}`);
      }
      try {
        if (!roles.includes(staff.session.role))
          throw new HttpError(
            403,
            'forbidden',
            `This page needs the ${roles.map((r) => label('role', r)).join(' or ')} role.`,
          );
        const csrf = (req.body as { csrf?: unknown } | undefined)?.csrf;
        if (mutating && !deps.sessions.csrfMatches(staff.token, typeof csrf === 'string' ? csrf : undefined)) {
          throw new HttpError(403, 'bad_csrf_token', 'This form has expired. Go back, reload the page and try again.');
        }
        await handler(req, res, staff);
      } catch (err) {
        const { status, message } = failure(err);
        if (status === 500) deps.logger.error({ err, event: 'console.page_error' }, 'console page failed');
        render(
          res,
          staff,
          'message.njk',
          'error',
          { title: status === 404 ? 'Page not found' : 'Sorry, that did not work', message },
          status,
        );
      }
    };

  const auditView = (staff: Staff, action: string, subject: { kind: string; id: string }, detail: object = {}) =>
    deps.audit.record({
      actor: { kind: 'staff', id: staff.actor.id },
      action,
      subject,
      channel: 'console',
      from: staff.from,
      detail: { name: staff.actor.name, ...detail },
    });

  // Sign-in is a plain form (no script needed), checked by the JSON API's own sign-in (limits, lock-out, audit).
  // Login CSRF: the form carries an HMAC of a random nonce kept in a SameSite=Strict cookie set with the page, so a
  // form posted from another site (which cannot read or send that cookie) is refused.
  const nextOf = (value: unknown) =>
    typeof value === 'string' && /^\/console(\/[\w\-/]*)?$/.test(value) ? value : '/console';
  const loginToken = (nonce: string) => deps.sessions.csrfFor(`login:${nonce}`);
  const loginPage = (
    res: Response,
    next: string,
    status = 200,
    problem?: { text: string; email: string; retryAfter?: number },
  ) => {
    const nonce = randomBytes(18).toString('base64url');
    const secure = deps.secureCookies ? '; Secure' : '';
    res.setHeader(
      'set-cookie',
      `${LOGIN_COOKIE}=${nonce}; Path=/console/login; HttpOnly; SameSite=Strict; Max-Age=3600${secure}`,
    );
    if (problem?.retryAfter) res.setHeader('retry-after', String(problem.retryAfter));
    render(
      res,
      undefined,
      'login.njk',
      'login',
      {
        title: 'Sign in',
        next,
        loginCsrf: loginToken(nonce),
        email: problem?.email ?? '',
        error: problem && { text: problem.text, href: problem.text.startsWith('password') ? '#password' : '#email' },
      },
      status,
    );
  };
  server.get('/console/login', async (req, res) => {
    if (await staffOf(req).catch(() => undefined)) return redirect(res, '/console');
    loginPage(res, nextOf(req.query?.next));
  });
  server.post('/console/login', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const next = nextOf(body.next);
    const email = typeof body.email === 'string' ? body.email.slice(0, 200) : '';
    const nonce = cookies(req)[LOGIN_COOKIE];
    if (!nonce || !deps.sessions.csrfMatches(`login:${nonce}`, typeof body.csrf === 'string' ? body.csrf : undefined)) {
      return loginPage(res, next, 403, { text: 'This sign-in form has expired. Try again.', email });
    }
    try {
      const done = await deps.signIn(clientAddress(req), body.email, body.password);
      redirect(res, next, { 'set-cookie': done.cookie });
    } catch (err) {
      if (!(err instanceof HttpError)) {
        deps.logger.error({ err, event: 'console.login_error' }, 'sign-in failed');
        return loginPage(res, next, 500, { text: 'Sign-in is not working just now. Try again.', email });
      }
      loginPage(res, next, err.status, {
        text: err.message,
        email,
        retryAfter: err instanceof RetryLater ? err.retryAfterSeconds : undefined,
      });
    }
  });
  server.post(
    '/console/sign-out',
    page(STAFF_ANY, true, async (_req, res, staff) => {
      await deps.sessions.destroy(staff.token);
      redirect(res, '/console/login', { 'set-cookie': sessionCookie('', 0, deps.secureCookies) });
    }),
  );

  // The queue, searched and filtered by query string, so a view can be bookmarked and works without script.
  const queuePage = async (req: Request, staff: Staff) => {
    const query = queueQuery.parse(req.query ?? {});
    const now = deps.now();
    const searching = query.q.length > 0;
    let items = await deps.queue.list({
      ids: query.callback ? await deps.calls.recentCallbackItemIds(now) : undefined,
      statuses: searching && query.status === 'open' && !req.query?.status ? [] : STATUS_GROUPS[query.status],
      kinds: query.kind ? [query.kind as QueueItem['kind']] : [],
      dispositions: query.disposition ? [query.disposition] : [],
      services: servicesShown(staff.session, deps.defaultService, serviceIds, query.service),
    });
    if (searching) items = items.filter((i) => matches(i, query.q));
    const failed = await deps.calls.callbackNeededSince(items.map((i) => i._id));
    const owed = (i: QueueItem) => needsCallback(i, failed.get(i._id));
    if (query.callback) items = items.filter(owed);
    await auditView(
      staff,
      'queue.list',
      { kind: 'queue', id: query.status },
      { references: items.map((i) => i.reference), search: searching },
    );
    const rows = items.map((i) => ({ ...queueRowView(i, now, owed(i)), serviceName: serviceName(i) }));
    const option = (value: string, text: string, current: string) => ({ value, text, selected: value === current });
    const choices = serviceChoices(staff.session, serviceIds);
    return {
      title: 'Queue',
      heading: searching
        ? `Search results for "${query.q}"`
        : query.status === 'open'
          ? 'Open items'
          : query.status === 'finished'
            ? 'Finished items'
            : 'All items',
      updatedAt: ukTime(now),
      query,
      filtered:
        searching || query.kind || query.disposition || query.status !== 'open' || !!query.callback || !!query.service,
      // Only for staff who see more than one service: a choice of one is no choice.
      serviceItems:
        choices.length > 1
          ? [
              option('', 'All your services', query.service ?? ''),
              ...choices.map((id) => option(id, deps.serviceNames[id], query.service ?? '')),
            ]
          : undefined,
      statusItems: [
        option('open', 'Open', query.status),
        option('finished', 'Finished', query.status),
        option('all', 'All', query.status),
      ],
      kindItems: [option('', 'All types', query.kind), ...KINDS.map((k) => option(k, label('kind', k), query.kind))],
      dispositionItems: [
        option('', 'All', query.disposition),
        ...DISPOSITIONS.map((d) => option(d, label('disposition', d), query.disposition)),
      ],
      rows,
      bulkCount: rows.filter((r) => r.bulkClosable).length,
      // What the page's script alerts on when it first sees it: a new urgent item, or a red flag in a takeover.
      newestUrgent: [
        ...rows.filter((r) => r.urgent === 'yes').map((r) => `new:${r.id}`),
        ...rows.flatMap((r) => (r.alert ? [r.alert.token] : [])),
      ].join(' '),
      emptyText: searching
        ? 'Nothing matches that search. Try a reference, an NHS number, a name or a phone number.'
        : 'No items here.',
    };
  };
  server.get(
    '/console',
    page(STAFF_ANY, false, async (req, res, staff) => {
      const done = typeof req.query?.done === 'string' ? req.query.done.slice(0, 300) : '';
      render(res, staff, 'queue.njk', 'queue', { ...(await queuePage(req, staff)), done });
    }),
  );
  // The queue's table alone, for the live update script to swap in when the queue changes.
  server.get(
    '/console/queue-region',
    page(STAFF_ANY, false, async (req, res, staff) => {
      const context = await queuePage(req, staff);
      const full = views.render('queue.njk', {
        ...context,
        csrf: deps.sessions.csrfFor(staff.token),
        nav: [],
        user: {},
      });
      const region = full.slice(full.indexOf('<div id="queue-region"'), full.indexOf('</main>'));
      html(res, 200, region.slice(0, region.lastIndexOf('</div>') + 6));
    }),
  );

  const matches = (item: QueueItem, q: string) => {
    const needle = q.toLowerCase();
    const number = digits(q);
    const p = item.summary.patient;
    if (item.reference.toLowerCase().includes(needle)) return true;
    if (number.length >= 6) {
      if (p?.nhsNumber && digits(p.nhsNumber) === number) return true;
      const phone = digits(item.summary.callbackNumber).replace(/^44/, '0');
      if (phone && phone.endsWith(number.replace(/^44/, '0').replace(/^0/, ''))) return true;
    }
    return !!p?.verified && !!p.name && p.name.toLowerCase().includes(needle);
  };

  const itemContext = async (item: QueueItem, staff: Staff) => {
    const now = deps.now();
    const handoff = await deps.takeover.handoffFor(item._id);
    const calls = await deps.calls.forItem(item);
    const callbacks = (await deps.dialer.requests.forItem(item._id)).map((r) => ({
      at: r.createdAt,
      staff: r.staff.name,
      status: r.status,
    }));
    const failed = await deps.calls.callbackNeededSince([item._id]);
    const lines = transcriptLines(await readTranscript(deps.transcripts, item));
    const verified = item.summary.patient?.verified ? item.summary.patient : undefined;
    const record = verified?.id ? await deps.patients.findById(verified.id) : null;
    const all = await deps.queue.list({ statuses: [], services: servicesSeenBy(staff.session, deps.defaultService) });
    const samePerson = (other: QueueItem) =>
      other._id !== item._id &&
      // Another item is this patient's only if that patient was verified there too: an unchecked claim to be them is not.
      ((!!verified?.id && !!other.summary.patient?.verified && other.summary.patient.id === verified.id) ||
        (!!item.summary.callbackNumber &&
          digits(other.summary.callbackNumber) === digits(item.summary.callbackNumber)));
    const earlier = all
      .filter(samePerson)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .slice(0, 10);
    const staffList = staff.session.role === 'coordinator' ? [] : await deps.users.list();
    const mine = item.claimedBy?.id === staff.actor.id && isOpen(item) && item.status !== 'new';
    const takeoverActive = handoff?.state === 'active' && handoff.staff?.id === staff.actor.id;
    const sms = item.channel === 'twilio_sms' || item.conversation.channelId === 'sms';
    await auditItem(deps.audit, staff, 'queue_item.view', item, { patientShown: !!record });
    return {
      title: item.reference,
      item: {
        ...queueRowView(item, now, needsCallback(item, failed.get(item._id))),
        open: isOpen(item),
        outcome: [item.outcomeCode && (deps.outcomes.labelOf(item.outcomeCode) ?? item.outcomeCode), item.outcome]
          .filter(Boolean)
          .join(': '),
        callbackNumber: item.summary.callbackNumber ?? '',
        interpreterLanguage: interpreterLanguageIn(item.summary.answers?.reason) ?? '',
      },
      alert: redFlagAlertView(item),
      summaryRows: [{ key: { text: 'Service' }, value: { text: serviceName(item) } }, ...summaryRows(item, now)],
      council: councilView(item),
      patient: record ? patientRows(record) : undefined,
      patientNote: verified
        ? 'The bot verified this patient, but their record is not in the directory.'
        : 'Not verified: confirm who you are speaking to before using any record.',
      earlier: earlierView(earlier),
      notes: noteViews(await deps.notes.forItem(item._id)),
      lines: transcriptView(lines, item.summary.contact?.role ?? 'unknown'),
      history: historyRows(item),
      calls: callRows(calls, callbacks),
      takeover: handoff
        ? `${label('takeover', handoff.state)}${handoff.staff?.name ? ` (${handoff.staff.name})` : ''}.`
        : '',
      takeoverActive,
      canTakeOver: !!handoff && handoff.state !== 'active',
      takeOverLabel: sms ? 'Reply by SMS (take over the conversation)' : 'Take over the conversation',
      replyLabel: sms ? 'Text message to the patient' : 'Message to the patient',
      sendLabel: sms ? 'Send SMS' : 'Send',
      replies,
      replyTexts: JSON.stringify(Object.fromEntries(replies.map((r) => [r.id, r.text]))),
      replyItems: [
        { value: '', text: 'None: write your own' },
        ...replies.map((r) => ({ value: r.id, text: r.title })),
      ],
      outcomeItems: deps.outcomes.list.map((o) => ({ value: o.code, text: o.label })),
      canClaim: item.status === 'new',
      mine,
      canFeedback: !!item.feedbackDue && !item.feedbackGivenAt && item.claimedBy?.id === staff.actor.id,
      canReassign: staffList.some((u) => u._id !== item.claimedBy?.id) && isOpen(item),
      staffItems: staffList
        .filter((u) => u._id !== item.claimedBy?.id)
        .map((u) => ({ value: u._id, text: `${u.name} (${label('role', u.role)})` })),
    };
  };

  const mustFind = async (id: string, staff: Staff) => {
    const item = await deps.queue.findById(id);
    if (!item || !seesItem(staff.session, item, deps.defaultService))
      throw new QueueTransitionError('not_found', 'There is no queue item at this address.');
    return item;
  };

  server.get(
    '/console/items/:id',
    page(STAFF_ANY, false, async (req, res, staff) => {
      const item = await mustFind(req.params.id, staff);
      const context = await itemContext(item, staff);
      const q = (req.query ?? {}) as Record<string, unknown>;
      const errorText = typeof q.error === 'string' ? q.error.slice(0, 300) : '';
      const field = errorText.split(':')[0];
      render(res, staff, 'item.njk', 'item', {
        ...context,
        done: typeof q.done === 'string' ? q.done.slice(0, 300) : '',
        error: errorText ? { text: errorText, href: `#${FIELD_IDS[field] ?? 'main'}` } : undefined,
      });
    }),
  );
  // The red-flag alert alone, polled by the page's script while a takeover is live.
  server.get(
    '/console/items/:id/alert',
    page(STAFF_ANY, false, async (req, res, staff) => {
      const item = await mustFind(req.params.id, staff);
      html(res, 200, views.render('itemAlert.njk', { alert: redFlagAlertView(item) }));
    }),
  );
  // The conversation alone, polled by the page's script while a takeover is live.
  server.get(
    '/console/items/:id/transcript',
    page(STAFF_ANY, false, async (req, res, staff) => {
      const item = await mustFind(req.params.id, staff);
      const lines = transcriptLines(await readTranscript(deps.transcripts, item));
      html(
        res,
        200,
        views.render('transcript.njk', { lines: transcriptView(lines, item.summary.contact?.role ?? 'unknown') }),
      );
    }),
  );

  const DONE: Record<string, string> = {
    claim: 'You have claimed this item.',
    release: 'You have released this item; anyone can claim it now.',
    reassign: 'The item has been reassigned.',
    callback: 'Your phone will ring first; answer and press 1 to be connected to the patient.',
    'interpreter-call':
      'The interpreting service has been rung first; your phone rings once the interpreter has joined (or after ' +
      'a minute and a half without them), then the patient joins the same call.',
    takeover: 'You have taken over the conversation. The patient has been told a person has joined.',
    message: 'Message sent.',
    handback: 'The conversation is back with the assistant.',
    resolve: 'Resolved.',
    'refer-on': 'Referred on.',
    close: 'Closed.',
    feedback: 'Feedback recorded.',
    'council-acknowledged': 'Recorded: the council has the concern.',
  };
  server.post(
    '/console/items/:id/note',
    page(STAFF_ANY, true, async (req, res, staff) => {
      const item = await mustFind(req.params.id, staff);
      const parsed = noteBody.safeParse(req.body ?? {});
      if (!parsed.success)
        return redirect(res, `/console/items/${item._id}?error=${encodeURIComponent('note: write the note')}`);
      const handover = parsed.data.handover !== undefined;
      await deps.notes.add(item, staff.actor, parsed.data.text, handover);
      await auditView(
        staff,
        'queue_item.note',
        { kind: 'queue_item', id: item._id },
        { reference: item.reference, handover },
      );
      redirect(
        res,
        `/console/items/${item._id}?done=${encodeURIComponent(handover ? 'Note saved and put on the handover list.' : 'Note saved.')}`,
      );
    }),
  );
  server.post(
    '/console/items/:id/:action',
    page(STAFF_ANY, true, async (req, res, staff) => {
      const name = req.params.action;
      if (!DONE[name]) throw new HttpError(404, 'not_found', 'There is no such action.');
      const body = { ...((req.body as Record<string, unknown>) ?? {}) };
      // A ready-made reply fills an empty message box, so it can be sent without script.
      if (name === 'message' && typeof body.reply === 'string' && body.reply && !String(body.text ?? '').trim()) {
        body.text = replies.find((r) => r.id === body.reply)?.text ?? '';
      }
      try {
        const item = await runQueueAction(deps, name, staff, req.params.id, body);
        redirect(res, `/console/items/${item._id}?done=${encodeURIComponent(DONE[name])}`);
      } catch (err) {
        const { status, message } = failure(err);
        if (status === 500) throw err;
        redirect(res, `/console/items/${encodeURIComponent(req.params.id)}?error=${encodeURIComponent(message)}`);
      }
    }),
  );

  // Items already handed to 999 need no work from the hub beyond the record: close them together, each claimed
  // and closed like one closed by hand (same locks, same audit), skipping any a colleague holds.
  server.post(
    '/console/bulk-close',
    page(STAFF_ANY, true, async (req, res, staff) => {
      const parsed = bulkBody.safeParse(req.body ?? {});
      if (!parsed.success) return redirect(res, `/console?done=${encodeURIComponent('Give a reason for closing.')}`);
      const ids = [parsed.data.ids ?? []].flat().slice(0, 200);
      const closed: string[] = [];
      const skipped: string[] = [];
      for (const id of ids) {
        const item = await deps.queue.findById(id);
        if (!item || !seesItem(staff.session, item, deps.defaultService) || !isOpen(item) || !handedTo999(item))
          continue;
        try {
          if (item.status === 'new') await runQueueAction(deps, 'claim', staff, id, {});
          await runQueueAction(deps, 'close', staff, id, {
            reason: parsed.data.reason,
            outcome: deps.outcomes.handedTo999.code,
          });
          closed.push(item.reference);
        } catch (err) {
          skipped.push(`${item.reference} (${failure(err).message})`);
        }
      }
      const done = [
        closed.length
          ? `Closed ${closed.length} item${closed.length === 1 ? '' : 's'}: ${closed.join(', ')}.`
          : 'Nothing was closed: select the items to close.',
        skipped.length ? `Not closed: ${skipped.join('; ')}` : '',
      ].join(' ');
      redirect(res, `/console?done=${encodeURIComponent(done.trim())}`);
    }),
  );

  server.get(
    '/console/handover',
    page(STAFF_ANY, false, async (_req, res, staff) => {
      const notes = await deps.notes.handover();
      const held = (
        await deps.queue.list({
          statuses: ['claimed', 'in_progress'],
          services: servicesSeenBy(staff.session, deps.defaultService),
        })
      ).map((i) => queueRowView(i, deps.now(), false));
      await auditView(staff, 'handover.view', { kind: 'handover', id: 'current' }, { count: notes.length });
      render(res, staff, 'handover.njk', 'handover', {
        title: 'Shift handover',
        notes: notes.map((n) => ({
          id: n._id,
          itemId: n.itemId,
          reference: n.reference,
          by: n.by.name,
          at: ukDateTime(n.at),
          text: n.text,
        })),
        held,
        done: typeof _req.query?.done === 'string' ? _req.query.done.slice(0, 200) : '',
      });
    }),
  );
  server.post(
    '/console/handover/:id/done',
    page(STAFF_ANY, true, async (req, res, staff) => {
      const taken = await deps.notes.handoverDone(req.params.id, staff.actor);
      await auditView(staff, 'handover.done', { kind: 'item_note', id: req.params.id });
      redirect(
        res,
        `/console/handover?done=${encodeURIComponent(taken ? 'Taken off the handover list.' : 'Someone had already taken that off the list.')}`,
      );
    }),
  );

  server.get(
    '/console/dashboard',
    page(STAFF_ANY, false, async (req, res, staff) => {
      const days = [1, 7, 30, 90].includes(Number(req.query?.days)) ? Number(req.query?.days) : 7;
      const service = serviceQuery.catch(undefined).parse(req.query?.service);
      const data = await dashboard(deps.connection, deps.transcripts, deps.queue, days, deps.now(), {
        services: servicesShown(staff.session, deps.defaultService, serviceIds, service),
        defaultService: deps.defaultService,
      });
      const choices = serviceChoices(staff.session, serviceIds);
      const view = dashboardView(data, deps.serviceNames, chartWords);
      const periods = [
        [1, 'Last 24 hours'],
        [7, 'Last 7 days'],
        [30, 'Last 30 days'],
        [90, 'Last 90 days'],
      ] as const;
      render(res, staff, 'dashboard.njk', 'dashboard', {
        title: 'Dashboard',
        ...view,
        // One service chosen, or a coordinator of some services: the contacts are still every service's, since a
        // conversation that never needed a queue item does not say which service it was for.
        itemsScoped: !!service || !!staff.session.services,
        serviceItems:
          choices.length > 1
            ? [
                { value: '', text: 'All your services', selected: !service },
                ...choices.map((id) => ({ value: id, text: deps.serviceNames[id], selected: id === service })),
              ]
            : undefined,
        periodItems: periods.map(([value, text]) => ({ value: String(value), text, selected: value === days })),
      });
    }),
  );

  server.get(
    '/console/rota',
    page(STAFF_ANY, false, async (req, res, staff) => {
      const chosen = parse(rotaQuery, req.query ?? {}).service;
      const service = rotaServiceFor(staff.session, deps.rotas, chosen);
      const rota = deps.rotas.rotaOf(service);
      await rota.refresh();
      const { content, version } = rota.current();
      const history = version === undefined ? [] : await deps.rotas.storeOf(service).history(10);
      const byId = new Map(content.clinicians.map((c) => [c.id, c]));
      const day = (d: string) => d[0].toUpperCase() + d.slice(1, 3);
      const choices = serviceChoices(staff.session, serviceIds);
      render(res, staff, 'rota.njk', 'rota', {
        title: `Duty rota: ${serviceName({ service })}`,
        service,
        serviceName: serviceName({ service }),
        // Only for staff who see more than one service: a choice of one is no choice.
        serviceItems:
          choices.length > 1
            ? choices.map((id) => ({ value: id, text: deps.serviceNames[id], selected: id === service }))
            : undefined,
        versionText:
          version === undefined ? 'The rota from its file (the store has not answered yet).' : `Version ${version}.`,
        onDuty: (await rota.onDuty(deps.now())).map((c) => ({
          name: c.name,
          role: c.role,
          band: c.band,
          phone: c.phone,
        })),
        clinicians: content.clinicians.map((c) => ({ ...c, email: c.email ?? 'None' })),
        shifts: content.shifts.map((s) => ({
          days: s.days.map(day).join(', '),
          hours: `${s.from} to ${s.to}`,
          order: s.order.map((id) => byId.get(id)?.name ?? id).join(', then '),
        })),
        review: content.review,
        history: history.map((v) => ({
          version: v._id,
          at: ukDateTime(v.at),
          // The first version is read from the rota file at start-up, not written by a person.
          by: v.source === 'file' ? 'Front Door, at start-up' : v.by.name,
          source: v.source === 'file' ? 'The rota file' : 'This console',
        })),
        canEdit: canEditRota(staff.session, service) && version !== undefined,
        baseVersion: version,
        rotaYaml: toYaml({ clinicians: content.clinicians, shifts: content.shifts }),
        done: typeof req.query?.done === 'string' ? req.query.done.slice(0, 200) : '',
        error:
          typeof req.query?.error === 'string'
            ? { text: req.query.error.slice(0, 300), href: '#rota-yaml' }
            : undefined,
      });
    }),
  );

  // A service's rota is edited as YAML (the rota file's format) by an admin or that service's own coordinator,
  // checked by the same schema and saved against the version they opened, exactly as PUT /api/console/rota does.
  server.post(
    '/console/rota',
    page(STAFF_ANY, true, async (req, res, staff) => {
      const body = (req.body ?? {}) as { rota?: unknown; baseVersion?: unknown; service?: unknown };
      const service = rotaServiceFor(
        staff.session,
        deps.rotas,
        parse(rotaQuery, { service: typeof body.service === 'string' ? body.service : undefined }).service,
      );
      if (!canEditRota(staff.session, service)) {
        throw new HttpError(403, 'forbidden', "Only an admin or the service's own coordinators can change its rota.");
      }
      const rota = deps.rotas.rotaOf(service);
      const page = `/console/rota?service=${encodeURIComponent(service)}`;
      const back = (error: string) => redirect(res, `${page}&error=${encodeURIComponent(error)}`);
      let edited: unknown;
      try {
        edited = parseYaml(typeof body.rota === 'string' ? body.rota : '');
      } catch (err) {
        return back(`rota: not valid YAML (${(err as Error).message.split('\n')[0]})`);
      }
      const parsed = rotaSchema.safeParse({ ...(edited as object), review: rota.current().content.review });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return back(`rota.${issue.path.join('.')}: ${issue.message}`);
      }
      const problem = rotaProblem(parsed.data);
      if (problem) return back(`rota.${problem.path}: ${problem.message}`);
      try {
        const saved = await deps.rotas
          .storeOf(service)
          .save(Number(body.baseVersion), parsed.data, staff.actor, deps.now());
        rota.invalidate();
        const onRecord = await deps.rotas.toRecord(service, saved.content, saved._id);
        await auditView(
          staff,
          'rota.edit',
          { kind: 'rota', id: String(saved._id) },
          { basedOn: Number(body.baseVersion), service, onRecord },
        );
        const note = rotaOnRecordNote(onRecord);
        const said = [`Saved as version ${saved._id}.`, note.text].filter(Boolean).join(' ');
        redirect(res, `${page}&${note.problem ? 'error' : 'done'}=${encodeURIComponent(said)}`);
      } catch (err) {
        if (!(err instanceof RotaConflict)) throw err;
        back(
          err.latest
            ? `The rota was changed by ${err.latest.by.name} (version ${err.latest._id}) after you opened it. Your edit was not saved: reload and make it again.`
            : 'The rota is not in the store yet. Reload and try again.',
        );
      }
    }),
  );

  server.get(
    '/console/complaints',
    page(STAFF_ANY, false, async (req, res, staff) => {
      const now = deps.now();
      const complaints = await deps.feedback.complaints();
      const fftSince = new Date(now.getTime() - 30 * 86400000);
      const fft = await deps.feedback.fftCounts(fftSince);
      const fftReasons = await deps.feedback.fftReasons(fftSince);
      const answered = FFT_ANSWERS.reduce((sum, a) => sum + fft[a], 0);
      const positive = fft.very_good + fft.good;
      await auditView(staff, 'complaints.view', { kind: 'complaints', id: 'all' }, { count: complaints.length });
      render(res, staff, 'complaints.njk', 'complaints', {
        title: 'Complaints and feedback',
        done: typeof req.query?.done === 'string' ? req.query.done.slice(0, 200) : '',
        error:
          typeof req.query?.error === 'string'
            ? { text: req.query.error.slice(0, 200), href: '#complaints' }
            : undefined,
        complaints: complaints.map((c) => {
          const left = c.responseDue ? workingDaysBetween(now, c.responseDue) : 0;
          const days = (n: number) => `${n} working day${n === 1 ? '' : 's'}`;
          const clock = c.repliedAt
            ? c.responseDue && c.repliedAt > c.responseDue
              ? { text: 'Replied late', classes: 'nhsuk-tag--orange' }
              : { text: 'Replied in time', classes: 'nhsuk-tag--green' }
            : left < 0
              ? { text: `${days(-left)} overdue`, classes: 'nhsuk-tag--red' }
              : { text: `${days(left)} left`, classes: left <= 3 ? 'nhsuk-tag--orange' : 'nhsuk-tag--white' };
          return {
            id: c._id,
            reference: c.reference,
            channel: label('channel', c.channel),
            received: ukDateTime(c.createdAt),
            due: c.responseDue ? ukDateTime(c.responseDue) : 'Not set',
            clock,
            overdue: !c.repliedAt && !!c.responseDue && now > c.responseDue,
            text: c.text,
            replied: c.repliedAt
              ? `Replied ${ukDateTime(c.repliedAt)}${c.repliedBy ? ` (${c.repliedBy.name})` : ''}`
              : '',
            lateReason: c.lateReason ?? '',
          };
        }),
        fft: FFT_ANSWERS.map((a) => ({ label: label('fft', a), count: fft[a] })),
        fftSummary: answered
          ? `${Math.round((positive / answered) * 100)}% of ${answered} answers were good or very good.`
          : 'No Friends and Family Test answers in the last 30 days.',
        fftReasons: fftReasons.map((r) => ({
          received: ukDateTime(r.createdAt),
          answer: r.fft ? label('fft', r.fft) : 'Not given',
          text: r.text,
        })),
      });
    }),
  );
  server.post(
    '/console/complaints/:id/replied',
    page(STAFF_ANY, true, async (req, res, staff) => {
      const reason = (req.body as { lateReason?: unknown } | undefined)?.lateReason;
      try {
        const done = await deps.feedback.markReplied(
          req.params.id,
          staff.actor,
          deps.now(),
          typeof reason === 'string' ? reason.slice(0, 1000) : undefined,
        );
        if (!done) throw new HttpError(404, 'not_found', 'There is no such complaint.');
        await auditView(staff, 'complaint.replied', { kind: 'feedback', id: done._id }, { reference: done.reference });
        redirect(res, `/console/complaints?done=${encodeURIComponent(`${done.reference} marked replied.`)}`);
      } catch (err) {
        if (!(err instanceof LateReasonRequired)) throw err;
        redirect(res, `/console/complaints?error=${encodeURIComponent(err.message)}`);
      }
    }),
  );

  registerReportPages(server, {
    connection: deps.connection,
    reportContent: deps.reportContent,
    outcomes: deps.outcomes,
    now: deps.now,
    page,
    render,
    auditView,
  });

  server.get(
    '/console/outbox',
    page(STAFF_ANY, false, async (_req, res, staff) => {
      if (!deps.outbox) throw new HttpError(404, 'not_available', 'The SMS outbox is shown in development only.');
      const messages = await deps.outbox.recent(100);
      const calls = (await deps.callRequests?.recent(100)) ?? [];
      await auditView(
        staff,
        'outbox.view',
        { kind: 'outbox', id: 'recent' },
        { count: messages.length, calls: calls.length },
      );
      render(res, staff, 'table.njk', 'outbox', {
        title: 'SMS outbox',
        intro: 'In development, text messages and call-backs are kept here instead of being sent.',
        tables: [
          {
            id: 'outbox',
            title: 'Text messages',
            empty: 'No messages yet.',
            columns: ['When', 'To', 'Why', 'Message'],
            rows: messages.map((m) => [ukDateTime(m.createdAt), m.to, label('purpose', m.purpose), m.body]),
          },
          {
            id: 'call-requests',
            title: 'Call-backs',
            empty: 'No call-backs yet.',
            columns: ['When', 'Staff', 'Their phone', 'Item', 'Status'],
            rows: calls.map((c) => [
              ukDateTime(c.createdAt),
              c.staff.name,
              c.to,
              { href: `/console/items/${c.queueItemId}`, text: c.reference },
              label('call', c.status),
            ]),
          },
        ],
      });
    }),
  );

  server.get(
    '/console/audit',
    page(ADMIN_ONLY, false, async (_req, res, staff) => {
      const entries = await deps.audit.recent({ limit: 200 });
      await auditView(staff, 'audit.view', { kind: 'audit', id: 'all' });
      render(res, staff, 'table.njk', 'audit', {
        title: 'Audit trail',
        intro: 'The newest 200 entries: who looked at or changed what, when, and from where.',
        tables: [
          {
            id: 'audit',
            title: 'Entries',
            empty: 'Nothing recorded yet.',
            columns: ['When', 'Who', 'What', 'Subject', 'From'],
            rows: entries.map((e) => [
              ukDateTime(e.at),
              typeof e.detail?.name === 'string' ? e.detail.name : e.actor.id,
              auditAction(e.action),
              typeof e.detail?.reference === 'string' ? e.detail.reference : `${e.subject.kind} ${e.subject.id}`,
              e.from ?? 'Not recorded',
            ]),
          },
        ],
      });
    }),
  );
}
