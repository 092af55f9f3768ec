import { createUnderstander } from '../../../src/intents';
import { LanguageIdentifier } from '../../../src/intents/language/identify';

// Issue 22, round q: kinds of language the spent multilingual sets I–K showed the screens missing or misreading
// (hazards H226–H229). Our own sentences, written to each kind, not copied from the sets: an emergency, and beside it
// the same words negated, past or figurative.
describe('multilingual screen kinds, round q', () => {
  const understander = createUnderstander();
  const disposition = (text: string) => understander.understand(text).disposition;

  describe('dialect and lay words for the emergencies (H226)', () => {
    it.each([
      // Arabic: eyes rolled up (Levantine possessive -و), "not coming round", Gulf ج for ق (throat), Egyptian
      // "throw myself from the balcony" with "I can't go on", "swollen" and "can't (know how to) breathe".
      ['ar', 'ابني عيونو مقلوبة لفوق وعم يرجف'],
      ['ar', 'بنتي وقعت وما عم توعى'],
      ['ar', 'الولد علقت حبة عنب في حلجه'],
      ['ar', 'صار لونها ازرق وما عم تتنفس منيح'],
      ['ar', 'خلاص مش قادرة اكمل، هرمي نفسي من الشباك'],
      ['ar', 'شفايفه ورمت بعد الفول السوداني ومش عارف يتنفس'],
      ['ar', 'ابوي بلع كل حبوب الضغط وبده يموت'],
      ['ar', 'sitti wesha m3awag w mish 3arfa tetkalam'],
      // Somali: eyes turned up with the verb's particle between.
      ['so', 'wiilkayga indhihiisa kor ayuu u rogay, wuu gariirayaa'],
      // Tamil, romanised: eyes not opening in any spelling.
      ['ta', 'paati vizhundhuttanga, kannu thorakala, moochu mattum irukku'],
      // Urdu and Gujarati romanised: not waking with an emphatic "hi"/"j", no response.
      ['ur', 'abbu uth hi nahi rahe, hila rahe hain'],
      ['gu', 'mummy uthti j nathi, kai response nathi'],
      // Gujarati romanised: "I don't want to live" in either order, with pills gathered.
      ['gu', 'mare have nathi jivvu, badhi goli bhegi kari che'],
      // Bengali romanised fit that does not stop.
      ['bn', 'bhai er mrigi uthche, thamche na'],
      // Italian: "wants to kill himself" with the pronoun first; a sting, swelling everywhere and fainting.
      ['it', 'mia figlia dice che si vuole uccidere'],
      ['it', 'punta da un ape, tutta gonfia e sta per svenire'],
      // Vomiting blood (ro, es, pt, it).
      ['ro', 'mama vomită sânge de azi dimineață'],
      ['es', 'mi padre está vomitando sangre'],
      // Polish: blood pouring, towels soaked.
      ['pl', 'krew leje się z nogi, wszystko przesiąknięte'],
      // Urdu romanised: the bleeding soaks the sheet red; Panjabi: a stone on the chest.
      ['ur', 'zakhm se khoon aa raha hai, chadar puri laal ho gayi'],
      ['pa', 'ਛਾਤੀ ਉੱਤੇ ਪੱਥਰ ਵਰਗਾ ਭਾਰ ਹੈ, ਪਸੀਨਾ ਆ ਰਿਹਾ'],
    ])('%s: "%s" is 999', (_lang, text) => expect(disposition(text)).toBe('emergency_999'));
  });

  describe('negation, past and figures of speech (H227)', () => {
    it.each([
      // Negation by particle or suffix the screen did not scope.
      ['pl', 'nie mam bólu w klatce, mam katar'],
      ['it', 'non ho dolore al petto, solo raffreddore'],
      ['es', 'no está sangrando mucho, solo un poco de la rodilla'],
      ['es', 'le sangró la nariz pero ya paró, ¿qué hago?'],
      ['ta', 'appa mayakkam podala, thala mattum suthudhu'],
      ['ta', 'அப்பா மயக்கம் போடல, கால் மட்டும் வலிக்குது'],
      ['so', 'nabarka way qallalan tahay, goorma la beddelayaa faashada?'],
      // "Without knowing" is not a negation of the finding after it (es, pt, it) — and not an emergency alone.
      ['es', 'sin saber qué hacer, le pregunto por la cita'],
      // Past markers.
      ['bn', 'gelo bochor baba r heart attack hoyechilo, ekhon oshudh lagbe'],
      ['bn', 'dadur age stroke hoyechilo, ekhon prescription dorkar'],
      ['ta', 'ammavukku munnadi stroke vandhuchu, ippo maathirai venum'],
      ['so', 'aabbahay heart attack ayuu qabay sanadkii hore, hadda wuu fiican yahay'],
      ['ar', 'ابني اتخنق بلقمة قبل اسبوع وعدت على خير، بدي موعد'],
      // Figures of speech and someone's aunt.
      ['it', 'questo traffico mi farà venire un infarto prima o poi'],
      ['es', 'qué calor hace, tía'],
      // Nobody answering the phone is not unresponsive.
      ['ar', '7ada ma 3am yrod 3al telefon, baddi maw3ed'],
      // Turkish "did not faint": the Lithuanian screen does not read Turkish letters.
      ['tr', 'babam bayılmadı, sadece düştü ve kalktı'],
      ['ur', 'khoon test ke baad baazu puri laal ho gayi'],
    ])('%s: "%s" is not 999', (_lang, text) => expect(disposition(text)).not.toBe('emergency_999'));

    it.each([
      // The same negatives do not reach a finding they do not govern.
      ['es', 'no está respirando'],
      ['ta', 'appa mayakkam pottu vizhundhutaar'],
      ['bn', 'dosh minute age stroke hoyeche, mukh beke geche'],
      ['ta', 'anju nimisham munnadi stroke vandhuchu'],
      ['es', 'mi tía tuvo un ictus ahora mismo, no puede hablar'],
    ])('%s: "%s" is still 999', (_lang, text) => expect(disposition(text)).toBe('emergency_999'));
  });

  describe('catheter problems in Bengali, Gujarati, Tamil and Somali (H228)', () => {
    it.each([
      ['bn', 'babar catheter bondho hoye geche, bag khali'],
      ['gu', 'mummy nu catheter block thai gayu che, peshab aavto nathi'],
      ['ta', 'appavoda catheter adaichuduchu, urine varala'],
      ['so', 'kateetarka aabbahay waa xiran yahay, kaadi ma socoto'],
    ])('%s: a blocked catheter "%s" is an urgent 2-hour response', (_lang, text) =>
      expect(disposition(text)).toBe('urgent_2h'),
    );

    it.each([
      ['bn', 'মায়ের ক্যাথেটারে রক্ত দেখা যাচ্ছে'],
      ['gu', 'catheter ni bag ma lohi dekhay che'],
      ['ta', 'catheter பையில் ரத்தம் வருது'],
      ['so', 'kiishka kaadida dhiig baa ku jira'],
    ])('%s: blood in the catheter bag "%s" is an urgent 2-hour response', (_lang, text) =>
      expect(disposition(text)).toBe('urgent_2h'),
    );
  });

  describe('language identification (H229)', () => {
    const identifier = new LanguageIdentifier();
    it('Somali with English medical words is Somali, so its own past applies', () =>
      expect(identifier.identify('hooyaday heart attack ayay qabtay sanadkii hore').code).toBe('so'));
    it('romanised Panjabi "if … then" is Panjabi, not Urdu', () =>
      expect(identifier.identify('je oh fer behosh ho gaye taan asi ki kariye').code).toBe('pa'));
  });
});
