import { queueModel } from '../../src/hub/queueModel';
import { createHarness, texts, type Harness } from '../support/dialogHarness';

describe('professional line', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  it('reaches the duty clinician in at most six turns with an urgent_2h referral and NEWS2 in the queue', async () => {
    const c = h.conversation({ channelId: 'voice', callerNumber: '07700900999', line: 'professional' });
    const turns = [
      'LAS crew here, I need to hand over a patient for rapid response',
      'paramedic, London Ambulance Service, call sign Romeo 12',
      'NHS number 999 345 6780, he is at home, SW18 2PU',
      'fall at home no injury, more confused than usual, possible UTI',
      'resp rate 22, sats 95 percent, systolic 105, pulse 98, temp 38.1, alert',
      'Rapid response',
    ];
    let handoff;
    let turn = 0;
    for (const said of turns) {
      turn++;
      const replies = await c.say(said);
      handoff = replies.find((a) => a.name === 'handoff.initiate');
      if (handoff) {
        expect(texts(replies).join(' ')).toMatch(/putting you through to Sam Rivers/);
        break;
      }
    }
    expect(handoff).toBeDefined();
    expect(turn).toBeLessThanOrEqual(6);
    const item = await queueModel(h.connection).findById(handoff!.value.queueItemId).lean();
    expect(item).toMatchObject({ kind: 'referral', disposition: 'urgent_2h' });
    expect(item!.summary.answers).toMatchObject({ who: expect.stringMatching(/Romeo 12/), need: 'Rapid response' });
    expect(item!.summary.answers.news2).toMatch(/^\d+ \(/);
    expect(item!.summary.contact.role).toBe('professional');
  });

  it('takes a 999 finding in a crew handover as part of it, not as a patient told to hang up', async () => {
    const c = h.conversation({ channelId: 'voice', callerNumber: '07700900998', line: 'professional' });
    await c.say('LAS crew, handover please');
    await c.say('paramedic, London Ambulance Service, call sign Kilo 4');
    await c.say('NHS number 999 345 6780, SW18 2PU');
    const flaggedReplies = await c.say('central crushing chest pain going down his left arm for twenty minutes');
    const flagged = texts(flaggedReplies);
    expect(flagged.join(' ')).toMatch(/cannot send an ambulance/);
    // The 999 advice is marked as such for anything reading the conversation.
    const advice = flaggedReplies.find((a) => /cannot send an ambulance/.test(a.text ?? ''));
    expect(advice?.channelData?.triage).toEqual({ outcome: 'emergency_999' });
    expect(flagged.join(' ')).not.toMatch(/hang up/i);
    // The handover goes on from where it was: the observations are asked next.
    expect(flagged.join(' ')).toMatch(/Observations/);
    await c.say('none taken');
    const replies = await c.say('Advice');
    const handoff = replies.find((a) => a.name === 'handoff.initiate');
    expect(handoff).toBeDefined();
    expect(texts(replies).join(' ')).toMatch(/as an emergency/);
    const item = await queueModel(h.connection).findById(handoff!.value.queueItemId).lean();
    expect(item).toMatchObject({ kind: 'referral', disposition: 'emergency_999' });
    expect(item!.summary.redFlags.length).toBeGreaterThan(0);
  });

  it('puts a referral with a high NEWS2 first, whatever the words', async () => {
    const c = h.conversation({ channelId: 'voice', callerNumber: '07700900997', line: 'professional' });
    for (const said of [
      'crew handover',
      'paramedic, LAS, call sign Tango 9',
      'NHS number 999 345 6780, SW18 2PU',
      'generally unwell today',
      'resp rate 26, sats 90, systolic 88, pulse 125, temp 39.2, alert',
    ]) {
      await c.say(said);
    }
    const replies = await c.say('Rapid response');
    const handoff = replies.find((a) => a.name === 'handoff.initiate');
    const item = await queueModel(h.connection).findById(handoff!.value.queueItemId).lean();
    expect(item).toMatchObject({ kind: 'referral', disposition: 'emergency_999' });
    expect(item!.summary.answers.news2).toMatch(/\(high\)/);
  });

  it('starts the handover when a professional says who they are in web chat', async () => {
    const c = h.conversation();
    await c.join();
    expect(texts(await c.say("I'm a professional")).join(' ')).toMatch(/role, organisation and call sign/);
  });
});
