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

  // Round t: kinds the spent sets L and M showed missed (hazards H257–H261). Our own sentences, written to each kind.
  describe('emergencies told by their preparations, their signs together or a dialect verb (H257–H259)', () => {
    it.each([
      // A fit told by its length, in Polish (epilepsy named, the attack still going on) and Egyptian Arabizi.
      ['pl', 'córka ma padaczkę, napad trwa już ponad 5 minut'],
      ['ar', 'benti gatha tashanogat w gesmaha kolo beyntefed'],
      // A goodbye sent, then no answer; a jump from a balcony.
      ['pl', 'siostra napisała że to koniec, zostawiła mi klucze, teraz nie odbiera'],
      ['ro', 'sunt pe balconul de la etajul 10 si vreau sa sar'],
      // Suicide plans told by their preparations (things gathered, a goodbye to everyone, cannot go on).
      ['ar', 'ma ba2a fini, jama3t kel el dawa w ma bade 3eesh'],
      ['ar', 'ما بقى فيني، جمعت كل الحبوب قدامي'],
      ['bn', 'ar bachte iccha kore na, shob oshud joma kore rekhechi'],
      ['ta', 'இனிமே வாழ முடியாது, எல்லா மாத்திரையும் சேர்த்து வச்சிருக்கேன்'],
      ['ur', 'ammi ne sab ko allah hafiz keh diya, saari dawaiyan ek jagah rakh li hain'],
      // Egyptian "mouth crooked" and speech not understood; Egyptian Arabizi g for ج in chest pain.
      ['ar', 'امي بقها اتعوج فجأة وكلامها مش مفهوم'],
      ['ar', 'abouya 3ando waga3 gamed fi sedro'],
      // No answer when called, eyes not opening, a face gone white or grey (Sylheti, Tamil, Somali).
      ['bn', 'বাবা ডাকলে সাড়া দেয় না, চোখ খোলে না'],
      ['bn', 'dadi beush hoye geche, dakle jawab dey na'],
      ['ta', 'அப்பா எழும்புறார் இல்லை, தட்டினாலும் ஒண்டும் இல்லை'],
      ['ta', 'thatha kitta pesuna reply illa, mugam vellai aayiduchu'],
      ['so', 'aabbahay wejigiisu wuu cawlaaday, markaan u yeero ma jawaabo'],
      // Choking: swallowed with no cough and turning blue (Urdu), Mexican "se le atoró".
      ['ur', 'baccha kuch nigal gaya, khans bhi nahi pa raha, rang neela pad raha'],
      ['es', 'al niño se le atoró un dulce y no le sale aire'],
      ['es', 'no hay manera de despertarla, está sudando mucho'],
      // Gujarati blood in a stream soaking a towel.
      ['gu', 'પગમાંથી લોહીની ધાર વહે છે, ટુવાલ ભીનો થઈ ગયો'],
    ])('%s: "%s" is 999', (_lang, text) => expect(disposition(text)).toBe('emergency_999'));
  });

  describe('past, supposed and figurative, and the twins that stay 999 (H260, H261)', () => {
    it.each([
      // Supposed: "if … how do I use the EpiPen", a Turkish conditional, Arabizi "law … a3mel eh".
      ['ur', 'agar abbu ko phir se allergy ho aur gala band hone lage to EpiPen kaise lagana hai?'],
      ['tr', 'oglum tekrar kriz gecirirse ne yapmaliyim?'],
      ['ar', 'law benti gatha tashanogat tani a3mel eh?'],
      // Past: Egyptian "من سنتين", Tamil "last year" told first, over its whole clause; Somali "did not happen".
      ['ar', 'ابويا جاتله جلطة في المخ من سنتين ومحتاج الدوا'],
      ['ta', 'போன வருஷம் ஊசி போட்டதும் அலர்ஜி ஆகி மூச்சு திணறுச்சு, நர்ஸ் கிட்ட சொல்லுங்க'],
      ['so', 'Hooyaday qallal kuma dhicin, kaliya daawada ayaa dhammaatay'],
      // Figurative: stuffy air, a score or a price that "gave me a heart attack", laughter in Bengali letters.
      ['it', 'fa un caldo qui, non si respira'],
      ['ta', 'score பாத்து எனக்கு heart attack வந்துடுச்சு'],
      ['bn', 'দাম দেইখা আমার হার্ট এটাক হওয়ার অবস্থা হাহা'],
      // Romanised Panjabi with English words is Panjabi, so its own "koi … nahi" applies.
      ['pa', 'koi chest pain nahi ji, bas mummy di nurse wali visit di thaan kal karni aa'],
      // A phone unanswered, a floor someone lives on, an attack that lasted and ended.
      ['bn', 'ma ke phone korchi, kono jawab dey na'],
      ['ro', 'stau la etajul 4, nu mai pot urca scarile'],
      ['pl', 'mama nie odbiera telefonu, martwię się'],
      ['pl', 'syn ma padaczkę, wczoraj atak trwał 2 minuty'],
    ])('%s: "%s" is not 999', (_lang, text) => expect(disposition(text)).not.toBe('emergency_999'));

    it.each([
      ['tr', 'oglum su an havale geciriyor, ne yapmaliyim?'],
      ['ar', 'ibni gatlo tashanogat dlwa2ty, a3mel eh?'],
      ['ar', 'ابويا جاتله جلطة في المخ من ساعتين'],
      ['it', 'mio padre non respira'],
      ['so', 'Hooyaday qallal ayaa ku dhacay hadda'],
      // "Like last year" compares; it does not date what is happening now.
      ['ta', 'போன வருஷம் மாதிரியே அப்பாவுக்கு இப்போ நெஞ்சு வலி'],
      ['pa', 'papa nu chest pain ho reha aa, pasina aa reha'],
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
