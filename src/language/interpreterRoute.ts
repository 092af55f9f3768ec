import { MessageFactory, type TurnContext } from 'botbuilder';
import { z } from 'zod';
import { readContentFile, reviewSchema } from '../content/readContentFile';
import { callerNumber, isVoice, type ConversationProfile } from '../dialogs/conversationProfile';
import type { DialogDeps } from '../dialogs/dialogDeps';
import { escalate } from '../dialogs/escalationDialog';
import { LanguageIdentifier, type LanguageGuess } from '../intents/language/identify';
import { loadLanguages } from '../intents/language/languages';
import { translationSchema } from '../intents/language/localeScreen';
import type { Understanding } from '../intents';
import { interpreterReason } from './interpreterReason';

const interpreterSchema = z.object({
  review: reviewSchema,
  translation: translationSchema,
  english: z.string().min(1),
  unserved: z.string().min(1),
  englishInWriting: z.string().min(1),
  unservedInWriting: z.string().min(1),
  messages: z.record(z.string().regex(/^[a-z]{2}$/), z.string().min(1)),
});

export { interpreterReason } from './interpreterReason';

/** The language named in a queue item's reason ("red flag: …; interpreter needed: Polish"), or undefined. */
export function interpreterLanguageIn(reason: string | undefined): string | undefined {
  return /interpreter needed: ([A-Za-z]+)/.exec(reason ?? '')?.[1];
}

/**
 * Someone writing in another language (issue 22): never "I didn't understand". They get the 999 advice in their
 * language (if we have it) and in English, and a call back from a nurse with an interpreter, queued with
 * "interpreter needed: <language>". Returns false for English (or nothing to go on), so the English flow goes on.
 */
export class InterpreterRoute {
  private readonly identifier = new LanguageIdentifier();
  private readonly languages = loadLanguages();
  private readonly content = readContentFile('languages/interpreter.yaml', interpreterSchema);

  constructor() {
    for (const code of this.languages.byCode.keys())
      if (!this.content.messages[code]) throw new Error(`content/languages/interpreter.yaml: no message for ${code}`);
  }

  /** The language of a message the English flow did not understand, with the browser's language as a hint. */
  languageOf(context: TurnContext, understanding: Understanding, known?: string): LanguageGuess | undefined {
    // The conversation's own language (issue 22): what its journeys could not follow goes to an interpreter in it.
    if (known && this.languages.byCode.has(known)) return { code: known, served: true, by: 'locale', reliable: true };
    const flagged = understanding.redFlags.find((f) => f.language)?.language;
    if (flagged) return { code: flagged, served: true, by: 'script', reliable: true };
    // "Arthur Bennett 02/11/1945 SW18 2PU": a name with a date, postcode or number is details, in no language of its own.
    if (detailsOnly(understanding)) return undefined;
    const guess = this.identifier.identify(understanding.text, context.activity.locale);
    if (guess.code === 'en' || guess.code === 'und') return undefined;
    if (!guess.served && !guess.reliable) return undefined;
    return guess;
  }

  /** The name of a served language in English, or undefined. */
  nameOf(code: string | undefined): string | undefined {
    return code ? this.languages.byCode.get(code)?.name : undefined;
  }

  async offer(
    context: TurnContext,
    deps: DialogDeps,
    profile: ConversationProfile,
    understanding: Understanding,
  ): Promise<boolean> {
    const guess = this.languageOf(context, understanding, profile.language?.code);
    if (!guess) return false;
    const name = this.nameOf(guess.code);
    profile.problem ??= understanding.text.slice(0, 1000);
    profile.notUnderstood = 0;
    // On the phone and by SMS the person's own line is the way back to them, with the interpreter.
    profile.callbackNumber ??= callerNumber(context);
    // Someone who said they cannot take a call (deaf, text only) is never told a nurse will ring them.
    const inWriting = deps.communicationNeeds.neverPhone((profile.communicationNeeds ?? []).map((n) => n.id));
    if (inWriting && profile.callbackNumber) profile.contactRoute ??= 'text';
    const local = guess.served ? this.content.messages[guess.code] : undefined;
    // The 999 advice before anything is stored, so a store failure cannot delay it.
    if (local) await context.sendActivity({ ...MessageFactory.text(local, local), locale: guess.code });
    const item = await escalate(context, deps, profile, {
      target: 'duty_clinician',
      // On the phone the duty clinician is rung into the call with the interpreter now: urgent, as they are waiting.
      disposition: understanding.disposition === 'urgent_2h' || isVoice(context) ? 'urgent_2h' : 'same_day',
      reason: interpreterReason(name ?? `not known (${guess.code})`),
    });
    const english = (
      inWriting
        ? name
          ? this.content.englishInWriting
          : this.content.unservedInWriting
        : name
          ? this.content.english
          : this.content.unserved
    )
      .replace('{language}', name ?? '')
      .replace('{reference}', item?.reference ?? 'not available');
    await context.sendActivity(MessageFactory.text(english, english));
    return true;
  }
}

/** Words that carry no language: figures, a postcode, a date written in figures. */
const NO_LANGUAGE = /^(?:[\d/.,:-]+|[a-z]{1,2}\d[a-z\d]?|\d[a-z]{2})$/i;

/**
 * A message that is only a name and identifiers ("Arthur Bennett 02/11/1945 SW18 2PU"): a date of birth, postcode,
 * NHS or phone number, with at most four other words. The language identifier guesses at two names; they are details.
 */
function detailsOnly(understanding: Understanding): boolean {
  const e = understanding.entities;
  if (!e.dateOfBirth && !e.postcode && !e.nhsNumber && !e.phoneNumber) return false;
  const words = understanding.text.split(/[\s,;]+/).filter((w) => w && !NO_LANGUAGE.test(w));
  return words.length <= 4;
}
