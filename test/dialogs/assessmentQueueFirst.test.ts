import type { QueueItem } from '../../src/hub/queueModel';
import { actions, createHarness, texts, type Conversation, type Harness } from '../support/dialogHarness';

// Issue 17 (hazard H53): no escalation waits for the danger-sign questions. The moment the bot says it is getting the
// duty clinician (or a danger-sign answer decides it, or a person is asked for) the item is queued, provisional, with
// what is known, updated with each answer and settled by the outcome: one item per escalation, and a person who leaves
// at any question leaves it in the queue.

type Channel = { channelId?: string; callerNumber?: string };
const CHANNELS: [string, Channel][] = [
  ['web chat', {}],
  ['SMS', { channelId: 'sms', callerNumber: '+447700900612' }],
  ['the phone line', { channelId: 'voice', callerNumber: '+447700900613' }],
];
const URGENT = "my dad's catheter is blocked and nothing is draining, he's in pain";

async function open(h: Harness, channel: Channel): Promise<Conversation> {
  const c = h.conversation(channel);
  if (!channel.channelId) await c.join();
  return c;
}

function itemsOf(h: Harness, c: Conversation, channel: Channel): Promise<QueueItem[]> {
  return h.deps.queue.findByConversation(channel.channelId ?? 'test', c.id);
}

describe('an escalation queued the moment it is decided', () => {
  let h: Harness;
  beforeAll(async () => {
    // 22:00 on a weekday: the hub is closed, the night duty clinician is on.
    h = await createHarness({ now: () => new Date('2026-11-25T22:00:00Z') });
  });
  afterAll(() => h.close());

  describe.each(CHANNELS)('on %s', (_name, channel) => {
    it('queues a provisional item as the bot says it is getting the duty clinician, before any question', async () => {
      const c = await open(h, channel);
      const replies = await c.say(URGENT);
      expect(texts(replies)[0]).toMatch(/duty clinician/i);
      expect(texts(replies).join(' ')).toMatch(/ambulance/);
      // The person leaves here, at the first danger-sign question.
      const items = await itemsOf(h, c, channel);
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({
        kind: 'escalation',
        status: 'new',
        disposition: 'urgent_2h',
        provisional: 'assessment',
      });
      expect(items[0].summary.problem).toBe(URGENT);
      expect(items[0].summary.answers.reason).toMatch(
        /^assessment in progress \(red flag: .*call back if they have gone/,
      );
      expect(items[0].deadline.getTime() - items[0].createdAt.getTime()).toBe(2 * 3600 * 1000);
    });

    it('updates the same item with each answer and settles it when the escalation is made', async () => {
      const c = await open(h, channel);
      await c.say(URGENT);
      const [queued] = await itemsOf(h, c, channel);
      await c.say('No');
      let items = await itemsOf(h, c, channel);
      expect(items).toHaveLength(1);
      expect(items[0].provisional).toBe('assessment');
      expect(Object.keys(items[0].summary.answers)).toContain('ds-life');
      expect(items[0].history.map((e) => e.action)).toContain('assessment_updated');

      const last = await c.say('No');
      items = await itemsOf(h, c, channel);
      expect(items).toHaveLength(1);
      expect(items[0]._id).toBe(queued._id);
      expect(items[0].provisional).toBeUndefined();
      expect(items[0].summary.answers.reason).toMatch(/^red flag: /);
      expect(items[0].history.map((e) => e.action)).toContain('assessment_settled');
      if (channel.channelId === 'voice') {
        // On the phone the escalation is put through on that answer, with the item queued at the start.
        expect(last.find((a) => a.name === 'handoff.initiate')?.value.queueItemId).toBe(queued._id);
      }
    });

    it('settles the same item as an emergency when a danger sign is answered yes', async () => {
      const c = await open(h, channel);
      await c.say(URGENT);
      const replies = texts(await c.say('Yes'));
      expect(replies.join(' ')).toMatch(/999/);
      const items = await itemsOf(h, c, channel);
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ disposition: 'emergency_999' });
      expect(items[0].provisional).toBeUndefined();
      expect(items[0].history.map((e) => e.action)).toEqual(
        expect.arrayContaining(['assessment_settled_raised_to_emergency_999', 'handed_to_999']),
      );
    });

    it('gets the duty clinician now, with 999 advice, for someone who asks to be called before the questions are done', async () => {
      const c = await open(h, channel);
      await c.say(URGENT);
      const replies = texts(
        await c.say("My number's 07700 900551. My phone's about to die, please get someone to call me"),
      ).join(' ');
      expect(replies).toMatch(/call 999/);
      expect(replies).not.toMatch(/yes, no or not sure/);
      const items = await itemsOf(h, c, channel);
      expect(items).toHaveLength(1);
      expect(items[0].provisional).toBeUndefined();
      expect(items[0].disposition).toBe('urgent_2h');
      expect(items[0].summary.answers.reason).toMatch(/asked to be called before answering: ds-life/);
    });

    it('asks a danger sign at most twice: details, then a description, count as not sure', async () => {
      const c = await open(h, channel);
      await c.say(URGENT);
      expect(texts(await c.say('Derek Moss, 12/06/1951, SW12 8QN')).join(' ')).toMatch(/noted those details/);
      const third = texts(await c.say('he keeps groaning and pulling at the tube, he cannot settle')).join(' ');
      expect(third).not.toMatch(/Sorry, I need a yes/);
      expect(third).toMatch(/new today/i);
    });
  });

  it('queues when a "not sure" to a danger sign makes a non-urgent contact urgent, and not before', async () => {
    const c = await open(h, {});
    const first = await c.say('my mum has a bit of a cough');
    expect(actions(first)).toEqual(['Yes', 'No', 'Not sure']);
    expect(await itemsOf(h, c, {})).toHaveLength(0);
    await c.say('not sure');
    const items = await itemsOf(h, c, {});
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ disposition: 'urgent_2h', provisional: 'assessment' });
    expect(items[0].summary.answers.reason).toMatch(/not sure about danger signs/);
  });

  it('queues nothing for a non-urgent contact that is assessed to advice', async () => {
    const c = await open(h, {});
    await c.say('my mum has a bit of a cough');
    await c.say('No');
    await c.say('No');
    expect(await itemsOf(h, c, {})).toHaveLength(0);
  });

  it('queues a person asked for with a health problem, before the danger signs, and settles it after', async () => {
    const c = await open(h, {});
    const first = await c.say('can I speak to a nurse, my dad has had a fall');
    expect(actions(first)).toEqual(['Yes', 'No', 'Not sure']);
    const [queued] = await itemsOf(h, c, {});
    expect(queued).toMatchObject({ provisional: 'assessment', disposition: 'urgent_2h' });
    await c.say('No');
    await c.say('No');
    const items = await itemsOf(h, c, {});
    expect(items).toHaveLength(1);
    expect(items[0]._id).toBe(queued._id);
  });

  it('adds more about the problem after the escalation to the same item, not the danger signs again (set B b19)', async () => {
    const channel = { channelId: 'sms', callerNumber: '+447700900615' };
    const c = await open(h, channel);
    await c.say(URGENT);
    await c.say('No');
    const escalated = await c.say('No');
    expect(texts(escalated).join(' ')).toMatch(/duty clinician/);
    const more = await c.say('no chest pain no, his breathing is the same as usual');
    expect(actions(more)).not.toContain('Yes');
    const [item] = await itemsOf(h, c, channel);
    expect(texts(more).join(' ')).toMatch(new RegExp(`added that to your request ${item.reference}`));
    expect(item.history.filter((e) => e.action === 'added_after_handover').map((e) => e.note)).toEqual([
      'no chest pain no, his breathing is the same as usual',
    ]);
    // A red flag is still screened first: 999, whatever was handed over before.
    expect(texts(await c.say('now he has stopped breathing')).join(' ')).toMatch(/999/);
  });

  it('a provisional item someone finished while the bot was asking is left alone: the escalation is a new item', async () => {
    const c = await open(h, { channelId: 'voice', callerNumber: '+447700900614' });
    await c.say(URGENT);
    const [queued] = await itemsOf(h, c, { channelId: 'voice' });
    const actor = { id: 'staff-1', name: 'Sam Rivers' };
    await h.deps.queue.claim(queued._id, actor);
    await h.deps.queue.close(queued._id, actor, 'test call');
    await c.say('No');
    await c.say('No');
    const items = await itemsOf(h, c, { channelId: 'voice' });
    expect(items).toHaveLength(2);
    expect(items.find((i) => i._id === queued._id)).toMatchObject({ status: 'closed', provisional: 'assessment' });
    expect(items.find((i) => i._id !== queued._id)).toMatchObject({ status: 'new', disposition: 'urgent_2h' });
  });
});
