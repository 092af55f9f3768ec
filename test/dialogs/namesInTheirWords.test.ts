import { createHarness, texts, type Conversation, type Harness } from '../support/dialogHarness';

// Issue 17, set H read: names said in the first breath, in small letters on the phone ("hi it's tom hughes ringing for
// my wife marjorie hughes"), typed with "Im" for "I'm", or as "her name's", are kept, and the name is not asked again.

/** Monday 7 December 2026, 10:00 in London. */
const NOW = new Date('2026-12-07T10:00:00Z');

describe('names in the words people use', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ now: () => NOW });
  });
  afterAll(() => h.close());

  const reply = async (c: Conversation, said: string) => texts(await c.say(said)).join(' ');

  it('on the phone, keeps a patient naming themselves in small letters and asks only what is missing', async () => {
    const c = h.conversation({ channelId: 'voice', callerNumber: '+447700900971' });
    let said = await reply(c, 'good morning this is arthur bennett i need to change my appointment');
    expect(said).toMatch(/NHS number/);
    said = await reply(c, 'second of the eleventh forty five');
    expect(said).not.toMatch(/full name/);
    expect(said).toMatch(/postcode/);
    said = await reply(c, 's w eighteen two p u');
    expect(said).toMatch(/Thank you, Arthur/);
  });

  it('on the phone, keeps both names when a carer says theirs and the patient’s in one breath', async () => {
    const c = h.conversation({ channelId: 'voice', callerNumber: '+447700900972' });
    let said = await reply(
      c,
      "hello it's tom hughes calling about my wife marjorie hughes i need to change her appointment",
    );
    expect(said).toMatch(/NHS number/);
    said = await reply(c, 'twenty second of july nineteen fifty one');
    expect(said).not.toMatch(/full name/);
    said = await reply(c, 's w eleven one a a');
    expect(said).not.toMatch(/full name|couldn't match/);
    expect(said).toMatch(/Thank you, Tom/);
  });

  it('by text, "Im Joan her daughter" is the carer’s first name, not a full name to check', async () => {
    const c = h.conversation({ channelId: 'sms', callerNumber: '+447700900973' });
    const said = await reply(
      c,
      'what time is mums nurse coming. Edith Clarke 14/03/1939 SW17 0QT. Im Joan her daughter',
    );
    expect(said).not.toMatch(/couldn't match/);
    // Her first name is enough (H236): it is Edith's recorded contact's, and no surname is asked.
    expect(said).not.toMatch(/surname/);
    expect(said).toMatch(/Thank you, Joan\. I've confirmed/);
  });

  it('in web chat, "his name\'s" at the NHS number question gives the patient’s name', async () => {
    const c = h.conversation({ channelId: 'directline' });
    await c.join();
    await reply(c, "I'm Tom Hughes, my wife's visit needs to change");
    const said = await reply(c, "Her name's Marjorie Hughes, date of birth 22 July 1951");
    expect(said).not.toMatch(/full name/);
    expect(said).toMatch(/postcode/);
  });
});
