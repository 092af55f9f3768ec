import { createHarness, texts, type Conversation, type Harness } from '../support/dialogHarness';

// Issue 17: patients and carers as they write and speak, read from the conversation sets I (spent): who is talking,
// a question about when a visit is, and details given where another question was asked. Written in other words than
// the sets' own.

/** Monday 7 December 2026, 10:00 in London: the demo visits and free times are laid out from here. */
const NOW = new Date('2026-12-07T10:00:00Z');

describe('patients and carers in their own words', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ now: () => NOW });
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
