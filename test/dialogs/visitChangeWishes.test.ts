import { createHarness, texts, type Conversation, type Harness } from '../support/dialogHarness';

// Issue 17, conversations-i and -j read: at "Which visit is it about?" people say what they want done rather than
// which visit. "can he come pm or next day am, next day am is better actually" was taken as
// a new question about the visits (the classifier reads "can he come" as "when is he coming", and "actually" as a
// change of mind): the list was printed again, the Friends and Family question came, and the move was dropped. A visit
// named by its kind as speech recognition hears it ("the cathedral care one") chose no visit.

/** Monday 7 December 2026, 10:00 in London. */
const NOW = new Date('2026-12-07T10:00:00Z');

describe('what a person wants done, said at "which visit?"', () => {
  // A harness each: a time booked by one test is not free in the next.
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness({ now: () => NOW });
  });
  afterEach(() => h.close());

  const reply = async (c: Conversation, said: string) => texts(await c.say(said)).join(' ');

  /** Arthur Bennett (three visits), verified, at "Which visit is it about?". */
  async function atWhichVisit(channelId: string, callerNumber: string | undefined) {
    const c = h.conversation({ channelId, callerNumber });
    if (channelId === 'directline') await c.join();
    if (/your own care/.test(await reply(c, 'I need to rearrange a nurse visit'))) await reply(c, 'mine');
    await reply(c, 'Arthur Bennett');
    await reply(c, '2 November 1945');
    expect(await reply(c, 'SW18 2PU')).toMatch(/Which visit/);
    return c;
  }

  it.each([
    ['directline', undefined],
    ['sms', '+447700900962'],
  ])('a time wanted keeps the move: no list again, no feedback question (%s)', async (channelId, caller) => {
    const c = await atWhichVisit(channelId, caller);
    const said = await reply(c, 'can he come pm or next day am, next day am is better actually');
    expect(said).not.toMatch(/Upcoming visits|how was your experience/);
    expect(said).toMatch(/Which visit would you like to move/);
    expect(await reply(c, 'the first one')).toMatch(/Wednesday 9 December/);
  });

  it.each([
    ['directline', undefined],
    ['sms', '+447700900963'],
  ])(
    '"the cathedral care one" is the catheter care visit, and its time wanted is offered (%s)',
    async (channelId, caller) => {
      const c = await atWhichVisit(channelId, caller);
      const said = await reply(c, 'the cathedral care one tomorrow, could the nurse come in the afternoon instead');
      expect(said).toMatch(/Tuesday 8 December, afternoon \(1pm to 5pm\) is free\. Shall I move/);
      expect(await reply(c, 'yes please')).toMatch(/Done/);
    },
  );

  it.each([
    ['directline', undefined],
    ['sms', '+447700900964'],
    ['voice', '+447700900965'],
  ])('"from the morning to the afternoon" offers the afternoon, not the morning (%s)', async (channelId, caller) => {
    const c = await atWhichVisit(channelId, caller);
    const said = await reply(c, 'the catheter care one, can it be moved from the morning to the afternoon');
    expect(said).toMatch(/free in the afternoon|afternoon \(1pm to 5pm\) is free/);
    expect(said).not.toMatch(/morning \(9am to 12 noon\) is free/);
    // A yes with the time, to the times offered, takes up the one that fits: no "Shall I move it?" after it.
    const taken = await reply(c, 'yes please, same day is fine, just the afternoon');
    expect(taken).toMatch(/Done.*Tuesday 8 December, afternoon \(1pm to 5pm\)/);
    expect(taken).not.toMatch(/Shall I move/);
  });

  it('a time corrected in the same breath: the later one stands', async () => {
    const c = await atWhichVisit('directline', undefined);
    const said = await reply(
      c,
      'the diabetes one, could she come instead on monday, no sorry, on tuesday the 15th in the morning',
    );
    expect(said).toMatch(/Tuesday 15 December, morning/);
    expect(said).not.toMatch(/Monday 14 December/);
  });
});
