import { startApp, type RunningApp } from '../../src/app';
import { createLogger } from '../../src/observability/logger';
import { testConfig } from '../support/appConfig';
import { ConsoleClient } from '../support/consoleClient';
import { callParams, newCallSid, postWebhook, TEST_PUBLIC_URL, type TwimlAnswer } from '../support/twilioWebhooks';

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
  const last = await postWebhook(
    base,
    start.pathOf(gather.getAttribute('action')),
    callParams(sid, { SpeechResult: 'I need the duty nurse', Confidence: '0.9' }),
  );
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
    jest.useFakeTimers({
      now: NIGHT,
      advanceTimers: true,
      doNotFake: [
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
        'setTimeout',
        'clearTimeout',
      ],
    });
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
    expect((await ann.post(`/api/console/queue/${failedItem._id}/callback`)).status).toBe(200);
    const after = await ann.get('/api/console/queue?callback=needed');
    expect(after.body.items.map((i: { id: string }) => i.id)).not.toContain(failedItem._id);
    expect((await ann.get(`/api/console/queue/${failedItem._id}`)).body.callbackNeeded).toBe(false);
  });
});
