import type { Activity } from 'botbuilder';
import { appointmentModels } from '../../src/appointments/appointmentModels';
import { queueModel } from '../../src/hub/queueModel';
import { spokenDate } from '../../src/content/zonedTime';
import { actions, createHarness, texts, type Conversation, type Harness } from '../support/dialogHarness';

// Issue 17, items 1 and 2: every choice and yes/no question understands the answers people give, and nothing already
// said is asked for again. The messages are written as people type and speak them, not as our buttons say.

/** Monday 7 December 2026, 10:00 in London: the demo visits and free times are laid out from here. */
const NOW = new Date('2026-12-07T10:00:00Z');
const ROLE_QUESTION = /your own care|as a carer/;

/** Prints each conversation when TRANSCRIPTS=1, to read it as the person would. */
class Recorded {
  readonly lines: string[] = [];
  constructor(
    private readonly c: Conversation,
    private readonly title: string,
  ) {}

  async join() {
    return this.log(await this.c.join());
  }

  async say(text: string) {
    this.lines.push(`Person: ${text}`);
    return this.log(await this.c.say(text));
  }

  /** What the bot said back to `text`, as one string. */
  async reply(text: string): Promise<string> {
    return texts(await this.say(text)).join(' ');
  }

  /** Every question the bot asked, in order. */
  questions(): string[] {
    return this.lines.filter((l) => l.startsWith('Bot:') && l.includes('?'));
  }

  private log(activities: Activity[]) {
    for (const a of activities.filter((x) => x.type === 'message')) {
      const buttons = a.suggestedActions?.actions.map((b) => b.title).join(' | ');
      this.lines.push(`Bot:    ${a.text}${buttons ? `  [${buttons}]` : ''}`);
    }
    if (process.env.TRANSCRIPTS) process.stdout.write(`\n## ${this.title}\n${this.lines.join('\n')}\n`);
    if (process.env.TRANSCRIPTS) this.lines.push('---');
    return activities;
  }
}

describe('answers in people’s own words', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ now: () => NOW });
  });
  afterAll(() => h.close());

  const chat = (title: string, channelId = 'directline', callerNumber?: string) =>
    new Recorded(h.conversation({ channelId, callerNumber }), title);

  /** Edith's free times for her first visit, as the buttons label them. */
  async function freeTimesForEdith(): Promise<string[]> {
    const visit = (await appointmentModels(h.connection).appointments.findById('appt-edith-1').lean())!;
    const slots = await h.deps.appointments.freeSlots(visit, NOW, 8);
    return slots.map((s) => `${spokenDate(s.start, h.deps.services.timezone)}, ${s.label}`);
  }

  describe('the welcome asks who it is for, once', () => {
    it.each([
      ["I'm the patient", 'patient'],
      ["it's for me", 'patient'],
      ['me', 'patient'],
      ['my mum', 'carer'],
      ["I'm her daughter", 'carer'],
      ['I look after my husband', 'carer'],
      ['paramedic with a patient', 'professional'],
    ])('reads "%s" as the %s', async (said, role) => {
      const c = chat(`role: ${said}`);
      expect(texts(await c.join()).join(' ')).toMatch(ROLE_QUESTION);
      const reply = texts(await c.say(said)).join(' ');
      expect(reply).not.toMatch(ROLE_QUESTION);
      expect(reply).not.toMatch(/call you back|phone number/i);
      // The professional route reads the answer as the start of a handover: it notes the role and asks what is missing.
      expect(reply).toMatch(role === 'professional' ? /Noted: paramedic\. Your call sign\?/ : /What can I help with/);
    });

    it('does not ask it again when the first message is a request instead of an answer', async () => {
      const c = chat('request instead of a role');
      await c.join();
      const reply = texts(await c.say('when is the nurse coming')).join(' ');
      expect(reply).toMatch(/check who you are/);
      expect(reply).not.toMatch(ROLE_QUESTION);
      expect(reply).toMatch(/What is your NHS number/);
    });

    it('takes a carer from what they say later ("it\'s my mum\'s") and asks for their own name', async () => {
      const c = chat('carer shown by an answer');
      await c.join();
      await c.say('when is the nurse coming');
      await c.say("it's my mum's, 999 234 5675");
      await c.say('14 March 1939');
      const named = texts(await c.say('Joan Clarke')).join(' ');
      expect(named).toMatch(/Thank you, Joan/);
      expect(c.questions().filter((q) => ROLE_QUESTION.test(q))).toHaveLength(1);
    });

    it('on the phone, a spoken "it\'s for my husband" answers the welcome\'s question', async () => {
      const c = chat('voice role', 'voice', '+447700900777');
      const welcome = await c.join();
      expect(texts(welcome).join(' ')).toMatch(ROLE_QUESTION);
      const reply = await c.say("it's for my husband");
      expect(texts(reply).join(' ')).toMatch(/What can I help with/);
      expect(reply.every((a) => a.type !== 'message' || !!a.speak)).toBe(true);
    });

    it('takes "doctor" alone as a request, not as a professional saying who they are', async () => {
      const c = chat('doctor alone');
      await c.join();
      expect(texts(await c.say('doctor')).join(' ')).not.toMatch(/Professional line/);
    });

    it('on SMS, where the welcome does not ask, a first message that says who it is for is not asked either', async () => {
      const c = chat('sms carer', 'sms', '+447700900461');
      const reply = texts(await c.say("when is my mum's next visit? she's Edith Clarke")).join(' ');
      expect(reply).not.toMatch(ROLE_QUESTION);
      expect(reply).toMatch(/the patient's NHS number/);
    });
  });

  describe('identity from what was said', () => {
    it('confirms the NHS number and date of birth given in the first message instead of asking for them (SMS)', async () => {
      const c = chat('sms identity up front', 'sms', '+447700900999');
      const reply = texts(await c.say("when's my next visit? NHS number 999 234 5675, date of birth 14/03/1939")).join(
        '\n',
      );
      expect(reply).toMatch(/I'll use the NHS number and date of birth you've already given me/);
      expect(reply).toMatch(/Thank you, Edith/);
      expect(reply).toMatch(/Community matron home visit/);
      // Nothing asked about the visit or the patient: the one question is the Friends and Family Test at the end.
      expect(c.questions()).toEqual([
        expect.stringMatching(/^Bot:\s+Overall, how was your experience of our service\?/),
      ]);
    });

    it('a carer who says everything at once is asked only for what is missing (web chat)', async () => {
      const c = chat('carer all at once');
      await c.join();
      const reply = texts(
        await c.say(
          "Hi, I'm Joan Clarke, I need to cancel my mum's visit. Her NHS number is 9992345675, born 14 March 1939",
        ),
      ).join('\n');
      expect(reply).toMatch(/Thank you, Joan/);
      expect(reply).not.toMatch(/NHS number\?|date of birth\?|own full name|your own care/);
    });

    it('takes a name, date of birth and postcode given with the request as the whole check, without the NHS number (web chat)', async () => {
      const c = chat('name, birth date and postcode up front');
      await c.join();
      const reply = texts(
        await c.say('Arthur Bennett here 02.11.1945 SW18 2PU, when is the nurse next coming round to me please'),
      ).join('\n');
      expect(reply).toMatch(/I'll use the name, postcode and date of birth you've already given me/);
      expect(reply).toMatch(/Thank you, Arthur/);
      expect(reply).not.toMatch(/NHS number/);
    });

    it('moves on to the name when the NHS number question is answered with something else (SMS)', async () => {
      const c = chat('no number to hand', 'sms', '+447700900997');
      await c.say("I'd like to change when my nurse comes");
      expect(c.questions().at(-1)).toMatch(/NHS number/);
      const reply = texts(await c.say("sorry I haven't got my letters with me")).join(' ');
      expect(reply).not.toMatch(/valid NHS number/);
      expect(reply).toMatch(/full name\?/);
    });

    it('asks for the NHS number again when the answer was a number with digits missing (SMS)', async () => {
      const c = chat('nhs number short', 'sms', '+447700900996');
      await c.say("I'd like to change when my nurse comes");
      expect(texts(await c.say('999 234 567')).join(' ')).toMatch(/valid NHS number/);
    });

    it.each([
      ['directline', undefined],
      ['sms', '+447700900931'],
      ['voice', '+447700900932'],
    ])(
      '"mums next visit" texted without the apostrophe is a carer\'s: the role is not asked (%s)',
      async (channelId, caller) => {
        const c = chat('mums without an apostrophe', channelId, caller);
        if (channelId === 'directline') await c.join();
        const reply = await c.reply('hi wen is mums next nurse visit');
        expect(reply).not.toMatch(ROLE_QUESTION);
        expect(reply).toMatch(/patient's NHS number/);
      },
    );

    it('takes details given in answer to "is this about your own care?" as the patient\'s, not as a miss (SMS)', async () => {
      const c = chat('details instead of a role', 'sms', '+447700900995');
      expect(texts(await c.say('when is the nurse due tomorrow')).join(' ')).toMatch(/your own care/);
      const reply = texts(await c.say('Arthur Bennett 02/11/1945 SW18 2PU')).join(' ');
      expect(reply).not.toMatch(/didn't catch|your own care|get a person/);
      expect(reply).toMatch(/Thank you, Arthur/);
      // A name alone is kept as the name: not asked for again after the NHS number question.
      const named = chat('a name as the answer to whose care', 'sms', '+447700900990');
      await named.say('when is the nurse due tomorrow');
      expect(texts(await named.say('arthur bennett')).join(' ')).toMatch(/NHS number/);
      expect(texts(await named.say('2/11/1945')).join(' ')).toMatch(/postcode/);
      expect(texts(await named.say('SW18 2PU')).join(' ')).toMatch(/Thank you, Arthur/);
    });

    it('does not ask whose care it is of someone who named only themselves, and still asks when unsure (SMS)', async () => {
      const named = chat('named themselves', 'sms', '+447700900994');
      const reply = texts(await named.say("Hi it's Arthur Bennett, can you tell me when the nurse is coming")).join(
        ' ',
      );
      expect(reply).not.toMatch(/your own care/);
      expect(reply).toMatch(/What is your NHS number/);
      const unsure = chat('unsure whose care', 'sms', '+447700900993');
      await unsure.say('when is the nurse due tomorrow');
      expect(texts(await unsure.say('not sure')).join(' ')).toMatch(/If the help is for you, say "me"/);
    });

    it('on the phone, takes a name and a postcode as speech recognition writes them', async () => {
      const c = chat('spoken name and postcode', 'voice', '+447700900991');
      expect(texts(await c.say('when is my next visit')).join(' ')).toMatch(/NHS number/);
      // In answer to the NHS number, in lower case as the recogniser writes it: a name, not asked for again.
      const next = texts(await c.say('arthur bennett')).join(' ');
      expect(next).toMatch(/date of birth/);
      expect(next).not.toMatch(/full name/);
      expect(texts(await c.say('second of november nineteen forty five')).join(' ')).toMatch(/postcode/);
      expect(texts(await c.say('s w one eight, two p u')).join(' ')).toMatch(/Thank you, Arthur/);
    });

    it("takes a name before a birth date written with the month as the patient's", async () => {
      const c = chat('name before named-month birth date');
      await c.join();
      const reply = texts(
        await c.say('When is the nurse next seeing my dad? Arthur Bennett, born 2 November 1945, SW18 2PU'),
      ).join(' ');
      expect(reply).toMatch(/I'll use the name, postcode and date of birth/);
      expect(reply).not.toMatch(/NHS number/);
    });

    it('takes "Mum\'s dressing …, it\'s Edith Clarke" as a carer naming the patient, not as the patient', async () => {
      const c = chat('carer names the patient with it is');
      await c.join();
      const reply = texts(
        await c.say("can you move Mum's dressing on Thursday, it's Edith Clarke 14/03/1939 SW17 0QT"),
      ).join(' ');
      expect(reply).toMatch(/your own full name/);
      expect(reply).not.toMatch(/What is your (NHS number|full name)/);
    });

    it('takes the patient named by how they are related ("Edith Clarke\'s nurse", "my wife Marjorie Hughes")', async () => {
      const joan = chat('possessive patient, carer beside her relationship');
      await joan.join();
      const visits = await joan.reply(
        "When is Edith Clarke's nurse coming? I'm her daughter, Joan Clarke. Mum was born 14/03/1939, SW17 0QT",
      );
      expect(visits).toMatch(/Thank you, Joan/);
      expect(visits).toMatch(/Community matron home visit/);
      expect(joan.questions().join('\n')).not.toMatch(/NHS number|full name|postcode|date of birth/);

      const tom = chat('my wife and a name');
      await tom.join();
      const asked = await tom.reply(
        'Tom Hughes here, can I cancel my wife Marjorie Hughes dressing visit, born 22/07/1951, SW11 1AA',
      );
      expect(asked).toMatch(/Thank you, Tom/);
      expect(asked).toMatch(/why you need to cancel/);
    });

    it('says back what was given after details that do not match, and asks only for the one to put right', async () => {
      const c = chat('wrong details given up front', 'sms', '+447700900998');
      const reply = texts(await c.say('when is my visit? NHS number 999 234 5675, born 15/03/1939')).join(' ');
      expect(reply).toMatch(/couldn't match/);
      expect(reply).toMatch(/date of birth 15 March 1939/);
      // Not every question again (issue 17: the details were wiped and asked for afresh).
      expect(reply).not.toMatch(/What is your NHS number/);
      expect(texts(await c.say('sorry it is 14/03/1939')).join(' ')).toMatch(/confirmed/);
    });
  });

  describe('choosing a time', () => {
    async function toTimes(c: Recorded, first = 'I need to change my appointment') {
      await c.join();
      await c.say(first);
      await c.say('999 234 5675');
      const visits = await c.say('14/03/1939');
      return c.say(actions(visits)[0]);
    }

    it('takes "the second one" and "the last one" as places in the list, not counting "Keep my visit"', async () => {
      const c = chat('ordinals');
      const offered = actions(await toTimes(c));
      expect(offered.at(-1)).toBe('Keep my visit');
      const done = texts(await c.say('the last one please')).join(' ');
      expect(done).toContain(`now on ${offered[offered.length - 2]}`);
    });

    it('takes a day and part of the day that fit one offered time ("Thursday\'s afternoon one")', async () => {
      const c = chat('day and part of day');
      const offered = actions(await toTimes(c));
      const [day, rest] = offered[1].split(' ');
      const part = /morning/.test(offered[1]) ? 'morning' : 'afternoon';
      const done = texts(await c.say(`${day}'s ${part} one`)).join(' ');
      expect(rest).toBeDefined();
      expect(done).toContain(`now on ${offered[1]}`);
    });

    it('asks "which of these?" when a day fits two times, then takes "the afternoon"', async () => {
      const c = chat('a day with two times');
      const offered = actions(await toTimes(c));
      const dayOf = (o: string) => o.split(',')[0];
      const day = dayOf(offered.find((o, i) => offered.findIndex((p) => dayOf(p) === dayOf(o)) !== i)!);
      const both = offered.filter((o) => dayOf(o) === day);
      expect(both).toHaveLength(2);
      const which = await c.say(`${day.split(' ')[0]} is best`);
      expect(texts(which).join(' ')).toMatch(/Which of these/);
      expect(actions(which)).toEqual(both);
      const afternoon = both.find((o) => /afternoon/.test(o))!;
      expect(texts(await c.say('the afternoon')).join(' ')).toContain(`now on ${afternoon}`);
    });

    it('explains differently, offers a person, then hands over: never the same question three times', async () => {
      const c = chat('three misses');
      await toTimes(c);
      const first = await c.say('whenever really');
      expect(texts(first).join(' ')).toMatch(/didn't catch which one/);
      const second = await c.say("I don't know");
      expect(texts(second).join(' ')).toMatch(/Tell me the day/);
      expect(actions(second)).toContain('Speak to someone');
      const third = texts(await c.say('hmm pass')).join(' ');
      expect(third).toMatch(/get a person to help you/);
      const asked = c.questions().map((q) => q.replace(/\s+\[.*$/, ''));
      for (const q of asked) expect(asked.filter((x) => x === q).length).toBeLessThan(3);
    });

    it('moves the visit to the day asked for in the first message, and takes "no, I meant …" as a correction', async () => {
      const times = await freeTimesForEdith();
      const [wanted, corrected] = [times[0], times.find((t) => t.split(' ')[0] !== times[0].split(' ')[0])!];
      const part = (t: string) => (/morning/.test(t) ? 'morning' : 'afternoon');
      const c = chat('visit wish and correction');
      await c.join();
      await c.say(`can my visit be moved to ${wanted.split(' ')[0]} ${part(wanted)}?`);
      await c.say('999 234 5675');
      const visits = await c.say('14/03/1939');
      const asked = texts(await c.say(actions(visits)[0])).join(' ');
      expect(asked).toContain(`${wanted} is free. Shall I move your visit to then?`);
      const again = texts(await c.say(`no, I meant ${corrected.split(' ')[0]} ${part(corrected)}`)).join(' ');
      expect(again).toContain(`${corrected} is free`);
      expect(texts(await c.say('yes please')).join(' ')).toContain(`now on ${corrected}`);
      expect(c.questions().filter((q) => /which (day|date)|when would you/i.test(q))).toEqual([]);
    });

    it('looks for a day that was not offered ("what about next Monday?")', async () => {
      const c = chat('a day not offered');
      const offered = actions(await toTimes(c));
      expect(offered.some((o) => o.startsWith('Monday 14 December'))).toBe(false);
      const answer = await c.say('none of those suit, what about next Monday?');
      // "none of those" keeps the visit only when nothing else is said; a day asked for is looked for.
      expect(texts(answer).join(' ')).toMatch(/These times are free on Monday 14 December/);
      expect(
        actions(answer)
          .slice(0, -1)
          .every((o) => o.startsWith('Monday 14 December')),
      ).toBe(true);
    });

    it('switches to cancelling when the person changes their mind, without checking identity again', async () => {
      const c = chat('topic change');
      await toTimes(c);
      const reply = texts(await c.say('actually, can I cancel it instead?')).join(' ');
      // Identity is kept, and so is the visit already chosen: the next question is why.
      expect(reply).not.toMatch(/NHS number|check who you are|Which visit/);
      expect(reply).toMatch(/why you need to cancel/);
    });
  });

  describe('which visit, from what was said first', () => {
    // Edith's visits from NOW, in the order listed: Wednesday 9 December (matron), Sunday 13 December (heart failure).
    // Arthur's: Tuesday 8 (catheter care), Friday 11 (diabetes review), Wednesday 16 December (catheter change).
    const EDITH = ['999 234 5675', '14/03/1939'];
    const ARTHUR = ['999 345 6780', '02/11/1945'];

    /** Opens with `first`, then gives the NHS number and date of birth: what the bot says once they are checked. */
    async function verifiedAfter(c: Recorded, first: string, [nhs, dob]: string[]) {
      await c.join();
      await c.say(first);
      await c.say(nhs);
      return c.say(dob);
    }

    it('takes "the second visit" in the first message as the second listed, and does not ask which visit', async () => {
      const c = chat('ordinal first');
      const listed = await verifiedAfter(c, 'can you move the second visit next week', EDITH);
      const said = texts(listed).join(' ');
      expect(said).not.toMatch(/Which visit/);
      expect(said).toMatch(/These times are free/);
      const offered = actions(listed);
      expect(texts(await c.say(offered[0])).join(' ')).toMatch(/Heart failure nurse home visit\) is now on/);
      const moved = await appointmentModels(h.connection).appointments.findById('appt-edith-2').lean();
      expect(moved!.label).toBe(offered[0].split(', ')[1]);
    });

    it('takes "Friday\'s visit" as the visit on Friday, not as the day to move it to', async () => {
      const c = chat('day of the visit first');
      const listed = await verifiedAfter(c, "can you move Friday's visit please", ARTHUR);
      expect(texts(listed).join(' ')).not.toMatch(/Which visit|free on Friday/);
      const offered = actions(listed);
      expect(texts(await c.say(offered[0])).join(' ')).toMatch(/\(diabetes review\)\) is now on/);
    });

    it('takes the time wanted from the sentence asking for it, with the visit by its type, in a message with a birth date', async () => {
      const afternoon = (await freeTimesForEdith()).find((t) => /afternoon/.test(t))!;
      const day = afternoon.split(' ')[0];
      const c = chat('wish beside a birth date');
      await c.join();
      const reply = await c.reply(
        `This is Joan Clarke, Edith Clarke's daughter. Her DOB is 14/03/1939, SW17 0QT. Could her matron visit move to ${day} afternoon? She is out in the morning.`,
      );
      expect(reply).not.toMatch(/Which visit/);
      expect(reply).toMatch(new RegExp(`${afternoon.replace(/[()]/g, '.')} is free|free on ${day}`));
    });

    it('takes "Friday would suit me" at which visit as the day wanted, then asks which visit to move there', async () => {
      const c = chat('wish at which visit');
      await verifiedAfter(c, 'I need to change my appointment', EDITH);
      const which = await c.say('Friday would suit me');
      expect(texts(which).join(' ')).toMatch(
        /look for a time on Friday 11 December\. Which visit would you like to move/,
      );
      expect(actions(which)).toHaveLength(2);
      const times = texts(await c.say('the heart failure one')).join(' ');
      expect(times).toMatch(/Friday 11 December/);
      expect(times).not.toMatch(/Which visit/);
    });
  });

  describe('a member of staff described, not named', () => {
    it('takes "the nurse that saw mum" as a question for a person, not the start of an identity check', async () => {
      const c = h.conversation();
      await c.join();
      const reply = texts(await c.say('is the nurse that saw mum on today')).join(' ');
      expect(reply).not.toMatch(/check who you are|NHS number|full name/);
      expect(reply).toMatch(/call you back/);
      await c.say('07700 900461');
      const item = await queueModel(h.connection).findOne({ 'conversation.conversationId': c.id }).lean();
      expect(item!.summary.answers.reason).toMatch(/member of staff who saw the patient/);
    });

    it('does not take "the nurse that saw mum" as the name asked for', async () => {
      const c = chat('staff described at the name');
      await c.join();
      await c.say('when is my next visit');
      await c.say("I don't know");
      const again = texts(await c.say('the nurse that saw mum')).join(' ');
      expect(again).toMatch(/own first name and surname/);
      expect(again).not.toMatch(/date of birth/);
      expect(texts(await c.say('Edith Clarke')).join(' ')).toMatch(/date of birth/);
    });
  });

  describe('yes and no in people’s words', () => {
    it('cancels on "yeah go on" and keeps the visit on "not sure"', async () => {
      const c = chat('cancel yes');
      await c.join();
      await c.say('I need to cancel my appointment');
      await c.say('999 456 7918');
      await c.say('22/07/1951');
      await c.say("I'm going into hospital");
      expect(texts(await c.say('yeah go on')).join(' ')).toMatch(/is cancelled/);
    });

    it('a formal complaint: "not sure" is explained, then "yes please" records it', async () => {
      const c = chat('complaint not sure');
      await c.join();
      // Nothing said yet shows whether it is a complaint, so the question is asked.
      await c.say("I'm not happy with the service we've had");
      await c.say('The nurse never turned up on Tuesday and nobody called');
      const explained = await c.say("I'm not sure");
      expect(texts(explained).join(' ')).toMatch(/15 working days/);
      expect(actions(explained)).toContain('Speak to someone');
      expect(texts(await c.say('yes please')).join(' ')).toMatch(/complaint is logged/);
    });

    it('on the phone, a free time is chosen by saying its day and part of the day', async () => {
      const c = chat('voice slot', 'voice', '+447700900123');
      await c.say('I need to change my appointment');
      await c.say('nine nine nine, two three four, five six seven five');
      const visits = await c.say('fourteenth of March nineteen thirty nine');
      const offered = actions(await c.say('the first one'));
      const pick = offered.find((o) => /afternoon/.test(o))!;
      const [day] = pick.split(' ');
      const done = await c.say(`${day} afternoon please`);
      expect(actions(visits)).toHaveLength(2);
      expect(texts(done).join(' ')).toContain(`now on ${pick}`);
    });

    it('on the phone, a spoken "nope" answers a yes/no question', async () => {
      const c = chat('voice no', 'voice', '+447700900123');
      await c.say('I want to say something about the nurses');
      await c.say('the nurse was lovely');
      expect(texts(await c.say('nope')).join(' ')).toMatch(/Thank you for your feedback/);
    });
  });

  describe('referrals and call-backs from what was said', () => {
    it('a referral for mum with her details in the first message asks only what is missing', async () => {
      const c = chat('referral all at once');
      await c.join();
      await c.say(
        "I'd like to refer my mum for the district nurses. She's called Edith Clarke, born 14 March 1939, postcode SW17 0QT",
      );
      const asked = c.questions().join('\n');
      expect(asked).not.toMatch(/for you, or for someone else|relationship|full name|date of birth|postcode/);
    });

    it('does not ask for a number given in the first message', async () => {
      const c = chat('number up front');
      await c.join();
      await c.say('can someone ring me back on 07700 900461 please, I want to speak to a person');
      expect(c.questions().join('\n')).not.toMatch(/what number/i);
    });
  });
  describe('who is asking, from how they say it (set F)', () => {
    it('a GP who answers "for you or someone else?" with who they are goes to the professional handover', async () => {
      const c = chat('GP at the referral question');
      await c.join();
      await c.say("I'd like to make a rapid response referral");
      const reply = await c.reply('Dr Helen Ward, GP, out of hours service at Croydon');
      expect(reply).toMatch(/Noted: GP/);
      expect(reply).not.toMatch(/opening hours|hub is open|how was your experience/i);
      expect(c.questions().filter((q) => /for you, or for someone else/.test(q))).toHaveLength(1);
    });

    it.each(['directline', 'sms'])(
      'on %s, a first message that only says how to reach them is noted and answered, not "not understood"',
      async (channelId) => {
        const c = chat(
          `deaf first message (${channelId})`,
          channelId,
          channelId === 'sms' ? '+447700900812' : undefined,
        );
        await c.join();
        const reply = await c.reply('I am very deaf, I cannot hear on the phone at all. Please no calls');
        expect(reply).toMatch(/noted it, so the team knows how to contact you/);
        expect(reply).not.toMatch(/didn't understand|Just to check/);
        // What they ask for next is read as usual.
        expect(await c.reply('can u move my appt')).toMatch(/check who you are/);
      },
    );

    it('a need said with a request goes straight to the request', async () => {
      const c = chat('deaf with a request');
      await c.join();
      const reply = await c.reply('I am deaf can u move my appt');
      expect(reply).toMatch(/check who you are/);
      expect(reply).not.toMatch(/noted it, so the team knows/);
      const query = chat('deaf with a visit question', 'sms', '+447700900813');
      await query.join();
      const asked = await query.reply('Deaf. text only pls. Tom Hughes husband of Marjorie Hughes. Nurse visit time?');
      expect(asked).not.toMatch(/noted it, so the team knows/);
    });

    it('"I cannot hear, please reply by text" is noted, not advice; "deaf, fallen" is still assessed', async () => {
      const c = chat('cannot hear');
      await c.join();
      const reply = await c.reply('I cannot hear, please reply by text');
      expect(reply).toMatch(/noted it, so the team knows/);
      expect(reply).not.toMatch(/ambulance|drinking/);
      const fallen = chat('deaf, fallen');
      await fallen.join();
      expect(await fallen.reply('deaf, fallen')).not.toMatch(/noted it, so the team knows/);
    });
  });
  describe('a reason for cancelling said before it is asked (set F)', () => {
    // A fresh demo record: the tests above cancel and move these visits.
    let fresh: Harness;
    beforeAll(async () => {
      fresh = await createHarness({ now: () => NOW });
    });
    afterAll(() => fresh.close());
    const freshChat = (title: string) => new Recorded(fresh.conversation({ channelId: 'directline' }), title);

    /** Arthur, verified, asked which of his three visits to cancel. */
    async function arthurAtWhichVisit(title: string) {
      const c = freshChat(title);
      await c.join();
      for (const said of ['I need to cancel a visit please', 'Arthur Bennett, 2nd November 1945', 'SW18 2PU']) {
        await c.say(said);
      }
      return c;
    }

    it('with the visit chosen: not asked why, straight to the confirmation', async () => {
      const c = await arthurAtWhichVisit('cancel reason with the visit');
      const reply = await c.reply('The afternoon one, the diabetes check. I have got to be at St Georges that day');
      expect(reply).not.toMatch(/why you need to cancel/);
      expect(reply).toMatch(/Cancel the visit on .*afternoon/);
    });

    it('with the request: not asked why', async () => {
      const c = freshChat('cancel reason first');
      await c.join();
      await c.say('pls cancel my leg dressing clinic, got a stinking cold dont want to pass it on');
      await c.say('Marjorie Hughes 22/07/1951');
      await c.say('SW11 1AA');
      expect(c.questions().join('\n')).not.toMatch(/why you need to cancel/);
      expect(c.questions().join('\n')).toMatch(/Cancel the visit on/);
    });

    it('still asks why when no reason was given', async () => {
      const c = await arthurAtWhichVisit('cancel without a reason');
      expect(await c.reply('the afternoon one')).toMatch(/why you need to cancel/);
    });
  });
  describe('a question about when a visit is, said with a body part (set F)', () => {
    it('is a question about the visits, not a health problem to assess', async () => {
      const c = chat('when is her leg clinic');
      await c.join();
      const reply = await c.reply('hello im ringing for my wife she wants to know when her leg clinic is');
      expect(reply).toMatch(/check who you are/);
      expect(reply).not.toMatch(/ambulance/);
    });

    it('with a symptom in it, the danger signs still come first', async () => {
      const c = chat('when is the nurse, with a symptom');
      await c.join();
      expect(await c.reply('her leg is red hot and swollen, when is the nurse coming')).toMatch(/ambulance/);
    });
  });
});
