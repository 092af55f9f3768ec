import { queueModel } from '../../src/hub/queueModel';
import { createHarness, texts, type Harness } from '../support/dialogHarness';

describe('safeguarding', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  it("acknowledges, checks immediate danger, keeps the disclosure in the person's words and says what happens next", async () => {
    const c = h.conversation();
    await c.join();
    const first = texts(await c.say("I'm worried my neighbour's son is taking her money and shouting at her")).join(
      ' ',
    );
    expect(first).toMatch(/Thank you for telling us/);
    expect(first).toMatch(/immediate danger/);
    expect(texts(await c.say('No')).join(' ')).toMatch(/in your own words/i);
    const next = texts(await c.say('He takes her bank card every week and she is scared of him')).join(' ');
    expect(next).toMatch(/safeguarding team/);
    expect(next).toMatch(/Emergency Duty Team/);
    const item = await queueModel(h.connection).findOne({ 'conversation.conversationId': c.id }).lean();
    expect(item!.kind).toBe('safeguarding');
    expect(item!.summary.answers.disclosure).toContain('He takes her bank card every week and she is scared of him');
    expect(item!.summary.answers.disclosure).toContain('taking her money');
  });

  it('tells them to call 999 when someone is in immediate danger', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('I think my dad is being abused by his carer');
    expect(texts(await c.say('Yes')).join(' ')).toMatch(/call 999 now/i);
  });
});
