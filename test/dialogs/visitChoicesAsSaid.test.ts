import { seedDemoData } from '../../src/demo/seedDemoData';
import { actions, createHarness, texts, type Conversation, type Harness } from '../support/dialogHarness';

// Issue 17, sets K and L read (hazards H233, H234): choosing a visit, a new time and saying yes as people do, on each
// channel. The two catheter visits are told apart by the day said ("the catheter one 2moro"); "no, only this one, leave
// the others" at "Cancel the visit?" cancels this one; a yes with a communication need in it ("yes, message me, I
// can't take calls") is a yes; "that'll do", "either suits" take an offered time up; "any morning" chooses the soonest
// morning; "Monday afternoon if it's free" books it when it is free. Wording here is our own.

/** Monday 7 December 2026, 10:00 in London: Arthur's visits are Tuesday 8 (catheter care), Friday 11 (diabetes) and
 * Wednesday 16 (catheter change). */
const NOW = new Date('2026-12-07T10:00:00Z');

describe('choosing a visit, a time and saying yes in people’s words', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ now: () => NOW });
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    for (const name of ['patients', 'slots', 'appointments', 'slot_bookings']) {
      await h.connection.collection(name).deleteMany({});
    }
    await seedDemoData(h.connection, NOW);
  });

  const reply = async (c: Conversation, said: string) => texts(await c.say(said)).join(' ');
  const statusOf = async (id: string) =>
    (await h.connection.collection('appointments').findOne({ _id: id as never }))?.status;

  /** Arthur Bennett, verified, asking to `request`: what the bot says after the details. */
  async function verified(channelId: string, callerNumber: string | undefined, request: string): Promise<Conversation> {
    const c = h.conversation({ channelId, callerNumber });
    if (channelId === 'directline') await c.join();
    if (/your own care/.test(await reply(c, request))) await reply(c, 'me');
    return c;
  }

  it.each([
    ['sms', '+447700900981'],
    ['directline', undefined],
  ])(
    '"the catheter one 2moro" picks Tuesday’s, and "no, only this one" cancels it alone (%s)',
    async (channelId, caller) => {
      const c = await verified(channelId, caller, 'need to cancel one of my visits');
      expect(await reply(c, 'Arthur Bennett 2/11/45 SW18 2PU')).toMatch(/Which visit/);
      const asked = await reply(c, 'the catheter one 2moro, im away at my daughters');
      expect(asked).toMatch(/Cancel the visit on Tuesday 8 December/);
      expect(await reply(c, 'no only this one, leave the others')).toMatch(/is cancelled/);
      expect(await statusOf('appt-arthur-1')).toBe('cancelled');
      expect(await statusOf('appt-arthur-3')).toBe('booked');
    },
  );

  /** Verified on the phone line, the diabetes review chosen: at "why?". */
  async function toWhy(c: Conversation) {
    let said = await reply(c, 'Arthur Bennett 2/11/1945 SW18 2PU');
    if (/Which visit/.test(said)) said = await reply(c, 'the diabetes one');
    expect(said).toMatch(/why you need to cancel/i);
  }

  it('keeps the visit for "no, keep just that one" (voice)', async () => {
    const c = await verified('voice', '+447700900982', 'I want to cancel my diabetes review');
    await toWhy(c);
    expect(await reply(c, 'the surgery did it already')).toMatch(/cancel the visit on Friday 11 December/i);
    expect(await reply(c, 'no keep just that one')).toMatch(/haven't changed anything/);
    expect(await statusOf('appt-arthur-2')).toBe('booked');
  });

  it('cancels at "no, just the one" by speech on the phone line', async () => {
    const c = await verified('voice', '+447700900983', 'I want to cancel my diabetes review');
    await toWhy(c);
    await reply(c, 'the surgery did it already');
    expect(await reply(c, 'no just the one thanks not the catheter ones')).toMatch(/is cancelled/);
    expect(await statusOf('appt-arthur-2')).toBe('cancelled');
    expect(await statusOf('appt-arthur-1')).toBe('booked');
  });

  it('moves a visit "a day later" and takes "yes, message me, I can\'t take calls" as the yes (web chat)', async () => {
    const c = await verified('directline', undefined, 'I need to move my diabetes review');
    const offered = await reply(c, 'Arthur Bennett 2/11/45 SW18 2PU');
    expect(offered).toMatch(/These times are free|Which would you like/);
    const wish = await reply(c, 'a day later please, afternoon again');
    expect(wish).toMatch(/Saturday 12 December, afternoon .* Shall I move/);
    expect(await reply(c, "yes, message me here please, I can't take calls")).toMatch(/is now on Saturday 12 December/);
  });

  it.each([
    ['directline', undefined, "that'll do nicely"],
    ['sms', '+447700900984', 'either suits, whichever is easier for the nurse'],
    ['voice', '+447700900985', 'lovely that works for me'],
  ])('takes an offered time up in people’s words (%s: "%s")', async (channelId, caller, said) => {
    const c = await verified(channelId, caller, 'I need to move my diabetes review');
    await reply(c, 'Arthur Bennett 2/11/45 SW18 2PU');
    expect(await reply(c, 'can it be the day after instead, afternoon again')).toMatch(
      /Saturday 12 December.*Shall I move/,
    );
    expect(await reply(c, said)).toMatch(/is now on Saturday 12 December/);
  });

  it('does not take "Sunday would be better thanks" as a yes to Saturday (web chat)', async () => {
    const c = await verified('directline', undefined, 'I need to move my diabetes review');
    await reply(c, 'Arthur Bennett 2/11/45 SW18 2PU');
    expect(await reply(c, 'can it be the day after instead, afternoon again')).toMatch(
      /Saturday 12 December.*Shall I move/,
    );
    expect(await reply(c, 'Sunday would be better thanks')).not.toMatch(/is now on Saturday/);
    expect(await statusOf('appt-arthur-2')).toBe('booked');
  });

  it.each([
    ['sms', '+447700900986'],
    ['voice', '+447700900987'],
  ])('"any morning is fine" at the free times books the soonest morning offered (%s)', async (channelId, caller) => {
    const c = await verified(channelId, caller, 'I need to move my diabetes review');
    const list = await c.say('Arthur Bennett 2/11/45 SW18 2PU');
    const mornings = actions(list).filter((a) => /morning/.test(a));
    expect(mornings.length).toBeGreaterThan(1);
    expect(await reply(c, 'any morning is fine by me')).toContain(`is now on ${mornings[0]}`);
  });

  it('"any afternoon the week after will do" books the soonest of them without a list (web chat)', async () => {
    const c = await verified('directline', undefined, 'I need to move my diabetes review');
    await reply(c, 'Arthur Bennett 2/11/45 SW18 2PU');
    const said = await reply(c, 'any afternoon the week after will do');
    expect(said).toMatch(/is now on Monday 14 December, afternoon/);
    expect(said).not.toMatch(/Which would you like/);
  });

  it('"Monday afternoon if it\'s free" books it without asking again (SMS)', async () => {
    const c = await verified('sms', '+447700900988', 'I need to move my diabetes review');
    await reply(c, 'Arthur Bennett 2/11/45 SW18 2PU');
    const said = await reply(c, "monday afternoon if it's free please");
    expect(said).toMatch(/is now on Monday 14 December, afternoon/);
    expect(said).not.toMatch(/Shall I move/);
  });
});
