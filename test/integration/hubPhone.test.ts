import { randomUUID } from 'node:crypto';
import { startApp, type RunningApp } from '../../src/app';
import { CallNotPlaced, CallPort, CallRequests } from '../../src/integrations/notify/callRequests';
import { createLogger } from '../../src/observability/logger';
import { testConfig } from '../support/appConfig';
import { ConsoleClient } from '../support/consoleClient';
import {
  CALLER,
  callParams,
  newCallSid,
  OUR_NUMBER,
  postWebhook,
  TEST_PUBLIC_URL,
  type TwimlAnswer,
  clockAt,
} from '../support/twilioWebhooks';

const logger = createLogger({ level: 'silent' });
const ADMIN = { email: 'admin@hub.example', password: 'admin-password-123' };
const PASSWORD = 'coordinator-password-1';
// 21:30 in London on a Wednesday: the night rota (Tom Okoro, then Priya Desai, then Alex Morgan) is on.
const NIGHT = new Date('2026-11-25T21:30:00Z');

/** A caller on the public line who asks for the duty nurse, following our TwiML's action URLs as Twilio does. */
async function callForNurse(base: string): Promise<{ sid: string; last: TwimlAnswer }> {
  const sid = newCallSid();
  const start = await postWebhook(base, '/api/voice', callParams(sid));
  const gather = start.first('Gather')!;
  let last = await postWebhook(
    base,
    start.pathOf(gather.getAttribute('action')),
    callParams(sid, { SpeechResult: 'I need the duty nurse', Confidence: '0.9' }),
  );
  // The danger signs come first (issue 16): key 2, "no", to both questions.
  for (let question = 0; question < 2; question++) {
    last = await postWebhook(
      base,
      last.pathOf(last.first('Gather')!.getAttribute('action')),
      callParams(sid, { Digits: '2' }),
    );
  }
  return { sid, last };
}

async function dialOutcome(base: string, sid: string, last: TwimlAnswer, status: string): Promise<TwimlAnswer> {
  const dial = last.first('Dial')!;
  return postWebhook(
    base,
    last.pathOf(dial.getAttribute('action')),
    callParams(sid, { DialCallStatus: status, DialCallDuration: status === 'completed' ? '75' : '0' }),
  );
}

describe('the hub and the phone line: transfer history, call-backs owed', () => {
  let app: RunningApp;
  let base: string;
  let admin: ConsoleClient;

  beforeAll(async () => {
    clockAt(NIGHT);
    app = await startApp(
      testConfig({ PUBLIC_URL: TEST_PUBLIC_URL, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password }),
      logger,
    );
    base = `http://127.0.0.1:${app.port}`;
    admin = new ConsoleClient(base);
    expect((await admin.login(ADMIN.email, ADMIN.password)).status).toBe(200);
    for (const [email, name, role] of [
      ['ann@hub.example', 'Ann Coordinator', 'coordinator'],
      ['dee@hub.example', 'Dee Duty', 'duty_clinician'],
      // On the night rota by name, so a call-back rings the rota's phone for him.
      ['tom@hub.example', 'Tom Okoro', 'duty_clinician'],
    ]) {
      expect((await admin.post('/api/console/users', { email, name, role, password: PASSWORD })).status).toBe(201);
    }
  });
  afterAll(async () => {
    await app.stop();
    jest.useRealTimers();
  });

  const signIn = async (email: string) => {
    const client = new ConsoleClient(base);
    expect((await client.login(email, PASSWORD)).status).toBe(200);
    return client;
  };
  const itemOf = async (sid: string) =>
    (await app.database.connection
      .collection<{ _id: string; reference: string }>('queue_items')
      .findOne({ 'conversation.conversationId': sid }))!;

  it('shows who was dialled and marks an escalation nobody answered as call-back needed until someone calls back', async () => {
    const failed = await callForNurse(base);
    let answer = await dialOutcome(base, failed.sid, failed.last, 'no-answer');
    answer = await dialOutcome(base, failed.sid, answer, 'busy');
    answer = await dialOutcome(base, failed.sid, answer, 'no-answer');
    expect(answer.first('Hangup')).toBeDefined();
    await postWebhook(
      base,
      '/api/voice/status',
      callParams(failed.sid, { CallStatus: 'completed', CallDuration: '90' }),
    );
    const connected = await callForNurse(base);
    await dialOutcome(base, connected.sid, connected.last, 'completed');
    const failedItem = await itemOf(failed.sid);
    const connectedItem = await itemOf(connected.sid);

    const ann = await signIn('ann@hub.example');
    const open = (await ann.get('/api/console/queue')).body.items as { id: string; callbackNeeded: boolean }[];
    expect(open.find((i) => i.id === failedItem._id)!.callbackNeeded).toBe(true);
    expect(open.find((i) => i.id === connectedItem._id)!.callbackNeeded).toBe(false);
    const owed = await ann.get('/api/console/queue?callback=needed');
    expect(owed.status).toBe(200);
    const owedIds = owed.body.items.map((i: { id: string }) => i.id);
    expect(owedIds).toContain(failedItem._id);
    expect(owedIds).not.toContain(connectedItem._id);
    const bad = await ann.get('/api/console/queue?callback=yes');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('callback: must be needed');

    const view = await ann.get(`/api/console/queue/${failedItem._id}`);
    expect(view.body.callbackNeeded).toBe(true);
    expect(
      view.body.calls.map((c: { outcome: string; clinician?: string; status?: string }) => [
        c.outcome,
        c.clinician,
        c.status,
      ]),
    ).toEqual([
      ['not_answered', 'Tom Okoro', 'no-answer'],
      ['not_answered', 'Priya Desai', 'busy'],
      ['not_answered', 'Alex Morgan', 'no-answer'],
      ['callback_needed', undefined, undefined],
      ['call_ended', undefined, 'completed'],
    ]);
    // Names only: the item view never carries the clinicians' or the caller's numbers in its call history.
    expect(JSON.stringify(view.body.calls)).not.toMatch(/\+44|07700/);
    const connectedView = await ann.get(`/api/console/queue/${connectedItem._id}`);
    expect(connectedView.body.calls[0]).toMatchObject({
      outcome: 'connected',
      clinician: 'Tom Okoro',
      durationSeconds: 75,
    });

    // Once someone has called back, it is no longer owed.
    expect((await ann.post(`/api/console/queue/${failedItem._id}/claim`)).status).toBe(200);
    const called = await ann.post(`/api/console/queue/${failedItem._id}/callback`, { phone: '07700 900111' });
    expect(called.status).toBe(200);
    const after = await ann.get('/api/console/queue?callback=needed');
    expect(after.body.items.map((i: { id: string }) => i.id)).not.toContain(failedItem._id);
    expect((await ann.get(`/api/console/queue/${failedItem._id}`)).body.callbackNeeded).toBe(false);
  });

  it('calls back by ringing the staff member first, then a signed webhook dials the patient with our number', async () => {
    const { sid, last } = await callForNurse(base);
    let answer = await dialOutcome(base, sid, last, 'no-answer');
    answer = await dialOutcome(base, sid, answer, 'no-answer');
    await dialOutcome(base, sid, answer, 'no-answer');
    const item = await itemOf(sid);
    const [ann, tom, dee] = await Promise.all(['ann', 'tom', 'dee'].map((n) => signIn(`${n}@hub.example`)));
    const path = `/api/console/queue/${item._id}/callback`;

    expect((await tom.post(path, {})).status).toBe(403); // claim first
    expect((await tom.post(`/api/console/queue/${item._id}/claim`)).status).toBe(200);
    expect((await ann.post(path, { phone: '07700900111' })).status).toBe(403); // not the claimant
    for (const phone of ['12345', '+33 1 23 45 67 89', '07700 9001', 42]) {
      const bad = await tom.post(path, { phone });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toMatch(/^phone: /);
    }
    expect(await app.database.connection.collection('call_requests').countDocuments({ queueItemId: item._id })).toBe(0);

    // Tom is on the rota: his rota phone rings.
    const placed = await tom.post(path, {});
    expect(placed.status).toBe(200);
    expect(placed.body.item.status).toBe('in_progress');
    const [request] = await app.database.connection
      .collection<{ _id: string; to: string; patientNumber: string; status: string }>('call_requests')
      .find({ queueItemId: item._id })
      .toArray();
    expect(request).toMatchObject({ to: '+447700900804', patientNumber: CALLER, status: 'requested' });
    const outbox = await tom.get('/api/console/outbox');
    expect(outbox.body.calls.find((c: { id: string }) => c.id === request._id)).toMatchObject({
      staff: 'Tom Okoro',
      reference: item.reference,
      status: 'requested',
    });
    expect(JSON.stringify(outbox.body.calls)).not.toContain(CALLER);
    const view = await tom.get(`/api/console/queue/${item._id}`);
    expect(view.body.history.at(-1)).toMatchObject({ action: 'called_back', by: 'Tom Okoro' });
    expect(view.body.callbacks).toEqual([expect.objectContaining({ staff: 'Tom Okoro', status: 'requested' })]);
    expect(view.body.callbackNeeded).toBe(false);

    // Dee is not on the rota and gives no number: told what to do.
    await tom.post(`/api/console/queue/${item._id}/reassign`, {
      to: (await dee.get('/api/console/session')).body.user.id,
    });
    const noNumber = await dee.post(path, {});
    expect(noNumber.status).toBe(400);
    expect(noNumber.body.message).toBe('phone: your number is not on the duty rota; give the number to call you on.');

    // What Twilio fetches when Tom answers: signed, and he must press 1 before the patient is rung.
    const bridgePath = `/api/voice/callback-bridge?bridge=${request._id}`;
    const staffLeg = newCallSid();
    const legParams = (extra: Record<string, string> = {}) =>
      callParams(staffLeg, { Direction: 'outbound-api', From: OUR_NUMBER, To: '+447700900804', ...extra });
    expect((await postWebhook(base, bridgePath, legParams(), { signature: null })).status).toBe(403);
    expect((await postWebhook(base, bridgePath, legParams(), { signature: 'forged' })).status).toBe(403);
    const answered = await postWebhook(base, bridgePath, legParams());
    expect(answered.status).toBe(200);
    const gather = answered.first('Gather')!;
    expect(gather.getAttribute('numDigits')).toBe('1');
    expect(answered.says[0]).toMatch(/^Front Door call-back for reference .*Press 1 to call the patient now\.$/);
    expect(answered.first('Dial')).toBeUndefined();
    const connectPath = answered.pathOf(gather.getAttribute('action'));

    const silent = await postWebhook(base, connectPath, legParams({ Digits: '' }));
    expect(silent.first('Dial')).toBeUndefined();
    expect(silent.first('Hangup')).toBeDefined();
    const pressed = await postWebhook(base, connectPath, legParams({ Digits: '1', CallSid: newCallSid() }));
    const dial = pressed.first('Dial')!;
    expect(dial.getAttribute('callerId')).toBe(OUR_NUMBER);
    expect(dial.textContent?.trim()).toBe(CALLER);
    expect(pressed.says[0]).toBe('Connecting you to the patient now.');
    const stored = await app.database.connection
      .collection<{ _id: string; status: string }>('call_requests')
      .findOne({ _id: request._id });
    expect(stored!.status).toBe('connecting');

    // A bridge nobody requested gets the spoken fail-safe, not Twilio's application error.
    const unknown = await postWebhook(base, `/api/voice/callback-bridge?bridge=${randomUUID()}`, legParams());
    expect(unknown.status).toBe(200);
    expect(unknown.says[0]).toMatch(/could not be connected/);
    expect(unknown.first('Dial')).toBeUndefined();
  });

  it('answers 409 for an item with no call-back number', async () => {
    const tom = await signIn('tom@hub.example');
    const item = await app.runtime.queue.create({
      kind: 'referral',
      disposition: 'routine',
      channel: 'directline',
      conversation: { channelId: 'directline', conversationId: newCallSid() },
      summary: { contact: { role: 'patient' }, problem: 'dressing', answers: {}, redFlags: [] },
      idempotencyKey: newCallSid(),
      createdBy: 'front-door-bot',
    });
    await tom.post(`/api/console/queue/${item._id}/claim`);
    const res = await tom.post(`/api/console/queue/${item._id}/callback`, {});
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/no call-back number/);
  });

  it("places the call with Twilio's REST client when configured, and reports a refusal without losing the request", async () => {
    const connection = app.database.connection;
    const created: unknown[] = [];
    const ok = new CallPort(new CallRequests(connection), TEST_PUBLIC_URL, {
      transport: { calls: { create: async (o) => (created.push(o), { sid: 'CA0123' }) } },
      from: OUR_NUMBER,
      logger,
    });
    const input = {
      queueItemId: 'item-1',
      reference: 'FD-ABC-123',
      staff: { id: 's1', name: 'Tom Okoro' },
      to: '+447700900804',
      patientNumber: CALLER,
    };
    const placed = await ok.place(input);
    expect(created).toEqual([
      {
        to: '+447700900804',
        from: OUR_NUMBER,
        url: `${TEST_PUBLIC_URL}/api/voice/callback-bridge?bridge=${placed._id}`,
        method: 'POST',
      },
    ]);
    expect(await ok.requests.find(placed._id)).toMatchObject({
      status: 'placed',
      providerId: 'CA0123',
      from: OUR_NUMBER,
    });

    const refused = new CallPort(new CallRequests(connection), TEST_PUBLIC_URL, {
      transport: { calls: { create: async () => Promise.reject(new Error('21217: not a valid phone number')) } },
      from: OUR_NUMBER,
      logger,
    });
    await expect(refused.place(input)).rejects.toBeInstanceOf(CallNotPlaced);
    const kept = await connection.collection('call_requests').find({ queueItemId: 'item-1' }).toArray();
    expect(kept.map((k) => k.status).sort()).toEqual(['failed', 'placed']);
  });
});
