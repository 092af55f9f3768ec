import { createHarness, texts, type Conversation, type Harness } from '../support/dialogHarness';

// Issue 17: patients and carers as they write and speak, read from the conversation sets I (spent): who is talking,
// a question about when a visit is, and details given where another question was asked. Written in other words than
// the sets' own.

/** Monday 7 December 2026, 10:00 in London: the demo visits and free times are laid out from here. */
const NOW = new Date('2026-12-07T10:00:00Z');

/** 21:00 the same Monday: the hub is closed. */
const EVENING = new Date('2026-12-07T21:00:00Z');

describe('patients and carers in their own words', () => {
  let h: Harness;
  // Moved to the evening by the out-of-hours cases only, and back after each.
  let clock = NOW;
  beforeAll(async () => {
    h = await createHarness({ now: () => clock });
  });
  afterEach(() => {
    clock = NOW;
  });
  afterAll(() => h.close());

  async function opened(channelId = 'directline', callerNumber?: string): Promise<Conversation> {
    const c = h.conversation({ channelId, callerNumber });
    // A text conversation has no join: its first message is the first thing the bot hears.
    if (channelId !== 'sms') await c.join();
    return c;
  }
  const reply = async (c: Conversation, text: string) => texts(await c.say(text)).join('\n');

  describe('a relative mentioned in passing does not make the patient a carer', () => {
    it.each([
      'Please cancel my leg clinic, I am going to stay at my brother’s for a week. Marjorie Hughes 22/07/1951 SW11 1AA',
      'Marjorie Hughes 22/07/1951 SW11 1AA. My daughter usually rings for me but she is away, I need to cancel the clinic',
      'Marjorie Hughes 22/07/1951 SW11 1AA, cancel the leg clinic please, my son is taking me to the hospital that day',
    ])('"%s"', async (said) => {
      const c = await opened();
      const answer = await reply(c, said);
      expect(answer).not.toMatch(/your own full name|the patient's/);
      expect(answer).toMatch(/Marjorie/);
    });

    it('a relative the visit belongs to still makes a carer', async () => {
      const c = await opened();
      const answer = await reply(c, 'I need to move my dad’s visit please, it is the Thursday one');
      expect(answer).toMatch(/the patient's NHS number/);
    });
  });

  it('a husband who names his wife by her name and his relationship is her carer, not her', async () => {
    const c = await opened();
    const answer = await reply(
      c,
      'I’m Tom Hughes, Marjorie Hughes’s husband. I need to change her leg clinic appointment. Born 22/07/1951, SW11 1AA',
    );
    expect(answer).not.toMatch(/Thank you, Marjorie/);
    expect(answer).toMatch(/Thank you, Tom/);
  });

  it('"coming to mum" is a carer asking, so who it is for is not asked', async () => {
    const c = await opened('sms', '+447700900456');
    const answer = await reply(c, 'what day is the nurse coming to mum this week? Edith Clarke SW17 0QT');
    expect(answer).not.toMatch(/your own care/);
  });

  it('a date of birth given by text in answer to who it is for is not the option numbered 2', async () => {
    const c = await opened('sms', '+447700900999');
    expect(await reply(c, 'need 2 move the nurse 2moro, got a hosp appt')).toMatch(/your own care/);
    const answer = await reply(c, 'Arthur Bennett 2/11/45 SW18 2PU');
    expect(answer).not.toMatch(/your own full name/);
    expect(answer).toMatch(/Thank you, Arthur/);
  });

  it('a question about when a visit is, put after the visit and named by what is done there, goes to the visits', async () => {
    const c = await opened('voice', '+447700900567');
    const answer = await reply(c, 'hi i am ringing for my wife marjorie hughes about her dressing clinic when is it');
    expect(answer).not.toMatch(/struggling to breathe/);
    expect(answer).toMatch(/check who you are/);
  });

  // Set N (H263): a care question with nothing wrong now is answered from the plan, not with the danger questions.
  describe('a question about care, with nothing wrong now, answered from the care plan', () => {
    it('a carer asking what weight gain to ring about gets the plan, after who it is for is checked', async () => {
      const c = await opened('sms', '+447700900111');
      const first = await reply(
        c,
        'my mum (Edith Clarke) has to be weighed daily, the nurse said. I am Joan, her daughter. How much weight gain before we ring you?',
      );
      expect(first).not.toMatch(/struggling to breathe|immediate danger/);
      expect(first).not.toMatch(/patient's full name/);
      const answer = await reply(c, '14/03/1939 SW17 0QT');
      expect(answer).toMatch(/Edith's care plan \(Swollen ankles and weight gain/);
      expect(answer).toMatch(/2 kg or more in 3 days/);
      expect(answer).toMatch(/Emergency: .*Call 999/);
      // A second question on the same plan is not answered with the whole plan again.
      const again = await reply(c, 'and how often should we check her ankles?');
      expect(again).toMatch(/says no more about that/);
      expect(again).not.toMatch(/2 kg or more/);
    });

    it('unverified, the guidance topic with its safety net', async () => {
      const c = await opened();
      await reply(c, 'can I have a bath with a catheter in, or is it showers only?');
      const answer = await reply(c, "I'd rather not say");
      expect(answer).not.toMatch(/struggling to breathe/);
    });

    it('the same question with something wrong now still has the danger questions first', async () => {
      const c = await opened('sms', '+447700900112');
      expect(await reply(c, 'how often should the leg bag be changed? it has stopped draining since lunch')).toMatch(
        /ambulance|struggling to breathe/,
      );
    });
  });

  // Set N (H262): after the 999 advice, what is said next goes on the duty team's item with the advice again.
  describe('after the 999 advice', () => {
    it('how it started, a number and "I rang you because you are the nurses" are added, never the danger questions again', async () => {
      const c = await opened();
      expect(await reply(c, 'his speech has gone slurred and his face is drooping on one side')).toMatch(/999/);
      for (const said of ['Arthur Bennett']) {
        const answer = await reply(c, said);
        expect(answer).toMatch(/added that to FD-.*call 999 now/s);
        expect(answer).not.toMatch(/struggling to breathe|any of these/);
      }
      expect(await reply(c, '07700 900387')).toMatch(/added that to FD-/);
      expect(await reply(c, 'ok thank you')).toMatch(/Take care/);
    });

    it('"text only please" after it goes on the item, and who they are is not asked', async () => {
      const c = await opened('sms', '+447700900113');
      expect(await reply(c, 'mum cant breathe, her lips have gone blue')).toMatch(/999/);
      const answer = await reply(c, 'I am deaf, text only please');
      expect(answer).toMatch(/added that to FD-/);
      expect(answer).not.toMatch(/your own care/);
    });
  });

  // H264: identity not confirmed for a visit, out of hours: the coordinators when the hub opens, not the duty clinician.
  it('details not on the record for a visit change, out of hours, go to the coordinators, not the duty clinician', async () => {
    clock = EVENING;
    const c = await opened();
    await reply(c, 'I need to change my nurse visit');
    await reply(c, 'Dorothy Finch');
    await reply(c, '21/07/1936');
    expect(await reply(c, 'SE19 2HL')).toMatch(/couldn't match/);
    const answer = await reply(c, 'those are right');
    expect(answer).toMatch(/asking a person to check/);
    const rest = answer + (await reply(c, '07700 900222'));
    expect(rest).not.toMatch(/duty clinician/);
    expect(rest).toMatch(/coordinator.*when the hub opens/s);
  });

  it('a symptom beside the visit question still comes to the danger signs first', async () => {
    const c = await opened();
    expect(await reply(c, 'her leg ulcer is oozing and smells, when is the dressing nurse coming')).toMatch(
      /struggling to breathe/,
    );
  });
});

describe('after a failed match, only the detail that was wrong is given again', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ now: () => NOW });
  });
  afterAll(() => h.close());

  async function failedOnce(): Promise<{ c: Conversation; said: string }> {
    const c = h.conversation({ channelId: 'directline' });
    await c.join();
    await c.say('hello, can I change my visit');
    await c.say('Edith Clarke');
    await c.say('14 March 1940');
    const said = texts(await c.say('SW17 0QT')).join('\n');
    return { c, said };
  }

  it('says back what was given, asks nothing afresh, and checks again with the one put right', async () => {
    const { c, said } = await failedOnce();
    expect(said).toMatch(/couldn't match/);
    expect(said).toMatch(/Edith Clarke.*14 March 1940.*SW17 0QT/s);
    expect(said).not.toMatch(/What is your (NHS number|full name|date of birth)/);
    expect(texts(await c.say('sorry, 14 March 1939')).join('\n')).toMatch(/Thank you, Edith. I've confirmed/);
  });

  // H244: the person is got for them now (it was an offer to type "speak to someone", which most left without).
  it('gets a person when the person says the details are right, without asking them all again', async () => {
    const { c } = await failedOnce();
    const answer = texts(await c.say('those are all correct')).join('\n');
    expect(answer).toMatch(/asking a person to check them for you/);
    expect(answer).not.toMatch(/What is your/);
  });

  it('a date of birth said at the name question is kept, and the name asked once more', async () => {
    const c = h.conversation({ channelId: 'directline' });
    await c.join();
    await c.say('hello, can I change my visit');
    expect(texts(await c.say('14 March 1939')).join('\n')).toMatch(/full name/);
    const again = texts(await c.say('14 March 1939')).join('\n');
    expect(again).toMatch(/I have the date of birth\. And your full name\?/);
    await c.say('Edith Clarke');
    expect(texts(await c.say('SW17 0QT')).join('\n')).toMatch(/Thank you, Edith. I've confirmed/);
  });
});

describe('the visit named by its kind with the time wanted, at "which visit?"', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ now: () => NOW });
  });
  afterAll(() => h.close());

  it('chooses the visit and goes on to the times, instead of asking which visit again', async () => {
    const c = h.conversation({ channelId: 'directline' });
    await c.join();
    await c.say('I need to move my visit');
    await c.say('Edith Clarke');
    await c.say('14/03/1939');
    expect(texts(await c.say('SW17 0QT')).join('\n')).toMatch(/Which visit/);
    const answer = texts(await c.say('the matron one please, I have to go to the bank that morning')).join('\n');
    expect(answer).not.toMatch(/Which visit/);
    expect(answer).toMatch(/free/);
  });
});
