import { seedDemoData } from '../../src/demo/seedDemoData';
import { createHarness, texts, type Conversation, type Harness } from '../support/dialogHarness';

// Issue 17 item 1, set G read: "yes cancel it please, I'll ring to rebook" said at the reason question is the go-ahead,
// and "No, I'll ring the surgery about rebooking it, just cancel it" at "Cancel the visit?" is not a no. "Don't cancel
// it" is still a no.

/** Monday 7 December 2026, 10:00 in London: Marjorie's leg clinic is on Thursday 10 December. */
const NOW = new Date('2026-12-07T10:00:00Z');

describe('the go-ahead to cancel, in people’s own words', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ now: () => NOW });
  });
  afterAll(() => h.close());
  // Each test cancels (or keeps) the same visit: the demo record is laid out afresh for each.
  beforeEach(async () => {
    for (const name of ['patients', 'slots', 'appointments', 'slot_bookings']) {
      await h.connection.collection(name).deleteMany({});
    }
    await seedDemoData(h.connection, NOW);
  });

  const reply = async (c: Conversation, said: string) => texts(await c.say(said)).join(' ');

  /** Verified as Marjorie, asking to cancel her one visit: the reply that asks why. */
  async function askedWhy(c: Conversation): Promise<string> {
    if (/your own care/.test(await reply(c, 'I need to cancel my leg clinic'))) await reply(c, 'its me');
    const said = await reply(c, 'Marjorie Hughes 22/07/1951 SW11 1AA');
    expect(said).toMatch(/why you need to cancel/);
    return said;
  }

  const cancelled = async () =>
    (await h.connection.collection('audit').find({ action: 'appointment.cancelled' }).toArray()).length;

  it.each([
    ['directline', undefined],
    ['sms', '+447700900971'],
  ])('takes "cancel it" at the reason question as the go-ahead (%s)', async (channelId, callerNumber) => {
    const c = h.conversation({ channelId, callerNumber });
    if (channelId === 'directline') await c.join();
    await askedWhy(c);
    const before = await cancelled();
    const said = await reply(c, 'ok yes cancel it, I will phone about a new date');
    expect(said).toMatch(/is cancelled/);
    expect(said).not.toMatch(/Cancel the visit on/);
    expect(await cancelled()).toBe(before + 1);
  });

  it('takes "no …, just cancel it" at "Cancel the visit?" as the go-ahead (voice)', async () => {
    const c = h.conversation({ channelId: 'voice', callerNumber: '+447700900972' });
    await askedWhy(c);
    expect(await reply(c, 'she is poorly')).toMatch(/cancel the visit on/i);
    const before = await cancelled();
    expect(await reply(c, 'no I will sort a new one with the clinic myself, just cancel that one for now')).toMatch(
      /is cancelled/,
    );
    expect(await cancelled()).toBe(before + 1);
  });

  it('keeps the visit for "no, don\'t cancel it"', async () => {
    const c = h.conversation({ channelId: 'directline' });
    await c.join();
    await askedWhy(c);
    expect(await reply(c, 'she is poorly')).toMatch(/Cancel the visit on/);
    const before = await cancelled();
    expect(await reply(c, "no actually don't cancel it")).toMatch(/haven't changed anything/);
    expect(await cancelled()).toBe(before);
  });
});
