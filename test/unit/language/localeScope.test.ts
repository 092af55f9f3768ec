import { loadLocaleScreens } from '../../../src/intents/language/localeScreen';
import { ContextReader } from '../../../src/intents/findings/context';
import { createUnderstander } from '../../../src/intents';

// Issue 22, round p: how far a cue reaches in other languages (hazards H210, H211, H212). Our own sentences, written
// to the kinds of fault found in the spent multilingual sets, not copied from them.
describe('cue scope in other languages', () => {
  const screens = loadLocaleScreens();
  const emergency = (lang: string, text: string) =>
    screens.read(text, () => lang).hits.some((h) => h.disposition === 'emergency_999');

  describe('a verb-final "not" governs its own clause, not an earlier finding (H210)', () => {
    it.each([
      ['pa', 'bapu ji saah nahi aa reha chaati hil hi nahi rahi'],
      ['pa', 'bebe nu saah nahi aunda lagda hath vi hil nahi rahe'],
      ['ur', 'ammi saans nahi le rahi hain chehra bhi hil nahi raha'],
    ])('%s: "%s" is 999', (lang, text) => expect(emergency(lang, text)).toBe(true));

    it.each([
      // The negation right after the finding is still its own: a double negative over the same clause.
      ['bn', 'দাদুর জ্ঞান নেই এমন কখনো হয়নি, শুধু ঘুম বেশি'],
      ['ur', 'seene mein dard nahi hai'],
    ])('%s: "%s" is not 999', (lang, text) => expect(emergency(lang, text)).toBe(false));

    it('a later post-negation reaches back over words that are not another negation', () => {
      const reader = new ContextReader(
        {
          review: { owner: 'x', approvedBy: 'x', approvedOn: '2026-12-07', reviewDue: '2027-01-07' },
          window: 6,
          modifiers: {
            negated: { pre: [], post: ['nahi'] },
            hypothetical: { pre: [], post: [] },
            historical: { pre: [], post: [] },
            otherPerson: { pre: [], post: [] },
          },
          pseudo: [],
          actual: [],
          naming: [],
          figurative: [],
          nobodyUnwell: [],
          recovered: [],
          termination: ['aur'],
          clauseBreaks: [],
        },
        'a-z0-9',
      );
      const tokens = 'saah nahi aa reha chaati hil hi nahi rahi'.split(' ');
      const context = reader.read(tokens);
      // "saah nahi" (0, 1): the second "nahi" (7) stops at the first.
      expect(context.modifiersOf([0, 1])).toEqual([]);
      expect(context.modifiersOf([4])).toEqual(['negated']);
      // With no earlier negation, the same cue still reaches back its whole window.
      expect(reader.read('dard chaati hil hi nahi rahi'.split(' ')).modifiersOf([0])).toEqual(['negated']);
    });
  });

  describe('"what do we do?" closes a supposition after an "if", and alone is a plea for help (H210)', () => {
    it.each([
      ['ro', 'tata nu respiră, ce facem?'],
      ['ro', 'mama nu mai respira ce facem'],
      ['pt', 'o meu pai não respira, o que faço?'],
      ['es', 'mi padre no respira qué hago'],
      ['es', 'sí, no respira, qué hago'],
      ['it', 'mio padre non respira, cosa faccio?'],
      ['ur', 'abbu saans nahi le rahe kya karein'],
      ['tr', 'babam nefes almıyor ne yapmalıyım'],
    ])('%s: "%s" is 999', (lang, text) => expect(emergency(lang, text)).toBe(true));

    it.each([
      // The supposition reaches over commas to the question that closes it.
      ['ro', 'dacă bunica are din nou o criză, cu buzele umflate, sufocată, ce facem?'],
      ['es', 'si a mi padre le vuelve a doler el pecho como el año pasado, qué hago? es para saber'],
      ['pt', 'se o meu pai deixar de respirar, com os lábios roxos, o que faço?'],
    ])('%s: "%s" is not 999', (lang, text) => expect(emergency(lang, text)).toBe(false));

    it('a "but" between the "if" and the question ends the supposition', () => {
      expect(emergency('ro', 'dacă vine asistenta mâine bine, dar acum tata nu respiră, ce facem?')).toBe(true);
    });
  });

  describe('romanised endings (H210)', () => {
    it.each([
      ['ur', 'abbu ke seenay mein bohat dard hai aur paseena aa raha hai'],
      ['ur', 'ammi ke seeney mein dard hai'],
      ['pa', 'papa de seenay vich dard hai'],
    ])('%s: "%s" is 999', (lang, text) => expect(emergency(lang, text)).toBe(true));

    it('a past chest pain spelt the same way stays past', () => {
      expect(emergency('ur', 'do saal pehlay seenay mein dard hua tha')).toBe(false);
    });
  });
});

describe('a letter left or a set time with "cannot go on" (H211)', () => {
  const understander = createUnderstander();
  it.each(['não aguento mais, deixei uma carta para os meus filhos', 'nao aguento mais, hoje acaba tudo'])(
    '"%s" is 999 with the suicide message in Portuguese',
    (text) => {
      const u = understander.understand(text);
      expect(u.disposition).toBe('emergency_999');
      expect(u.redFlags[0].id).toBe('suicide_plan_farewell');
    },
  );
  it('"cannot go on" alone is not 999', () => {
    expect(understander.understand('não aguento mais, estou tão cansada de cuidar dele').disposition).not.toBe(
      'emergency_999',
    );
  });
});

describe('a blocked catheter in other languages is an urgent 2-hour response (H212)', () => {
  const screens = loadLocaleScreens();
  it.each([
    ['tr', 'babamın kateteri tıkandı, torbaya hiç idrar gelmiyor'],
    ['pl', 'mamie zatkał się cewnik'],
    ['ro', 'sonda urinara a tatalui s-a blocat'],
    ['pt', 'a algália do meu pai está entupida'],
    ['es', 'la sonda de mi madre está tapada'],
    ['it', 'il catetere di mio padre è bloccato'],
    ['lt', 'tėčio kateteris užsikimšo'],
    ['ar', 'القسطرة مسدودة عند أبي'],
    ['ur', 'abbu ka catheter band ho gaya hai'],
    ['pa', 'bapu da catheter band ho gaya'],
  ])('%s: "%s" → urgent_2h, with its message in that language', (lang, text) => {
    const hit = screens.read(text, () => lang).hits[0];
    expect([hit?.id, hit?.disposition, hit?.language]).toEqual(['blocked_catheter', 'urgent_2h', lang]);
    expect(hit.message.split('\n\n')[1]).toMatch(/blocked catheter/);
  });
  it('a catheter that is fine is nothing', () => {
    expect(screens.read('kateter iyi çalışıyor, sadece randevu soracaktım', () => 'tr').hits).toEqual([]);
  });
});

describe('"it does not hurt" and "fine today" in the language (H210)', () => {
  const screens = loadLocaleScreens();
  const emergency = (lang: string, text: string) =>
    screens.read(text, () => lang).hits.some((h) => h.disposition === 'emergency_999');
  it.each([
    ['es', 'mi padre tiene tos, no le duele el pecho'],
    ['pt', 'a minha mãe tem tosse mas não lhe dói o peito'],
    ['it', 'mio padre ha la tosse, non gli fa male il petto'],
    ['pt', 'o meu pai desmaiou ontem na cozinha e hoje está bem'],
    ['es', 'mi abuelo se desmayó ayer en el baño pero hoy está bien'],
    ['lt', 'senelis vakar užspringo, dabar viskas ok'],
  ])('%s: "%s" is not 999', (lang, text) => expect(emergency(lang, text)).toBe(false));
  it.each([
    ['es', 'le duele mucho el pecho, no le duele la cabeza'],
    ['pt', 'dói muito o peito e não consegue respirar'],
    ['it', 'a mio padre fa male il petto, non gli fa male la testa'],
  ])('%s: "%s" is still 999', (lang, text) => expect(emergency(lang, text)).toBe(true));
});
