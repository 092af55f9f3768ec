import { LanguageIdentifier } from '../../../src/intents/language/identify';

// Our own examples (the implementer's), not a blind set.
describe('language identification', () => {
  const id = new LanguageIdentifier();
  it.each([
    ['mi madre no puede respirar', 'es'],
    ['mój mąż nie oddycha', 'pl'],
    ['soțul meu nu respiră', 'ro'],
    ['o meu pai desmaiou e não acorda', 'pt'],
    ['kocam nefes almıyor', 'tr'],
    ['mano vyras nekvėpuoja', 'lt'],
    ['mio marito non respira', 'it'],
    ['ਮੇਰੇ ਪਤੀ ਸਾਹ ਨਹੀਂ ਲੈ ਰਹੇ', 'pa'],
    ['আমার স্বামী শ্বাস নিচ্ছে না', 'bn'],
    ['મારા પતિ શ્વાસ નથી લેતા', 'gu'],
    ['என் கணவர் மூச்சு விடவில்லை', 'ta'],
    ['میرے شوہر سانس نہیں لے رہے', 'ur'],
    ['زوجي لا يتنفس', 'ar'],
    ['waxaan u baahanahay kalkaaliso', 'so'],
    ['my husband is not breathing', 'en'],
  ])('%s is %s', (text, code) => {
    expect(id.identify(text).code).toBe(code);
  });

  it('marks served languages, and not English', () => {
    expect(id.identify('necesito una enfermera')).toMatchObject({ code: 'es', served: true });
    expect(id.identify('I need a nurse please')).toMatchObject({ code: 'en', served: false });
  });

  it("takes the browser's language when the text gives nothing to go on", () => {
    expect(id.identify('999', 'pl-PL')).toMatchObject({ code: 'pl', served: true, by: 'locale' });
    expect(id.identify('999')).toMatchObject({ code: 'und', served: false });
  });

  it('knows romanised Urdu, Panjabi, Gujarati, Bengali and Tamil by two of their common words', () => {
    expect(id.identify('mara papa ne gaya varshe heart attack aavyo hato')).toMatchObject({
      code: 'gu',
      by: 'markers',
    });
    expect(id.identify('abbu ko bahut tez bukhar hai, kya karna chahiye')).toMatchObject({ code: 'ur' });
    expect(id.identify('mainu dawai chahidi, kithe milegi')).toMatchObject({ code: 'pa' });
    expect(id.identify('amar mayer kichu dorkar, ekhon ki korbo')).toMatchObject({ code: 'bn' });
    expect(id.identify('enakku romba kaichal, enna pannanum')).toMatchObject({ code: 'ta' });
    // The past and the "now" of an old stroke or heart attack told in English words: without them the message is
    // English, and the sentence's own past ("2015 e", "2019la") is never read.
    expect(id.identify('nani 2015 e heart attack korechilen, physio lagbe')).toMatchObject({ code: 'bn' });
    expect(id.identify('chacha ji hun ghar aa gaye, dressing karvauni')).toMatchObject({ code: 'pa' });
    expect(id.identify('thatha ku heart attack vanthuduchu paathathum')).toMatchObject({ code: 'ta' });
    // Panjabi with many English words, told by "thaan" and "aa" (H261): it was English, and "koi … nahi" unread.
    expect(id.identify('koi chest pain nahi ji, bas nurse di visit kal di thaan parso karni aa')).toMatchObject({
      code: 'pa',
    });
    // One such word inside English is still English.
    expect(id.identify('can I have a chai while I wait for the nurse')).toMatchObject({ code: 'en' });
    expect(id.identify('my dad had a heart attack last year and needs a review')).toMatchObject({ code: 'en' });
    expect(id.identify('the AA meeting is in the hall, can the nurse come after')).toMatchObject({ code: 'en' });
  });

  it('does not read the names in markup as a language', () => {
    expect(id.identify('<script>alert(1)</script>')).not.toMatchObject({ served: true, reliable: true });
    expect(id.identify('<b>mój mąż nie oddycha</b>')).toMatchObject({ code: 'pl', served: true });
  });

  it('tells a language we do not serve from one we do', () => {
    expect(id.identify('mein Mann atmet nicht mehr')).toMatchObject({ code: 'de', served: false });
  });
});
