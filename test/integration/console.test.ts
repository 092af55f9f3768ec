import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { zonedDate } from '../../src/content/zonedTime';
import { FeedbackBox, workingDaysBetween } from '../../src/hub/feedback';
import { startApp, type RunningApp } from '../../src/app';
import { seedDemoData } from '../../src/demo/seedDemoData';
import { smsConversationId } from '../../src/integrations/twilio/smsLine';
import { createLogger } from '../../src/observability/logger';
import { messageActivity, postJson } from '../support/activities';
import { testConfig } from '../support/appConfig';
import { ConsoleClient } from '../support/consoleClient';
import { newMessageSid, OUR_NUMBER, postWebhook } from '../support/twilioWebhooks';

const logger = createLogger({ level: 'silent' });
const ADMIN = { email: 'admin@hub.example', password: 'admin-password-123' };
const PASSWORD = 'coordinator-password-1';

/** Stands in for a Bot Framework channel: records what the bot sends proactively (continueConversation). */
async function fakeChannel(): Promise<{ server: Server; url: string; received: Record<string, unknown>[] }> {
  const received: Record<string, unknown>[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      if (body) received.push(JSON.parse(body));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: randomUUID() }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

async function waitFor<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('coordinator console API', () => {
  let app: RunningApp;
  let base: string;
  let admin: ConsoleClient;
  let channel: Awaited<ReturnType<typeof fakeChannel>>;

  beforeAll(async () => {
    app = await startApp(testConfig({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password }), logger);
    base = `http://127.0.0.1:${app.port}`;
    channel = await fakeChannel();
    admin = new ConsoleClient(base);
    expect((await admin.login(ADMIN.email, ADMIN.password)).status).toBe(200);
    for (const [email, name, role] of [
      ['ann@hub.example', 'Ann Coordinator', 'coordinator'],
      ['bob@hub.example', 'Bob Coordinator', 'coordinator'],
      ['dee@hub.example', 'Dee Duty', 'duty_clinician'],
    ]) {
      expect((await admin.post('/api/console/users', { email, name, role, password: PASSWORD })).status).toBe(201);
    }
  });
  afterAll(async () => {
    await app.stop();
    channel.server.close();
  });

  const signIn = async (email: string) => {
    const client = new ConsoleClient(base);
    expect((await client.login(email, PASSWORD)).status).toBe(200);
    return client;
  };
  const newItem = (disposition = 'urgent_2h') =>
    app.runtime.queue.create({
      kind: 'escalation',
      disposition,
      channel: 'test',
      conversation: { channelId: 'test', conversationId: randomUUID() },
      summary: {
        contact: { role: 'patient' },
        patient: { name: 'Edith Clarke', nhsNumber: '9992345675', verified: false },
        problem: 'breathless',
        answers: {},
        redFlags: [],
      },
      idempotencyKey: randomUUID(),
      createdBy: 'front-door-bot',
    });

  it('serves the console pages with NHS.UK frontend from our own server, signed in or sent to sign in', async () => {
    const anonymous = await fetch(`${base}/console`, { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/console/login?next=%2Fconsole');
    const login = await fetch(`${base}/console/login`);
    expect(login.status).toBe(200);
    expect(login.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(await login.text()).toContain('/console/nhsuk/nhsuk-frontend.min.css');
    const queue = await admin.page('/console');
    expect(queue.status).toBe(200);
    expect(queue.text).toContain('nhsuk-header__logo');
    expect((await fetch(`${base}/console/nhsuk/nhsuk-frontend.min.css`)).status).toBe(200);
    const script = await fetch(`${base}/console/app/console.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${base}/console/app/..%2F..%2Fpackage.json`)).status).toBe(404);
  });

  it('does every item action through the page forms, checked against the store', async () => {
    const ann = await signIn('ann@hub.example');
    const dee = await signIn('dee@hub.example');
    const item = await newItem();
    const at = `/console/items/${item._id}`;
    const stored = () => app.runtime.queue.findById(item._id);

    // A form without the session's token changes nothing.
    expect((await ann.page(`${at}/claim`, { csrf: 'forged' })).status).toBe(403);
    expect((await stored())?.status).toBe('new');

    const claimed = await ann.page(`${at}/claim`, { csrf: ann.csrf });
    expect(claimed.status).toBe(303);
    expect(claimed.location).toMatch(new RegExp(`^${at}\\?done=`));
    expect((await stored())?.claimedBy?.name).toBe('Ann Coordinator');

    // Bob cannot act on Ann's item: the page says why and the store is unchanged.
    const bob = await signIn('bob@hub.example');
    const refused = await bob.page(`${at}/resolve`, { csrf: bob.csrf, outcome: 'advice_only' });
    expect(decodeURIComponent(refused.location)).toMatch(/error=.*Ann Coordinator|error=/);
    expect((await stored())?.status).toBe('claimed');

    const note = await ann.page(`${at}/note`, {
      csrf: ann.csrf,
      text: 'Call the daughter after 3pm',
      handover: 'yes',
    });
    expect(note.status).toBe(303);
    const notes = await app.database.connection.collection('item_notes').find({ itemId: item._id }).toArray();
    expect(notes).toMatchObject([
      { text: 'Call the daughter after 3pm', handover: true, by: { name: 'Ann Coordinator' } },
    ]);
    expect((await ann.page('/console/handover')).text).toContain('Call the daughter after 3pm');

    expect((await ann.page(`${at}/release`, { csrf: ann.csrf, note: '' })).status).toBe(303);
    expect((await stored())?.status).toBe('new');

    // A coordinator may not reassign; the duty clinician may.
    const users = (await admin.get('/api/console/staff')).body.staff as { id: string; name: string }[];
    const bobId = users.find((u) => u.name === 'Bob Coordinator')!.id;
    expect((await ann.page(`${at}/reassign`, { csrf: ann.csrf, to: bobId })).location).toMatch(/error=/);
    expect((await dee.page(`${at}/reassign`, { csrf: dee.csrf, to: bobId, note: '' })).status).toBe(303);
    expect((await stored())?.claimedBy?.name).toBe('Bob Coordinator');

    const empty = await bob.page(`${at}/resolve`, { csrf: bob.csrf, outcome: ' ' });
    expect(decodeURIComponent(empty.location)).toMatch(/error=outcome: outcome is required/);
    // Free text is not an outcome: only a code from content/hub/outcomes.yaml is.
    const freeText = await bob.page(`${at}/resolve`, { csrf: bob.csrf, outcome: 'Visited, settled' });
    expect(decodeURIComponent(freeText.location)).toMatch(/error=outcome: outcome must be one of admission_avoided/);
    expect((await stored())?.status).toBe('claimed');
    const resolved = await bob.page(`${at}/resolve`, {
      csrf: bob.csrf,
      outcome: 'admission_avoided',
      note: 'Visited, settled',
    });
    expect(resolved.status).toBe(303);
    expect(await stored()).toMatchObject({
      status: 'resolved',
      outcomeCode: 'admission_avoided',
      outcome: 'Visited, settled',
    });

    const view = await bob.page(at);
    expect(view.text).toContain('Admission avoided (cared for at home): Visited, settled');
    for (const bad of ['undefined', '[object', 'NaN', 'Invalid Date']) expect(view.text).not.toContain(bad);
    const actions = await app.database.connection
      .collection('audit')
      .find({ 'subject.id': item._id })
      .map((e) => e.action)
      .toArray();
    expect(actions).toEqual(
      expect.arrayContaining([
        'queue_item.claim',
        'queue_item.note',
        'queue_item.release',
        'queue_item.reassign',
        'queue_item.resolve',
      ]),
    );
  });

  it('keeps the complaints worklist: the 15-working-day clock, reasons for late replies, FFT counts', async () => {
    const ann = await signIn('ann@hub.example');
    const box = new FeedbackBox(app.database.connection);
    const old = await box.record(
      { complaint: true, text: 'Nobody came on Tuesday', channel: 'directline' },
      new Date('2026-10-01T10:00:00Z'),
    );
    const fresh = await box.record({ complaint: true, text: 'The nurse was late', channel: 'directline' });
    await app.database.connection.collection('feedback').insertOne({
      _id: randomUUID() as never,
      reference: `FB-${randomUUID().slice(0, 6)}`,
      complaint: false,
      text: 'Lovely nurse',
      channel: 'directline',
      createdAt: new Date(),
      fft: 'very_good',
    });
    expect(workingDaysBetween(new Date('2026-12-04T12:00:00Z'), new Date('2026-12-08T09:00:00Z'))).toBe(2);
    expect(old.responseDue && workingDaysBetween(old.createdAt, old.responseDue)).toBe(15);

    const list = await ann.page('/console/complaints');
    expect(list.text).toMatch(/working days overdue/);
    expect(list.text).toContain('Nobody came on Tuesday');
    expect(list.text).toMatch(/Very good<\/td><td class="nhsuk-table__cell">1</);

    // Late without a reason: refused, nothing stored.
    const refused = await ann.page(`/console/complaints/${old._id}/replied`, { csrf: ann.csrf, lateReason: '' });
    expect(decodeURIComponent(refused.location)).toMatch(/error=.*say why it is late/);
    const stored = () => app.database.connection.collection('feedback').findOne({ _id: old._id as never });
    expect((await stored())?.repliedAt).toBeUndefined();
    await ann.page(`/console/complaints/${old._id}/replied`, {
      csrf: ann.csrf,
      lateReason: 'Waiting for the visit notes',
    });
    expect(await stored()).toMatchObject({
      lateReason: 'Waiting for the visit notes',
      repliedBy: { name: 'Ann Coordinator' },
    });
    // In time: no reason needed.
    expect((await ann.page(`/console/complaints/${fresh._id}/replied`, { csrf: ann.csrf })).status).toBe(303);
    const after = await ann.page('/console/complaints');
    expect(after.text).toContain('Replied late');
    expect(after.text).toContain('Replied in time');
  });

  it('lets an admin change the rota on its page, against the version opened, checked like the API', async () => {
    const ann = await signIn('ann@hub.example');
    const view = await admin.page('/console/rota');
    const version = Number(/name="baseVersion" value="(\d+)"/.exec(view.text)?.[1]);
    const yamlText = /<textarea[^>]*name="rota"[^>]*>([\s\S]*?)<\/textarea>/
      .exec(view.text)![1]
      .replace(/&#39;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
    const latest = () => app.database.connection.collection('rota_versions').find({}).sort({ _id: -1 }).limit(1).next();
    const [first] = (await latest())!.content.clinicians as { phone: string }[];
    const edited = yamlText.replace(first.phone, '07700900999');
    expect(edited).not.toBe(yamlText);
    expect(await ann.page('/console/rota')).not.toMatchObject({ text: expect.stringContaining('name="baseVersion"') });
    expect(
      (await ann.page('/console/rota', { csrf: ann.csrf, baseVersion: String(version), rota: edited })).status,
    ).toBe(403);

    const bad = await admin.page('/console/rota', {
      csrf: admin.csrf,
      baseVersion: String(version),
      rota: yamlText.replace(first.phone, '12345'),
    });
    expect(decodeURIComponent(bad.location)).toMatch(/error=rota\.clinicians\.0\.phone: must be a UK number/);
    const saved = await admin.page('/console/rota', { csrf: admin.csrf, baseVersion: String(version), rota: edited });
    expect(decodeURIComponent(saved.location)).toContain(`Saved as version ${version + 1}`);
    const stored = await latest();
    expect(stored).toMatchObject({ _id: version + 1, by: { name: 'Administrator' } });
    expect(stored!.content.clinicians[0].phone).toBe('07700900999');
    const stale = await admin.page('/console/rota', { csrf: admin.csrf, baseVersion: String(version), rota: edited });
    expect(decodeURIComponent(stale.location)).toMatch(/changed by Administrator \(version \d+\)/);
  });

  it('bulk-closes open items handed to 999 and nothing else', async () => {
    const ann = await signIn('ann@hub.example');
    const first = await newItem('emergency_999');
    const second = await newItem('emergency_999');
    const urgent = await newItem('urgent_2h');
    const res = await ann.page('/console/bulk-close', {
      csrf: ann.csrf,
      ids: [first._id, second._id, urgent._id],
      reason: 'Handed to 999; ambulance attended.',
    });
    expect(res.status).toBe(303);
    expect(decodeURIComponent(res.location)).toMatch(/Closed 2 items/);
    for (const id of [first._id, second._id]) {
      expect(await app.runtime.queue.findById(id)).toMatchObject({
        status: 'closed',
        outcomeCode: 'handed_to_999',
        outcome: 'Handed to 999; ambulance attended.',
      });
    }
    expect((await app.runtime.queue.findById(urgent._id))?.status).toBe('new');
  });

  it('shows a service’s monthly report and downloads it as CSV', async () => {
    const ann = await signIn('ann@hub.example');
    const month = zonedDate(new Date(), 'Europe/London').slice(0, 7);
    const made = [];
    for (const disposition of ['urgent_2h', 'urgent_2h', 'routine']) {
      made.push(
        await app.runtime.queue.create({
          kind: 'referral',
          disposition,
          channel: 'test',
          conversation: { channelId: 'test', conversationId: randomUUID() },
          summary: {
            contact: { role: 'professional', organisation: 'NHS 111' },
            problem: 'x',
            answers: {},
            redFlags: [],
          },
          idempotencyKey: randomUUID(),
          createdBy: 'front-door-bot',
          service: 'report-test',
        }),
      );
    }
    await ann.post(`/api/console/queue/${made[0]._id}/claim`);
    expect((await ann.post(`/api/console/queue/${made[0]._id}/resolve`, { outcome: 'admission_avoided' })).status).toBe(
      200,
    );

    const view = await ann.page(`/console/reports?service=report-test&month=${month}`);
    expect(view.status).toBe(200);
    expect(view.text).toContain('<option value="report-test" selected>report-test</option>');
    /** A table row's cells as text, the responsive layout's repeated headings left out. */
    const rowOf = (id: string, rowLabel: string) => {
      const table = view.text.slice(view.text.indexOf(`id="${id}"`));
      const rows = table.slice(0, table.indexOf('</table>')).split('</tr>');
      const cells = (row: string) =>
        [
          ...row
            .replace(/<span class="nhsuk-table__heading"[^>]*>[^<]*<\/span>/g, '')
            .matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g),
        ].map((m) => m[1].replace(/<[^>]+>/g, '').trim());
      return rows
        .map(cells)
        .find((c) => c[0] === rowLabel)
        ?.slice(1);
    };
    expect(rowOf('report-items', 'All items')).toEqual(['3']);
    expect(rowOf('report-source', 'NHS 111')).toEqual(['3']);
    expect(rowOf('report-disposition', 'Urgent (2 hours)')).toEqual(['2']);
    expect(rowOf('report-outcome', 'Admission avoided (cared for at home)')).toEqual(['1']);
    // Met, missed, open, closed before due, and the share met.
    expect(rowOf('report-response-target', 'Urgent community response (2 hours)')).toEqual([
      '1',
      '0',
      '1',
      '0',
      '100%',
    ]);
    expect(rowOf('report-response-target', 'Unplanned care (same day)')).toEqual([
      '0',
      '0',
      '0',
      '0',
      'Not applicable',
    ]);
    for (const bad of ['undefined', '[object', 'NaN', 'Invalid Date']) expect(view.text).not.toContain(bad);

    const csv = await fetch(`${base}/console/reports/csv?service=report-test&month=${month}`, {
      headers: { cookie: ann.cookie },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="front-door-report-test-${month}.csv"`);
    const text = await csv.text();
    expect(text.split('\r\n')[0]).toBe('service,month,section,measure,label,value');
    expect(text).toContain(
      `report-test,${month},outcome,admission_avoided,Admission avoided (cared for at home),1\r\n`,
    );
    expect(text).toContain(`report-test,${month},items,total,All items,3\r\n`);

    const bad = await ann.page('/console/reports?service=report-test&month=2026-13');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('month must be YYYY-MM');
    expect(bad.text).toContain('href="#report-month"');
    expect(
      (await fetch(`${base}/console/reports/csv?service=Bad%20Id`, { headers: { cookie: ann.cookie } })).status,
    ).toBe(400);
    expect((await fetch(`${base}/console/reports/csv`, { redirect: 'manual' })).status).toBe(303);
    const audit = await app.database.connection
      .collection('audit')
      .find({ 'subject.kind': 'report', 'subject.id': `report-test:${month}` })
      .map((e) => e.action)
      .toArray();
    expect(audit).toEqual(expect.arrayContaining(['report.view', 'report.download']));

    // Staff whose record lists their services (the console's service scope) report on those only.
    const bob = await signIn('bob@hub.example');
    await app.database.connection
      .collection('staff_sessions')
      .updateMany({ email: 'bob@hub.example' }, { $set: { services: ['report-test'] } });
    const own = await bob.page('/console/reports');
    expect(own.status).toBe(200);
    expect(own.text).toContain('<option value="report-test" selected>report-test</option>');
    expect(own.text).not.toContain('<option value="wandsworth"');
    expect((await bob.page(`/console/reports?service=wandsworth&month=${month}`)).status).toBe(403);
    const other = await fetch(`${base}/console/reports/csv?service=wandsworth&month=${month}`, {
      headers: { cookie: bob.cookie },
    });
    expect(other.status).toBe(403);
    expect(await other.text()).not.toContain('wandsworth,');
  });

  it('requires a session for every API route', async () => {
    const anonymous = new ConsoleClient(base);
    for (const path of ['/api/console/queue', '/api/console/session', '/api/console/rota', '/api/console/audit']) {
      const res = await anonymous.get(path);
      expect(res.status).toBe(401);
      expect(res.body.error).toBe('not_signed_in');
    }
    expect((await anonymous.post('/api/console/queue/x/claim')).status).toBe(401);
  });

  it('checks roles and CSRF tokens', async () => {
    const ann = await signIn('ann@hub.example');
    expect((await ann.get('/api/console/audit')).status).toBe(403);
    expect((await ann.post('/api/console/users', {})).status).toBe(403);
    const item = await newItem();
    const noToken = await ann.request('POST', `/api/console/queue/${item._id}/claim`, undefined, {
      'x-csrf-token': 'x',
    });
    expect(noToken.status).toBe(403);
    expect(noToken.body.error).toBe('bad_csrf_token');
    expect((await ann.get('/api/console/queue')).status).toBe(200);
  });

  it('sets an httpOnly SameSite session cookie and refuses a non-JSON login', async () => {
    const res = await fetch(`${base}/api/console/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ann@hub.example', password: PASSWORD }),
    });
    expect(res.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
    const form = await fetch(`${base}/api/console/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=ann@hub.example&password=x',
    });
    expect(form.status).toBe(415);
  });

  it('signs in through the plain form, refusing a form without the sign-in page CSRF cookie and token', async () => {
    const form = async (fields: Record<string, string>, cookie = '') =>
      fetch(`${base}/console/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
        body: new URLSearchParams(fields),
      });
    const opened = await fetch(`${base}/console/login?next=/console/handover`);
    const cookie = opened.headers.get('set-cookie')!.split(';')[0];
    expect(opened.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
    const csrf = /name="csrf" value="([^"]+)"/.exec(await opened.text())![1];
    const fields = { email: 'ann@hub.example', password: PASSWORD, next: '/console/handover' };

    // Posted from another site: no cookie, or a token not made for this cookie.
    const crossSite = await form({ ...fields, csrf });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.get('set-cookie')).not.toMatch(/fd_console=[^;]/);
    expect((await form({ ...fields, csrf: 'forged' }, cookie)).status).toBe(403);

    const wrong = await form({ ...fields, password: 'not-the-password', csrf }, cookie);
    expect(wrong.status).toBe(401);
    const page = await wrong.text();
    expect(page).toMatch(/nhsuk-error-summary/);
    expect(page).toMatch(/The email or password is not right/);
    expect(page).toContain('value="ann@hub.example"');

    const empty = await form({ ...fields, password: '', csrf }, cookie);
    expect(empty.status).toBe(400);
    expect(await empty.text()).toMatch(/href="#password"/);

    const ok = await form({ ...fields, csrf }, cookie);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/console/handover');
    const session = ok.headers.get('set-cookie')!.split(';')[0];
    expect(session).toMatch(/^fd_console=./);
    const handover = await fetch(`${base}/console/handover`, { headers: { cookie: session }, redirect: 'manual' });
    expect(handover.status).toBe(200);
  });

  it('locks an account after five failed sign-ins, even against the right password', async () => {
    const client = new ConsoleClient(base);
    await admin.post('/api/console/users', {
      email: 'lock@hub.example',
      name: 'Lock Test',
      role: 'coordinator',
      password: PASSWORD,
    });
    const failures = await Promise.all(Array.from({ length: 5 }, () => client.login('lock@hub.example', 'wrong')));
    expect(failures.map((f) => f.status)).toEqual([401, 401, 401, 401, 401]);
    const locked = await client.login('lock@hub.example', PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.body.message).toMatch(/Try again in 15 minutes/);
  });

  it('answers bad requests with a 4xx naming the field', async () => {
    const ann = await signIn('ann@hub.example');
    const badFilter = await ann.get('/api/console/queue?kind=banana');
    expect(badFilter.status).toBe(400);
    expect(badFilter.body.message).toMatch(/^kind\.0: each kind must be one of/);
    expect((await ann.get('/api/console/queue/nope')).status).toBe(404);
    const item = await newItem();
    await ann.post(`/api/console/queue/${item._id}/claim`);
    const noOutcome = await ann.post(`/api/console/queue/${item._id}/resolve`, {});
    expect(noOutcome.status).toBe(400);
    expect(noOutcome.body.message).toBe('outcome: outcome is required');
    const unknown = await ann.post(`/api/console/queue/${item._id}/resolve`, { outcome: 'sorted it' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/^outcome: outcome must be one of admission_avoided, visit_arranged/);
    expect((await app.runtime.queue.findById(item._id))?.status).toBe('claimed');
    const badClose = await ann.post(`/api/console/queue/${item._id}/close`, { reason: 'withdrew', outcome: 'gone' });
    expect(badClose.status).toBe(400);
    expect(badClose.body.message).toMatch(/^outcome: outcome must be one of/);
    const closed = await ann.post(`/api/console/queue/${item._id}/close`, {
      reason: 'number unobtainable three times',
      outcome: 'no_contact_possible',
    });
    expect(closed.status).toBe(200);
    expect(await app.runtime.queue.findById(item._id)).toMatchObject({
      status: 'closed',
      outcomeCode: 'no_contact_possible',
      outcome: 'number unobtainable three times',
    });
    const badLogin = await new ConsoleClient(base).login('', '');
    expect(badLogin.status).toBe(400);
  });

  it('lets one of two coordinators claiming at once win; the other is told who has it', async () => {
    const [ann, bob] = await Promise.all([signIn('ann@hub.example'), signIn('bob@hub.example')]);
    const item = await newItem();
    const results = await Promise.all([ann, bob].map((c) => c.post(`/api/console/queue/${item._id}/claim`)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)!.body.message).toMatch(/Already claimed by (Ann|Bob) Coordinator/);
  });

  it('hides unverified patient details and audits every view and change', async () => {
    const dee = await signIn('dee@hub.example');
    const item = await newItem('same_day');
    const listed = await dee.get('/api/console/queue?disposition=same_day');
    expect(listed.body.items.map((i: { id: string }) => i.id)).toContain(item._id);
    const view = await dee.get(`/api/console/queue/${item._id}`);
    expect(view.status).toBe(200);
    expect(view.body.summary.patient).toEqual({ verified: false, note: expect.stringMatching(/Not verified/) });
    expect(JSON.stringify(view.body)).not.toContain('9992345675');
    await dee.get(`/api/console/queue/${item._id}/transcript`);
    await dee.post(`/api/console/queue/${item._id}/claim`);
    await dee.post(`/api/console/queue/${item._id}/close`, { reason: 'duplicate of another referral' });

    const trail = await admin.get('/api/console/audit?limit=1000');
    const mine = trail.body.entries.filter((e: { subject: { id: string } }) => e.subject.id === item._id) as {
      action: string;
      actor: { kind: string; id: string };
      from: string;
      at: string;
    }[];
    expect(mine.map((e) => e.action).sort()).toEqual(
      ['queue_item.claim', 'queue_item.close', 'queue_item.view', 'transcript.view'].sort(),
    );
    for (const e of mine) {
      expect(e.actor.kind).toBe('staff');
      expect(e.from).toMatch(/127\.0\.0\.1/);
      expect(e.at).toBeTruthy();
    }
    expect(trail.body.entries.some((e: { action: string }) => e.action === 'queue.list')).toBe(true);
  });

  it('takes over a live conversation: the bot stops answering and messages relay both ways', async () => {
    const conversationId = randomUUID();
    const say = (text: string) =>
      postJson(`${base}/api/messages`, messageActivity(text, conversationId, { serviceUrl: channel.url }));
    await say('I need the duty nurse urgently');
    // The danger signs come first (issue 16).
    await say('No');
    await say('No');
    const escalated = await say('07700 900456');
    const initiate = escalated.body.activities.find((a: { name?: string }) => a.name === 'handoff.initiate');
    expect(initiate).toBeDefined();
    const itemId = initiate.value.queueItemId as string;

    const ann = await signIn('ann@hub.example');
    const queue = (await ann.get('/api/console/queue')).body.items as { id: string; deadline: string }[];
    expect(queue.map((i) => i.id)).toContain(itemId);
    const deadlines = queue.map((i) => Date.parse(i.deadline));
    expect(deadlines).toEqual([...deadlines].sort((a, b) => a - b));
    expect((await ann.post(`/api/console/queue/${itemId}/takeover`)).status).toBe(403); // claim first
    expect((await ann.post(`/api/console/queue/${itemId}/claim`)).status).toBe(200);
    const took = await ann.post(`/api/console/queue/${itemId}/takeover`);
    expect(took.status).toBe(200);
    expect(took.body.item.status).toBe('in_progress');
    await waitFor(() => channel.received.find((a) => String(a.text).includes('has joined the conversation')));
    expect(channel.received.find((a) => a.name === 'handoff.status')).toMatchObject({
      type: 'event',
      value: { state: 'accepted' },
    });

    const quiet = await say('it is getting a bit worse');
    expect(quiet.body.activities ?? []).toHaveLength(0);
    const lines = await waitFor(async () => {
      const t = await ann.get(`/api/console/queue/${itemId}/transcript`);
      return t.body.lines.find((l: { text: string }) => l.text === 'it is getting a bit worse')
        ? t.body.lines
        : undefined;
    });
    expect(lines.find((l: { text: string }) => l.text === 'it is getting a bit worse').from).toBe('patient');

    expect((await ann.post(`/api/console/queue/${itemId}/message`, { text: 'I am calling you now' })).status).toBe(200);
    await waitFor(() => channel.received.find((a) => a.text === 'Ann: I am calling you now'));

    const emergency = await say('she has stopped breathing');
    expect(JSON.stringify(emergency.body.activities)).toMatch(/999/);

    const resolved = await ann.post(`/api/console/queue/${itemId}/resolve`, {
      outcome: 'visit_arranged',
      note: 'rapid response visit',
    });
    expect(resolved.body.item.status).toBe('resolved');
    await waitFor(() => channel.received.find((a) => String(a.text).includes('has finished this conversation')));
    const after = await say('thank you');
    expect(after.body.activities.length).toBeGreaterThan(0);
  });

  it('finds items by reference, NHS number, name and phone, from the store, and a name only once verified', async () => {
    const ann = await signIn('ann@hub.example');
    const make = (patient: { name: string; nhsNumber: string; verified: boolean }, callbackNumber: string) =>
      app.runtime.queue.create({
        kind: 'callback',
        disposition: 'routine',
        channel: 'test',
        conversation: { channelId: 'test', conversationId: randomUUID() },
        summary: {
          contact: { role: 'patient' },
          patient,
          problem: 'wants a call',
          answers: {},
          redFlags: [],
          callbackNumber,
        },
        idempotencyKey: randomUUID(),
        createdBy: 'front-door-bot',
      });
    const verified = await make({ name: 'Margaret Ellis', nhsNumber: '943 476 5919', verified: true }, '07700 900612');
    const unverified = await make({ name: 'Harold Finch', nhsNumber: '9434765870', verified: false }, '+447700900613');
    // Resolved items are found too: a search looks at every status unless one is chosen.
    await app.runtime.queue.claim(verified._id, { id: 'x', name: 'X' });
    await app.runtime.queue.resolve(
      verified._id,
      { id: 'x', name: 'X' },
      { code: 'advice_only', label: 'Advice only' },
      'rang back',
    );
    const found = async (q: string) => {
      const res = await ann.page(`/console?${new URLSearchParams({ q })}`);
      expect(res.status).toBe(200);
      return [verified, unverified].filter((i) => res.text.includes(i.reference)).map((i) => i.reference);
    };
    expect(await found(verified.reference.toLowerCase())).toEqual([verified.reference]);
    expect(await found('9434765919')).toEqual([verified.reference]);
    expect(await found('943 476 5870')).toEqual([unverified.reference]);
    expect(await found('margaret')).toEqual([verified.reference]);
    expect(await found('Margaret Ellis')).toEqual([verified.reference]);
    // A name nobody has confirmed is not searchable: it could be anyone's.
    expect(await found('Harold')).toEqual([]);
    expect(await found('07700900612')).toEqual([verified.reference]);
    expect(await found('+44 7700 900612')).toEqual([verified.reference]);
    expect(await found('07700 900613')).toEqual([unverified.reference]);
    expect(await found('900613')).toEqual([unverified.reference]);
    // Too few digits to be a number: nothing matches on a fragment that many numbers share.
    expect(await found('0770')).toEqual([]);
    const none = await ann.page(`/console?q=nobody-called-this`);
    expect(none.text).toContain('Nothing matches that search');
    const audit = await app.database.connection
      .collection('audit')
      .find({ action: 'queue.list', 'detail.search': true })
      .toArray();
    expect(audit.length).toBeGreaterThan(0);
  });

  it("shows the verified patient's record and their earlier contacts beside the item, and neither for an unverified one", async () => {
    const ann = await signIn('ann@hub.example');
    // The demo directory (loaded in development only) holds Edith Clarke's record.
    await seedDemoData(app.database.connection);
    const forEdith = (verified: boolean, callbackNumber: string) =>
      app.runtime.queue.create({
        kind: 'callback',
        disposition: 'same_day',
        channel: 'test',
        conversation: { channelId: 'test', conversationId: randomUUID() },
        summary: {
          contact: { role: 'patient' },
          patient: { id: 'pat-edith-clarke', name: 'Edith Clarke', nhsNumber: '9992345675', verified },
          problem: verified ? 'dressing needs changing' : 'someone says they are Edith',
          answers: {},
          redFlags: [],
          callbackNumber,
        },
        idempotencyKey: randomUUID(),
        createdBy: 'front-door-bot',
      });
    const before = await forEdith(true, '07700 900701');
    const now = await forEdith(true, '07700 900702');
    const stranger = await forEdith(false, '07700 900703');

    const view = (await ann.page(`/console/items/${now._id}`)).text;
    const side = view.slice(view.indexOf('Patient record'));
    expect(side).toContain('999 234 5675');
    expect(side).toContain('Grace Okafor');
    const earlier = side.slice(side.indexOf('Earlier contacts'));
    expect(earlier).toContain(before.reference);
    expect(earlier).not.toContain(stranger.reference);

    // Nobody confirmed who this is: no record, and a warning instead.
    const unverified = (await ann.page(`/console/items/${stranger._id}`)).text;
    expect(unverified).toContain('Not verified: confirm who you are speaking to before using any record.');
    expect(unverified).not.toContain('Grace Okafor');
  });

  it("shows the alerts on a verified patient's record (risk, safeguarding, lone worker) beside the item", async () => {
    const ann = await signIn('ann@hub.example');
    await seedDemoData(app.database.connection);
    const forPatient = (id: string, name: string, nhsNumber: string) =>
      app.runtime.queue.create({
        kind: 'callback',
        disposition: 'same_day',
        channel: 'test',
        conversation: { channelId: 'test', conversationId: randomUUID() },
        summary: {
          contact: { role: 'patient' },
          patient: { id, name, nhsNumber, verified: true },
          problem: 'catheter bypassing',
          answers: {},
          redFlags: [],
          callbackNumber: '07700 900704',
        },
        idempotencyKey: randomUUID(),
        createdBy: 'front-door-bot',
      });
    const arthur = await forPatient('pat-arthur-bennett', 'Arthur Bennett', '9993456780');
    const side = (await ann.page(`/console/items/${arthur._id}`)).text.split('Patient record')[1];
    expect(side).toMatch(/Alerts[\s\S]*Lone worker: Large dog at the property\. Ask for it to be shut away/);
    const edith = await forPatient('pat-edith-clarke', 'Edith Clarke', '9992345675');
    const none = (await ann.page(`/console/items/${edith._id}`)).text.split('Patient record')[1];
    expect(none).toMatch(/Alerts[\s\S]*None recorded/);
    expect(none).not.toContain('Lone worker');
  });

  it('replies to an SMS conversation from the console: the text goes to the texter, their answer reaches the item', async () => {
    const from = '+447700900571';
    const text = async (body: string) => {
      const answer = await postWebhook(
        base,
        '/api/sms',
        { MessageSid: newMessageSid(), From: from, To: OUR_NUMBER, Body: body },
        { signedUrl: `${app.runtime.config.PUBLIC_URL}/api/sms` },
      );
      expect(answer.status).toBe(200);
      return Array.from(answer.doc.getElementsByTagName('Message')).map((m) => m.textContent ?? '');
    };
    await text('I need the duty nurse urgently, my breathing is bad');
    await text('No');
    const escalated = await text('No');
    expect(escalated.join(' ')).toMatch(/duty clinician/);
    const conversationId = smsConversationId(from, OUR_NUMBER);
    const item = (await app.database.connection
      .collection('queue_items')
      .findOne({ 'conversation.conversationId': conversationId }))!;
    const at = `/console/items/${item._id}`;
    const ann = await signIn('ann@hub.example');
    expect((await ann.page(`${at}/claim`, { csrf: ann.csrf })).status).toBe(303);
    expect((await ann.page(at)).text).toContain('Reply by SMS (take over the conversation)');
    expect((await ann.page(`${at}/takeover`, { csrf: ann.csrf })).status).toBe(303);
    const sent = await ann.page(`${at}/message`, { csrf: ann.csrf, text: 'I will ring you in ten minutes' });
    expect(sent.location).not.toMatch(/error=/);
    const outbox = app.database.connection.collection('outbox');
    const texts = await waitFor(async () => {
      const found = await outbox.find({ to: from, purpose: 'conversation.message' }).toArray();
      return found.some((m) => m.body === 'Ann: I will ring you in ten minutes') ? found : undefined;
    });
    expect(texts.map((m) => m.body).join('\n')).toMatch(/has joined the conversation/);

    // The texter's answer goes to Ann, not to the bot: no reply in the webhook's answer, and it is on the item's page.
    expect(await text('thank you, she is a little better')).toEqual([]);
    await waitFor(async () =>
      (await ann.page(`${at}/transcript`)).text.includes('thank you, she is a little better') ? true : undefined,
    );
    const outboxPage = await ann.page('/console/outbox');
    expect(outboxPage.text).toContain('Reply from the hub in an SMS conversation');
    expect(outboxPage.text).not.toContain('conversation.message');

    expect((await ann.page(`${at}/handback`, { csrf: ann.csrf })).status).toBe(303);
    expect((await text('hello')).join(' ')).toMatch(/How can I help/);
    const actions = (await app.runtime.queue.findById(String(item._id)))!.history.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['claimed', 'took_over', 'handed_back']));
  });

  it('raises the item being worked when a red flag is typed during a takeover, and makes no new item', async () => {
    const conversationId = randomUUID();
    const activity = (text: string) => messageActivity(text, conversationId, { serviceUrl: channel.url });
    const say = (text: string) => postJson(`${base}/api/messages`, activity(text));
    await say('I need the duty nurse urgently');
    await say('No');
    await say('No');
    const escalated = await say('07700 900456');
    const itemId = escalated.body.activities.find((a: { name?: string }) => a.name === 'handoff.initiate').value
      .queueItemId as string;
    const ann = await signIn('ann@hub.example');
    expect((await ann.post(`/api/console/queue/${itemId}/claim`)).status).toBe(200);
    expect((await ann.post(`/api/console/queue/${itemId}/takeover`)).status).toBe(200);
    const items = app.database.connection.collection('queue_items');
    const stored = async () => (await items.findOne({ _id: itemId as never }))!;
    const forConversation = () => items.countDocuments({ 'conversation.conversationId': conversationId });
    const before = await stored();
    expect(before.disposition).toBe('urgent_2h');

    // A 2-hour flag goes to the person, who is alerted; the bot stays quiet and the urgency already matches.
    const urgent = await say('the catheter is blocked and he is in pain');
    expect(urgent.body.activities ?? []).toHaveLength(0);
    let item = await stored();
    expect(item.redFlagAlert).toMatchObject({ flag: 'blocked_catheter', raised: false, told999: false });
    expect(item.summary.redFlags).toContain('blocked_catheter');
    expect(item.disposition).toBe('urgent_2h');

    // A 999 flag: the patient is told to call 999 at once, and the same item is raised, with the alert.
    const retried = activity('she has stopped breathing');
    const emergency = await postJson(`${base}/api/messages`, retried);
    expect(JSON.stringify(emergency.body.activities)).toMatch(/999/);
    item = await stored();
    expect(item.disposition).toBe('emergency_999');
    expect(item.status).toBe('in_progress');
    expect(item.claimedBy.name).toBe('Ann Coordinator');
    expect(item.redFlagAlert).toMatchObject({
      flag: 'not_breathing',
      category: 'unresponsive or not breathing',
      disposition: 'emergency_999',
      raised: true,
      told999: true,
    });
    expect(item.deadline.getTime()).toBeLessThanOrEqual(before.deadline.getTime());
    expect(item.history.map((h: { action: string }) => h.action)).toEqual(
      expect.arrayContaining(['red_flag', 'raised_to_emergency_999', 'handed_to_999']),
    );
    // Not a new 999 item carrying the old problem: still the one item for this conversation.
    expect(await forConversation()).toBe(1);

    // The same turn delivered again raises nothing twice.
    await postJson(`${base}/api/messages`, retried);
    const flags = (await stored()).history.filter((h: { action: string }) => h.action === 'red_flag');
    expect(flags).toHaveLength(2);
    expect(await forConversation()).toBe(1);

    // The coordinator sees it: the item page's alert, and the queue row.
    const view = (await ann.page(`/console/items/${itemId}`)).text;
    expect(view).toMatch(/Red flag at \d\d:\d\d: unresponsive or not breathing/);
    expect(view).toMatch(/Urgency raised to 999 emergency\. Front Door told them to call 999 now/);
    const region = (await ann.page(`/console/items/${itemId}/alert`)).text;
    expect(region).toMatch(new RegExp(`data-alert="flag:${itemId}:\\d+"`));
    expect((await ann.page('/console/queue-region')).text).toContain(`flag:${itemId}:`);

    // Finished, the alert goes.
    expect((await ann.post(`/api/console/queue/${itemId}/resolve`, { outcome: 'handed_to_999' })).status).toBe(200);
    expect((await ann.page(`/console/items/${itemId}/alert`)).text).toMatch(/data-alert=""/);
  });

  it('releases and reassigns claims by role, one at a time, recorded, audited and streamed live', async () => {
    const [ann, bob, dee] = await Promise.all(['ann', 'bob', 'dee'].map((n) => signIn(`${n}@hub.example`)));
    const staff = await dee.get('/api/console/staff');
    expect(staff.status).toBe(200);
    const idOf = (name: string) => staff.body.staff.find((s: { name: string }) => s.name === name).id as string;
    expect((await ann.get('/api/console/staff')).status).toBe(403);

    const item = await newItem();
    await ann.post(`/api/console/queue/${item._id}/claim`);
    // Only the holder releases; coordinators cannot reassign; bad bodies are 400s naming the field.
    expect((await bob.post(`/api/console/queue/${item._id}/release`)).status).toBe(403);
    const notAllowed = await bob.post(`/api/console/queue/${item._id}/reassign`, { to: idOf('Bob Coordinator') });
    expect(notAllowed.status).toBe(403);
    expect(notAllowed.body.message).toMatch(/duty_clinician or admin/);
    expect((await dee.post(`/api/console/queue/${item._id}/reassign`, {})).body.message).toMatch(/^to: to is required/);
    const nobody = await dee.post(`/api/console/queue/${item._id}/reassign`, { to: 'no-such-user' });
    expect(nobody.status).toBe(400);
    expect(nobody.body.message).toBe('to: no staff member has this id.');
    expect((await ann.post(`/api/console/queue/${item._id}/release`, { note: 'x'.repeat(501) })).status).toBe(400);

    // Live: the change stream hears the release.
    const controller = new AbortController();
    const events = await fetch(`${base}/api/console/queue/events`, {
      headers: { cookie: dee.cookie },
      signal: controller.signal,
    });
    const reader = events.body!.getReader();
    const decoder = new TextDecoder();
    let seen = decoder.decode((await reader.read()).value);
    const released = await ann.post(`/api/console/queue/${item._id}/release`, { note: 'end of shift' });
    expect(released.status).toBe(200);
    expect(released.body.item.status).toBe('new');
    expect(released.body.item).not.toHaveProperty('claimedBy');
    while ((seen.match(/event: change/g) ?? []).length < 2) seen += decoder.decode((await reader.read()).value);
    controller.abort();

    // The duty clinician gives it to Bob; Bob may act, Ann may not.
    const given = await dee.post(`/api/console/queue/${item._id}/reassign`, { to: idOf('Bob Coordinator') });
    expect(given.status).toBe(200);
    expect(given.body.item).toMatchObject({ status: 'claimed', claimedBy: 'Bob Coordinator' });
    expect((await ann.post(`/api/console/queue/${item._id}/callback`)).status).toBe(403);
    const again = await dee.post(`/api/console/queue/${item._id}/reassign`, { to: idOf('Bob Coordinator') });
    expect(again.status).toBe(409);
    expect(again.body.message).toBe('Bob Coordinator already holds this item.');

    // Bob releasing and the duty clinician reassigning at the same moment: one wins, the other is told which.
    const raced = await Promise.all([
      bob.post(`/api/console/queue/${item._id}/release`),
      dee.post(`/api/console/queue/${item._id}/reassign`, { to: idOf('Ann Coordinator') }),
    ]);
    const loser = raced.find((r) => r.status !== 200);
    if (loser) {
      expect(raced.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(loser.body.message).toMatch(/^Already (released|reassigned) by /);
    } else {
      // On a loaded machine the release can finish before the reassignment reads the item: then both are right, in
      // that order, and the item ends with Ann (never with Bob, never unclaimed).
      const after = (await dee.get(`/api/console/queue/${item._id}`)).body;
      expect(after).toMatchObject({ status: 'claimed', claimedBy: 'Ann Coordinator' });
      const last = after.history.slice(-2).map((e: { action: string; by: string }) => [e.action, e.by]);
      expect(last).toEqual([
        ['released', 'Bob Coordinator'],
        ['reassigned', 'Dee Duty'],
      ]);
    }

    const view = await dee.get(`/api/console/queue/${item._id}`);
    const steps = view.body.history.map((e: { action: string; by: string; at: string }) => [e.action, e.by]);
    expect(steps.slice(0, 4)).toEqual([
      ['created', 'front-door-bot'],
      ['claimed', 'Ann Coordinator'],
      ['released', 'Ann Coordinator'],
      ['reassigned', 'Dee Duty'],
    ]);
    expect(view.body.history.every((e: { at: string }) => Date.parse(e.at) > 0)).toBe(true);
    const trail = await admin.get('/api/console/audit?limit=1000');
    const actions = trail.body.entries
      .filter((e: { subject: { id: string } }) => e.subject.id === item._id)
      .map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['queue_item.release', 'queue_item.reassign']));
    // The race above may have been won by either side: a second reassignment (to Ann) is recorded only if it won.
    const reassigns = trail.body.entries
      .filter(
        (e: { subject: { id: string }; action: string }) =>
          e.subject.id === item._id && e.action === 'queue_item.reassign',
      )
      .map((e: { detail: { to: string; name: string } }) => e.detail);
    const raceReassigned = raced[1].status === 200;
    expect(reassigns).toHaveLength(raceReassigned ? 2 : 1);
    expect(reassigns).toContainEqual(expect.objectContaining({ to: 'Bob Coordinator', name: 'Dee Duty' }));
    if (raceReassigned) {
      expect(reassigns).toContainEqual(expect.objectContaining({ to: 'Ann Coordinator', name: 'Dee Duty' }));
    }
  });

  it('shows the rota, the development outbox and the dashboard', async () => {
    const ann = await signIn('ann@hub.example');
    const rota = await ann.get('/api/console/rota');
    expect(rota.body.onDutyNow.length).toBeGreaterThan(0);
    expect((await ann.get('/api/console/outbox')).status).toBe(200);
    const dash = await ann.get('/api/console/dashboard?days=7');
    expect(dash.status).toBe(200);
    expect(dash.body.contacts).toBeGreaterThan(0);
    expect(dash.body.escalations).toBeGreaterThan(0);
    expect(dash.body.firstResponse.find((r: { disposition: string }) => r.disposition === 'urgent_2h')).toMatchObject({
      targetMinutes: 120,
    });
    expect((await ann.get('/api/console/dashboard?days=0')).status).toBe(400);
  });

  it('streams queue changes as Server-Sent Events', async () => {
    const ann = await signIn('ann@hub.example');
    const controller = new AbortController();
    const res = await fetch(`${base}/api/console/queue/events`, {
      headers: { cookie: ann.cookie },
      signal: controller.signal,
    });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let seen = '';
    const first = await reader.read();
    seen += decoder.decode(first.value);
    await newItem();
    while ((seen.match(/event: change/g) ?? []).length < 2) seen += decoder.decode((await reader.read()).value);
    controller.abort();
    expect(seen).not.toMatch(/breathless/);
  });
});
