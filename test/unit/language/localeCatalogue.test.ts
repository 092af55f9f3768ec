import { DialogPrompts } from '../../../src/content/dialogPrompts';
import { loadCorePrompts } from '../../../src/content/prompts';
import { loadLanguages } from '../../../src/intents/language/languages';
import {
  checkLocale,
  LocaleCatalogue,
  readJourneys,
  readLocaleFile,
  type EnglishCatalogue,
} from '../../../src/language/localeCatalogue';
import { LocalJourney } from '../../../src/language/localJourney';
import { loadAssessmentContent } from '../../../src/triage/assessment/assessmentContent';
import { loadFftContent } from '../../../src/dialogs/friendsAndFamilyTest';

// Issue 22 item 3: every served language has its core journeys, each file checked against the English it translates.
const dangerSigns = loadAssessmentContent().dangerSigns;
const english: EnglishCatalogue = {
  messages: { ...DialogPrompts.load().all(), ...loadCorePrompts() },
  dangerSignGroups: dangerSigns.groups.map((g) => g.id),
};
const codes = [...loadLanguages().byCode.keys()];
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map(([, name]) => name).sort();

describe('the core journeys in each language (content/prompts/locales)', () => {
  const journeys = readJourneys();

  it('has a file for every served language, all of them loaded at start-up', () => {
    expect(LocaleCatalogue.load(english).codes().sort()).toEqual([...codes].sort());
  });

  it.each(codes)(
    '%s: every core-journey message or a declared English fallback, every label, danger sign and status',
    (code) => {
      const content = readLocaleFile(code);
      expect(content.translation.status).toBe('machine');
      for (const key of journeys.journeyKeys) {
        expect([key, !!content.messages[key] || content.englishFallback.includes(key)]).toEqual([key, true]);
      }
      for (const label of journeys.journeyLabels)
        expect([label, content.labels[label]]).toEqual([label, expect.any(String)]);
      for (const id of english.dangerSignGroups) {
        expect(content.dangerSigns.groups[id]).toMatchObject({ text: expect.any(String), yes: expect.any(Object) });
        expect(content.dangerSigns.groups[id].yes!.text).toMatch(/999/);
      }
      // Every file says what review it still needs before clinical use, and has the phone's and the FFT's lines.
      expect(content.translation.reviewNeeded).toMatch(/qualified translator/);
      expect(content.phone.noSpeech).toEqual(expect.any(String));
      expect(content.fft.question.text).toEqual(expect.any(String));
      // A button's words name one English label, so a tap is read as the button it was: new labels share no words
      // with another label (the older "not sure" and "I don't know it" pairs are the same answer).
      const labels = Object.entries(content.labels).filter(([en]) => journeys.journeyLabels.slice(10).includes(en));
      for (const [en, local] of labels) {
        const same = Object.entries(content.labels).filter(([other, l]) => other !== en && l === local);
        expect([en, same]).toEqual([en, []]);
      }
      // The identity check's sentences that say back what was given have that list in the language too (i22-r).
      expect(content.identityGivenList).toMatchObject({ list: expect.stringContaining('{parts}') });
      // A fallback is for a message not yet translated, not one that is: no key is both.
      expect(content.englishFallback.filter((k) => content.messages[k])).toEqual([]);
    },
  );

  it.each(codes)('%s: only the placeholders its English sentence has (or the declared extras)', (code) => {
    const content = readLocaleFile(code);
    for (const [key, message] of Object.entries(content.messages)) {
      const source = english.messages[key];
      const allowed = new Set([
        ...placeholders(source.text),
        ...placeholders(source.speak),
        ...(journeys.extraPlaceholders[key] ?? []),
      ]);
      for (const name of [
        ...placeholders(message.text),
        ...placeholders(message.speak),
        ...placeholders(message.sms ?? ''),
      ])
        expect([code, key, name, allowed.has(name)]).toEqual([code, key, name, true]);
      // A texter's shorter form never drops the 999 its full sentence gives.
      if (message.sms && message.text.includes('999'))
        expect([code, key, message.sms]).toEqual([code, key, expect.stringContaining('999')]);
    }
    for (const [id, group] of Object.entries(content.dangerSigns.groups))
      if (group.yes?.sms) expect([code, id, group.yes.sms]).toEqual([code, id, expect.stringContaining('999')]);
    // Every 999 sentence keeps the number, and the offer its 999 advice.
    expect(content.offer.text).toMatch(/999/);
  });

  it('refuses a file with a placeholder its English does not have, or a core message neither translated nor declared', () => {
    const content = readLocaleFile('pl');
    const badValue = {
      ...content,
      messages: { ...content.messages, askName: { text: 'Imię {nhsNumber}?', speak: 'Imię?' } },
    };
    expect(() => checkLocale('pl.yaml', badValue, english, journeys)).toThrow(/askName.text: \{nhsNumber\}/);
    const missing = {
      ...content,
      messages: Object.fromEntries(Object.entries(content.messages).filter(([key]) => key !== 'askName')),
    };
    expect(() => checkLocale('pl.yaml', missing, english, journeys)).toThrow(/messages.askName: missing/);
    expect(() => checkLocale('pl.yaml', { ...missing, englishFallback: ['askName'] }, english, journeys)).not.toThrow();
    // A sentence saying {given} in the language with the list of what was given in English would be half and half.
    const noList = { ...content, identityGivenList: undefined };
    expect(() => checkLocale('pl.yaml', noList, english, journeys)).toThrow(
      /identityGivenList: missing \(.*askNameStill/,
    );
    const unknown = { ...content, messages: { ...content.messages, noSuchMessage: { text: 'x', speak: 'x' } } };
    expect(() => checkLocale('pl.yaml', unknown, english, journeys)).toThrow(/noSuchMessage: no such English message/);
  });
});

describe('requests and the offer in the language', () => {
  const local = new LocalJourney(english, dangerSigns, loadFftContent());
  const pl = local.catalogue.get('pl')!;
  const es = local.catalogue.get('es')!;

  it.each([
    ['Chciałabym przełożyć wizytę na inny dzień', 'visitChange', pl],
    ['chce odwolac jutrzejsza wizyte', 'visitCancel', pl],
    ['Kiedy przyjdzie pielęgniarka do taty?', 'nurse', pl],
    ['o której jest moja wizyta', 'visitQuery', pl],
    ['¿Puedo cancelar la cita del martes?', 'visitCancel', es],
    ['necesito cambiar la cita a otro día', 'visitChange', es],
    ['mi padre necesita una enfermera', 'nurse', es],
    // The referral, enquiry, safeguarding and feedback journeys (issue 22, H79).
    ['Quiero hacer una derivación para mi vecina', 'referral', es],
    ['¿Cuál es el horario de atención?', 'enquiry', es],
    ['Su hijo la maltrata y le quita el dinero', 'safeguarding', es],
    ['Quiero poner una queja sobre la enfermera', 'feedback', es],
    ['Chcę złożyć skargę', 'feedback', pl],
    ['Sąsiad bije mnie i zabiera pieniądze mamie', 'safeguarding', pl],
    ['Chciałabym skierowanie dla mamy', 'referral', pl],
    ['Jakie są godziny otwarcia?', 'enquiry', pl],
  ] as const)('"%s" asks for %s', (text, request, locale) => {
    expect(local.requestOf(text, locale)).toBe(request);
  });

  it.each([
    ['Dziękuję bardzo', pl],
    ['mam pytanie o parking', pl],
    ['¿Dónde está el baño?', es],
    // A visit's time is the visit, not the service's opening hours; a racing heart is not a beating.
    ['Serce mi szybko bije', pl],
  ] as const)('"%s" asks for nothing the journeys do: the interpreter route', (text, locale) => {
    expect(local.requestOf(text, locale)).toBeUndefined();
  });

  it('offers a language for a message written in it, not for English or an unsure guess', () => {
    expect(local.toOffer('Dzień dobry, mam pytanie o wizytę pielęgniarki', undefined)?.language.code).toBe('pl');
    expect(local.toOffer('Hello, I need to change my visit please', 'pl-PL')).toBeUndefined();
    // "Hola" alone is an unsure guess: offered when the browser's language agrees, not otherwise.
    expect(local.toOffer('Hola', 'es-ES')?.language.code).toBe('es');
    expect(local.toOffer('Hola', undefined)).toBeUndefined();
  });

  it('takes the language by its name or a yes in it, and keeps English on "English", a no or English words', () => {
    expect(local.accepts('Polski', pl)).toBe(true);
    expect(local.accepts('tak', pl)).toBe(true);
    expect(local.accepts('tak, proszę', pl)).toBe(true);
    expect(local.accepts('English', pl)).toBe(false);
    expect(local.accepts('nie', pl)).toBe(false);
    expect(local.accepts('no thanks, English is fine', pl)).toBe(false);
  });
});
