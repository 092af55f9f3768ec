import { randomUUID } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import { startApp, type RunningApp } from '../../src/app';
import { CallRequests } from '../../src/integrations/notify/callRequests';
import { PhoneState } from '../../src/integrations/twilio/phoneState';
import { WebhookLedger } from '../../src/integrations/twilio/webhookLedger';
import type { ConferenceCallPort, ParticipantCall } from '../../src/integrations/twilio/interpreterConference';
import { queueModel } from '../../src/hub/queueModel';
import { createLogger } from '../../src/observability/logger';
import { testConfig } from '../support/appConfig';
import { Call } from '../support/phoneCall';
import { conferenceJoin, handRunSchedule } from '../support/interpreterConference';
import { until } from '../support/eventually';
import {
  CALLER,
  callParams,
  newCallSid,
  postWebhook,
  TEST_PUBLIC_URL,
  type TwimlAnswer,
  clockAt,
  transcriptOf,
} from '../support/twilioWebhooks';

const errorLogs: Record<string, unknown>[] = [];
const logger = createLogger({
  level: 'error',
  destination: { write: (line: string) => errorLogs.push(JSON.parse(line)) },
});

// 21:30 in London on a Wednesday: the hub is closed, so "I need the duty nurse" goes to the duty clinician route, and
// the night rota (Tom Okoro, then Priya Desai, then Alex Morgan) is on. Only Date is faked; timers run for real.
const NIGHT = new Date('2026-11-25T21:30:00Z');
const NIGHT_ROTA = ['+447700900804', '+447700900803', '+447700900802'];

function dialedNumber(answer: TwimlAnswer): string | undefined {
  return answer.first('Number')?.textContent?.trim();
}

/** Twilio's REST calls into the interpreter conference, recorded in order instead of made. */
const rung: ParticipantCall[] = [];
let interpreterRefuses = false;
/** Calls given new TwiML (the caller told the interpreter is late), in order. */
const redirected: { callSid: string; twiml: string }[] = [];
const conferenceCalls: ConferenceCallPort = {
  call: async (participant) => {
    if (participant.role === 'interpreter' && interpreterRefuses) throw new Error('21215: call not permitted');
    rung.push(participant);
    return { sid: `CA${rung.length}` };
  },
  redirect: async (callSid, twiml) => {
    redirected.push({ callSid, twiml });
  },
};

const { waits, schedule } = handRunSchedule();
const joined = conferenceJoin;

/** Until the calls the app places after a callback or a wait have been made. */
async function settled(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** A conference's name in a TwiML document, and how it joins (issue 22). */
function conferenceIn(twiml: string) {
  const doc = new DOMParser().parseFromString(twiml, 'text/xml');
  const conference = doc.getElementsByTagName('Conference')[0];
  return conference
    ? {
        name: conference.textContent?.trim(),
        starts: conference.getAttribute('startConferenceOnEnter'),
        ends: conference.getAttribute('endConferenceOnExit'),
        inDial: conference.parentNode?.nodeName === 'Dial',
        label: conference.getAttribute('participantLabel'),
        statusCallback: conference.getAttribute('statusCallback'),
        events: conference.getAttribute('statusCallbackEvent'),
        says: Array.from(doc.getElementsByTagName('Say')).map((say) => say.textContent),
        sayLanguages: Array.from(doc.getElementsByTagName('Say')).map((say) => say.getAttribute('language')),
      }
    : undefined;
}

describe('Twilio voice line (signed webhooks, real bot, real store)', () => {
  let app: RunningApp;
  let base: string;
  const db = () => app.database.connection;

  beforeAll(async () => {
    clockAt(NIGHT);
    app = await startApp(testConfig({ PUBLIC_URL: TEST_PUBLIC_URL, DIAL_TIMEOUT_SECONDS: '25' }), logger, undefined, {
      conferenceCalls,
      schedule,
    });
    base = `http://127.0.0.1:${app.port}`;
  });
  afterAll(async () => {
    await app.stop();
    jest.useRealTimers();
  });

  it('answers a call with the welcome, the language menu, then the question in a speech-and-keypad <Gather> in a British voice', async () => {
    const call = new Call(base);
    const answer = await call.start();
    expect(call.menu!.status).toBe(200);
    expect(call.menu!.says[0]).toMatch(/call 999/);
    expect(call.menu!.first('Say')!.getAttribute('voice')).toBe('Google.en-GB-Neural2-A');
    expect(answer.status).toBe(200);
    const gather = answer.first('Gather')!;
    expect(gather).toBeDefined();
    expect(gather.getAttribute('input')).toBe('speech dtmf');
    expect(gather.getAttribute('language')).toBe('en-GB');
    expect(gather.getAttribute('speechTimeout')).toBe('auto');
    expect(gather.getAttribute('actionOnEmptyResult')).toBe('true');
    expect(gather.getAttribute('hints')).toMatch(/duty nurse/);
    expect(gather.getAttribute('action')).toMatch(new RegExp(`^${TEST_PUBLIC_URL}/api/voice/gather\\?step=`));
    // The question and its keypad menu are inside the <Gather>, so the caller can answer straight away.
    const inGather = Array.from(gather.getElementsByTagName('Say')).map((s) => s.textContent);
    expect(inGather).toEqual([
      expect.stringMatching(/your own care, as a carer, or as a health professional/),
      'Press 1 if you are calling about yourself, 2 if you are a carer or relative, or 3 if you are a health professional.',
    ]);
  });

  it('reads the language menu after the greeting, each option in its own language and voice, English going on by 1, speech or silence', async () => {
    const call = new Call(base);
    const menu = await call.ring();
    const gather = menu.first('Gather')!;
    expect(gather.getAttribute('numDigits')).toBe('1');
    // The greeting first, outside the menu: nothing in the menu can be talked over before the 999 advice is heard.
    expect(menu.says[0]).toMatch(/call 999/);
    const options = Array.from(gather.getElementsByTagName('Say')).map((say) => ({
      text: say.textContent,
      language: say.getAttribute('language'),
      voice: say.getAttribute('voice'),
    }));
    expect(options[0]).toMatchObject({ text: expect.stringMatching(/English, press 1/), language: 'en-GB' });
    expect(options).toContainEqual({
      text: 'Po polsku naciśnij 2.',
      language: 'pl-PL',
      voice: 'Google.pl-PL-Standard-A',
    });
    expect(options).toContainEqual({
      text: 'Para português, prima 8.',
      language: 'pt-PT',
      voice: 'Google.pt-PT-Standard-A',
    });
    expect(options[options.length - 1]).toMatchObject({ text: expect.stringMatching(/Spanish.*press 9/) });
    // Seven languages and the two English lines: short enough to sit through, and English callers need not.
    expect(options).toHaveLength(9);

    // 1 is English: the first question, not a choice on it.
    const pressed = await call.press('1');
    expect(pressed.says).toEqual(
      expect.arrayContaining([expect.stringMatching(/your own care, as a carer, or as a health professional/)]),
    );
    // Speech is the answer, in English, to the question the caller was about to hear.
    const speaker = new Call(base);
    await speaker.ring();
    const failures = errorLogs.length;
    const spoken = await speaker.say('He has got chest pains');
    expect(spoken.says[0]).toMatch(/call 999 now/i);
    // The bot's answer, not the fail-safe's (which also names 999).
    expect(spoken.says.join(' ')).not.toMatch(/something went wrong/i);
    expect(errorLogs.slice(failures)).toEqual([]);
    // Silence goes on in English too.
    const waiter = new Call(base);
    await waiter.ring();
    expect((await waiter.silence()).says).toEqual(
      expect.arrayContaining([expect.stringMatching(/your own care, as a carer, or as a health professional/)]),
    );
  });

  it('goes on in Spanish for a caller who chooses it: every prompt said and heard in Spanish (issue 22 item 3)', async () => {
    const call = new Call(base);
    await call.ring();
    await call.press('9');
    const chosen = await call.press('1');
    // The first question again, in Spanish, in the Spanish voice, and a <Gather> that hears Spanish.
    const gather = chosen.first('Gather')!;
    expect(gather.getAttribute('language')).toBe('es-ES');
    expect(gather.getAttribute('hints')).toBeNull();
    const asked = Array.from(gather.getElementsByTagName('Say'));
    expect(asked[0].textContent).toMatch(
      /^¿Llama por su propia atención, como cuidador, o como profesional sanitario\?/,
    );
    expect(asked[0].getAttribute('voice')).toBe('Google.es-ES-Standard-A');
    expect(asked[1].textContent).toBe('Pulse 1 Yo mismo/a, 2 Soy cuidador/a o 3 Soy profesional sanitario.');
    expect(asked[1].getAttribute('language')).toBe('es-ES');

    // Key 1 is the first (translated) choice; the menu in Spanish.
    const menu = await call.press('1');
    expect(menu.first('Gather')!.getAttribute('language')).toBe('es-ES');
    expect(menu.says.join(' ')).toMatch(/¿En qué puedo ayudarle\?/);

    // "I need a nurse" in Spanish: the danger signs in Spanish in its voice, then in English in the English voice.
    const signs = await call.say('necesito una enfermera');
    const says = Array.from(signs.doc.getElementsByTagName('Say'));
    const spanish = says.find((s) => /^Ahora mismo, ¿a alguien le cuesta respirar/.test(s.textContent ?? ''))!;
    expect(spanish.getAttribute('language')).toBe('es-ES');
    const english = says.find((s) => /^Right now, is anyone struggling to breathe/.test(s.textContent ?? ''))!;
    expect(english.getAttribute('language')).toBe('en-GB');
    expect(signs.first('Gather')!.getAttribute('language')).toBe('es-ES');
    expect(signs.says).toContain('Pulse 1 Sí, 2 No o 3 No estoy seguro.');
    // "Sí" by voice is the 999 instruction in Spanish, first.
    const yes = await call.say('sí');
    expect(yes.says[0]).toMatch(/^Esto puede ser una emergencia\. Cuelgue y llame ahora al 999/);
  });

  it.each([
    [
      'Spanish',
      ['9', '1'],
      'es-ES',
      'Google.es-ES-Standard-A',
      /^Si es una emergencia/,
      'tengo una duda con el parking',
    ],
    ['Polish', ['2'], 'pl-PL', 'Google.pl-PL-Standard-A', /^Jeśli to nagły wypadek/, 'mam pytanie o parking'],
  ])(
    'puts a %s caller whom the journeys cannot follow in a conference, rings the interpreter, and the duty clinician once the interpreter has joined',
    async (language, keys, code, voice, advice, unhandled) => {
      const call = new Call(base);
      await call.ring();
      rung.length = 0;
      const answers: TwimlAnswer[] = [];
      for (const key of keys) answers.push(await call.press(key));
      expect(answers[answers.length - 1].first('Gather')!.getAttribute('language')).toBe(code);
      const answer = await call.say(unhandled);
      if (answers.length > 1) {
        // Page 2 of the menu: its languages, each in its own voice, then the way back to English.
        const page2 = Array.from(answers[0].first('Gather')!.getElementsByTagName('Say'));
        expect(page2.map((say) => say.getAttribute('language'))).toEqual(expect.arrayContaining(['es-ES', 'ar-XA']));
        expect(page2[page2.length - 1].textContent).toMatch(/English, press 0/);
      }
      // The 999 advice and "hold" in the caller's language and its voice, then in English.
      const says = Array.from(answer.doc.getElementsByTagName('Say'));
      expect(says[0].textContent).toMatch(advice);
      expect(says[0].getAttribute('language')).toBe(code);
      expect(says[0].getAttribute('voice')).toBe(voice);
      expect(says[1].textContent).toMatch(new RegExp(`call 999.*${language} interpreter`, 's'));
      expect(says[1].getAttribute('language')).toBe('en-GB');
      // The caller waits in the conference and ends it on hanging up; Twilio tells us who joins it.
      const caller = conferenceIn(answer.body)!;
      expect(caller).toMatchObject({ inDial: true, starts: 'false', ends: 'true', label: 'caller', events: 'join' });
      expect(caller.name).toMatch(/^front-door-interpreter-/);
      expect(caller.statusCallback).toMatch(/^https:.*\/api\/voice\/interpreter-conference\?conference=[0-9a-f-]{36}$/);
      expect(answer.first('Gather')).toBeUndefined();

      // Only the interpreting service is rung (its account code keyed in); the clinician waits for it to join.
      expect(rung.map((p) => [p.role, p.to])).toEqual([['interpreter', '+441632960900']]);
      expect(rung[0].sendDigits).toBe('ww480120');
      const interpreter = conferenceIn(rung[0].twiml)!;
      expect(interpreter).toMatchObject({ name: caller.name, inDial: true, starts: 'true', ends: 'false' });
      expect(interpreter).toMatchObject({ label: 'interpreter', statusCallback: caller.statusCallback });
      expect(interpreter.says[0]).toMatch(new RegExp(`needs a ${language} interpreter`));
      const wait = waits[waits.length - 1];
      expect(wait).toMatchObject({ ms: 90_000, cancelled: false });

      // The caller's own joining rings nobody.
      expect((await joined(base, caller.statusCallback!, 'caller')).status).toBe(204);
      await settled();
      expect(rung).toHaveLength(1);
      // The interpreter joins: now the night's first duty clinician, and the wait is over.
      expect((await joined(base, caller.statusCallback!, 'interpreter')).status).toBe(204);
      await settled();
      expect(rung.map((p) => [p.role, p.to])).toEqual([
        ['interpreter', '+441632960900'],
        ['clinician', NIGHT_ROTA[0]],
      ]);
      expect(rung.every((p) => p.from === '+442079460000')).toBe(true);
      expect(wait.cancelled).toBe(true);
      const clinician = conferenceIn(rung[1].twiml)!;
      expect(clinician).toMatchObject({ name: caller.name, inDial: true, starts: 'true', label: 'clinician' });
      expect(clinician.says[0]).toMatch(new RegExp(`${language} interpreter.*called first`, 's'));
      // Twilio delivering the join again rings nobody twice.
      await joined(base, caller.statusCallback!, 'interpreter');
      await settled();
      expect(rung).toHaveLength(2);
      expect(redirected.filter((r) => r.callSid === call.sid)).toEqual([]);

      const items = await queueModel(db()).find({ 'conversation.conversationId': call.sid }).lean();
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({
        kind: 'escalation',
        disposition: 'urgent_2h',
        summary: { answers: { reason: `interpreter needed: ${language}` }, callbackNumber: CALLER },
      });
      // The reference the interpreter and the clinician hear is the queue item's.
      expect(interpreter.says[0]).toContain(
        items[0].reference.replace(/-/g, ' ').split('').join(' ').replace(/\s+/g, ' '),
      );
    },
  );

  it('rings the duty clinician anyway when the interpreter has not joined in time, and tells the caller', async () => {
    const call = new Call(base);
    await call.ring();
    rung.length = 0;
    // Polish from the menu, then something its journeys cannot follow: the interpreter route.
    await call.press('2');
    const answer = await call.say('mam pytanie o parking');
    const caller = conferenceIn(answer.body)!;
    expect(rung.map((p) => p.role)).toEqual(['interpreter']);
    // The wait runs out before any interpreter joins.
    const wait = waits[waits.length - 1];
    wait.run();
    await until(() => rung.length >= 2);
    expect(rung.map((p) => [p.role, p.to])).toEqual([
      ['interpreter', '+441632960900'],
      ['clinician', NIGHT_ROTA[0]],
    ]);
    const clinician = conferenceIn(rung[1].twiml)!;
    expect(clinician).toMatchObject({ name: caller.name, starts: 'true' });
    expect(clinician.says[0]).toMatch(/Polish interpreter.*has not joined yet/s);
    // The caller hears so in Polish, then English, and goes back into the same conference.
    expect(redirected.map((r) => r.callSid)).toEqual([call.sid]);
    const back = conferenceIn(redirected[0].twiml)!;
    expect(back).toMatchObject({
      name: caller.name,
      starts: 'false',
      ends: 'true',
      statusCallback: caller.statusCallback,
    });
    expect(back.says[0]).toMatch(/^Tłumacz jeszcze nie dołączył/);
    expect(back.sayLanguages).toEqual(['pl-PL', 'en-GB']);
    expect(back.says[1]).toMatch(/interpreter has not joined yet.*nurse is joining you now/s);
    // The interpreter joining late changes nothing: the clinician is already rung.
    await joined(base, caller.statusCallback!, 'interpreter');
    await settled();
    expect(rung).toHaveLength(2);
    redirected.length = 0;
  });

  it('refuses a conference status callback that is not signed, not ours, or not a join we asked for', async () => {
    const call = new Call(base);
    await call.ring();
    await call.press('2');
    const callback = conferenceIn((await call.say('mam pytanie o parking')).body)!.statusCallback!;
    rung.length = 0;
    const path = callback.slice(TEST_PUBLIC_URL.length);
    const unsigned = await postWebhook(base, path, { StatusCallbackEvent: 'participant-join' }, { signature: null });
    expect(unsigned.status).toBe(403);
    const notOurs = await joined(
      base,
      `${TEST_PUBLIC_URL}/api/voice/interpreter-conference?conference=x`,
      'interpreter',
    );
    expect(notOurs.status).toBe(400);
    expect((await joined(base, callback, 'interpreter', { StatusCallbackEvent: 'participant-leave' })).status).toBe(
      400,
    );
    expect((await joined(base, callback, 'someone')).status).toBe(400);
    const noCall = await joined(base, callback, 'interpreter', { CallSid: 'not-a-call' });
    expect(noCall.status).toBe(400);
    expect(JSON.parse(noCall.body)).toMatchObject({
      error: 'invalid_event',
      message: expect.stringMatching(/^CallSid/),
    });
    await settled();
    expect(rung).toEqual([]);
  });

  it("rings the service's own interpreting contract for a call to that service", async () => {
    const call = new Call(base);
    const kent = '+441632960100';
    call.menu = call.last = await postWebhook(base, '/api/voice', callParams(call.sid, { To: kent, Called: kent }));
    rung.length = 0;
    await call.answer({ Digits: '2', To: kent, Called: kent });
    await call.answer({ SpeechResult: 'mam pytanie o parking', Confidence: '0.9', To: kent, Called: kent });
    expect(rung[0]).toMatchObject({ role: 'interpreter', to: '+441632960901', sendDigits: 'ww730455' });
  });

  it('puts the caller through to the duty clinician when the interpreting service cannot be rung', async () => {
    const call = new Call(base);
    await call.ring();
    rung.length = 0;
    interpreterRefuses = true;
    try {
      await call.press('2');
      const answer = await call.say('mam pytanie o parking');
      expect(answer.says).toEqual(expect.arrayContaining([expect.stringMatching(/could not reach an interpreter/)]));
      expect(dialedNumber(answer)).toBe(NIGHT_ROTA[0]);
      expect(answer.first('Conference')).toBeUndefined();
      expect(rung).toEqual([]);
      const whisper = await postWebhook(
        base,
        answer.pathOf(answer.first('Number')!.getAttribute('url')),
        callParams(call.sid),
      );
      expect(whisper.says[0]).toMatch(/chose Polish.*needs an interpreter/);
    } finally {
      interpreterRefuses = false;
    }
  });

  it('takes a keypad choice as the choice it was read out for', async () => {
    const call = new Call(base);
    await call.start();
    const answer = await call.press('2');
    // "I'm a carer" leads to the menu of what we can help with, itself a keypad menu.
    expect(answer.says).toEqual(
      expect.arrayContaining([
        'Press 1 to change an appointment, 2 if you feel unwell, 3 to make a referral, or 4 to speak to someone.',
      ]),
    );
    const transcript = await transcriptOf(app, call.sid, (all) => all.some((a) => a.text === "I'm a carer"));
    const said = transcript.find((a) => a.type === 'message' && a.from.role === 'user')!;
    expect(said.text).toBe("I'm a carer");
    expect(said.channelData).toMatchObject({ line: 'public', inputMode: 'dtmf', Digits: '2', callerNumber: CALLER });
  });

  it('tells a caller with chest pain to call 999 in the very first <Say>', async () => {
    // Awaits nothing: the safety screen (src/intents) and the bot's emergency handling are in place.
    const call = new Call(base);
    await call.start();
    const answer = await call.say("he's got chest pains");
    expect(answer.says[0]).toMatch(/call 999 now/i);
    expect(answer.first('Dial')).toBeUndefined();
  });

  it.each([
    ['a Spanish caller', 'mi marido no respira', 'es-ES', 'Google.es-ES-Standard-A', /^Esto puede ser una emergencia/],
    ['a Polish caller', 'mąż nie oddycha', 'pl-PL', 'Google.pl-PL-Standard-A', /^To może być nagły wypadek/],
  ])(
    'says the 999 instruction to %s first, in their language and its voice',
    async (_who, words, code, voice, local) => {
      const call = new Call(base);
      await call.start();
      const answer = await call.say(words);
      expect(answer.says[0]).toMatch(local);
      const first = answer.first('Say')!;
      expect([first.getAttribute('language'), first.getAttribute('voice')]).toEqual([code, voice]);
      // What follows in English is said in English, in the British voice.
      const english = Array.from(answer.doc.getElementsByTagName('Say')).find((s) =>
        /call 999/i.test(s.textContent ?? ''),
      );
      expect([english?.getAttribute('language'), english?.getAttribute('voice')]).toEqual([
        'en-GB',
        'Google.en-GB-Neural2-A',
      ]);
    },
  );

  it('puts "I need the duty nurse" through to the on-duty clinician, with a whisper, then the next, then a call-back', async () => {
    const call = new Call(base);
    await call.start();
    await call.say('I need the duty nurse');
    let answer = await call.noDangerSigns();
    const dial = answer.first('Dial')!;
    expect(dial).toBeDefined();
    expect(dialedNumber(answer)).toBe(NIGHT_ROTA[0]);
    expect(dial.getAttribute('callerId')).toBe('+442079460000');
    expect(dial.getAttribute('timeout')).toBe('25');
    expect(answer.says.join(' ')).toMatch(/putting you through/i);

    // The clinician hears the whisper before the caller is connected.
    const whisperUrl = answer.first('Number')!.getAttribute('url');
    const whisper = await postWebhook(base, answer.pathOf(whisperUrl), callParams(newCallSid(), { To: NIGHT_ROTA[0] }));
    expect(whisper.says[0]).toMatch(/^Front Door is putting a caller through to you\. Front Door urgent call/);

    answer = await call.dialOutcome('no-answer');
    expect(dialedNumber(answer)).toBe(NIGHT_ROTA[1]);
    expect(answer.says[0]).toMatch(/not answering/);
    answer = await call.dialOutcome('busy');
    expect(dialedNumber(answer)).toBe(NIGHT_ROTA[2]);
    answer = await call.dialOutcome('no-answer');
    expect(answer.first('Dial')).toBeUndefined();
    expect(answer.says[0]).toMatch(/couldn't reach a duty clinician.*call you back within 2 hours/);
    expect(answer.first('Hangup')).toBeDefined();

    const [item] = await db().collection('queue_items').find({ 'conversation.conversationId': call.sid }).toArray();
    expect(item).toMatchObject({ status: 'new', disposition: 'urgent_2h', channel: 'voice' });
    const outcomes = await db().collection('call_outcomes').find({ callSid: call.sid }).sort({ at: 1 }).toArray();
    expect(outcomes.map((o) => o.outcome)).toEqual(['not_answered', 'not_answered', 'not_answered', 'callback_needed']);
    expect(outcomes[3].queueItemId).toBe(item._id);
    const alerts = await db().collection('outbox').find({ purpose: 'clinician.alert' }).toArray();
    const alert = alerts.find((a) => a.body.includes(item.reference));
    expect(alert).toMatchObject({ to: '07700900804' });
    expect(alert!.body).not.toMatch(/chest|nurse|\+44/);
  });

  it("whispers to the clinician who is calling, in the caller's words, and why", async () => {
    const call = new Call(base);
    await call.start();
    await call.say('I need the duty nurse');
    const answer = await call.noDangerSigns();
    const whisperUrl = answer.first('Number')!.getAttribute('url');
    const whisper = await postWebhook(base, answer.pathOf(whisperUrl), callParams(newCallSid(), { To: NIGHT_ROTA[0] }));
    expect(whisper.says).toEqual([
      'Front Door is putting a caller through to you. Front Door urgent call from a patient about I need the duty ' +
        'nurse. Reason: asked for the duty clinician.',
    ]);
  });

  it('records a connected transfer and closes the conversation when the call ends', async () => {
    const call = new Call(base);
    await call.start();
    await call.say('I need the duty nurse');
    await call.noDangerSigns();
    const answer = await call.dialOutcome('completed');
    expect(answer.first('Hangup')).toBeDefined();
    expect((await call.hangUp()).status).toBe(200);
    const outcomes = await db().collection('call_outcomes').find({ callSid: call.sid }).sort({ at: 1 }).toArray();
    expect(outcomes.map((o) => o.outcome)).toEqual(['connected', 'call_ended']);
    const transcript = await transcriptOf(app, call.sid, (all) => all.some((a) => a.type === 'endOfConversation'));
    expect(transcript.filter((a) => a.type === 'endOfConversation')).toHaveLength(1);
  });

  it('keeps an escalation the caller hung up on as a call-back', async () => {
    const call = new Call(base);
    await call.start();
    await call.say('I need the duty nurse');
    await call.noDangerSigns();
    await call.hangUp('completed');
    const [item] = await db().collection('queue_items').find({ 'conversation.conversationId': call.sid }).toArray();
    const outcomes = await db().collection('call_outcomes').find({ callSid: call.sid }).toArray();
    expect(outcomes).toEqual(
      expect.arrayContaining([expect.objectContaining({ outcome: 'callback_needed', queueItemId: item._id })]),
    );
  });

  it('re-prompts once on silence or an unclear answer, then puts the caller through to a person', async () => {
    const call = new Call(base);
    await call.start();
    let answer = await call.silence();
    expect(answer.says[0]).toBe("Sorry, I didn't hear anything.");
    expect(answer.says[1]).toMatch(/your own care, as a carer/);
    expect(answer.says).toContain(
      'Press 1 if you are calling about yourself, 2 if you are a carer or relative, or 3 if you are a health professional.',
    );
    answer = await call.say('mm hmm', '0.05');
    expect(answer.says[0]).toMatch(/put you through to a duty clinician/);
    expect(dialedNumber(answer)).toBe(NIGHT_ROTA[0]);
    const items = await db().collection('queue_items').find({ 'conversation.conversationId': call.sid }).toArray();
    expect(items).toHaveLength(1);
    expect(items[0].disposition).toBe('urgent_2h');
  });

  it.each([
    ['Polish', ['2'], 'pl-PL', 'Przepraszam, nic nie słyszę.', 'Przepraszam, nie zrozumiałem wyraźnie.'],
    ['Spanish', ['9', '1'], 'es-ES', 'Perdone, no he oído nada.', 'Perdone, no le he entendido bien.'],
  ])(
    'says "I didn\'t hear you" to a %s caller in their language, then puts them through with an interpreter',
    async (language, keys, code, noSpeech, lowConfidence) => {
      const inLanguage = async () => {
        const call = new Call(base);
        await call.ring();
        for (const key of keys) await call.press(key);
        return call;
      };
      const silent = await inLanguage();
      const silence = await silent.silence();
      const says = Array.from(silence.doc.getElementsByTagName('Say'));
      expect([says[0].textContent, says[0].getAttribute('language')]).toEqual([noSpeech, code]);
      // The question again in the language, heard in it.
      expect(says[1].getAttribute('language')).toBe(code);
      expect(silence.first('Gather')!.getAttribute('language')).toBe(code);

      const call = await inLanguage();
      const unclear = Array.from((await call.say('mm', '0.05')).doc.getElementsByTagName('Say'));
      expect([unclear[0].textContent, unclear[0].getAttribute('language')]).toEqual([lowConfidence, code]);
      // A second miss: the duty clinician with an interpreter on the line, queued "interpreter needed".
      rung.length = 0;
      const person = await call.silence();
      expect(person.first('Conference')).toBeDefined();
      expect(rung.map((p) => p.role)).toEqual(['interpreter']);
      const items = await queueModel(db()).find({ 'conversation.conversationId': call.sid }).lean();
      expect(items.map((i) => i.summary.answers?.reason)).toEqual([`interpreter needed: ${language}`]);
    },
  );

  it('asks the danger signs by keypad and speech: 1 (yes) is the 999 instruction, 3 (not sure) the duty clinician', async () => {
    const yes = new Call(base);
    await yes.start();
    let answer = await yes.say("my husband isn't well");
    expect(answer.says.join(' ')).toMatch(/quick safety questions/);
    answer = await yes.press('1');
    expect(answer.says[0]).toMatch(/call 999 now/i);

    const notSure = new Call(base);
    await notSure.start();
    await notSure.say("my husband isn't well");
    await notSure.press('3');
    answer = await notSure.say('nah');
    expect(dialedNumber(answer)).toBe(NIGHT_ROTA[0]);
  });

  it('takes an unclear answer as a miss, not as what the caller said', async () => {
    const call = new Call(base);
    await call.start();
    const answer = await call.say('I need the duty nurse', '0.1');
    expect(answer.says[0]).toBe("Sorry, I didn't catch that clearly.");
    expect(answer.first('Dial')).toBeUndefined();
  });

  it('gets a crew on the professional line to the duty clinician in at most six turns', async () => {
    const call = new Call(base);
    let answer = await call.start('/api/voice/professional');
    expect(answer.says.join(' ')).toMatch(/Professional line/);
    const said = [
      'paramedic, London Ambulance Service, call sign Romeo 12',
      'NHS number 999 345 6780, at home, SW18 2PU',
      'fall at home no injury, more confused than usual, possible UTI',
      'resp rate 22, sats 95 percent on air, systolic 105, pulse 98, temp 38.1, alert',
    ];
    for (const text of said) {
      answer = await call.say(text);
      // Each answer is taken down and the next question asked; nothing is dialled until the crew has chosen.
      expect(answer.first('Gather')).toBeDefined();
      expect(answer.first('Dial')).toBeUndefined();
    }
    answer = await call.press('2'); // Rapid response
    expect(call.turns).toBeLessThanOrEqual(6);
    expect(dialedNumber(answer)).toBe(NIGHT_ROTA[0]);
    const [item] = await db().collection('queue_items').find({ 'conversation.conversationId': call.sid }).toArray();
    expect(item).toMatchObject({ kind: 'referral', disposition: 'urgent_2h' });
  });

  it('takes a crew who says it all in one breath on the main line to the duty clinician, reads the reference digit by digit and whispers call sign, NEWS2 and need', async () => {
    const call = new Call(base);
    await call.start();
    let answer = await call.say(
      'paramedic, LAS, call sign Alpha 12, 84-year-old fall, NHS 943 476 5919, RR 22 sats 93 pulse 98 temp 37.9 alert, needs rapid response',
    );
    // A crew is not asked the danger-sign questions or told to hang up: the handover asks only where the patient is.
    expect(answer.says.join(' ')).toMatch(/NEWS2 5 \(medium\).*Where is the patient now\?/);
    expect(answer.says.join(' ')).not.toMatch(/hang up|Right now, is there any of these/i);
    expect(answer.first('Dial')).toBeUndefined();
    answer = await call.say('SW18 2PU');
    expect(call.turns).toBeLessThanOrEqual(3);
    expect(dialedNumber(answer)).toBe(NIGHT_ROTA[0]);
    const [item] = await db().collection('queue_items').find({ 'conversation.conversationId': call.sid }).toArray();
    expect(item).toMatchObject({ kind: 'referral', disposition: 'urgent_2h' });
    expect(item.summary.contact).toMatchObject({ role: 'professional', callSign: 'Alpha 12' });
    // The reference, one character at a time, before the crew is put through.
    const spoken = item.reference
      .split('-')
      .map((part: string) => part.split('').join(' '))
      .join(', ');
    const said = answer.says.join(' ');
    expect(said).toContain(`Your reference is ${spoken}.`);
    expect(said.indexOf(spoken)).toBeLessThan(said.indexOf('putting you through'));
    const whisperUrl = answer.first('Number')!.getAttribute('url');
    const whisper = await postWebhook(base, answer.pathOf(whisperUrl), callParams(newCallSid(), { To: NIGHT_ROTA[0] }));
    expect(whisper.says).toEqual([
      'Front Door is putting a caller through to you. Front Door urgent handover from a paramedic, LAS, call sign ' +
        'Alpha 12, about 84-year-old fall. NEWS2 5 (medium), not given: air or oxygen, systolic BP. They need rapid ' +
        'response.',
    ]);
  });

  it('gives a crew on the professional line who says "put me through" the duty clinician at once, with what it has', async () => {
    const call = new Call(base);
    await call.start('/api/voice/professional');
    await call.say('SECAmb crew, call sign Kilo 42');
    const answer = await call.say('just put me through');
    expect(call.turns).toBe(2);
    expect(dialedNumber(answer)).toBe(NIGHT_ROTA[0]);
    const whisperUrl = answer.first('Number')!.getAttribute('url');
    const whisper = await postWebhook(base, answer.pathOf(whisperUrl), callParams(newCallSid(), { To: NIGHT_ROTA[0] }));
    expect(whisper.says[0]).toMatch(
      /handover from an ambulance crew, SECAmb, call sign Kilo 42, .*No NEWS2\. They need to speak to you \(need not stated\)\./,
    );
  });

  it('refuses unsigned, wrongly signed and tampered webhooks with 403', async () => {
    const params = callParams(newCallSid());
    expect((await postWebhook(base, '/api/voice', params, { signature: null })).status).toBe(403);
    expect((await postWebhook(base, '/api/voice', params, { token: 'someone-elses-auth-token' })).status).toBe(403);
    // Signed for the address the server listens on, not the public one Twilio calls: refused.
    expect((await postWebhook(base, '/api/voice', params, { signedUrl: `${base}/api/voice` })).status).toBe(403);
    const signed = await postWebhook(base, '/api/voice', params);
    expect(signed.status).toBe(200);
    const tampered = await fetch(`${base}/api/sms`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'bm90IGEgc2lnbmF0dXJl' },
      body: new URLSearchParams({ ...params, Body: 'hello' }).toString(),
    });
    expect(tampered.status).toBe(403);
    for (const path of [
      '/api/voice/professional',
      '/api/voice/gather?step=x',
      '/api/voice/dial?transfer=x&attempt=0',
    ]) {
      expect((await postWebhook(base, path, params, { signature: 'AAAA' })).status).toBe(403);
    }
    for (const path of ['/api/voice/whisper?transfer=x', '/api/voice/status']) {
      expect((await postWebhook(base, path, params, { signature: 'AAAA' })).status).toBe(403);
    }
  });

  it('gives a webhook delivered twice, one after the other or at once, one effect and the same answer', async () => {
    const call = new Call(base);
    await call.start();
    await call.say('I need the duty nurse');
    await call.press('2');
    // The answer to the last danger-sign question is the one that puts the caller through.
    const gather = call.last.first('Gather')!;
    const path = call.last.pathOf(gather.getAttribute('action'));
    const params = callParams(call.sid, { SpeechResult: 'no nothing like that', Confidence: '0.9' });
    const [a, b] = await Promise.all([postWebhook(base, path, params), postWebhook(base, path, params)]);
    const c = await postWebhook(base, path, params);
    expect(a.body).toBe(b.body);
    expect(c.body).toBe(a.body);
    expect(dialedNumber(a)).toBe(NIGHT_ROTA[0]);
    expect(await db().collection('queue_items').countDocuments({ 'conversation.conversationId': call.sid })).toBe(1);
    expect(await db().collection('voice_transfers').countDocuments({ callSid: call.sid })).toBe(1);
    const transcript = await transcriptOf(app, call.sid, (all) => all.some((a) => a.text === 'no nothing like that'));
    expect(transcript.filter((a) => a.text === 'no nothing like that')).toHaveLength(1);
  });

  describe('the voice step, read while the ledger decides', () => {
    afterEach(() => jest.restoreAllMocks());

    /** A call waiting at its first <Gather>, and where that <Gather> posts. */
    async function atFirstGather() {
      const call = new Call(base);
      await call.start();
      return { call, path: call.last.pathOf(call.last.first('Gather')!.getAttribute('action')) };
    }

    it('reads the step while the ledger decides whether this is the first delivery', async () => {
      const { call } = await atFirstGather();
      const events: string[] = [];
      const begin = WebhookLedger.prototype.begin;
      jest.spyOn(WebhookLedger.prototype, 'begin').mockImplementation(async function (this: WebhookLedger, ...args) {
        events.push('ledger started');
        const entry = await begin.apply(this, args);
        events.push('ledger decided');
        return entry;
      });
      const step = PhoneState.prototype.step;
      jest.spyOn(PhoneState.prototype, 'step').mockImplementation(async function (this: PhoneState, id) {
        events.push('step read started');
        const found = await step.call(this, id);
        events.push('step read');
        return found;
      });
      const answer = await call.press('2');
      expect(answer.says).toEqual(
        expect.arrayContaining([
          'Press 1 to change an appointment, 2 if you feel unwell, 3 to make a referral, or 4 to speak to someone.',
        ]),
      );
      // Each started before the other finished.
      expect(events.indexOf('step read started')).toBeLessThan(events.indexOf('ledger decided'));
      expect(events.indexOf('ledger started')).toBeLessThan(events.indexOf('step read'));
    });

    it('answers a gather for a step that does not exist, or none, with the fail-safe', async () => {
      const { call } = await atFirstGather();
      for (const path of [`/api/voice/gather?step=${randomUUID()}`, '/api/voice/gather']) {
        const answer = await postWebhook(base, path, callParams(call.sid, { Digits: '1' }));
        expect(answer.status).toBe(200);
        expect(answer.says).toEqual([app.runtime.prompts.failSafe.speak]);
        expect(answer.first('Dial')?.textContent).toBe(NIGHT_ROTA[0]);
      }
    });

    it('does not read the store for a gather with no step', async () => {
      const { call } = await atFirstGather();
      const step = jest.spyOn(PhoneState.prototype, 'step');
      const answer = await postWebhook(base, '/api/voice/gather', callParams(call.sid, { Digits: '1' }));
      expect(answer.says).toEqual([app.runtime.prompts.failSafe.speak]);
      expect(step).not.toHaveBeenCalled();
    });

    it('answers with the fail-safe and logs it when the step cannot be read, and when the ledger fails too', async () => {
      const { call, path } = await atFirstGather();
      jest.spyOn(PhoneState.prototype, 'step').mockRejectedValue(new Error('step read failed'));
      errorLogs.length = 0;
      let answer = await call.press('1');
      expect(answer.says).toEqual([app.runtime.prompts.failSafe.speak]);
      expect(answer.first('Dial')?.textContent).toBe(NIGHT_ROTA[0]);
      expect(errorLogs).toEqual([
        expect.objectContaining({
          event: 'twilio.webhook_failed',
          path: '/api/voice/gather',
          err: expect.objectContaining({ message: 'step read failed' }),
        }),
      ]);

      // Nothing awaits the step read now; if its failure were unhandled, Jest would fail the suite.
      jest.spyOn(WebhookLedger.prototype, 'begin').mockRejectedValue(new Error('ledger failed'));
      errorLogs.length = 0;
      answer = await postWebhook(base, path, callParams(call.sid, { Digits: '2' }));
      expect(answer.says).toEqual([app.runtime.prompts.failSafe.speak]);
      expect(errorLogs).toEqual([
        expect.objectContaining({
          event: 'twilio.webhook_store_failed',
          err: expect.objectContaining({ message: 'ledger failed' }),
        }),
      ]);
    });

    it('answers a duplicate delivery from the ledger without using or waiting for the step read', async () => {
      const { call, path } = await atFirstGather();
      const params = callParams(call.sid, { Digits: '2' });
      let release = () => {};
      try {
        const first = await postWebhook(base, path, params);
        expect(first.says).toEqual(
          expect.arrayContaining([
            'Press 1 to change an appointment, 2 if you feel unwell, 3 to make a referral, or 4 to speak to someone.',
          ]),
        );
        // Unused, and unhandled it would fail the suite.
        const step = jest.spyOn(PhoneState.prototype, 'step').mockRejectedValue(new Error('step read failed'));
        expect((await postWebhook(base, path, params)).body).toBe(first.body);
        expect(step).toHaveBeenCalledTimes(1);

        // A read that has not finished: a duplicate that waited for it would never be answered.
        step.mockReturnValue(new Promise((resolve) => (release = () => resolve(null))));
        expect((await postWebhook(base, path, params)).body).toBe(first.body);
      } finally {
        release();
      }
    });
  });

  describe('query strings: only what we put in our own URLs', () => {
    let touched: jest.SpyInstance[];
    beforeEach(() => {
      touched = [
        jest.spyOn(WebhookLedger.prototype, 'begin'),
        jest.spyOn(PhoneState.prototype, 'step'),
        jest.spyOn(PhoneState.prototype, 'transfer'),
        jest.spyOn(CallRequests.prototype, 'find'),
      ];
    });
    afterEach(() => jest.restoreAllMocks());

    const id = randomUUID();
    const refused: [string, string, string][] = [
      // restify's queryParser makes these an object and an array: an operator or a list where an id belongs.
      ['an operator as the step', '/api/voice/gather?step[$ne]=x', 'step must be given once, as text.'],
      ['two steps', `/api/voice/gather?step=${id}&step=${randomUUID()}`, 'step must be given once, as text.'],
      ['an over-long step', `/api/voice/gather?step=${'a'.repeat(2000)}`, 'step is not an id Front Door issued.'],
      ['a step not shaped like ours', '/api/voice/gather?step=nope', 'step is not an id Front Door issued.'],
      ['an upper-case step', `/api/voice/gather?step=${id.toUpperCase()}`, 'step is not an id Front Door issued.'],
      [
        'an operator as the transfer',
        '/api/voice/dial?transfer[$ne]=x&attempt=0',
        'transfer must be given once, as text.',
      ],
      [
        'an operator as the attempt',
        `/api/voice/dial?transfer=${id}&attempt[$gt]=0`,
        'attempt must be given once, as text.',
      ],
      ['a negative attempt', `/api/voice/dial?transfer=${id}&attempt=-1`, 'attempt is not an attempt number.'],
      [
        'an attempt in exponent form',
        `/api/voice/dial?transfer=${id}&attempt=1e3`,
        'attempt is not an attempt number.',
      ],
      [
        'two whisper transfers',
        `/api/voice/whisper?transfer=${id}&transfer=${id}`,
        'transfer must be given once, as text.',
      ],
      [
        'an operator as the whisper transfer',
        '/api/voice/whisper?transfer[$regex]=.*',
        'transfer must be given once, as text.',
      ],
      ['an operator as the bridge', '/api/voice/callback-bridge?bridge[$ne]=x', 'bridge must be given once, as text.'],
      ['a bridge step not ours', `/api/voice/callback-bridge?bridge=${id}&step=dial`, 'step can only be connect.'],
    ];

    it.each(refused)(
      'answers %s with 400 and a reason, before the ledger and the store',
      async (_what, path, message) => {
        const answer = await postWebhook(base, path, callParams(newCallSid(), { Digits: '1' }));
        expect(answer.status).toBe(400);
        expect(JSON.parse(answer.body)).toEqual({ error: 'invalid_query', message });
        for (const spy of touched) expect(spy).not.toHaveBeenCalled();
      },
    );

    it('checks the signature first: an unsigned request with a bad query is 403', async () => {
      const answer = await postWebhook(base, '/api/voice/gather?step[$ne]=x', callParams(newCallSid()), {
        signature: null,
      });
      expect(answer.status).toBe(403);
    });

    it('drops keys we never put there, so a call still comes in and a step is still read', async () => {
      const callSid = newCallSid();
      const welcome = await postWebhook(base, '/api/voice?utm[$ne]=x&line=other', callParams(callSid));
      expect(welcome.status).toBe(200);
      expect(welcome.says[0]).toMatch(/call 999/);
      const gather = welcome.pathOf(welcome.first('Gather')!.getAttribute('action'));
      // 1 on the language menu: English, so the step's question.
      const answer = await postWebhook(base, `${gather}&extra[$ne]=1`, callParams(callSid, { Digits: '1' }));
      expect(answer.says).toEqual(
        expect.arrayContaining([
          'Press 1 if you are calling about yourself, 2 if you are a carer or relative, or 3 if you are a health professional.',
        ]),
      );
    });

    it('answers a well-formed transfer or attempt that is not one of ours with the fail-safe, not 400', async () => {
      for (const path of [`/api/voice/dial?transfer=${randomUUID()}&attempt=0`, '/api/voice/dial']) {
        const answer = await postWebhook(base, path, callParams(newCallSid(), { DialCallStatus: 'no-answer' }));
        expect(answer.status).toBe(200);
        expect(answer.says).toEqual([app.runtime.prompts.failSafe.speak]);
        expect(answer.first('Dial')?.textContent).toBe(NIGHT_ROTA[0]);
      }
      const whisper = await postWebhook(base, `/api/voice/whisper?transfer=${randomUUID()}`, callParams(newCallSid()));
      expect(whisper.status).toBe(200);
      expect(whisper.says[0]).toMatch(/^Front Door is putting a caller through to you\./);
    });
  });
});
