import { createHarness, texts, type Conversation, type Harness } from '../support/dialogHarness';

// Issue 17 item 2, set G read: the identity check takes the details in the order people give them (name, date of birth,
// postcode), keeps a detail given at the wrong question, and asks only for what is missing, saying back what it has.
// A date of birth is still needed on every route (name + NHS number alone is not verified here), and someone who does
// not give it is told so and offered a person, not asked for everything again.

/** Monday 7 December 2026, 10:00 in London. */
const NOW = new Date('2026-12-07T10:00:00Z');

describe('identity in the order people give it', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ now: () => NOW });
  });
  afterAll(() => h.close());

  const reply = async (c: Conversation, said: string) => texts(await c.say(said)).join(' ');

  it.each([
    ['directline', undefined],
    ['sms', '+447700900981'],
  ])('after a name, asks the date of birth before the postcode (%s)', async (channelId, callerNumber) => {
    const c = h.conversation({ channelId, callerNumber });
    let said = await reply(c, 'Hello, I have to rearrange a nurse visit');
    if (/your own care/.test(said)) said = await reply(c, 'mine');
    expect(said).toMatch(/NHS number/);
    said = await reply(c, 'Arthur Bennett');
    expect(said).toMatch(/date of birth/);
    expect(said).not.toMatch(/postcode/);
    said = await reply(c, '2/11/45');
    expect(said).toMatch(/postcode/);
    expect(await reply(c, 'SW18 2PU')).toMatch(/Thank you, Arthur/);
  });

  it('keeps a postcode given at the date-of-birth question and asks only for the date, saying what it has', async () => {
    const c = h.conversation({ channelId: 'directline' });
    await c.join();
    await reply(c, 'I want to cancel a visit');
    await reply(c, 'Arthur Bennett');
    const said = await reply(c, 'its SW18 2PU');
    expect(said).toMatch(/I have the name and postcode/);
    expect(said).toMatch(/date of birth/);
    expect(said).not.toMatch(/Sorry, I didn't get a date of birth/);
    const verified = await reply(c, 'second of November 1945');
    expect(verified).toMatch(/Thank you, Arthur/);
    expect(verified).not.toMatch(/postcode/);
  });

  it('keeps a date of birth given at the postcode question on the phone, and reads the postcode spelt out', async () => {
    const c = h.conversation({ channelId: 'voice', callerNumber: '+447700900982' });
    expect(await reply(c, 'I need to change my appointment')).toMatch(/NHS number/);
    // The date of birth said as people say it on the phone: day and month as numbers, the year in two figures.
    expect(await reply(c, 'edith clarke')).toMatch(/date of birth/);
    expect(await reply(c, 'fourteen three thirty nine')).toMatch(/postcode/);
    expect(await reply(c, 'S W one seven oh queue tea')).toMatch(/Thank you/);
  });

  it.each([
    ['directline', undefined],
    ['sms', '+447700900983'],
    ['voice', '+447700900984'],
  ])(
    'with an NHS number and no date of birth, asks only for the date, then offers a person (%s)',
    async (channelId, callerNumber) => {
      const c = h.conversation({ channelId, callerNumber });
      if (channelId === 'directline') await c.join();
      let said = await reply(c, 'when does the matron come');
      if (/your own care/.test(said)) said = await reply(c, 'Edith Clarke, 999 234 5675');
      else said = await reply(c, 'nine nine nine two three four five six seven five');
      expect(said).toMatch(/date of birth/);
      // An answer about the visit instead: what is in hand is said back, not "Sorry, I didn't get a date of birth".
      said = await reply(c, 'I hope its the afternoon one');
      expect(said).toMatch(/I have the NHS number/);
      expect(said).toMatch(/date of birth/);
      said = await reply(c, 'lovely thanks');
      // Not a failed match: the NHS number is never asked for again, and a person is offered.
      expect(said).toMatch(/Without your date of birth/);
      expect(said).not.toMatch(/NHS number|couldn't match/);
    },
  );
});
