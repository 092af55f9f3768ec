import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { givenListSchema } from '../content/givenList';
import { CONTENT_DIR, ContentError, readContentFile, reviewSchema } from '../content/readContentFile';
import { loadLanguages, type Language } from '../intents/language/languages';
import { translationSchema } from '../intents/language/localeScreen';

const line = z.string().min(1);
const wording = z.object({ text: line, speak: line });
const phrases = z.array(line);

const localeSchema = z.object({
  language: z.string().regex(/^[a-z]{2}$/),
  review: reviewSchema,
  translation: translationSchema.extend({
    /** What review the file still needs before clinical use (a qualified translator, a native-speaking clinician). */
    reviewNeeded: line,
  }),
  /**
   * content/prompts/dialogs.yaml and core.yaml messages, by the same keys; a key left out is said in English.
   * `actions` replaces the English buttons where the journeys in the language offer other choices (the menu).
   * `sms` is what a texter reads instead of `text`: most scripts (and Polish, Spanish …) are sent as UCS-2, 67
   * characters a part, so a clinical sentence is shortened to fit the parts the English keeps (journeys.yaml `sms`).
   */
  messages: z
    .record(z.string(), wording.extend({ actions: z.array(line).optional(), sms: line.optional() }))
    .default({}),
  /**
   * The words of {given} in the identity check's sentences ("the NHS number and date of birth", English in
   * content/prompts/dialogs.yaml): said in this language only with a sentence from this file, never in an English one.
   */
  identityGivenList: givenListSchema.optional(),
  /** content/triage/danger-signs.yaml: the intros, and each group's question and its "yes" message, by group id. */
  dangerSigns: z
    .object({
      intro: wording.optional(),
      introUrgent: wording.optional(),
      groups: z
        .record(
          z.string(),
          z.object({
            text: line,
            speak: line,
            sms: line.optional(),
            yes: wording.extend({ sms: line.optional() }).optional(),
          }),
        )
        .default({}),
    })
    .default({ groups: {} }),
  /** Button labels (English → this language); the person's answer in these words is read as the English label. */
  labels: z.record(z.string(), line).default({}),
  /** Answers in the person's words, read by the same recognisers as English (src/intents/answers/). */
  answers: z.object({
    yes: phrases.min(1),
    no: phrases.min(1),
    notSure: phrases.min(1),
    negators: phrases.default([]),
    ordinals: z.array(phrases).default([]),
    last: phrases.default([]),
    /** More words for an English option of a prompt (choices.yaml's `prompts`), e.g. identity.role's "Myself". */
    options: z.record(z.string(), z.record(z.string(), phrases)).default({}),
  }),
  /** Core-journey messages this file does not translate yet: said in English (never a gap in the conversation). */
  englishFallback: z.array(line).default([]),
  /** "Continue in Polski?" in the language, with its 999 advice: asked once, before the English of it. */
  offer: wording,
  /**
   * Requests in the person's words that start a core journey, each word the start of a word said ("pielęgniark" is
   * "pielęgniarki" and "pielęgniarka"); anything else goes to the interpreter route.
   */
  requests: z.object({
    nurse: phrases.min(1),
    visitQuery: phrases.min(1),
    visitChange: phrases.min(1),
    visitCancel: phrases.min(1),
    referral: phrases.min(1),
    enquiry: phrases.min(1),
    safeguarding: phrases.min(1),
    feedback: phrases.min(1),
    carersAssessment: phrases.min(1),
  }),
  /** The phone and SMS menus read after a question ("press 1 for …"). */
  menus: z.object({ keypad: line.includes('{choices}'), reply: line.includes('{choices}'), or: line }),
  /** The phone line's own lines (content/voice/phone.yaml): silence or an answer not heard clearly, then a person. */
  phone: z.object({ noSpeech: line, lowConfidence: line, listening: line, toPerson: line }),
  /**
   * The Friends and Family Test (content/prompts/friends-and-family-test.yaml) by the same keys; its six answers are
   * buttons, labelled in `labels`.
   */
  fft: z.object({
    question: wording,
    why: wording,
    whyPoor: wording,
    thanks: wording,
    declined: wording,
  }),
});
export type LocaleContent = z.infer<typeof localeSchema>;

const journeysSchema = z.object({
  review: reviewSchema,
  /** The messages of the core journeys: each language has each one or names it in `englishFallback`. */
  journeyKeys: z.array(line).min(1),
  /** The buttons of the core journeys: each language has a label for each. */
  journeyLabels: z.array(line).min(1),
  /** Clinical sentences: the English is shown and said after the translation (hazard H49's control). */
  englishAlongside: z.array(line),
  /**
   * How long a translated text may run, in SMS parts as Twilio counts them (src/integrations/twilio/smsSegments.ts):
   * `withinLimit` are the replies a texter must get whole (emergency advice, escalations, read-backs), held to the
   * English's two parts; every other translated reply to `otherMaxSegments`.
   */
  sms: z.object({ withinLimit: z.array(line).min(1), otherMaxSegments: z.number().int().min(2) }),
  /** Values a translation may use that the English sentence does not (the English says them in words). */
  extraPlaceholders: z.record(z.string(), z.array(line)).default({}),
  /** "Continue in Polski?": asked once, in the language, with the English after it. */
  offer: z.object({ text: line.includes('{autonym}'), speak: line.includes('{autonym}') }),
  english: line,
});
export type JourneysContent = z.infer<typeof journeysSchema>;

/** One language's journeys: its content and the language it is for. */
export interface Locale {
  language: Language;
  content: LocaleContent;
}

export const LOCALE_PROMPTS_DIR = 'prompts/locales';

/** A language's file as it is on disk, validated on its own (the catalogue also checks it against the English). */
export function readLocaleFile(code: string): LocaleContent {
  return readContentFile(`${LOCALE_PROMPTS_DIR}/${code}.yaml`, localeSchema);
}

/** content/languages/journeys.yaml. */
export function readJourneys(): JourneysContent {
  return readContentFile('languages/journeys.yaml', journeysSchema);
}

/** The English every translation stands in for: the keys it may use and each one's placeholders. */
export interface EnglishCatalogue {
  messages: Record<string, { text: string; speak: string }>;
  dangerSignGroups: string[];
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map(([, name]) => name);
}

/**
 * Checks a language's file against the English it translates: every key is an English key, and every placeholder is
 * one the English sentence has (or a declared extra), so a translation never says "{name}" or a value the English
 * would not. A key the file leaves out is said in English: a missing translation never stops a conversation.
 */
export function checkLocale(
  file: string,
  content: LocaleContent,
  english: EnglishCatalogue,
  journeys: JourneysContent,
): void {
  for (const [key, message] of Object.entries(content.messages)) {
    const source = english.messages[key];
    if (!source) throw new ContentError(file, `messages.${key}: no such English message`);
    const allowed = new Set([
      ...placeholders(source.text),
      ...placeholders(source.speak),
      ...(journeys.extraPlaceholders[key] ?? []),
    ]);
    for (const form of ['text', 'speak', 'sms'] as const) {
      const unknown = placeholders(message[form] ?? '').find((name) => !allowed.has(name));
      if (unknown) throw new ContentError(file, `messages.${key}.${form}: {${unknown}} is not a value it is given`);
    }
  }
  for (const key of journeys.journeyKeys) {
    if (!english.messages[key]) throw new ContentError('languages/journeys.yaml', `journeyKeys: no message ${key}`);
    if (!content.messages[key] && !content.englishFallback.includes(key))
      throw new ContentError(file, `messages.${key}: missing (translate it, or name it in englishFallback)`);
  }
  // A sentence with {given} in the language and its list in English would be said half and half.
  const withGiven = Object.keys(content.messages).filter((key) => /\{given\}/.test(english.messages[key]?.text ?? ''));
  if (withGiven.length && !content.identityGivenList)
    throw new ContentError(file, `identityGivenList: missing (${withGiven.join(', ')} say {given})`);
  for (const label of journeys.journeyLabels) {
    if (!content.labels[label]) throw new ContentError(file, `labels: no label for "${label}"`);
  }
  for (const id of english.dangerSignGroups) {
    if (!content.dangerSigns.groups[id]?.yes) throw new ContentError(file, `dangerSigns.groups.${id}: missing`);
  }
  for (const id of Object.keys(content.dangerSigns.groups)) {
    if (!english.dangerSignGroups.includes(id)) throw new ContentError(file, `dangerSigns.groups.${id}: no such group`);
  }
}

/**
 * The core journeys in other languages (issue 22 item 3): content/prompts/locales/<code>.yaml for each served
 * language that has one, checked at start-up against the English (content/prompts/dialogs.yaml, core.yaml and
 * content/triage/danger-signs.yaml) and the shared rules in content/languages/journeys.yaml.
 */
export class LocaleCatalogue {
  private constructor(
    readonly journeys: JourneysContent,
    private readonly locales: Map<string, Locale>,
  ) {}

  static load(english: EnglishCatalogue): LocaleCatalogue {
    const journeys = readJourneys();
    const locales = new Map<string, Locale>();
    for (const language of loadLanguages().byCode.values()) {
      const file = `${LOCALE_PROMPTS_DIR}/${language.code}.yaml`;
      if (!existsSync(path.join(CONTENT_DIR, file))) continue;
      const content = readLocaleFile(language.code);
      if (content.language !== language.code) throw new ContentError(file, `language: must be ${language.code}`);
      checkLocale(file, content, english, journeys);
      locales.set(language.code, { language, content });
    }
    return new LocaleCatalogue(journeys, locales);
  }

  /** The language's journeys, or undefined when it has none (it goes to the interpreter route). */
  get(code: string | undefined): Locale | undefined {
    return code ? this.locales.get(code) : undefined;
  }

  codes(): string[] {
    return [...this.locales.keys()];
  }
}
