import { skeleton, skeletonWord } from '../../../src/intents/language/arabizi';
import { loadLocaleScreens } from '../../../src/intents/language/localeScreen';

describe('Arabizi read as consonant skeletons', () => {
  it.each([
    ['yetnafas', 'يتنفس'],
    ['nazeef', 'نزيف'],
    ['wijhu', 'وجهه'],
    ['sadri', 'صدري'],
    ['wa2af', 'وقف'],
    ['ma7al', 'محل'],
  ])('"%s" and "%s" are the same skeleton', (latin, arabic) => {
    expect(skeletonWord(latin)).toBe(skeletonWord(arabic));
  });

  it('keeps class names, regex escapes and bare numbers of a cue pattern', () => {
    expect(skeleton('@not @breathe')).toBe('@not @breathe');
    expect(skeleton('sanet (19|20)\\d\\d')).toBe('snt (19|20)\\d\\d');
  });

  const screens = loadLocaleScreens();
  const arabic = (text: string, unsure = false) =>
    screens.read(
      text,
      () => (unsure ? 'und' : 'ar'),
      () => unsure,
    ).hits;

  // "tinzif" (she is bleeding) is in the lexicon only in Arabic script (تنزف / نزف).
  it('reads an Arabizi word the lexicon lists only in Arabic script', () => {
    expect(arabic('ukhti 3am tinzif kteer')[0]).toMatchObject({ disposition: 'emergency_999', language: 'ar' });
  });

  it("keeps the file's Arabizi negation: no blood is not bleeding", () => {
    expect(arabic('ma fi dam abadan, bas jir7 zghir').filter((h) => h.disposition === 'emergency_999')).toEqual([]);
  });

  it('never reads a one- or two-letter skeleton alone as a finding in another language ("panni" is not an EpiPen)', () => {
    expect(arabic('indha phone queue la wait panni saagaren', true)).toEqual([]);
  });

  it('never reads another language\'s words as the file\'s own Arabizi spellings (Romanian "noaptea" is not "nawbet")', () => {
    expect(arabic('nu are febra, doar tuseste noaptea', true)).toEqual([]);
  });

  it('reads a message with Arabic script as Arabic only, with its own cues', () => {
    expect(arabic('إذا صار معه حساسية مرة ثانية شو لازم نعمل؟ عنده epipen')).toEqual([]);
  });
});
