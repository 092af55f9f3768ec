import { queueModel } from '../../src/hub/queueModel';
import { actions, createHarness, texts, type Harness } from '../support/dialogHarness';

// Issue 22 item 3, as web chat sends it: every Direct Line activity carries the browser's language ("pl-PL"), and
// botbuilder copies it onto each reply. The role and danger-sign buttons must still be in the person's language, and
// their typed answers ("nie wiem", "no sé", "pata nahi", "soy su hija") understood at those prompts.
describe("buttons and typed answers in the person's language, with the browser's locale on every activity", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ now: () => new Date('2026-11-25T12:00:00Z') });
  });
  afterAll(() => h.close());

  const queued = (conversationId: string) =>
    queueModel(h.connection).find({ 'conversation.conversationId': conversationId }).lean();

  it('Polish (pl-PL): role and danger-sign buttons in Polish; "tak" is yes and gives 999 in Polish', async () => {
    const c = h.conversation({ channelId: 'webchat', locale: 'pl-PL' });
    await c.join();
    await c.say('Dzień dobry');
    const role = await c.say('tak');
    expect(texts(role).join('\n')).toMatch(/w sprawie własnej opieki/);
    expect(actions(role)).toEqual(['Ja sam/sama', 'Jestem opiekunem', 'Jestem pracownikiem służby zdrowia']);
    expect(role.filter((a) => a.type === 'message').every((a) => a.locale === 'pl')).toBe(true);

    const menu = await c.say('jestem córką');
    expect(actions(menu)).toContain('Potrzebuję pielęgniarki');
    const signs = await c.say('potrzebuję pielęgniarki');
    expect(texts(signs)).toContain(
      'First I need to check for anything that needs an ambulance. Please answer yes, no or not sure.',
    );
    expect(texts(signs).join('\n')).toMatch(/Czy teraz występuje któreś z tych\?/);
    expect(actions(signs)).toEqual(['Tak', 'Nie', 'Nie wiem']);

    const yes = texts(await c.say('tak')).join('\n');
    expect(yes).toMatch(/999/);
    expect(yes).toMatch(/[ąęłśżź]/);
  });

  it('Polish (pl-PL): "nie", then "nie wiem" goes to the duty clinician, the call-back asked in Polish', async () => {
    const c = h.conversation({ channelId: 'webchat', locale: 'pl-PL' });
    await c.join();
    await c.say('Dzień dobry');
    await c.say('Polski');
    await c.say('opiekuję się mamą');
    await c.say('potrzebuję pielęgniarki');
    const next = await c.say('nie');
    expect(texts(next).join('\n')).toMatch(/nowe od dzisiaj/);
    expect(actions(next)).toEqual(['Tak', 'Nie', 'Nie wiem']);
    const unsure = await c.say('nie wiem');
    expect(texts(unsure).join('\n')).toMatch(/To wymaga pilnej pomocy/);
    expect(texts(unsure).join('\n')).toMatch(/Pod jaki numer mogą oddzwonić/);
    expect(actions(unsure)).toEqual(['Odpowiedzcie na czacie']);
    const done = await c.say('07700 900456');
    expect(texts(done).join('\n')).toMatch(/z tłumaczem/);
    const items = await queued(c.id);
    expect(items.map((i) => i.summary.answers.reason).join(' ')).toMatch(/interpreter needed: Polish/);
  });

  it('Spanish (es-ES): "soy su hija" is a carer, the danger signs in Spanish, "no sé" is not sure', async () => {
    const c = h.conversation({ channelId: 'webchat', locale: 'es-ES' });
    await c.join();
    await c.say('hola');
    const role = await c.say('sí');
    expect(actions(role)).toEqual(['Yo mismo/a', 'Soy cuidador/a', 'Soy profesional sanitario']);
    const menu = await c.say('soy su hija');
    expect(texts(menu).join('\n')).toMatch(/¿En qué puedo ayudarle\?/);
    expect(actions(menu)).toContain('Necesito una enfermera');

    const signs = await c.say('necesito una enfermera');
    expect(texts(signs).join('\n')).toMatch(/Ahora mismo, ¿hay alguna de estas cosas\?/);
    expect(actions(signs)).toEqual(['Sí', 'No', 'No estoy seguro']);
    const next = await c.say('no sé');
    expect(texts(next).join('\n')).toMatch(/nueva hoy/);
    const after = await c.say('no');
    // Not sure about the first group is a clinician's call, whatever the second.
    expect(texts(after).join('\n')).toMatch(/Esto necesita atención urgente/);
    expect(texts(after).join('\n')).toMatch(/¿A qué número pueden devolverle la llamada/);
  });

  it('Spanish (es-ES): "sí" at the danger signs gives the 999 advice in Spanish, then in English', async () => {
    const c = h.conversation({ channelId: 'webchat', locale: 'es-ES' });
    await c.join();
    await c.say('quiero hablar con una enfermera');
    await c.say('Español');
    await c.say('soy el paciente');
    const signs = await c.say('necesito una enfermera');
    expect(actions(signs)).toEqual(['Sí', 'No', 'No estoy seguro']);
    const said = texts(await c.say('sí'));
    const spanish = said.findIndex((t) => /999/.test(t) && /[¿áéíóúñ]/.test(t));
    expect(spanish).toBeGreaterThanOrEqual(0);
    expect(said.slice(spanish + 1).join('\n')).toMatch(/999/);
  });

  it('Urdu (ur-PK): role and danger-sign buttons in Urdu; romanised "main khud", "pata nahi" and "nahi" understood', async () => {
    const c = h.conversation({ channelId: 'webchat', locale: 'ur-PK' });
    await c.join();
    await c.say('salam');
    const role = await c.say('haan');
    expect(actions(role)).toEqual(['میں خود', 'میں دیکھ بھال کرنے والا/والی ہوں', 'میں صحت کا پیشہ ور ہوں']);
    const menu = await c.say('main khud');
    expect(actions(menu)).toContain('مجھے نرس چاہیے');
    const signs = await c.say('mujhe nurse chahiye');
    expect(texts(signs).join('\n')).toMatch(/اس وقت، کیا ان میں سے کچھ ہے؟/);
    expect(actions(signs)).toEqual(['ہاں', 'نہیں', 'معلوم نہیں']);
    expect(signs.filter((a) => a.type === 'message').map((a) => a.locale)).toEqual(['ur', 'en-GB', 'ur', 'en-GB']);
    expect(texts(await c.say('pata nahi')).join('\n')).toMatch(/اور کیا ان میں سے کچھ آج نیا ہے؟/);
    const urgent = texts(await c.say('nahi')).join('\n');
    expect(urgent).toMatch(/مترجم کے ساتھ واپس فون/);
  });
});
