import { createHarness, texts, type Harness } from '../support/dialogHarness';
import { verifyAsEdith } from '../support/verify';

describe('enquiries and feedback', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  it('answers opening hours from content', async () => {
    const c = h.conversation();
    await c.join();
    const said = texts(await c.say('what are your opening hours at the weekend?')).join(' ');
    expect(said).toMatch(/08:00 to 20:00 Monday to Friday, and 08:00 to 16:00 at weekends/);
    expect(said).toMatch(/20:00 to 08:00/);
  });

  it('tells a verified patient who their key worker is, and nobody else', async () => {
    const c = h.conversation();
    await c.join();
    expect(texts(await c.say('who is my key worker?')).join(' ')).toMatch(/check who you are/);
    const said = texts(await verifyAsEdith(c)).join(' ');
    expect(said).toMatch(/Your key worker is Grace Okafor, Community Matron/);
  });

  it('logs a complaint with a reference and the 15 working day promise', async () => {
    const c = h.conversation();
    await c.join();
    expect(texts(await c.say('I want to make a complaint')).join(' ')).toMatch(/in your own words/);
    // Said to be a complaint already: not asked whether it is one.
    const said = texts(await c.say('The nurse did not turn up on Tuesday and nobody called')).join(' ');
    expect(said).not.toMatch(/formal complaint\?/);
    expect(said).toMatch(/reference FB-/);
    expect(said).toMatch(/15 working days/);
  });

  it('asks what happened when the one message is only the request, however long', async () => {
    const c = h.conversation({ channelId: 'sms', callerNumber: '+447700900882' });
    const said = texts(
      await c.say("I'd like to make a formal complaint about the way my father has been treated"),
    ).join(' ');
    expect(said).toMatch(/tell me your feedback/);
  });

  it('takes a complaint told in one message as it is, asking nothing (SMS)', async () => {
    const c = h.conversation({ channelId: 'sms', callerNumber: '+447700900881' });
    const said = texts(
      await c.say('I wish to complain, the district nurse was over two hours late on Monday and never phoned ahead'),
    ).join(' ');
    expect(said).not.toMatch(/\?/);
    expect(said).toMatch(/15 working days/);
  });

  it('records feedback said to be feedback without asking if it is a complaint', async () => {
    const c = h.conversation();
    await c.join();
    const thanks = texts(
      await c.say('Just some feedback, the nurses who came to see my husband this week were kind and patient'),
    ).join(' ');
    expect(thanks).not.toMatch(/formal complaint\?/);
    expect(thanks).toMatch(/reference FB-/);
  });
});
