import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import { startApp, type RunningApp } from '../../src/app';
import { TwilioNotifier, type SmsTransport } from '../../src/integrations/notify/twilioNotifier';
import { smsConversationId } from '../../src/integrations/twilio/smsLine';
import { createLogger } from '../../src/observability/logger';
import { productionOnDemoRota, testConfig } from '../support/appConfig';
import {
  CALLER,
  newMessageSid,
  OUR_NUMBER,
  postWebhook,
  TEST_PUBLIC_URL,
  transcriptOf,
} from '../support/twilioWebhooks';

const logger = createLogger({ level: 'silent' });

describe('Twilio SMS, the phone simulator and the Twilio notifier', () => {
  let app: RunningApp;
  let base: string;

  beforeAll(async () => {
    app = await startApp(testConfig({ PUBLIC_URL: TEST_PUBLIC_URL }), logger);
    base = `http://127.0.0.1:${app.port}`;
  });
  afterAll(() => app.stop());

  const text = (body: string, from = CALLER) =>
    postWebhook(base, '/api/sms', { MessageSid: newMessageSid(), From: from, To: OUR_NUMBER, Body: body });

  it('runs the same bot over SMS: replies in order, each within two SMS parts, choices as one "Reply 1 if …" sentence, a digit answers the menu', async () => {
    const from = '+447700900555';
    const first = await text('hello', from);
    expect(first.status).toBe(200);
    // The welcome, the privacy notice and the question: more than two SMS parts, so more than one text (issue 17),
    // the 999 notice in the first and the menu with its question in the last.
    const messages = Array.from(first.doc.getElementsByTagName('Message')).map((m) => m.textContent ?? '');
    expect(messages.length).toBeGreaterThan(1);
    expect(messages[0]).toMatch(/call 999/);
    const body = messages[messages.length - 1];
    expect(body).toMatch(
      /Reply 1 if it is about your own care, 2 if you are a carer or relative, or 3 if you are a health professional\.$/,
    );

    const second = await text('3', from);
    expect(second.doc.getElementsByTagName('Message')[0].textContent).toMatch(/Professional line/);

    // botbuilder's transcript logger stores after the turn without waiting: read it once the answer is there.
    const activities = await transcriptOf(app, smsConversationId(from, OUR_NUMBER), (all) =>
      all.some((a) => a.text === "I'm a professional"),
    );
    expect(activities.every((a) => a.channelId === 'sms')).toBe(true);
    expect(activities.map((a) => a.text)).toContain("I'm a professional");
    expect(JSON.stringify(activities.map((a) => a.from.id))).not.toContain('900555');
  });

  it('goes on in Polish by SMS once the texter says so: the danger signs and the reply menu in Polish (issue 22)', async () => {
    const from = '+447700900559';
    const messages = async (body: string) =>
      Array.from((await text(body, from)).doc.getElementsByTagName('Message')).map((m) => m.textContent ?? '');
    const offered = (await messages('Dzień dobry, potrzebuję pielęgniarki')).join('\n');
    expect(offered).toMatch(/Czy kontynuować po polsku\? Jeśli to nagły wypadek, zadzwoń teraz pod 999\./);
    expect(offered).toMatch(/Continue in Polski\?/);
    // The reply menu in Polish; "1" is its first choice, the language.
    expect(offered).toMatch(/Odpowiedz 1 Polski lub 2 English\.$/);
    const signs = (await messages('1')).join('\n');
    expect(signs).toMatch(/Czy teraz występuje któreś z tych: trudności z oddychaniem/);
    expect(signs).toMatch(/Right now, is there any of these: struggling to breathe/);
    expect(signs).toMatch(/Odpowiedz 1 Tak, 2 Nie lub 3 Nie wiem\.$/);
    // "1" (Tak) is the 999 instruction in Polish, its short SMS form (UCS-2: two parts, H105), then in English.
    const yes = (await messages('1')).join('\n');
    expect(yes).toMatch(/^Zadzwoń teraz pod 999, to może być nagły wypadek\. Powiedz „ambulance” i adres po angielsku/);
    expect(yes).toMatch(/This could be an emergency\. Call 999 now\./);
  });

  it('tells a texter with chest pain to call 999 first', async () => {
    const answer = await text("he's got chest pains", '+447700900556');
    expect(answer.doc.getElementsByTagName('Message')[0].textContent).toMatch(/^[^\n]*call 999 now/i);
  });

  it('gives a text delivered twice one effect', async () => {
    const params = { MessageSid: newMessageSid(), From: '+447700900557', To: OUR_NUMBER, Body: 'hello' };
    const a = await postWebhook(base, '/api/sms', params);
    const b = await postWebhook(base, '/api/sms', params);
    expect(b.body).toBe(a.body);
    // Wait for the bot's answer to be stored: the message it answered was stored before it.
    const transcript = await transcriptOf(app, smsConversationId(params.From, OUR_NUMBER), (all) =>
      all.some((a) => a.from.role === 'bot'),
    );
    expect(transcript.filter((a) => a.from.role === 'user')).toHaveLength(1);
  });

  it('delivers what a person at the hub writes later through the notification port, to the texter', async () => {
    const from = '+447700900558';
    await text('hello', from);
    const adapter = app.runtime.handoffs.adapterFor('SmsAdapter')!;
    const conversationId = smsConversationId(from, OUR_NUMBER);
    await adapter.continueConversationAsync(
      '',
      {
        channelId: 'sms',
        serviceUrl: TEST_PUBLIC_URL,
        conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
        bot: { id: 'front-door', name: 'Front Door' },
        user: { id: 'texter', name: 'texter' },
      },
      async (ctx: TurnContext) => {
        await ctx.sendActivity('Sam: I can call you in ten minutes.');
      },
    );
    const sent = await app.database.connection
      .collection('outbox')
      .findOne({ purpose: 'conversation.message', to: from });
    expect(sent?.body).toBe('Sam: I can call you in ten minutes.');
  });

  it('serves the phone simulator, which drives the real signed webhooks', async () => {
    const page = await fetch(`${base}/dev/phone`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/Phone simulator/);
    expect((await fetch(`${base}/dev/phone/phone.js`)).status).toBe(200);
    // The page sets the CSRF cookie its script sends back as a header.
    const csrf = /fd_phone_csrf=([^;]+)/.exec(page.headers.get('set-cookie') ?? '')![1];
    const headers = { 'content-type': 'application/json', cookie: `fd_phone_csrf=${csrf}`, 'x-csrf-token': csrf };
    const res = await fetch(`${base}/dev/phone/webhook`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        path: '/api/voice',
        params: { CallSid: `CA${'1'.repeat(32)}`, From: CALLER, To: OUR_NUMBER },
      }),
    });
    const answer = (await res.json()) as { status: number; twiml: string };
    expect(answer.status).toBe(200);
    expect(answer.twiml).toMatch(/<Gather /);
    const refused = await fetch(`${base}/dev/phone/webhook`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ path: '/api/console/users', params: {} }),
    });
    expect(refused.status).toBe(400);
  });

  it('sends through Twilio once per idempotency key, recording the message SID in the outbox', async () => {
    const sent: { to: string; from: string; body: string }[] = [];
    const transport: SmsTransport = {
      messages: {
        create: async (options) => {
          sent.push(options);
          return { sid: `SM${sent.length}` };
        },
      },
    };
    const notifier = new TwilioNotifier(app.database.connection, transport, OUR_NUMBER, logger);
    const message = {
      to: '07700 900801',
      body: 'Front Door test',
      purpose: 'clinician.alert' as const,
      idempotencyKey: randomUUID(),
    };
    expect((await notifier.sendSms(message)).status).toBe('sent');
    expect((await notifier.sendSms(message)).status).toBe('duplicate');
    expect(sent).toEqual([{ to: '+447700900801', from: OUR_NUMBER, body: 'Front Door test' }]);
    const stored = await app.database.connection
      .collection('outbox')
      .findOne({ idempotencyKey: message.idempotencyKey });
    expect(stored?.providerId).toBe('SM1');

    const failing = new TwilioNotifier(
      app.database.connection,
      { messages: { create: () => Promise.reject(new Error('Twilio is down')) } },
      OUR_NUMBER,
      logger,
    );
    expect((await failing.sendSms({ ...message, idempotencyKey: randomUUID() })).status).toBe('stored');
  });
});

describe('phone line in production', () => {
  it('has no simulator, and still refuses unsigned webhooks', async () => {
    const app = await startApp(productionOnDemoRota(), logger);
    try {
      const base = `http://127.0.0.1:${app.port}`;
      expect((await fetch(`${base}/dev/phone`)).status).toBe(404);
      expect((await fetch(`${base}/dev/phone/webhook`, { method: 'POST' })).status).toBe(404);
      const unsigned = await postWebhook(base, '/api/voice', { CallSid: 'CA1' }, { signature: null });
      expect(unsigned.status).toBe(403);
    } finally {
      await app.stop();
    }
  });
});
