import { queueModel } from '../../src/hub/queueModel';
import type { Activity } from 'botbuilder';
import { actions, createHarness, texts, type Conversation, type Harness } from '../support/dialogHarness';

/** Asking for the duty clinician about a health problem starts with the danger signs (issue 16): both "no". */
async function askedThenNoDangerSigns(c: Conversation, request: string): Promise<Activity[]> {
  const first = await c.say(request);
  expect(actions(first)).toEqual(['Yes', 'No', 'Not sure']);
  const seen = [...first, ...(await c.say('No'))];
  return [...seen, ...(await c.say('No'))];
}

describe('urgent escalation', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ now: () => new Date('2026-11-25T22:00:00Z') });
  });
  afterAll(() => h.close());

  it('takes a call-back number, queues the escalation with a summary, hands off with the transcript and says by when', async () => {
    const c = h.conversation();
    await c.join();
    const asked = texts(await askedThenNoDangerSigns(c, 'I need the duty nurse urgently'));
    expect(asked[asked.length - 1]).toMatch(/call you back on/);
    const replies = await c.say('07700 900456');
    const handoff = replies.find((a) => a.type === 'event' && a.name === 'handoff.initiate');
    expect(handoff).toBeDefined();
    expect(handoff!.value).toMatchObject({ target: 'duty_clinician', disposition: 'urgent_2h' });
    expect(handoff!.attachments?.[0]?.content?.activities?.length).toBeGreaterThan(0);
    const said = texts(replies).join(' ');
    expect(said).toMatch(/Sam Rivers, the duty clinician/);
    expect(said).toMatch(/within 2 hours/);

    const item = await queueModel(h.connection).findById(handoff!.value.queueItemId).lean();
    expect(item).toMatchObject({ kind: 'escalation', disposition: 'urgent_2h', status: 'new' });
    expect(item!.summary.callbackNumber).toMatch(/07700\s?900456/);
    expect(item!.deadline.getTime() - item!.createdAt.getTime()).toBe(2 * 3600 * 1000);
  });

  it("on the phone uses the caller's number and puts them through without asking", async () => {
    const c = h.conversation({ channelId: 'voice', callerNumber: '+447700900789' });
    const replies = await askedThenNoDangerSigns(c, 'I need to speak to the duty clinician now');
    expect(texts(replies).join(' ')).not.toMatch(/what number/i);
    expect(replies.some((a) => a.name === 'handoff.initiate')).toBe(true);
    expect(texts(replies).join(' ')).toMatch(/putting you through/);
  });

  it('never waits for identity', async () => {
    const c = h.conversation();
    await c.join();
    const replies = texts(await askedThenNoDangerSigns(c, 'get me the duty clinician')).join(' ');
    expect(replies).not.toMatch(/NHS number|date of birth/);
  });

  it('gives the night nursing and 111 route when nobody on duty can be reached', async () => {
    const nobody = await createHarness({ dutyRoute: { onDuty: async () => [] } });
    try {
      const c = nobody.conversation({ channelId: 'voice', callerNumber: '07700900123' });
      const said = texts(await askedThenNoDangerSigns(c, 'I need the duty nurse')).join(' ');
      expect(said).toMatch(/night nursing team on 020 7946 0111|NHS 111/);
      expect(said).toMatch(/999/);
    } finally {
      await nobody.close();
    }
  });

  it('still gives the numbers when the queue cannot be written', async () => {
    const broken = await createHarness();
    try {
      broken.deps.queue.create = async () => {
        throw new Error('store unavailable');
      };
      const c = broken.conversation({ channelId: 'voice', callerNumber: '07700900123' });
      const said = texts(await askedThenNoDangerSigns(c, 'I need the duty nurse')).join(' ');
      expect(said).toMatch(/NHS 111/);
      expect(said).toMatch(/999/);
    } finally {
      await broken.close();
    }
  });

  it('"speak to someone" works in the middle of another conversation', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('I need to change my appointment');
    const replies = texts(await c.say('can I speak to a real person please')).join(' ');
    expect(replies).toMatch(/call you back on|coordinator|duty clinician/);
  });
});
