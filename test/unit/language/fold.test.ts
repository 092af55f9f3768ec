import { loadLanguages } from '../../../src/intents/language/languages';
import { tokenise } from '../../../src/intents/language/localeScreen';

const read = (text: string) => tokenise(loadLanguages().fold(text));

describe('folding a message before the screens in other languages read it', () => {
  it.each([
    ['Urdu typed on an Arabic keyboard', 'بهائی نهین', 'بھائی نہیں'],
    ['Gurmukhi tippi for bindi, addak and nukta left out', 'ਨਹੀਂ ਬਚਾ ਸਾਹ', 'ਨਹੀੰ ਬੱਚਾ ਸ਼ਾਹ'],
    ['Bengali chandrabindu left out', 'কাপছে', 'কাঁপছে'],
    ['Gujarati chandrabindu for anusvara', 'હં', 'હઁ'],
    ['Arabic alef forms, ta marbuta, alef maksura, tatweel', 'الم مغمی علیه', 'ٱلم مُغمى عليـــة'],
  ])('%s reads as one', (_why, plain, variant) => {
    expect(read(variant)).toEqual(read(plain));
  });

  it('drops zero-width joiners inside a word rather than splitting it in two', () => {
    expect(read('শ্বা\u200cস র\u200d্যাশ')).toEqual(read('শ্বাস র্যাশ'));
    expect(read('শ্বা\u200cস')).toHaveLength(1);
  });

  it.each([
    ['Gujarati', '૨૦૧૮'],
    ['Bengali', '২০১৮'],
    ['Gurmukhi', '੨੦੧੮'],
    ['Tamil', '௨௦௧௮'],
    ['Arabic', '٢٠١٨'],
    ['Urdu (Extended Arabic-Indic)', '۲۰۱۸'],
    ['Devanagari', '२०१८'],
  ])('reads %s digits as 0–9, so a year is a year to the past cues', (_script, year) => {
    expect(read(year)).toEqual(['2018']);
  });
});
