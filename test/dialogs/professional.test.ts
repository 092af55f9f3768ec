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

  it('starts the handover when a professional says who they are in web chat', async () => {
    const c = h.conversation();
    await c.join();
    expect(texts(await c.say("I'm a professional")).join(' ')).toMatch(/role, organisation and call sign/);
  });
});
