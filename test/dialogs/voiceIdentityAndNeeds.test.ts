import { createHarness, texts, type Conversation, type Harness } from '../support/dialogHarness';

// Issue 17, set J read (branch i17-r): on the phone the name is said last or with a title, a postcode comes with the
// place it is in, a question is asked back at the name question; a deaf person's details are not another language,
// and someone who cannot take a call is never told a nurse will ring.

/** Monday 7 December 2026, 10:00 in London. */
const NOW = new Date('2026-12-07T10:00:00Z');

describe('identity on the phone and communication needs', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ now: () => NOW });
  });
  afterAll(() => h.close());

  const reply = async (c: Conversation, said: string) => texts(await c.say(said)).join(' ');

  it('keeps a name said at the end of the first breath, after the question', async () => {
    const c = h.conversation({ channelId: 'voice', callerNumber: '+447700900981' });
    let said = await reply(c, 'can you tell me when the dressing nurse is due its arthur bennett');
    expect(said).toMatch(/NHS number/);
    said = await reply(c, 'second of november forty five');
    expect(said).not.toMatch(/full name/);
    // "to" for two, as speech recognition writes it, inside a spoken postcode.
    said = await reply(c, 's w eighteen to p u');
    expect(said).toMatch(/Thank you, Arthur/);
  });

  it('keeps a name said with a title first ("it\'s mr bennett, arthur bennett") through a greeting', async () => {
    const c = h.conversation({ channelId: 'voice', callerNumber: '+447700900982' });
    await reply(c, "good afternoon dear it's mr bennett arthur bennett");
    let said = await reply(c, 'i need to change my visit');
    expect(said).toMatch(/NHS number/);
    said = await reply(c, "i don't know it");
    expect(said).not.toMatch(/full name/);
    expect(said).toMatch(/date of birth/);
  });

  it('never checks a postcode said with its place as the name, and asks only the name', async () => {
    const c = h.conversation({ channelId: 'voice', callerNumber: '+447700900983' });
    await reply(c, 'i need to move my visit');
    await reply(c, "i don't know it");
    let said = await reply(c, 'fourteenth of march thirty nine');
    expect(said).toMatch(/full name/);
    said = await reply(c, 'balham s w seventeen oh q t');
    expect(said).not.toMatch(/couldn't match|name balham/i);
    expect(said).toMatch(/date of birth 14 March 1939 and postcode SW17 0QT, but not your full name/);
    said = await reply(c, 'edith clarke');
    expect(said).not.toMatch(/Before I can talk|couldn't match/);
    expect(said).toMatch(/Thank you, Edith/);
  });

  it('does not take a question asked back at the name question for a name', async () => {
    const c = h.conversation({ channelId: 'voice', callerNumber: '+447700900984' });
    await reply(c, 'i need to move my visit');
    await reply(c, "i don't know it");
    const said = await reply(c, 'is it the one on thursday or the friday');
    expect(said).toMatch(/first name and surname|full name/);
    expect(said).not.toMatch(/date of birth/);
  });

  it('says back what was given after a failed match as a sentence', async () => {
    const c = h.conversation({ channelId: 'directline' });
    await c.join();
    await reply(c, 'I need to move my visit');
    await reply(c, 'Doreen Walsh');
    const said = await reply(c, '9th January 1944, SW12 8NE');
    expect(said).toMatch(/I have the name Doreen Walsh, date of birth 9 January 1944 and postcode SW12 8NE\./);
  });

  it('does not send a deaf person’s name and details to an interpreter', async () => {
    const c = h.conversation({ channelId: 'directline' });
    await c.join();
    await reply(c, 'I am deaf, text only please');
    const said = await reply(c, 'Arthur Bennett 02/11/1945 SW18 2PU');
    expect(said).not.toMatch(/interpreter|translation|call you/);
  });

  it('tells someone who cannot take a call that the nurse will write, when another language is needed', async () => {
    const c = h.conversation({ channelId: 'sms', callerNumber: '+447700900985' });
    await reply(c, 'deaf, text only');
    const said = await reply(
      c,
      'Meine Mutter ist sehr krank und braucht eine Krankenschwester, bitte schreiben Sie mir',
    );
    expect(said).toMatch(/in writing, not by phone/);
    expect(said).not.toMatch(/call you back|will call you|phone you/);
  });
});
