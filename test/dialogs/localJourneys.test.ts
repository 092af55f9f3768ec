import { appointmentModels } from '../../src/appointments/appointmentModels';
import { queueModel } from '../../src/hub/queueModel';
import type { LocalJourney } from '../../src/language/localJourney';
import { actions, createHarness, texts, type Harness } from '../support/dialogHarness';

// Issue 22 item 3: the core journeys in the person's language. The dialogs are the English ones; every message is said
// from content/prompts/locales/<code>.yaml (clinical sentences with their English after them) and answers are read
// with the language's words.
describe('core journeys in other languages', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ now: () => new Date('2026-11-25T12:00:00Z') });
  });
  afterAll(() => h.close());

  it('a Polish patient moves a visit: offered Polish once, then every question, button and date in Polish', async () => {
    const c = h.conversation();
    await c.join();
    const offered = await c.say('Dzień dobry, chcę zmienić wizytę');
    expect(offered[0].locale).toBe('pl');
    expect(texts(offered)[0]).toMatch(/zadzwoń teraz pod 999/);
    expect(actions(offered)).toEqual(['Polski', 'English']);

    // Yes to Polish: the request that led to the offer goes on, in Polish.
    const asked = await c.say('tak');
    expect(texts(asked).join('\n')).toMatch(/Proszę podać numer NHS pacjenta/);
    expect(asked.every((a) => a.locale === 'pl')).toBe(true);
    expect(actions(asked)).toEqual(['Nie znam go']);
    await c.say('9992345675');
    const visits = await c.say('14/03/1939');
    const said = texts(visits).join('\n');
    expect(said).toMatch(/Dziękuję, Edith/);
    // Dates in Polish, by Intl: "piątek, 27 listopada, 09:00–12:00".
    expect(said).toMatch(/piątek, 27 listopada, 09:00–12:00: Community matron home visit/);
    expect(said).toMatch(/Której wizyty to dotyczy\?/);

    // "the second one" in Polish, read by the same recogniser as "the second one".
    const slots = await c.say('ta druga');
    expect(texts(slots).join('\n')).toMatch(/Te terminy wizyty domowej są wolne/);
    const offeredSlots = actions(slots);
    expect(offeredSlots[offeredSlots.length - 1]).toBe('Zostaw moją wizytę');
    expect(offeredSlots[0]).toMatch(/^czwartek, 26 listopada, 09:00–12:00$/);

    const done = texts(await c.say('pierwszy')).join('\n');
    expect(done).toMatch(
      /Gotowe\. Wizyta \(Heart failure nurse home visit\) jest teraz w terminie czwartek, 26 listopada/,
    );
    expect(done).not.toMatch(/[Hh]ow was your experience/);
    const moved = await appointmentModels(h.connection).appointments.findById('appt-edith-2').lean();
    expect(moved!.start.toISOString()).toBe('2026-11-26T09:00:00.000Z');
  });

  // The say-back after a failed match was English only, so in another language every question was asked again
  // (issue 22, i22-p): now what was given is said back in the language and only the wrong detail is given again.
  it('after a failed match a Polish patient hears what they gave, in Polish, and puts one detail right', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('Dzień dobry, chcę zmienić wizytę');
    await c.say('tak');
    await c.say('9992345675');
    const failed = await c.say('15/03/1939');
    const said = texts(failed).join('\n');
    expect(said).toMatch(/te dane się nie zgadzają/);
    expect(said).toMatch(/Mam: data urodzenia 15\/03\/1939, numer NHS kończący się na 675\./);
    expect(said).not.toMatch(/I have|date of birth/);
    expect(failed.every((a) => a.locale === 'pl')).toBe(true);
    // Only the date put right: the record is matched with the NHS number already given.
    expect(texts(await c.say('14/03/1939')).join('\n')).toMatch(/Dziękuję, Edith/);
  });

  // What was given before being asked, said back with what is still needed, was English in every language: a Polish
  // conversation turned English at the name question answered with a date of birth (i22-r). Now the sentence and
  // its list are both in the language, and the say-back with no name given too.
  it('a Polish name question answered with a date of birth and postcode is asked again wholly in Polish', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('Dzień dobry, chcę zmienić wizytę');
    await c.say('tak');
    await c.say('nie wiem');
    const still = await c.say('14/03/1939 SW17 0QT');
    const said = texts(still).join('\n');
    expect(said).toMatch(
      /Dziękuję, mam już: kod pocztowy oraz data urodzenia\. A jak brzmi imię i nazwisko pacjenta\?/,
    );
    expect(said).not.toMatch(/[Tt]he |I have|postcode|date of birth/);
    expect(still.every((a) => a.locale === 'pl')).toBe(true);
    const noName = texts(await c.say('14/03/1939 SW17 0QT Tooting')).join('\n');
    expect(noName).toMatch(/Mam: data urodzenia 14\/03\/1939, kod pocztowy SW17 0QT, ale jeszcze nie mam imienia/);
    expect(noName).not.toMatch(/I have|date of birth|postcode/);
  });

  it('a Spanish date of birth question answered with a postcode names what is in hand in Spanish', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('quiero cambiar mi cita');
    await c.say('sí');
    await c.say('No lo sé');
    await c.say('Arthur Bennett');
    const said = texts(await c.say('SW18 2PU')).join('\n');
    expect(said).toMatch(/Gracias, ya tengo: nombre y código postal\. Para comprobar quién es usted/);
    expect(said).not.toMatch(/[Tt]he |I have|postcode/);
  });

  // A language whose file lacks the sentence says it in English, and then its list is English too: never "I have
  // kod pocztowy" (the merge of i17-r and i22-p had sent "I have data urodzenia …" in the say-back after a miss).
  it("a sentence the language's file lacks is said in English with an English list, never half and half", async () => {
    const messages = (h.bot as unknown as { local: LocalJourney }).local.catalogue.get('pl')!.content.messages;
    const { askNameStill } = messages;
    delete messages.askNameStill;
    try {
      const c = h.conversation();
      await c.join();
      await c.say('Dzień dobry, chcę zmienić wizytę');
      await c.say('tak');
      await c.say('nie wiem');
      const said = texts(await c.say('14/03/1939 SW17 0QT')).join('\n');
      expect(said).toMatch(/Thank you, I have the postcode and date of birth\. And your full name\?/);
      expect(said).not.toMatch(/kod pocztowy|data urodzenia|oraz/);
    } finally {
      messages.askNameStill = askNameStill;
    }
  });

  it('a Spanish patient moves a visit with a button and keeps to Spanish; "no" to the offer keeps English', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('quiero cambiar mi cita');
    const asked = await c.say('Español');
    expect(texts(asked).join('\n')).toMatch(/¿Cuál es el número del NHS del paciente/);
    await c.say('999 345 6780');
    const visits = await c.say('02/11/1945');
    expect(texts(visits).join('\n')).toMatch(/Próximas visitas:/);
    const choices = actions(visits);
    const slots = await c.say(choices[0]);
    expect(texts(slots).join('\n')).toMatch(/Estas horas están libres para una visita a domicilio/);
    const kept = texts(await c.say('Mantener mi visita')).join('\n');
    expect(kept).toMatch(/De acuerdo, no he cambiado nada/);

    // A tapped button in Spanish is read as the English one: "No lo sé" to the NHS number asks for the name.
    const other = h.conversation();
    await other.join();
    await other.say('quiero cambiar mi cita');
    await other.say('sí');
    expect(texts(await other.say('No lo sé')).join('\n')).toMatch(/¿Cuál es el nombre completo del paciente\?/);

    const english = h.conversation();
    await english.join();
    await english.say('quiero cambiar mi cita');
    const refused = texts(await english.say('no')).join('\n');
    expect(refused).not.toMatch(/¿|Continue in/);
  });

  it('an Urdu carer asks for a nurse: role, danger signs and call-back in Urdu, queued "interpreter needed: Urdu"', async () => {
    const c = h.conversation();
    await c.join();
    const offered = await c.say('السلام علیکم');
    expect(offered[0].locale).toBe('ur');
    const role = await c.say('جی ہاں');
    expect(texts(role).join('\n')).toMatch(/کیا آپ اپنی دیکھ بھال کے بارے میں رابطہ کر رہے ہیں/);
    expect(actions(role)).toEqual(['میں خود', 'میں دیکھ بھال کرنے والا/والی ہوں', 'میں صحت کا پیشہ ور ہوں']);
    const menu = await c.say('میں امی کی دیکھ بھال کرتی ہوں');
    expect(actions(menu)).toContain('مجھے نرس چاہیے');

    const first = await c.say('مجھے نرس چاہیے');
    const firstSaid = texts(first);
    // The danger-sign question in Urdu, then in English (hazard H68's control), the buttons with the English.
    const question = firstSaid.findIndex((t) => t.startsWith('اس وقت، کیا ان میں سے کچھ ہے؟'));
    expect(question).toBeGreaterThanOrEqual(0);
    expect(firstSaid[question + 1]).toMatch(/^Right now, is there any of these\?/);
    expect(first[question].locale).toBe('ur');
    expect(first[question + 1].locale).toBe('en-GB');
    expect(actions(first)).toEqual(['ہاں', 'نہیں', 'معلوم نہیں']);

    expect(texts(await c.say('نہیں')).join('\n')).toMatch(/اور کیا ان میں سے کچھ آج نیا ہے؟/);
    expect(texts(await c.say('nahi')).join('\n')).toMatch(/اب اپنے الفاظ میں بتائیں کہ کیا مسئلہ ہے/);
    const callback = await c.say('امی کو دو دن سے بخار ہے');
    expect(texts(callback).join('\n')).toMatch(/وہ آپ کو کس نمبر پر مترجم کے ساتھ واپس فون کریں؟/);
    const done = await c.say('07700 900456');
    expect(texts(done).join('\n')).toMatch(/مترجم کے ساتھ آپ سے رابطہ کریں گے/);

    const items = await queueModel(h.connection)
      .find({ 'conversation.conversationId': c.id, 'summary.answers.reason': /interpreter needed: Urdu/ })
      .lean();
    expect(items).toHaveLength(1);
    expect(items[0].summary.contact.role).toBe('carer');
    expect(items[0].summary.callbackNumber).toBe('07700900456');
  });

  it('what the journeys cannot follow goes to an interpreter in the language, never "I didn\'t understand"', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('Dzień dobry');
    await c.say('Polski');
    const replies = await c.say('mam pytanie o rachunek za parking');
    const said = texts(replies).join('\n');
    expect(said).toMatch(/Jeśli to nagły wypadek, zadzwoń teraz pod 999/);
    expect(said).toMatch(/Polish interpreter/);
    expect(said).not.toMatch(/didn.t understand|another way/);
  });

  it('the 999 screen still runs first in a conversation in another language', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('hola');
    await c.say('sí');
    const replies = await c.say('mi marido no respira');
    expect(texts(replies)[0]).toMatch(/Llame ahora al 999/);
  });
});
