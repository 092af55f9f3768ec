import { loadLanguages } from '../../../src/intents/language/languages';
import { loadLocaleScreens, singleLetterFold } from '../../../src/intents/language/localeScreen';

// understand() p99 (issue 16): the 14 screens identify the message's language only when their answer can depend on
// it, and what they work out per word is kept. Neither may change what is found.
describe("other languages' screens: work done only when it can matter", () => {
  const screens = loadLocaleScreens();
  const askedFor = (text: string, language = 'en') => {
    const languageOf = jest.fn(() => language);
    const unsure = jest.fn(() => false);
    const read = screens.read(text, languageOf, unsure);
    return { read, asked: languageOf.mock.calls.length + unsure.mock.calls.length };
  };

  it('an English message with no word any screen knows is read without identifying its language', () => {
    const { read, asked } = askedFor('what time is the nurse coming today');
    expect(read).toEqual({ hits: [], findings: [] });
    expect(asked).toBe(0);
  });

  it('a message with an English word the languages borrow still asks, and is read as it was', () => {
    const text = 'abbu ke sar se bohat blood beh raha hai, ruk nahi raha';
    const { read, asked } = askedFor(text, 'ur');
    expect(asked).toBeGreaterThan(0);
    expect(read.hits.some((h) => h.language === 'ur' && h.disposition === 'emergency_999')).toBe(true);
    // The same answers given as plain yes or no, screen by screen, as before the answers were asked lazily.
    const eager = screens.screens.map((s) => s.read(text, s.borrows && s.language === 'ur', s.language === 'ur'));
    const lazy = screens.screens.map((s) =>
      s.read(
        text,
        () => s.borrows && s.language === 'ur',
        () => s.language === 'ur',
      ),
    );
    expect(lazy).toEqual(eager);
  });

  it('reads a message the same the second time, from what it kept per word', () => {
    const text = 'mi padre no puede respirar y tiene los labios azules';
    const first = screens.read(text, () => 'es');
    expect(first.hits.some((h) => h.language === 'es')).toBe(true);
    expect(screens.read(text, () => 'es')).toEqual(first);
  });

  it('the screens for romanised spelling fold with one function, so they tokenise a message once between them', () => {
    const fold = singleLetterFold(loadLanguages());
    expect(singleLetterFold(loadLanguages())).toBe(fold);
    expect(fold('Thorakkala AANKHEN @chest')).toBe('thorakala ankhen @chest');
  });
});
