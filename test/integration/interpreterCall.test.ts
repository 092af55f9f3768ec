import { startApp, type RunningApp } from '../../src/app';
import { DOMParser } from '@xmldom/xmldom';
import type { ConferenceCallPort, ParticipantCall } from '../../src/integrations/twilio/interpreterConference';
import { createLogger } from '../../src/observability/logger';
import { testConfig } from '../support/appConfig';
import { ConsoleClient } from '../support/consoleClient';
import { conferenceJoin, handRunSchedule } from '../support/interpreterConference';
import { until } from '../support/eventually';
import { CALLER, clockAt, newCallSid, TEST_PUBLIC_URL } from '../support/twilioWebhooks';

const logger = createLogger({ level: 'silent' });
const ADMIN = { email: 'admin@interpreter.example', password: 'admin-password-123' };
const PASSWORD = 'clinician-password-1';
// 21:30 in London: Tom Okoro heads the night rota, so his rota phone is the one rung for him.
const NIGHT = new Date('2026-11-25T21:30:00Z');
const TOM_PHONE = '+447700900804';

/** Twilio's REST calls into the conference, recorded in order instead of made. */
const rung: ParticipantCall[] = [];
const conferenceCalls: ConferenceCallPort = {
  call: async (participant) => (rung.push(participant), { sid: `CA${rung.length}` }),
  redirect: async () => {
    throw new Error('the console never redirects a call');
  },
};

const { waits, schedule } = handRunSchedule();
const joined = conferenceJoin;

function conferenceIn(twiml: string) {
  const doc = new DOMParser().parseFromString(twiml, 'text/xml');
  const conference = doc.getElementsByTagName('Conference')[0];
  return {
    name: conference.textContent?.trim(),
    statusCallback: conference.getAttribute('statusCallback'),
    starts: conference.getAttribute('startConferenceOnEnter'),
    ends: conference.getAttribute('endConferenceOnExit'),
    says: Array.from(doc.getElementsByTagName('Say')).map((say) => ({
      text: say.textContent,
      language: say.getAttribute('language'),
    })),
  };
}

/**
 * Issue 22 item 4 from the console: the item page's "Start interpreter call" (a form post with the CSRF token, like
 * every other action) rings the interpreting service first and, once Twilio says the interpreter has joined, the staff
 * member, then the patient, into one conference, and is audited.
 */
describe('console: start an interpreter call', () => {
  let app: RunningApp;
  let base: string;
  let tom: ConsoleClient;

  beforeAll(async () => {
    clockAt(NIGHT);
    app = await startApp(
      testConfig({ PUBLIC_URL: TEST_PUBLIC_URL, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password }),
      logger,
      undefined,
      { conferenceCalls, schedule },
    );
    base = `http://127.0.0.1:${app.port}`;
    const admin = new ConsoleClient(base);
    expect((await admin.login(ADMIN.email, ADMIN.password)).status).toBe(200);
    const user = { email: 'tom@interpreter.example', name: 'Tom Okoro', role: 'duty_clinician', password: PASSWORD };
    expect((await admin.post('/api/console/users', user)).status).toBe(201);
    tom = new ConsoleClient(base);
    expect((await tom.login(user.email, PASSWORD)).status).toBe(200);
  });
  afterAll(async () => {
    await app.stop();
    jest.useRealTimers();
  });

  const page = async (path: string, form?: Record<string, string>) => {
    const res = await fetch(`${base}${path}`, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { cookie: tom.cookie, ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: form ? new URLSearchParams(form) : undefined,
    });
    return { status: res.status, location: res.headers.get('location') ?? '', text: await res.text() };
  };

  const newItem = (reason?: string) =>
    app.runtime.queue.create({
      kind: 'escalation',
      disposition: 'urgent_2h',
      channel: 'voice',
      conversation: { channelId: 'voice', conversationId: newCallSid() },
      summary: {
        contact: { role: 'unknown' },
        callbackNumber: CALLER,
        problem: 'The caller chose Polish on the phone line\u2019s language menu.',
        answers: reason ? { reason } : {},
        redFlags: [],
      },
      idempotencyKey: newCallSid(),
      createdBy: 'front-door-voice',
    });

  it('shows "interpreter needed" on the queue and the item, and rings the interpreter, then once it has joined the clinician and the patient', async () => {
    const item = await newItem('interpreter needed: Polish');
    const at = `/console/items/${item._id}`;
    expect((await page('/console')).text).toContain('interpreter needed: Polish');
    expect((await page(at)).text).toContain('interpreter needed: Polish');
    expect((await page(`${at}/claim`, { csrf: tom.csrf })).status).toBe(303);
    expect((await page(at)).text).toContain('Start interpreter call');

    rung.length = 0;
    // Without the session's token nothing is rung.
    expect((await page(`${at}/interpreter-call`, { csrf: 'forged', phone: '' })).status).toBe(403);
    expect(rung).toEqual([]);

    const started = await page(`${at}/interpreter-call`, { csrf: tom.csrf, phone: '' });
    expect(started.status).toBe(303);
    expect(decodeURIComponent(started.location)).toMatch(/done=The interpreting service has been rung first/);
    // Only the interpreting service: the staff member is not connected to a patient nobody can interpret for.
    expect(rung.map((p) => [p.role, p.to])).toEqual([['interpreter', '+441632960900']]);
    expect(rung[0].sendDigits).toBe('ww480120');
    expect(waits[waits.length - 1]).toMatchObject({ ms: 90_000, cancelled: false });
    const { statusCallback } = conferenceIn(rung[0].twiml);
    expect(statusCallback).toMatch(/\/api\/voice\/interpreter-conference\?conference=/);
    // The route answers once it has acted on the join.
    expect((await joined(base, statusCallback!, 'interpreter')).status).toBe(204);
    expect(rung.map((p) => [p.role, p.to])).toEqual([
      ['interpreter', '+441632960900'],
      ['clinician', TOM_PHONE],
      ['patient', CALLER],
    ]);
    expect(waits[waits.length - 1].cancelled).toBe(true);
    const [interpreter, clinician, patient] = rung.map((p) => conferenceIn(p.twiml));
    expect(new Set([interpreter.name, clinician.name, patient.name]).size).toBe(1);
    expect(interpreter).toMatchObject({ starts: 'true', ends: 'false' });
    // The staff member's leaving ends the call; the patient alone does not start it.
    expect(clinician).toMatchObject({ starts: 'true', ends: 'true' });
    expect(patient).toMatchObject({ starts: 'false', ends: 'false' });
    // The patient did not ring us: on answering they hear who is calling, in Polish and its voice, then in English.
    expect(patient.says).toEqual([
      { text: expect.stringMatching(/^Tu Front Door.*tłumaczem języka polskiego/s), language: 'pl-PL' },
      { text: expect.stringMatching(/^This is Front Door.*Polish interpreter/s), language: 'en-GB' },
    ]);

    expect(await app.runtime.queue.findById(item._id)).toMatchObject({ status: 'in_progress' });
    const audit = await app.database.connection
      .collection('audit')
      .find({ action: 'queue_item.interpreter_call', 'subject.id': item._id })
      .toArray();
    expect(audit).toHaveLength(1);
    expect(audit[0].detail).toMatchObject({ language: 'pl', rung: [{ role: 'interpreter', placed: true }] });
    // The audit says who was rung, never their numbers.
    expect(JSON.stringify(audit[0])).not.toContain(CALLER);
  });

  it('rings the staff member, told the interpreter is late, and the patient when the interpreter has not joined in time', async () => {
    const item = await newItem('interpreter needed: Spanish');
    const at = `/console/items/${item._id}`;
    await page(`${at}/claim`, { csrf: tom.csrf });
    rung.length = 0;
    expect((await page(`${at}/interpreter-call`, { csrf: tom.csrf, phone: '' })).status).toBe(303);
    expect(rung.map((p) => p.role)).toEqual(['interpreter']);
    waits[waits.length - 1].run();
    await until(() => rung.length >= 3);
    expect(rung.map((p) => [p.role, p.to])).toEqual([
      ['interpreter', '+441632960900'],
      ['clinician', TOM_PHONE],
      ['patient', CALLER],
    ]);
    expect(conferenceIn(rung[1].twiml).says[0].text).toMatch(/Spanish interpreter.*has not joined yet/s);
    // The interpreter joining after that rings nobody again.
    expect((await joined(base, conferenceIn(rung[0].twiml).statusCallback!, 'interpreter')).status).toBe(204);
    expect(rung).toHaveLength(3);
  });

  it('refuses, ringing nobody, for an item that names no language or that is not claimed', async () => {
    rung.length = 0;
    const none = await newItem();
    await page(`/console/items/${none._id}/claim`, { csrf: tom.csrf });
    const refused = await page(`/console/items/${none._id}/interpreter-call`, { csrf: tom.csrf, phone: '' });
    expect(refused.status).toBe(303);
    expect(decodeURIComponent(refused.location)).toMatch(/error=This item does not say which language/);

    const unclaimed = await newItem('interpreter needed: Spanish');
    const api = await tom.post(`/api/console/queue/${unclaimed._id}/interpreter-call`, {});
    expect(api.status).toBe(403);
    expect(api.body.message).toMatch(/claim it first/);
    expect(rung).toEqual([]);
  });
});
