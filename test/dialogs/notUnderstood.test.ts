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

  it.each([
    '',
    '   ',
    '😀😀😀',
    '<script>alert(1)</script>',
    "'; DROP TABLE patients; --",
    'x'.repeat(10000),
    '¿Dónde está el baño?',
  ])('answers bad input %# politely without crashing', async (input) => {
    const c = h.conversation();
    await c.join();
    const said = texts(await c.say(input)).join(' ');
    expect(said).toMatch(/another way|choose one|help/);
  });

  it('greets and says goodbye', async () => {
    const c = h.conversation();
    await c.join();
    expect(texts(await c.say('hello')).join(' ')).toMatch(/How can I help/);
    expect(texts(await c.say('bye, thanks')).join(' ')).toMatch(/Take care/);
  });
});
