import { createHarness, texts, type Conversation, type Harness } from '../support/dialogHarness';

// Issue 17, set H read: the time wanted for a moved visit is often said against the visit itself ("the same day but in
// the afternoon", "the morning after", "the week after", "whichever is soonest after that"), not as a day of the
// week. Those were answered "Which of these do you mean?" over times on other days.

/** Monday 7 December 2026, 10:00 in London. */
const NOW = new Date('2026-12-07T10:00:00Z');

describe('a new time said against the visit being moved', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ now: () => NOW });
  });
  afterAll(() => h.close());

  const reply = async (c: Conversation, said: string) => texts(await c.say(said)).join(' ');

  /** Arthur Bennett, verified, moving his Friday 11 December afternoon visit: returns what the bot says to `wish`. */
  async function moveFridayVisit(channelId: string, callerNumber: string | undefined, wish: string) {
    const c = h.conversation({ channelId, callerNumber });
    if (channelId === 'directline') await c.join();
    if (/your own care/.test(await reply(c, 'I need to rearrange a visit'))) await reply(c, 'mine');
    await reply(c, 'Arthur Bennett');
    await reply(c, '2 November 1945');
    if (/Which visit/.test(await reply(c, 'SW18 2PU'))) await reply(c, 'the diabetes one on friday');
    return reply(c, wish);
  }

  it.each([
    ['directline', undefined],
    ['sms', '+447700900961'],
  ])('"same day, in the morning instead of the afternoon" offers Friday morning (%s)', async (channelId, caller) => {
    const said = await moveFridayVisit(
      channelId,
      caller,
      'could they do that same day but the morning instead of the afternoon',
    );
    expect(said).toMatch(/Friday 11 December, morning/);
    expect(said).not.toMatch(/Which of these do you mean/);
  });

  it('"the morning after" offers Saturday morning or says it is not free, never times before the visit', async () => {
    const said = await moveFridayVisit('directline', undefined, 'the morning after would suit me better');
    expect(said).not.toMatch(/Which of these do you mean|Tuesday 8|Wednesday 9/);
    expect(said).toMatch(/Saturday 12 December/);
  });

  it('"whichever is soonest after that" offers times from the day after the visit', async () => {
    const said = await moveFridayVisit('directline', undefined, 'whichever is the soonest one after that please');
    expect(said).not.toMatch(/Which of these do you mean|Tuesday 8|Wednesday 9|Thursday 10/);
    expect(said).toMatch(/Saturday 12|Sunday 13|Monday 14/);
  });

  it('"the week after" offers times from the Monday after the visit', async () => {
    const said = await moveFridayVisit('directline', undefined, 'any afternoon the week after is fine');
    expect(said).not.toMatch(/Which of these do you mean|Saturday 12|Sunday 13/);
    expect(said).toMatch(/Monday 14 December|Tuesday 15 December/);
  });
});
