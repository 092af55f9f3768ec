import { queueModel } from '../../src/hub/queueModel';
import { actions, createHarness, texts, type Conversation, type Harness } from '../support/dialogHarness';

/** Every clinical contact starts with the danger signs (issue 16): two questions, both answered "no" here. */
async function noDangerSigns(c: Conversation, opening: string): Promise<string[]> {
  const first = await c.say(opening);
  expect(actions(first)).toEqual(['Yes', 'No', 'Not sure']);
  await c.say('No');
  return texts(await c.say('No'));
}

describe('feeling unwell', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ now: () => new Date('2026-11-25T21:00:00Z') });
  });
  afterAll(() => h.close());

  it("answers a verified patient from her own care plan's matching zone, and queues a referral", async () => {
    const c = h.conversation();
    await c.join();
    await c.say('Myself');
    const discriminator = await noDangerSigns(c, "my cough is worse and I'm using my inhaler more");
    expect(discriminator.join(' ')).toMatch(/breathing much worse than usual/);
    expect(texts(await c.say('No')).join(' ')).toMatch(/care plan/);
    await c.say('Yes');
    await c.say('9992345675');
    const advice = texts(await c.say('14 March 1939')).join('\n');
    expect(advice).toMatch(/From your care plan \(My breathing \(COPD\)\)/);
    expect(advice).toMatch(/AMBER/);
    expect(advice).toMatch(/rescue pack/);
    expect(advice).toMatch(/reference FD-/);
    const item = await queueModel(h.connection).findOne({ 'conversation.conversationId': c.id }).lean();
    expect(item).toMatchObject({ kind: 'referral', status: 'new' });
    expect(item!.disposition).toBe('routine');
    expect(item!.summary.patient).toMatchObject({ id: 'pat-edith-clarke', verified: true });
    expect(item!.summary.answers).toMatchObject({ 'ds-life': 'no', 'ds-sepsis_suicide': 'no' });
  });

  it('gives generic guidance with safety-netting to someone who is not verified, after the questions', async () => {
    const c = h.conversation();
    await c.join();
    const asked = await noDangerSigns(c, 'my dressing is leaking');
    expect(asked.join(' ')).toMatch(/bleeding through the dressing/);
    // "My dressing" is the speaker's own (issue 17): a patient, offered their own plan, which they turn down.
    expect(texts(await c.say('No')).join(' ')).toMatch(/your own care plan/);
    const replies = texts(await c.say('No')).join('\n');
    expect(replies).toMatch(/clean dry pad/);
    expect(replies).toMatch(/call NHS 111|999/);
  });

  it('asks what is wrong after the danger signs when the first message says only that they feel unwell', async () => {
    const c = h.conversation();
    await c.join();
    expect((await noDangerSigns(c, 'I feel unwell')).join(' ')).toMatch(/what's wrong/);
  });

  it('escalates an urgent (2-hour) problem to the duty clinician instead of giving advice', async () => {
    const c = h.conversation();
    await c.join();
    await noDangerSigns(c, 'I feel poorly');
    const replies = texts(await c.say("I've had diarrhoea and vomiting all day and can't keep any fluids down")).join(
      ' ',
    );
    expect(replies).toMatch(/duty clinician|call you back|urgently/i);
  });

  it('flags a care plan that is overdue for review and asks the team to check it', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('Myself');
    await noDangerSigns(c, 'the dressing on my leg ulcer is soaked through');
    await c.say('No');
    await c.say('Yes');
    await c.say("I don't know");
    await c.say('Marjorie Hughes');
    await c.say('SW11 1AA');
    const replies = texts(await c.say('22/07/1951')).join('\n');
    expect(replies).toMatch(/My leg ulcer dressing/);
    expect(replies).toMatch(/due for review on 2026-09-01/);
    const item = await queueModel(h.connection).findOne({ 'conversation.conversationId': c.id }).lean();
    expect(item!.summary.answers.carePlanStale).toBe('true');
  });
});
