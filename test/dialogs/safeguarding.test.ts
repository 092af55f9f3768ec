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

  it('marks the danger question as a danger sign and reads answers as people give them ("nah")', async () => {
    const c = h.conversation();
    await c.join();
    const asked = await c.say('my neighbour keeps taking money from her purse');
    const question = asked.find((a) => (a.channelData as { triage?: unknown } | undefined)?.triage);
    expect((question!.channelData as { triage: unknown }).triage).toEqual({
      questionId: 'safeguarding-danger',
      kind: 'danger_sign',
      yesDisposition: 'emergency_999',
      notSureDisposition: 'urgent_2h',
    });
    expect(question!.suggestedActions?.actions.map((a) => a.title)).toEqual(['Yes', 'No', 'Not sure']);
    const next = texts(await c.say('nah')).join(' ');
    expect(next).toMatch(/in your own words/i);
    expect(next).not.toMatch(/999/);
  });

  it('asks once more when the answer is neither, then counts it as not sure: the 999 advice, never a loop', async () => {
    const c = h.conversation();
    await c.join();
    await c.say("I'm worried about what her son does to her when he visits");
    expect(texts(await c.say('the weather is awful')).join(' ')).toMatch(/yes, no or not sure/);
    const after = texts(await c.say('the weather is awful')).join(' ');
    expect(after).toMatch(/might be in danger now, call 999/);
    expect(after).toMatch(/in your own words/i);
    await c.say('he shouts at her and takes her pension');
    const item = await queueModel(h.connection).findOne({ 'conversation.conversationId': c.id }).lean();
    expect(item).toMatchObject({ kind: 'safeguarding', disposition: 'urgent_2h' });
    expect(item!.summary.answers.immediateDanger).toBe('not sure');
  });
});
