import { queueModel } from '../../src/hub/queueModel';
import { createHarness, texts, type Harness } from '../support/dialogHarness';

// Issue 22: someone writing in another language gets the 999 advice in it and in English, and a call back with an
// interpreter, queued as "interpreter needed: <language>"; never "I didn't understand".
describe('other languages', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ now: () => new Date('2026-11-25T12:00:00Z') });
  });
  afterAll(() => h.close());

  const queued = async (pattern: RegExp) => queueModel(h.connection).find({ 'summary.answers.reason': pattern }).lean();

  it('a Spanish emergency: 999 first, in Spanish and then English, and the hub told an interpreter is needed', async () => {
    const c = h.conversation();
    await c.join();
    const replies = await c.say('Mi madre no puede respirar');
    const said = texts(replies);
    expect(said[0]).toMatch(/^Esto puede ser una emergencia\. Llame ahora al 999\./);
    // Web chat marks the message with its language from the activity's locale.
    expect(replies[0].locale).toBe('es');
    expect(said[0]).toContain('diga «ambulance» y su dirección en inglés');
    expect(said[0]).toContain('This could be an emergency. Call 999 now.');
    const items = await queued(/interpreter needed: Spanish/);
    expect(items.some((i) => i.disposition === 'emergency_999')).toBe(true);
  });

  it.each([
    ['necesito una enfermera, no hablo inglés', 'Spanish', 'es', /Si es una emergencia, llame ahora al 999/],
    [
      'potrzebuję pielęgniarki, nie mówię po angielsku',
      'Polish',
      'pl',
      /Jeśli to nagły wypadek, zadzwoń teraz pod 999/,
    ],
    ['مجھے نرس چاہیے', 'Urdu', 'ur', /ابھی 999 پر کال کریں/],
  ])('"%s": 999 advice in %s and English, and a call back with an interpreter', async (text, language, code, local) => {
    const c = h.conversation();
    await c.join();
    // The language is offered first (its core journeys, issue 22 item 3), with the 999 advice in it; a person who
    // keeps to English is routed as before: what they wrote goes to an interpreter.
    const offered = await c.say(text);
    expect(offered[0].locale).toBe(code);
    expect(texts(offered)[0]).toMatch(/999/);
    const replies = await c.say('English');
    const said = texts(replies).join('\n');
    expect(said).toMatch(local);
    expect(replies.find((r) => local.test(r.text ?? ''))?.locale).toBe(code);
    expect(said).toMatch(new RegExp(`If this is an emergency, call 999 now.*${language} interpreter`, 's'));
    expect(said).not.toMatch(/another way|didn.t understand/);
    expect((await queued(new RegExp(`interpreter needed: ${language}`))).length).toBeGreaterThan(0);
  });

  it('a language we do not serve still gets the 999 advice in English and an interpreter', async () => {
    const c = h.conversation();
    await c.join();
    const said = texts(await c.say('Ich brauche eine Krankenschwester, ich spreche kein Englisch')).join('\n');
    expect(said).toMatch(/If this is an emergency, call 999 now.*interpreter/s);
    expect((await queued(/interpreter needed: not known \(de\)/)).length).toBeGreaterThan(0);
  });

  it('English still goes the English way', async () => {
    const c = h.conversation();
    await c.join();
    expect(texts(await c.say('flibbertigibbet wonky zebra')).join(' ')).toMatch(/put it another way/);
  });
});
