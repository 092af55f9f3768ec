import { queueModel } from '../../src/hub/queueModel';
import { createHarness, texts, type Harness } from '../support/dialogHarness';

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
    await c.say("my cough is worse and I'm using my inhaler more");
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
  });

  it('gives generic guidance with safety-netting to someone who is not verified', async () => {
    const c = h.conversation();
    await c.join();
    const replies = texts(await c.say('my dressing is leaking')).join('\n');
    expect(replies).toMatch(/clean dry pad/);
    expect(replies).toMatch(/call NHS 111|999/);
  });

  it('asks what is wrong when the first message says only that they feel unwell', async () => {
    const c = h.conversation();
    await c.join();
    const asked = texts(await c.say('I feel unwell')).join(' ');
    expect(asked).toMatch(/what's wrong/);
  });

  it('escalates an urgent (2-hour) problem to the duty clinician instead of giving advice', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('I feel poorly');
    const replies = texts(await c.say("I've had diarrhoea and vomiting all day and can't keep any fluids down")).join(
      ' ',
    );
    expect(replies).toMatch(/duty clinician|call you back|urgently/i);
  });

  it('flags a care plan that is overdue for review and asks the team to check it', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('Myself');
    await c.say('the dressing on my leg ulcer is soaked through');
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
