import { MessageFactory, type Activity } from 'botbuilder';
import { fill } from '../content/placeholders';
import type { Understanding } from '../intents';
import { foldedTokens } from '../intents/answers/answerRecogniser';
import { answerRecogniserIn } from './conversationLanguage';
import { LanguageIdentifier } from '../intents/language/identify';
import { LocaleCatalogue, type EnglishCatalogue, type Locale } from './localeCatalogue';
import { Localiser, type DangerSignsEnglish } from './localiser';
import type { FftContent } from '../dialogs/friendsAndFamilyTest';

/** A request in the person's words that a core journey answers (content/prompts/locales/<code>.yaml `requests`). */
export type LocalRequest =
  | 'nurse'
  | 'visitCancel'
  | 'visitChange'
  | 'visitQuery'
  | 'referral'
  | 'enquiry'
  | 'safeguarding'
  | 'feedback'
  | 'carersAssessment';

/** What each request starts, as the English flow would understand it. */
const INTENT_OF: Record<LocalRequest, { intent: Understanding['intent']; clinical: boolean }> = {
  nurse: { intent: 'human.request', clinical: true },
  visitCancel: { intent: 'appointment.cancel', clinical: false },
  visitChange: { intent: 'appointment.change', clinical: false },
  visitQuery: { intent: 'appointment.query', clinical: false },
  referral: { intent: 'referral.new', clinical: false },
  enquiry: { intent: 'enquiry.service', clinical: false },
  safeguarding: { intent: 'safeguarding.concern', clinical: false },
  feedback: { intent: 'feedback.complaint', clinical: false },
  // No intent: the English flow starts the carer's assessment from the request itself (FrontDoorBot, as for its
  // English phrases in content/referrals/carers-assessment.yaml).
  carersAssessment: { intent: 'none', clinical: false },
};
/**
 * A more specific request first: a disclosure of abuse before anything it mentions ("she hits my mother when the
 * nurse has gone"), "cancel my visit" before a question about the visit, a complaint about the nurse before "nurse".
 */
const ORDER: LocalRequest[] = [
  'safeguarding',
  'visitCancel',
  'visitChange',
  'feedback',
  // "Skierowanie na ocenę potrzeb opiekuna" is the carer's assessment, not a referral of the patient.
  'carersAssessment',
  'referral',
  'nurse',
  'enquiry',
  'visitQuery',
];
/** How sure a request in the person's own words is taken to be: enough to start its task. */
const LOCAL_CONFIDENCE = 0.9;

/**
 * The core journeys in the person's language (issue 22 item 3): which language to offer, reading the answer to the
 * offer, and what a message in the language asks for. Everything else the English flow does (the danger signs, a
 * visit change, the call-back) runs as it is, said in the language by the Localiser and read by the recognisers with
 * the language's words; a message none of this understands goes to the interpreter route.
 */
export class LocalJourney {
  readonly catalogue: LocaleCatalogue;
  readonly localiser: Localiser;
  private readonly identifier = new LanguageIdentifier();

  constructor(english: EnglishCatalogue, dangerSigns: DangerSignsEnglish, fft: FftContent) {
    this.catalogue = LocaleCatalogue.load(english);
    this.localiser = new Localiser(this.catalogue, english, dangerSigns, fft);
  }

  /**
   * The language to offer for a message, if it is written in a language with journeys (the browser's language helps
   * when the text alone does not say). English, a language without journeys, or an unsure guess: none.
   */
  toOffer(text: string, browserLocale: string | undefined): Locale | undefined {
    const guess = this.identifier.identify(text, browserLocale);
    // An unsure guess ("Hola" alone) counts when the browser's language agrees with it.
    const agreed = browserLocale?.slice(0, 2).toLowerCase() === guess.code;
    if (!guess.served || !(guess.reliable || guess.by === 'locale' || agreed)) return undefined;
    return this.catalogue.get(guess.code);
  }

  /** "Continue in Polski?": in the language with its 999 advice, then in English with the two buttons. */
  offer(locale: Locale): Partial<Activity>[] {
    const { autonym } = locale.language;
    const english = this.catalogue.journeys.offer;
    const local = locale.content.offer;
    return [
      { ...MessageFactory.text(local.text, local.speak), locale: locale.language.code },
      {
        ...MessageFactory.suggestedActions(
          [autonym, this.catalogue.journeys.english],
          fill(english.text, { autonym }),
          fill(english.speak, { autonym }),
        ),
        locale: 'en-GB',
      },
    ];
  }

  /**
   * The answer to the offer: the language's name, a yes in either language, or more words in the language take it;
   * "English", a no, or English words keep English.
   */
  accepts(text: string, locale: Locale): boolean {
    const words = foldedTokens(text).join(' ');
    if (words === foldedTokens(locale.language.autonym).join(' ')) return true;
    if (words === foldedTokens(this.catalogue.journeys.english).join(' ')) return false;
    const answer = answerRecogniserIn(locale).recognise(text);
    if (answer === 'yes') return true;
    if (answer === 'no') return false;
    return this.identifier.identify(text, locale.language.code).code === locale.language.code;
  }

  /**
   * The English label of a button in the language ("Nie znam go" → "I don't know it"), so every dialog reads a tapped
   * button as it reads the English one. Two labels with the same words ("Bilmiyorum": not sure, and "I don't know
   * it") read as the later in the file: both are a "don't know" to every question that offers either.
   */
  englishLabel(text: string, locale: Locale): string | undefined {
    const said = foldedTokens(text).join(' ');
    if (!said) return undefined;
    let found: string | undefined;
    for (const [english, local] of Object.entries(locale.content.labels))
      if (foldedTokens(local).join(' ') === said) found = english;
    return found;
  }

  /** What a message in the language asks for, by the language's request words; undefined when none fits. */
  requestOf(text: string, locale: Locale): LocalRequest | undefined {
    // An apostrophe parts words here ("un’infermiera", "l'appuntamento"): requests are words, not contractions.
    const words = (t: string) => foldedTokens(t.replace(/['’‘`]/g, ' '));
    const said = words(text);
    return ORDER.find((request) =>
      locale.content.requests[request].some((phrase) => containsPhrase(said, words(phrase))),
    );
  }

  /**
   * The message as the English flow needs it: its red flags and findings as the screens read them, and the task its
   * words ask for. A message with no request words is understood as nothing, so it goes to the interpreter route
   * (or, when `answering` a task's question, to that task).
   */
  understand(understanding: Understanding, locale: Locale, answering = false): Understanding {
    // An answer to a task's question in the person's words ("the nurse came three hours late") is the answer, not a
    // request for a nurse: request words start a journey only when no task is asking.
    const request = answering ? undefined : this.requestOf(understanding.text, locale);
    const meant = request ? INTENT_OF[request] : { intent: 'none' as const, clinical: false };
    return {
      ...understanding,
      intent: meant.intent,
      confidence: meant.intent !== 'none' ? LOCAL_CONFIDENCE : 0,
      alternatives: [],
      clarify: false,
      clinical: meant.clinical || understanding.redFlags.length > 0,
    };
  }
}

/** Whether `phrase` occurs in `said` as whole words, in order; a word may be a longer form of the phrase's stem. */
function containsPhrase(said: string[], phrase: string[]): boolean {
  if (!phrase.length) return false;
  for (let start = 0; start + phrase.length <= said.length; start++) {
    if (phrase.every((word, k) => said[start + k].startsWith(word))) return true;
  }
  return false;
}
