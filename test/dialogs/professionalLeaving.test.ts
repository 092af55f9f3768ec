import type { QueueItem } from '../../src/hub/queueModel';
import { createHarness, texts, type Conversation, type Harness } from '../support/dialogHarness';

// Issue 17: a crew who stops answering part-way leaves a queued referral with what they said (queue-first, as patient
// escalations), updated as further facts come; and what they write after a completed handover is added to the same
// referral, never a second one.

type Channel = { channelId?: string; line?: string; callerNumber?: string };
const CHANNELS: [string, Channel][] = [
  ['web chat', {}],
  ['the professional phone line', { channelId: 'voice', callerNumber: '07700900611', line: 'professional' }],
];

async function open(h: Harness, channel: Channel): Promise<Conversation> {
  const c = h.conversation(channel);
  if (channel.line) await c.say('');
  else await c.join();
  return c;
}

async function itemsOf(h: Harness, c: Conversation, channel: Channel): Promise<QueueItem[]> {
  return h.deps.queue.findByConversation(channel.channelId ?? 'test', c.id);
}

describe('a professional who leaves part-way, or writes again after the handover', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  describe.each(CHANNELS)('on %s', (_name, channel) => {
    it('queues the referral at the first fact and updates it with each one after, so leaving loses nothing', async () => {
      const c = await open(h, channel);
      // Nothing said yet: nothing to queue.
      expect(await itemsOf(h, c, channel)).toHaveLength(0);

      await c.say('paramedic, LAS, call sign Alpha 12');
      let items = await itemsOf(h, c, channel);
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ kind: 'referral', status: 'new', disposition: 'urgent_2h' });
      expect(items[0].summary.contact).toMatchObject({
        role: 'professional',
        organisation: 'LAS',
        callSign: 'Alpha 12',
      });
      expect(items[0].summary.answers.reason).toMatch(/handover in progress/);
      expect(items[0].provisional).toBe('handover');

      await c.say('NHS 943 476 5919, at home SW18 2PU');
      await c.say('84 year old fall, more confused than usual');
      // The crew stops answering here (closes the chat, hangs up): the same item holds everything they said.
      items = await itemsOf(h, c, channel);
      expect(items).toHaveLength(1);
      expect(items[0].summary.patient).toMatchObject({ nhsNumber: '9434765919', postcode: 'SW18 2PU' });
      expect(items[0].summary.problem).toBe('84 year old fall, more confused than usual');
      expect(items[0].history.filter((e) => e.action === 'handover_updated')).toHaveLength(2);
      // The history says which parts were given, never the patient's details.
      expect(items[0].history.map((e) => e.note ?? '').join(' ')).not.toMatch(/9434765919|943 476 5919|SW18/);
    });

    it('raises the queued referral when a later message gives a NEWS2 that calls for it', async () => {
      const c = await open(h, channel);
      await c.say('GP here, Dr Patel at Balham surgery, NHS 943 476 5919 at home SW18 2PU, breathless');
      expect((await itemsOf(h, c, channel))[0].disposition).toBe('urgent_2h');
      await c.say('RR 26 sats 90 systolic 95 pulse 125 temp 39.1 new confusion');
      const [item] = await itemsOf(h, c, channel);
      expect(item.disposition).toBe('emergency_999');
      expect(item.summary.news2?.score).toBeGreaterThanOrEqual(7);
      expect(item.history.some((e) => e.action === 'handover_updated_raised_to_emergency_999')).toBe(true);
    });

    it('hands over the same item it queued, with everything, and adds later messages to it', async () => {
      const c = await open(h, channel);
      await c.say('paramedic, LAS, call sign Alpha 12, 84-year-old fall, NHS 943 476 5919, at home SW18 2PU');
      const queued = await itemsOf(h, c, channel);
      expect(queued).toHaveLength(1);
      const handedOver = await c.say('put me through');
      const handoff = handedOver.find((a) => a.name === 'handoff.initiate');
      expect(handoff?.value.queueItemId).toBe(queued[0]._id);
      // Handed over: settled, so neither the console nor the evaluations take it for a handover still being given.
      const [settled] = await itemsOf(h, c, channel);
      expect(settled.provisional).toBeUndefined();
      expect(settled.history.map((e) => e.action)).toContain('handover_settled');

      if (channel.channelId === 'voice') return; // The call is put through: nothing more is said to the bot.
      const after = texts(await c.say('also he is on warfarin and has a cut on his head'));
      expect(after.join('\n')).toMatch(new RegExp(`added that to referral ${queued[0].reference}`));
      expect(after.join('\n')).not.toMatch(/Professional line|role, organisation|NHS number/);
      const again = await c.say('can you put me through again please');
      expect(again.some((a) => a.name === 'handoff.initiate')).toBe(false);
      expect(texts(again).join('\n')).toMatch(/added that to referral/);

      const items = await itemsOf(h, c, channel);
      expect(items).toHaveLength(1);
      const added = items[0].history.filter((e) => e.action === 'added_after_handover').map((e) => e.note);
      expect(added).toEqual([
        'also he is on warfarin and has a cut on his head',
        'can you put me through again please',
      ]);
      // Thanks and goodbye are answered, not added.
      const bye = texts(await c.say('thanks, bye'));
      expect(bye.join('\n')).toMatch(/Thank you/);
      expect((await itemsOf(h, c, channel))[0].history.filter((e) => e.action === 'added_after_handover')).toHaveLength(
        2,
      );
    });
  });

  it('raises the handed-over referral when a later message in web chat is a 999 finding', async () => {
    const c = await open(h, {});
    await c.say('paramedic, LAS, call sign Alpha 12, 84-year-old fall, NHS 943 476 5919, at home SW18 2PU');
    await c.say('put me through');
    const after = texts(await c.say('he has stopped breathing'));
    expect(after.join('\n')).toMatch(/marked it as an emergency/);
    const items = await itemsOf(h, c, {});
    expect(items).toHaveLength(1);
    expect(items[0].disposition).toBe('emergency_999');
  });
});
