import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startApp, type RunningApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/observability/logger';
import { eventually } from '../support/eventually';
import { DirectLine, Received, chatToken, freePort, fromBot, post, replyTo } from '../support/directLine';
import { TEST_TWILIO_AUTH_TOKEN } from '../support/appConfig';
import { callParams, newCallSid, newMessageSid, OUR_NUMBER, postWebhook } from '../support/twilioWebhooks';

const logger = createLogger({ level: 'silent' });

/**
 * Issue 21 row 2: when the embedded store died, Front Door exited 6 s later and every channel got connection refused.
 * Now the store is started again (with backoff and a limit) while web chat answers without it, and a phone or SMS
 * turn taken while it is down still gets the 999 advice, in TwiML, never an error or a stack trace.
 */
describe('fault: the embedded store is killed', () => {
  let app: RunningApp;
  let base: string;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const config = loadConfig({
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: base,
      LOG_LEVEL: 'silent',
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'front-door-restart-')),
      STREAM_POLL_MS: '200',
      TWILIO_AUTH_TOKEN: TEST_TWILIO_AUTH_TOKEN,
    });
    app = await startApp(config, logger);
  }, 60000);
  afterAll(() => app.stop());

  /** A Twilio webhook signed for the URL the app is published at (PUBLIC_URL is its own address here). */
  const webhook = (path: string, params: Record<string, string>) =>
    postWebhook(base, path, params, { signedUrl: `${base}${path}` });
  /**
   * The store ready again. After a kill, pass the killed process: readyz can still say 200 for a moment before the
   * supervisor has seen the exit, so wait for a new process as well; if none is ever started this times out.
   */
  const storeBack = (killed?: number) =>
    eventually(async () => {
      const pid = app.database.embeddedPid();
      if (killed !== undefined && (pid === undefined || pid === killed)) return undefined;
      return (await fetch(`${base}/readyz`)).status === 200 ? true : undefined;
    }, 60000);
  /** What a caller or texter must never see: an error's name or a stack frame in place of the advice. */
  const noInternals = (body: string) => expect(body).not.toMatch(/Error|MongoServer|\bat \S+ \(|ECONNREFUSED|stack/);

  it('answers 999 meanwhile, restarts the store, and carries on', async () => {
    const { token, userId } = await chatToken(base);
    const client = new DirectLine({ domain: `${base}/v3/directline`, token, webSocket: false, pollingInterval: 200 });
    const received = new Received(client);
    try {
      await received.next(fromBot);
      const first = app.database.embeddedPid()!;
      process.kill(first, 'SIGKILL');
      const emergency = await post(client, userId, 'she is not breathing');
      await received.next((a) => replyTo(emergency)(a) && /999/.test(a.text ?? ''));

      await storeBack(first);
      expect(app.database.embeddedPid()).not.toBe(first);
      const hello = await post(client, userId, 'hello');
      await received.next(replyTo(hello));
      // The service never went away: the process is this one, still answering.
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
    } finally {
      client.end();
    }
  }, 90000);

  it('tells a caller who says someone is not breathing to call 999 while the store is down', async () => {
    await storeBack();
    const callSid = newCallSid();
    const welcome = await webhook('/api/voice', callParams(callSid));
    const gather = welcome.first('Gather')!.getAttribute('action')!;
    const path = gather.startsWith('http') ? new URL(gather).pathname + new URL(gather).search : gather;
    const first = app.database.embeddedPid()!;
    process.kill(first, 'SIGKILL');
    const started = Date.now();
    const answer = await webhook(
      path,
      callParams(callSid, { SpeechResult: 'she is not breathing', Confidence: '0.9' }),
    );
    // Twilio gives up on a webhook after 15 seconds; the advice must come well within that.
    expect(Date.now() - started).toBeLessThan(15000);
    expect(answer.status).toBe(200);
    // Either the fail-safe answered (the store still down): 999 advice, then straight through to the duty clinician
    // from the rota held in memory; or the store was back within the turn and the assistant itself named the emergency.
    const said = answer.says.join(' ');
    expect(said).toMatch(/call 999 now/);
    if (/something went wrong/.test(said)) expect(answer.first('Dial')?.textContent).toMatch(/^\+447700900\d{3}$/);
    else expect(said).toMatch(/This could be an emergency/);
    noInternals(answer.body);
    await storeBack(first);
    expect(app.database.embeddedPid()).not.toBe(first);
  }, 90000);

  it('tells a texter whose husband has collapsed to call 999 while the store is down', async () => {
    await storeBack();
    const first = app.database.embeddedPid()!;
    process.kill(first, 'SIGKILL');
    const started = Date.now();
    const answer = await webhook('/api/sms', {
      MessageSid: newMessageSid(),
      From: '+447700900591',
      To: OUR_NUMBER,
      Body: 'my husband has collapsed and is not breathing',
    });
    expect(Date.now() - started).toBeLessThan(15000);
    expect(answer.status).toBe(200);
    // Either the fail-safe answered (the store still down) or the store was back within the turn and the assistant
    // itself named the emergency: the texter is told to call 999 in both, never left without it.
    const texts = Array.from(answer.doc.getElementsByTagName('Message')).map((m) => m.textContent ?? '');
    const said = texts.join(' ');
    expect(said).toMatch(/If this is an emergency, call 999 now|This could be an emergency\. Call 999 now/);
    noInternals(answer.body);
    await storeBack(first);
    expect(app.database.embeddedPid()).not.toBe(first);
  }, 90000);
});
