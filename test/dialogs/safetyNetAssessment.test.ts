import type { QueueItem } from '../../src/hub/queueModel';
import { createHarness, texts, type Conversation, type Harness } from '../support/dialogHarness';

// Issue 16 (hazards H225, H237): the learned urgency safety net's lift is a suspicion, not a finding. A lifted message
// starts the complaint's whole assessment from what the rules said (its discriminators are asked, not skipped as
// "already urgent"), and the answers decide: urgent answers are the duty clinician within 2 hours; nothing urgent and
// a care plan that covers it is the person's own plan, as for anyone (the README's COPD carer); nothing urgent and no
// plan leaves the lift standing (the duty clinician calls back).

type Channel = { channelId?: string; callerNumber?: string };
const CHANNELS: [string, Channel][] = [
  ['web chat', {}],
  ['SMS', { channelId: 'sms', callerNumber: '+447700900614' }],
  ['the phone line', { channelId: 'voice', callerNumber: '+447700900615' }],
];
/** The README's carer: the rules say routine, the net lifts it. */
const COPD = "mum's cough is worse and she's using her inhaler a lot more";
/** A complaint with a 2-hour discriminator (fluids kept down): the rules say same-day, the net lifts it. */
const BOWELS = "mum's been constipated for a week and now she's vomiting and her belly is bloated";
/** A lifted message whose problem the assessment cannot place: no complaint, so no plan can be matched to it. */
const UNPLACED =
  'dad has gone downhill fast since yesterday, he will not eat or drink and he is very weak, please can someone come';

async function open(h: Harness, channel: Channel): Promise<Conversation> {
  const c = h.conversation(channel);
  if (!channel.channelId) await c.join();
  await c.say("I'm a carer");
  return c;
}

function settledItems(h: Harness, c: Conversation, channel: Channel): Promise<QueueItem[]> {
  return h.deps.queue
    .findByConversation(channel.channelId ?? 'test', c.id)
    .then((items) => items.filter((i) => !i.provisional));
}

describe('a message lifted by the urgency safety net is assessed, and the answers decide', () => {
  let h: Harness;
  beforeAll(async () => {
    // 21:00 on a weekday: out of hours, as most carers' worries come.
    h = await createHarness({ now: () => new Date('2026-11-25T21:00:00Z') });
    // The understander, the net and the store's indexes from cold: slow only on a loaded machine.
  }, 120000);
  afterAll(() => h.close());

  it('the messages here are lifted (same-day or lower by the rules, urgent_2h with the net)', () => {
    for (const text of [COPD, BOWELS, UNPLACED]) {
      const u = h.deps.understander.understand(text);
      expect(u.safetyNet).toBeDefined();
      expect(['same_day', 'routine', 'self_care', 'none']).toContain(u.safetyNet!.from);
    }
  });

  describe.each(CHANNELS)('on %s', (_name, channel) => {
    it("the COPD carer with no danger sign is asked the complaint's question and gets her mother's plan", async () => {
      const c = await open(h, channel);
      expect(texts(await c.say(COPD)).join(' ')).toMatch(/ambulance/);
      await c.say('No');
      // The complaint's discriminator is asked, not skipped as "already urgent".
      expect(texts(await c.say('No')).join(' ')).toMatch(/breathing much worse than usual/);
      expect(texts(await c.say('No')).join(' ')).toMatch(/care plan/);
      await c.say('Yes');
      await c.say('9992345675');
      await c.say('14 March 1939');
      const advice = texts(await c.say('Joan Clarke')).join('\n');
      expect(advice).toMatch(/From Edith's care plan \(My breathing \(COPD\)\)/);
      expect(advice).toMatch(/AMBER/);
      expect(advice).not.toMatch(/duty clinician for you now/);
      if (!channel.channelId) await c.say('07700 900461');
      const items = await settledItems(h, c, channel);
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ kind: 'referral', disposition: 'routine' });
      expect(items[0].summary.answers).toMatchObject({ carePlan: 'breathlessness' });
      // The lift queued nothing of its own while the questions were asked (H239): no call back left behind.
      expect(await h.deps.queue.findByConversation(channel.channelId ?? 'test', c.id)).toHaveLength(1);
    });

    it('a "yes" to the complaint\'s 2-hour question is the duty clinician within 2 hours', async () => {
      const c = await open(h, channel);
      await c.say(BOWELS);
      await c.say('No');
      expect(texts(await c.say('No')).join(' ')).toMatch(/keep any fluids down/);
      expect(texts(await c.say('Yes')).join(' ')).toMatch(/duty clinician/);
      if (!channel.channelId) await c.say('07700 900461');
      const items = await settledItems(h, c, channel);
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ kind: 'escalation', disposition: 'urgent_2h' });
      expect(items[0].summary.answers.reason).toMatch(/^yes: /);
    });

    it('nothing urgent in the answers and no plan (turned down): the lift stands, the duty clinician', async () => {
      const c = await open(h, channel);
      await c.say(BOWELS);
      await c.say('No');
      await c.say('No');
      expect(texts(await c.say('No')).join(' ')).toMatch(/care plan/);
      expect(texts(await c.say('No')).join(' ')).toMatch(/duty clinician/);
      if (!channel.channelId) await c.say('07700 900461');
      const items = await settledItems(h, c, channel);
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ kind: 'escalation', disposition: 'urgent_2h' });
      expect(items[0].summary.answers.reason).toMatch(
        /learned safety net; no danger sign in the answers, no care plan/,
      );
    });
  });

  it('a lifted problem the assessment cannot place goes to the duty clinician after the danger signs', async () => {
    const c = await open(h, {});
    await c.say(UNPLACED);
    await c.say('No');
    const replies = texts(await c.say('No')).join(' ');
    expect(replies).toMatch(/duty clinician/);
    expect(replies).not.toMatch(/care plan/);
    await c.say('07700 900461');
    const items = await settledItems(h, c, {});
    expect(items[0]).toMatchObject({ kind: 'escalation', disposition: 'urgent_2h' });
    expect(items[0].summary.answers.reason).toMatch(/learned safety net/);
  });

  it('the same problem told without the words the net takes for urgent goes the ordinary way (no lift)', async () => {
    // The control: a same-day bowel problem with nothing urgent in the answers is advice and a referral, not a call back.
    const text = "mum's been constipated for a few days and she's uncomfortable";
    expect(h.deps.understander.understand(text).safetyNet).toBeUndefined();
    const c = await open(h, {});
    await c.say(text);
    await c.say('No');
    await c.say('No');
    const next = texts(await c.say('No')).join(' ');
    expect(next).not.toMatch(/duty clinician for you now/);
  });
});
