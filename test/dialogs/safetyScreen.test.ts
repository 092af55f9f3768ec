import { queueModel } from '../../src/hub/queueModel';
import { actions, createHarness, texts, type Harness } from '../support/dialogHarness';

describe('safety screen on every message', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  it('puts the 999 instruction before anything else, even the welcome, on the very first message', async () => {
    const c = h.conversation();
    const replies = texts(await c.say("he's got chest pains"));
    expect(replies[0]).toMatch(/999/);
    expect(replies.join(' ')).not.toMatch(/^Hello, this is Front Door/);
    const item = await queueModel(h.connection).findOne({ 'conversation.conversationId': c.id }).lean();
    expect(item).toMatchObject({ kind: 'escalation', disposition: 'emergency_999' });
  });

  it('interrupts an appointment change half way through, and the change does not carry on', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('I need to change my appointment');
    await c.say('999 234 5675');
    const visitChoice = await c.say('14 March 1939');
    const slotChoice = await c.say(actions(visitChoice)[0]);
    expect(actions(slotChoice)).toContain('Keep my visit');

    const interrupted = texts(await c.say("she's collapsed and isn't breathing"));
    expect(interrupted[0]).toMatch(/call 999/i);

    const after = await c.say('Keep my visit');
    expect(texts(after).join(' ')).not.toMatch(/haven't changed anything/);
  });

  it('does not treat "no breathing problems" as an emergency', async () => {
    const c = h.conversation();
    await c.join();
    const replies = texts(await c.say('no breathing problems, I just want to check when the nurse is coming'));
    expect(replies.join(' ')).not.toMatch(/call 999 now\./i);
  });

  it('for an urgent (2-hour) red flag, says we are getting the duty clinician, asks the danger signs, and escalates', async () => {
    const c = h.conversation();
    await c.join();
    const replies = await c.say("my dad's catheter is blocked and nothing is draining, he's in pain");
    expect(texts(replies)[0]).toMatch(/duty clinician/i);
    expect(actions(replies)).toEqual(['Yes', 'No', 'Not sure']);
    await c.say('No');
    expect(texts(await c.say('No')).join(' ')).toMatch(/call you back on/);
  });
});
