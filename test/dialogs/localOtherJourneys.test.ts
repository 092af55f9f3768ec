import { readLocaleFile, type LocaleContent } from '../../src/language/localeCatalogue';
import { actions, createHarness, texts, type Harness } from '../support/dialogHarness';
import { fragmentsOf } from '../support/translated';

// Issue 22 (H79): the referral, enquiry, safeguarding and feedback journeys and the Friends and Family Test in the
// person's language, in Spanish, Polish and Urdu (right to left). What each says is the language's file, by the keys
// the English dialogs render; the answers are the person's own words or the language's buttons.
const LANGUAGES = [
  {
    code: 'es',
    yes: 'sí',
    no: 'no',
    safeguarding: 'Mi vecino maltrata a su madre y le quita el dinero',
    story: 'Su hijo le grita y no le da de comer',
    feedback: 'Quiero poner una queja',
    what: 'La enfermera llegó tres horas tarde',
    enquiry: '¿Cuál es el horario de atención del servicio?',
    referral: 'Quiero hacer una derivación para mi vecina',
    relationship: 'Soy su vecina',
  },
  {
    code: 'pl',
    yes: 'tak',
    no: 'nie',
    safeguarding: 'Mój sąsiad bije mnie i zabiera mi pieniądze',
    story: 'Syn sąsiadki krzyczy na nią i zabiera jej emeryturę',
    feedback: 'Chcę złożyć skargę na usługę',
    what: 'Pielęgniarka przyszła trzy godziny za późno',
    enquiry: 'Jakie są godziny otwarcia waszego centrum?',
    referral: 'Chciałabym skierowanie dla mojej sąsiadki',
    relationship: 'Jestem sąsiadką',
  },
  {
    code: 'ur',
    yes: 'جی ہاں',
    no: 'نہیں',
    safeguarding: 'میرا بیٹا امی کو مارتا ہے اور ان کے پیسے چھین لیتا ہے',
    story: 'وہ ان پر چیختا ہے اور کھانا نہیں دیتا',
    feedback: 'مجھے سروس کے بارے میں شکایت کرنی ہے',
    what: 'نرس تین گھنٹے دیر سے آئی',
    enquiry: 'آپ کے کھلنے کے اوقات کیا ہیں؟',
    referral: 'میں اپنی پڑوسن کا ریفرل کرنا چاہتی ہوں',
    relationship: 'میں ان کی پڑوسن ہوں',
  },
] as const;

describe.each(LANGUAGES)('the other journeys in $code', (lang) => {
  let h: Harness;
  let local: LocaleContent;
  beforeAll(async () => {
    // A Wednesday at noon: the council's safeguarding office is open.
    h = await createHarness({ now: () => new Date('2026-11-25T12:00:00Z') });
    local = readLocaleFile(lang.code);
  });
  afterAll(() => h.close());

  /** A new conversation that has taken the language, the message that led to the offer then acted on. */
  async function inLanguage(opening: string) {
    const c = h.conversation();
    await c.join();
    const offered = await c.say(opening);
    expect(offered[0].locale).toBe(lang.code);
    return { c, first: await c.say(lang.yes) };
  }
  const label = (english: string) => local.labels[english];
  const message = (key: string) => local.messages[key].text;

  it('safeguarding: thanked, asked about danger with its buttons, the story, and who acts next, then in English', async () => {
    const { c, first } = await inLanguage(lang.safeguarding);
    const said = texts(first);
    expect(said).toEqual(expect.arrayContaining([message('safeguardingAck'), message('safeguardingDanger')]));
    expect(actions(first)).toEqual([label('Yes'), label('No'), label('Not sure')]);
    expect(first.filter((a) => a.text === message('safeguardingDanger'))[0].locale).toBe(lang.code);

    expect(texts(await c.say(lang.no))).toEqual([message('safeguardingTell')]);
    const next = await c.say(lang.story);
    const local = next.findIndex((a) => a.locale === lang.code);
    for (const part of fragmentsOf(message('safeguardingNext'))) expect(next[local].text).toContain(part);
    // Who acts next is a clinical sentence: the English follows it (H49's control).
    expect(next[local + 1]).toMatchObject({ locale: 'en-GB', text: expect.stringMatching(/^I've passed this to/) });
  });

  it('safeguarding: "not sure" in the language gives the 999 advice in it', async () => {
    const { c } = await inLanguage(lang.safeguarding);
    const notSure = await c.say(label('Not sure'));
    expect(texts(notSure)).toContain(message('safeguardingDangerNotSure'));
    expect(texts(notSure).join('\n')).toMatch(/If you think anyone might be in danger now, call 999/);
  });

  it('feedback: asked what happened, whether it is a complaint, and the complaint logged in the language', async () => {
    const { c, first } = await inLanguage(lang.feedback);
    expect(texts(first)).toContain(message('feedbackAsk'));
    const complaint = await c.say(lang.what);
    expect(texts(complaint)).toContain(message('feedbackIsComplaint'));
    expect(actions(complaint)).toEqual([label('Yes'), label('No')]);
    const logged = await c.say(label('Yes'));
    const at = logged.findIndex((a) => a.locale === lang.code);
    for (const part of fragmentsOf(message('complaintLogged'))) expect(logged[at].text).toContain(part);
    expect(logged[at + 1].text).toMatch(/^Your complaint is logged/);
  });

  it('enquiry: the topics as buttons in the language, the opening hours, then the Friends and Family Test in it', async () => {
    const { c, first } = await inLanguage(lang.enquiry);
    expect(texts(first)).toContain(message('enquiryTopics'));
    expect(actions(first)).toEqual(expect.arrayContaining([label('Opening hours'), label('Useful numbers')]));
    const hours = await c.say(label('Opening hours'));
    const answer = hours.find((a) => a.locale === lang.code && a.text?.includes(fragmentsOf(message('hours'))[0]));
    expect(answer).toBeDefined();
    for (const part of fragmentsOf(message('hours'))) expect(answer!.text).toContain(part);

    // The task is done: "how was your experience of our service?", in the language, with its six answers.
    const fft = hours[hours.length - 1];
    expect(fft).toMatchObject({ text: local.fft.question.text, locale: lang.code });
    expect(actions(hours)).toEqual(
      ['Very good', 'Good', 'Neither good nor poor', 'Poor', 'Very poor', "Don't know"].map(label),
    );
    // Its answer in the language is stored, and the follow-up is in it.
    expect(texts(await c.say(label('Good')))).toEqual([local.fft.why.text]);
  });

  it('referral: for whom, with its buttons, then the relationship and the name in the language', async () => {
    const { c, first } = await inLanguage(lang.referral);
    expect(texts(first)).toContain(message('referralWho'));
    expect(actions(first)).toEqual([label('For me'), label('For someone else')]);
    expect(texts(await c.say(label('For someone else')))).toContain(message('referralRelationship'));
    expect(texts(await c.say(lang.relationship))).toContain(message('askName'));
  });
});
