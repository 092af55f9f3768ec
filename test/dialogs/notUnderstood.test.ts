import { actions, createHarness, texts, type Harness } from '../support/dialogHarness';

describe('not understood: rephrase, then choices, then a person', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ now: () => new Date('2026-11-25T12:00:00Z') });
  });
  afterAll(() => h.close());

  it('never loops', async () => {
    const c = h.conversation();
    await c.join();
    expect(texts(await c.say('flibbertigibbet wonky zebra')).join(' ')).toMatch(/put it another way/);
    const second = await c.say('blorp zindle quux');
    expect(texts(second).join(' ')).toMatch(/choose one of these/);
    expect(actions(second)).toContain('Speak to someone');
    const third = texts(await c.say('qwerty uiop asdf')).join(' ');
    expect(third).toMatch(/get a person to help/);
    expect(third).toMatch(/call you back on/);
  });

  it.each(['', '   ', '😀😀😀', '<script>alert(1)</script>', "'; DROP TABLE patients; --", 'x'.repeat(10000)])(
    'answers bad input %# politely without crashing',
    async (input) => {
      const c = h.conversation();
      await c.join();
      const said = texts(await c.say(input)).join(' ');
      expect(said).toMatch(/another way|choose one|help/);
    },
  );

  it('a question in Spanish is offered Spanish with the 999 advice in it, never "I didn\'t understand"', async () => {
    const c = h.conversation();
    await c.join();
    const replies = await c.say('¿Dónde está el baño?');
    expect(replies[0].locale).toBe('es');
    expect(texts(replies).join(' ')).toMatch(/llame ahora al 999.*Continue in Español\?/s);
    expect(texts(replies).join(' ')).not.toMatch(/didn.t understand/);
  });

  it('greets and says goodbye', async () => {
    const c = h.conversation();
    await c.join();
    expect(texts(await c.say('hello')).join(' ')).toMatch(/How can I help/);
    expect(texts(await c.say('bye, thanks')).join(' ')).toMatch(/Take care/);
  });
});
