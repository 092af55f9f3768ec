import { createHarness, texts, type Harness } from '../support/dialogHarness';

// Issue 17, conversations-h and -j read: a complaint was lost when the writer left after the first message (it was
// stored only once every question was answered); on the phone a long complaint with no punctuation was asked for again,
// and the names said next were logged as the complaint; after a complaint was logged, "Mum is …, I'm her daughter"
// started the safeguarding questions.

describe('a complaint is kept from its first message', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  const stored = async (words: RegExp) =>
    (await h.deps.feedback.complaints()).find(
      (c) => words.test(c.text) || (c.additions ?? []).some((a) => words.test(a)),
    );

  it('a complaint opened and then left is logged in the words given', async () => {
    const c = h.conversation({ channelId: 'sms', callerNumber: '+447700900891' });
    const said = texts(await c.say('I want to make a formal complaint about how my brother was spoken to')).join(' ');
    expect(said).toMatch(/tell me your feedback/);
    // The person leaves here: the complaint is already with the hub.
    const kept = await stored(/how my brother was spoken to/);
    expect(kept?.complaint).toBe(true);
    expect(kept?.responseDue).toBeDefined();
  });

  it('the details given next are added to the same complaint, one reference', async () => {
    const c = h.conversation({ channelId: 'sms', callerNumber: '+447700900892' });
    await c.say('I want to make a formal complaint about how my sister was spoken to');
    const logged = texts(await c.say('the receptionist laughed at her and hung up')).join(' ');
    const reference = /FB-[A-Z0-9-]+/.exec(logged)?.[0];
    expect(reference).toBeDefined();
    const kept = await stored(/how my sister was spoken to/);
    expect(kept?.reference).toBe(reference);
    expect(kept?.text).toMatch(/laughed at her/);
  });

  it('a long spoken complaint is not asked for again', async () => {
    const c = h.conversation({ channelId: 'voice', callerNumber: '+447700900893' });
    const said = texts(
      await c.say(
        'i want to complain about the man who answered the phone last night he was short with my mother and hung up',
      ),
    ).join(' ');
    expect(said).not.toMatch(/tell me your feedback/);
    expect(said).toMatch(/complaint is logged/);
  });

  it.each([
    ['directline', undefined],
    ['sms', '+447700900894'],
  ])(
    'who they are, said after the complaint is logged, goes on it; no safeguarding questions (%s)',
    async (channelId, caller) => {
      const c = h.conversation({ channelId, callerNumber: caller });
      if (channelId === 'directline') await c.join();
      const logged = texts(
        await c.say(
          'I want to complain. The nurse was meant to come to my dad on Friday, nobody came and nobody phoned',
        ),
      ).join(' ');
      expect(logged).toMatch(/complaint is logged/);
      const said = texts(await c.say("Dad is Arthur Bennett, 02/11/1945. I'm his son Mark")).join(' ');
      expect(said).not.toMatch(/immediate danger|done the right thing/);
      expect(said).toMatch(/added that/);
      const more = texts(await c.say('She was meant to come again on Monday and that did not happen either')).join(' ');
      expect(more).toMatch(/added that too/);
      const kept = await stored(/nobody came and nobody phoned/);
      expect(kept?.additions).toEqual(expect.arrayContaining([expect.stringMatching(/his son Mark/)]));
    },
  );
});
