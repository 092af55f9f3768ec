import type { Activity } from 'botbuilder';
import { queueModel } from '../../src/hub/queueModel';
import { spokenReference } from '../../src/hub/reference';
import { createHarness, texts, type Conversation, type Harness } from '../support/dialogHarness';

/** The questions of the handover, by the words only that question uses. */
const QUESTION = {
  who: /role, organisation and call sign|Your call sign\?|Your role and organisation\?/,
  patient: /NHS number, or name and date of birth|Where is the patient now\?/,
  problem: /presenting problem/,
  observations: /Observations, if you have them/,
  need: /What do you need/,
};
const DANGER_SIGNS = /Right now, is there any of these\?|check for anything that needs an ambulance/;

type Channel = { channelId?: string; line?: string; callerNumber?: string };
const CHANNELS: [string, Channel][] = [
  ['web chat', {}],
  ['SMS', { channelId: 'sms', callerNumber: '07700900301' }],
  ['the main phone line', { channelId: 'voice', callerNumber: '07700900302' }],
  ['the professional line', { channelId: 'voice', callerNumber: '07700900303', line: 'professional' }],
];

/** Plays a crew's turns until the bot hands over; what was said, how many turns it took and every reply. */
async function handover(h: Harness, channel: Channel, turns: string[]) {
  const c = h.conversation(channel);
  // Web chat and the phone lines open the conversation before the caller speaks.
  if (channel.line) await c.say('');
  else await c.join();
  const replies: Activity[] = [];
  let handoff: Activity | undefined;
  let turn = 0;
  for (const said of turns) {
    turn++;
    const answer = await c.say(said);
    replies.push(...answer);
    handoff = answer.find((a) => a.name === 'handoff.initiate');
    if (handoff) break;
  }
  const item = handoff ? await queueModel(h.connection).findById(handoff.value.queueItemId).lean() : null;
  return { c, turn, handoff, item, replies, said: texts(replies).join('\n') };
}

function timesAsked(replies: Activity[], question: RegExp): number {
  return texts(replies).filter((t) => question.test(t)).length;
}

describe('one professional route, on every channel', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  describe.each(CHANNELS)('on %s', (_name, channel) => {
    it('takes a crew who says everything in one breath to the duty clinician in at most three turns', async () => {
      const run = await handover(h, channel, [
        'paramedic, LAS, call sign Alpha 12, 84-year-old fall, NHS 943 476 5919, RR 22 sats 93 pulse 98 temp 37.9 alert, needs rapid response',
        'SW18 2PU',
        'put me through',
      ]);
      expect(run.handoff).toBeDefined();
      expect(run.turn).toBeLessThanOrEqual(3);
      expect(run.turn).toBe(2);
      // Nothing already said is asked again: only where the patient is.
      for (const q of [QUESTION.who, QUESTION.problem, QUESTION.observations, QUESTION.need]) {
        expect(timesAsked(run.replies, q)).toBe(0);
      }
      expect(run.said).toMatch(/Where is the patient now\?/);
      // NEWS2 read back, with the readings it is from and the ones it is not.
      expect(run.said).toMatch(
        /RR 22, SpO2 93%, pulse 98, temp 37\.9, alert: NEWS2 5 \(medium\), not given: .*systolic BP/,
      );
      expect(run.said).not.toMatch(DANGER_SIGNS);
      expect(run.item).toMatchObject({ kind: 'referral', disposition: 'urgent_2h' });
      expect(run.item!.summary).toMatchObject({
        contact: { role: 'professional', organisation: 'LAS', callSign: 'Alpha 12' },
        patient: { nhsNumber: '9434765919', postcode: 'SW18 2PU', verified: false },
        news2: { score: 5, band: 'medium' },
        problem: '84-year-old fall',
      });
      expect(run.item!.summary.answers).toMatchObject({ need: 'Rapid response', news2: '5 (medium)' });
      expect(run.handoff!.value.handover).toMatchObject({ callSign: 'Alpha 12', need: 'Rapid response' });
      expect(run.handoff!.value.handover.news2).toMatch(/^NEWS2 5 \(medium\)/);
      // The crew reads the reference, and on the phone hears it one character at a time.
      const said = run.replies.find((a) => a.type === 'message' && a.text?.includes(run.item!.reference));
      expect(said).toBeDefined();
      expect(said!.speak).toContain(spokenReference(run.item!.reference));
    });
  });

  it.each<[string, Channel, string]>([
    [
      'a 111 clinician, by phone',
      { channelId: 'voice', callerNumber: '07700900311' },
      "Hi, this is the 111 clinician. I've got a 90 year old lady, Mrs Joan Hart, at home SW17 0QT, she's off her legs and not eating, temp 37.6, sats 96, resp rate 18, pulse 96, BP 128, alert, can your team do a two hour visit?",
    ],
    [
      'a GP, by SMS',
      { channelId: 'sms', callerNumber: '07700900312' },
      'GP here from Tooting medical centre, need admission avoidance for Mr Patel NHS 943 476 5919 at home SW17 0QT, cellulitis left leg spreading, obs RR 18 sats 97 BP 130 pulse 88 temp 37.2 alert',
    ],
    [
      'a SECAmb technician in web chat',
      {},
      'Technician from SECAmb, call sign Kilo 42. Pt Mr Arthur Bennett NHS 999 345 6780 at his home SW18 2PU. Catheter blocked and bypassing. Resp rate 16, sats 97 on air, BP 142, pulse 82, temp 36.9, alert. Could we get a rapid response?',
    ],
    [
      'a paramedic who puts the need first, on the professional line',
      { channelId: 'voice', callerNumber: '07700900313', line: 'professional' },
      'Need admission avoidance please, I am a paramedic with L A S call sign Echo 7, patient Mrs Ada Green N H S 943 476 5919, in her flat at SW17 0QT, fell in the night no injuries, obs resp 18 sats 95 systolic 118 pulse 76 temp 36.5 alert',
    ],
  ])('hands %s over in one breath, whatever the order', async (_who, channel, breath) => {
    const run = await handover(h, channel, [breath, 'put me through']);
    expect(run.turn).toBe(1);
    expect(run.said).toMatch(/NEWS2 \d+ \(/);
    expect(run.said).not.toMatch(DANGER_SIGNS);
    expect(run.item!.summary.contact.role).toBe('professional');
    expect(run.item!.summary.news2).toBeDefined();
    expect(run.item!.summary.answers.need).toMatch(/Rapid response|Admission avoidance/);
    expect(run.item!.summary.problem).not.toMatch(/GP here|call sign|NHS/i);
  });

  it('reaches the duty clinician in at most six turns when the crew answers one question at a time', async () => {
    const run = await handover(h, { channelId: 'voice', callerNumber: '07700900321', line: 'professional' }, [
      'ambulance crew',
      'paramedic, call sign Romeo 12',
      'NHS number 999 345 6780, at home, SW18 2PU',
      'fall at home no injury, more confused than usual',
      'resp rate 22, sats 95 on air, systolic 105, pulse 98, temp 38.1',
      'Rapid response',
    ]);
    expect(run.handoff).toBeDefined();
    expect(run.turn).toBeLessThanOrEqual(6);
    expect(run.turn).toBe(6);
    for (const q of Object.values(QUESTION)) expect(timesAsked(run.replies, q)).toBeLessThanOrEqual(1);
    expect(run.item!.summary.problem).toBe('fall at home no injury, more confused than usual');
  });

  it('on the phone reads observations spoken as words and scores NEWS2 from them', async () => {
    const run = await handover(h, { channelId: 'voice', callerNumber: '07700900322', line: 'professional' }, [
      'paramedic, call sign Romeo 14, NHS number 999 345 6780, at home, SW18 2PU, fall at home, more confused',
      'resp rate twenty two, sats ninety two on air, systolic a hundred and five, pulse ninety eight, temp thirty eight point one',
      'Rapid response',
    ]);
    expect(run.handoff).toBeDefined();
    expect(timesAsked(run.replies, QUESTION.observations)).toBeLessThanOrEqual(1);
    expect(run.item!.summary.answers.observations).toMatch(/RR 22.*SpO2 92%.*temp 38\.1/);
    expect(run.item!.summary.news2).toBeDefined();
  });

  it('confirms a correction instead of asking again, and hands over what was corrected', async () => {
    const run = await handover(h, { channelId: 'sms', callerNumber: '07700900331' }, [
      'LAS crew here, call sign Tango 9, NHS 943 476 5919 at home SW18 2PU, fall with long lie',
      'RR 20 sats 94 BP 120 pulse 90 temp 36.8 alert on air',
      'sorry, sats 92 not 94',
      'admission avoidance',
    ]);
    expect(run.turn).toBe(4);
    expect(run.said).toMatch(/SpO2 94%.*NEWS2 1 \(low\)/);
    expect(run.said).toMatch(/SpO2 92% on air.*NEWS2 2 \(low\)/);
    expect(timesAsked(run.replies, QUESTION.need)).toBe(2);
    expect(run.item!.summary.answers.observations).toMatch(/SpO2 92%/);
    expect(run.item!.summary.news2).toEqual({ score: 2, band: 'low' });
    expect(run.item!.summary.answers.need).toBe('Admission avoidance');
  });

  it('takes a corrected call sign and need, said in the same breath as something else', async () => {
    const run = await handover(h, {}, [
      "I'm a paramedic, LAS, call sign Alpha 14, need rapid response",
      'no sorry call sign Alpha 12, and it is admission avoidance. NHS 943 476 5919 at home SW18 2PU',
      'chest infection, more breathless',
      'none taken',
    ]);
    expect(run.handoff).toBeDefined();
    expect(run.item!.summary.contact.callSign).toBe('Alpha 12');
    expect(run.item!.summary.answers.need).toBe('Admission avoidance');
    expect(run.item!.summary.answers.observations).toBe('none taken');
  });

  it.each([
    ['put me through', 'put me through'],
    ['just connect me', 'just connect me please'],
    ['can I speak to the duty clinician', 'can I speak to the duty clinician'],
  ])('goes straight to the duty clinician on "%s" with what has been captured', async (_label, words) => {
    const run = await handover(h, { channelId: 'voice', callerNumber: '07700900341' }, [
      "I'm a paramedic, LAS, call sign Romeo 3",
      words,
    ]);
    expect(run.turn).toBe(2);
    expect(run.item).toMatchObject({ kind: 'referral', disposition: 'urgent_2h' });
    expect(run.item!.summary.contact).toMatchObject({ role: 'professional', callSign: 'Romeo 3' });
    expect(run.handoff!.value.target).toBe('duty_clinician');
  });

  it('puts a professional through at once when the first thing they say is "put me through"', async () => {
    const run = await handover(h, { channelId: 'voice', callerNumber: '07700900342', line: 'professional' }, [
      'just put me through',
    ]);
    expect(run.turn).toBe(1);
    expect(run.item!.summary.contact.role).toBe('professional');
  });

  it('takes a professional in web chat with a clinical problem through the handover, never the patient escalation', async () => {
    const c = h.conversation();
    await c.join();
    await c.say("I'm a professional");
    const problem = await c.say('my patient has a spreading cellulitis on her leg and is more breathless today');
    const all: Activity[] = [...problem];
    expect(texts(problem).join(' ')).not.toMatch(DANGER_SIGNS);
    for (const said of [
      'district nurse, Wandsworth community team',
      'Mrs Ada Green, born 3 March 1940, SW17 0QT',
      'RR 24 sats 93 BP 102 pulse 112 temp 38.3 alert',
      'Rapid response',
    ]) {
      all.push(...(await c.say(said)));
      if (all.some((a) => a.name === 'handoff.initiate')) break;
    }
    const shown = texts(all).join('\n');
    expect(shown).toMatch(QUESTION.observations);
    expect(shown).toMatch(QUESTION.need);
    expect(shown).toMatch(/NEWS2 \d+ \(/);
    expect(shown).not.toMatch(DANGER_SIGNS);
    const handoff = all.find((a) => a.name === 'handoff.initiate');
    const item = await queueModel(h.connection).findById(handoff!.value.queueItemId).lean();
    expect(item).toMatchObject({ kind: 'referral' });
    expect(item!.summary.problem).toMatch(/cellulitis/);
  });

  it('records a 999 finding in a crew’s first breath and carries on with the handover at emergency priority', async () => {
    const run = await handover(h, { channelId: 'voice', callerNumber: '07700900351' }, [
      'paramedic LAS call sign Kilo 4, 79 year old man with central crushing chest pain for twenty minutes, NHS 943 476 5919',
      'at home SW18 2PU',
      'RR 24 sats 94 BP 100 pulse 110 temp 36.9 alert',
      'advice',
    ]);
    expect(run.said).toMatch(/cannot send an ambulance/);
    expect(run.said).not.toMatch(/hang up/i);
    expect(run.said).not.toMatch(DANGER_SIGNS);
    expect(run.item).toMatchObject({ kind: 'referral', disposition: 'emergency_999' });
    expect(run.item!.summary.redFlags.length).toBeGreaterThan(0);
    expect(run.handoff!.value.handover.callSign).toBe('Kilo 4');
  });

  // Issue 17, sets F to I read: spoken handovers with no commas, a 111 paramedic, the problem said at another question.
  it('hands over a crew who says everything in one spoken breath on the first turn, with the problem in their words', async () => {
    const run = await handover(h, { channelId: 'voice', callerNumber: '07700900331', line: 'professional' }, [
      'hello its the crew from london ambulance call sign delta four two we have a seventy nine year old lady mrs ivy marsh s w eighteen two p u her leg ulcer has gone red and hot up to the knee obs resp eighteen sats ninety six on air pulse ninety systolic one thirty temp thirty eight point one alert need a two hour response please',
      'put me through',
    ]);
    expect(run.turn).toBe(1);
    expect(timesAsked(run.replies, QUESTION.problem)).toBe(0);
    expect(run.item!.summary.problem).toMatch(/leg ulcer has gone red and hot/);
    expect(run.item!.summary.problem).not.toMatch(/delta|sats|ivy/i);
    expect(run.handoff!.value.handover.callSign).toBe('Delta 42');
  });

  it('does not ask the problem again when it was said at the patient question, and says a call-back number back', async () => {
    const run = await handover(h, { channelId: 'voice', callerNumber: '07700900332', line: 'professional' }, [
      'paramedic on scene call sign kilo one one',
      'eighty eight year old man with a possible chest infection',
      'NHS number 999 345 6780 at home SW18 2PU, call me back on 07700 900654',
      'resp twenty four sats ninety one on air pulse one hundred temp thirty eight alert',
      'rapid response',
    ]);
    expect(run.handoff).toBeDefined();
    expect(timesAsked(run.replies, QUESTION.problem)).toBe(0);
    expect(run.said).toMatch(/call back on 07700 ?900654/);
    expect(run.item!.summary.problem).toMatch(/chest infection/);
  });

  it('does not ask a paramedic working for 111 for a call sign', async () => {
    const run = await handover(h, {}, [
      "I'm a paramedic at the NHS 111 clinical assessment service, patient Mr Tom Reid, NHS 999 345 6780, SW18 2PU, cellulitis spreading up the shin, pulse 96 temp 38.1, no other obs, needs a visit today",
      'put me through',
    ]);
    expect(timesAsked(run.replies, /call sign/i)).toBe(0);
    expect(run.handoff).toBeDefined();
  });

  it("does not make a professional's normal readings an emergency, and adds a number given after the handover to it", async () => {
    const run = await handover(h, {}, [
      'GP here, Mrs Ann Cole, NHS 999 345 6780, SW18 2PU, weaker on her legs since yesterday, probe says sats 96% and pulse 82, BP 134/76, no other obs, needs a visit today',
      'put me through',
    ]);
    expect(run.handoff).toBeDefined();
    expect(run.said).not.toMatch(/cannot send an ambulance|call 999|emergency/);
    expect(run.item!.disposition).toBe('urgent_2h');
    const after = texts(await run.c.say('my direct line is 07700 900765 until 6pm'));
    expect(after.join('\n')).toMatch(/added that to referral/);
    const item = await queueModel(h.connection).findById(run.item!._id).lean();
    expect(JSON.stringify(item)).toMatch(/07700 900765/);
  });

  // Sets K to N (spent): details given piecemeal, the caller's own name, a name spelt out, a district nursing need.
  it("takes 111's piecemeal handover on the phone without the caller's name for the patient's, and asks for the problem", async () => {
    const run = await handover(h, { channelId: 'voice', callerNumber: '07700900344', line: 'professional' }, [
      "hi it's NHS one one one I'm a clinician calling to refer a patient",
      "my name's Danielle I'm a paramedic in the clinical assessment service",
      "patient's Joyce Palmer P A L M E R",
      'date of birth twenty third of the fourth nineteen forty four',
      'SW nineteen one A X',
      "she was discharged from Kingston yesterday with a new urethral catheter nobody's set up any district nurse follow up",
      'no obs',
      'put me through',
    ]);
    expect(run.handoff).toBeDefined();
    expect(run.turn).toBeLessThanOrEqual(7);
    expect(run.said).not.toMatch(/Danielle/);
    expect(run.item!.summary.patient).toMatchObject({ name: 'Joyce Palmer', dateOfBirth: '1944-04-23' });
    expect(run.item!.summary.problem).toMatch(/urethral catheter/);
    expect(run.item!.summary.problem).not.toMatch(/nineteen|fourth|SW/);
    expect(run.said).not.toMatch(/Noted: nurse/);
    // Asked once, since nothing said before it described a problem; never again once it was described.
    expect(timesAsked(run.replies, QUESTION.problem)).toBeLessThanOrEqual(2);
  });

  it("keeps a GP's details after the handover on the referral, and a disclosure of harm goes to safeguarding", async () => {
    const run = await handover(h, {}, [
      'Dr Priya Nair, GP at Tooting Broadway Surgery. Rapid response referral please: Mrs Winifred Ade, 88, SW17 0ES. Fall this morning, no injury but now cannot mobilise safely. Obs: RR 20, SpO2 95% on air, BP 132/78, HR 92, temp 37.9, alert',
      'put me through',
    ]);
    expect(run.handoff).toBeDefined();
    const keySafe = texts(await run.c.say('Lives alone, daughter is with her now and has the keysafe code'));
    expect(keySafe.join('\n')).toMatch(/added that to referral/);
    expect(keySafe.join('\n')).not.toMatch(/immediate danger/);
    const harm = texts(await run.c.say("also I'm worried her son is taking her money and she had bruises on her arms"));
    expect(harm.join('\n')).not.toMatch(/added that to referral/);
    expect(harm.join('\n')).toMatch(/immediate danger/);
  });

  it("reads a referral to the district nurses as the need, not the problem, and the crew's problem given later", async () => {
    const run = await handover(h, { channelId: 'sms', callerNumber: '07700900345' }, [
      'ambulance crew here, I need to make a referral to the district nurses',
      'call sign Kilo 27',
      'Elsie Ward 90yo female, SW17 6AZ',
      'skin tear on her left forearm, steri stripped and dressed, needs checking in a couple of days',
      'RR 16 sats 97 HR 76 BP 150/84 T 36.5',
    ]);
    expect(run.handoff).toBeDefined();
    expect(timesAsked(run.replies, QUESTION.need)).toBe(0);
    expect(run.item!.summary.patient).toMatchObject({ name: 'Elsie Ward', postcode: 'SW17 6AZ' });
    expect(run.item!.summary.problem).toMatch(/skin tear/);
    expect(run.said).not.toMatch(/HR7 6BP/);
  });

  it.each([
    "my GP said to call you, mum's leg is red and hot",
    'the paramedics came yesterday and said the nurse would visit',
    '111 told me to ring you about my dad, he has a temperature',
  ])('does not take a patient or carer who mentions a professional for one: "%s"', async (words) => {
    const c: Conversation = h.conversation();
    await c.join();
    const replies = await c.say(words);
    expect(texts(replies).join(' ')).not.toMatch(/Noted:|Professional line/);
  });
});
