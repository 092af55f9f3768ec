import { z } from 'zod';
import { readContentFile, reviewSchema } from '../../content/readContentFile';

export const SCRIPTS = ['latin', 'arabic', 'gurmukhi', 'bengali', 'gujarati', 'tamil'] as const;
export type Script = (typeof SCRIPTS)[number];

const languageSchema = z.object({
  code: z.string().regex(/^[a-z]{2}$/),
  name: z.string().min(1),
  autonym: z.string().min(1),
  script: z.enum(SCRIPTS),
  dir: z.enum(['ltr', 'rtl']),
  /** Twilio <Say language>; null when Twilio has no voice for it. */
  say: z.string().min(2).nullable(),
  /** The Twilio voice that speaks it (<Say voice>); null when `say` is. */
  voice: z.string().min(2).nullable(),
  /** Twilio <Gather language> for speech recognition. */
  gather: z.string().min(2),
  /** The phone menu's keys: "2", or "9-3" for page 2, key 3. */
  keypad: z.string().regex(/^[1-9](-[1-9])?$/),
});
export type Language = z.infer<typeof languageSchema>;

const languagesSchema = z.object({
  review: reviewSchema,
  english: z.object({
    code: z.literal('en'),
    name: z.string(),
    say: z.string(),
    gather: z.string(),
    keypad: z.string(),
  }),
  languages: z.array(languageSchema).min(1),
  markers: z.record(z.string(), z.array(z.string().min(1))).default({}),
  /** Words of languages often typed in Latin letters (romanised Urdu, Panjabi, Gujarati, Bengali, Tamil). */
  romanised: z.record(z.string(), z.array(z.string().min(1))).default({}),
  fold: z.record(z.string().length(1), z.string()).default({}),
});
export type LanguagesContent = z.infer<typeof languagesSchema>;

export interface Languages {
  content: LanguagesContent;
  /** Served languages by code (not English). */
  byCode: Map<string, Language>;
  /** Folds a message or a lexicon word for matching in any language: lower case, no accents or Arabic vowel marks. */
  fold(text: string): string;
}

let cached: Languages | undefined;

/** content/languages/languages.yaml, read once. */
export function loadLanguages(): Languages {
  if (cached) return cached;
  const content = readContentFile('languages/languages.yaml', languagesSchema);
  const byCode = new Map(content.languages.map((l) => [l.code, l]));
  if (byCode.size !== content.languages.length) throw new Error('content/languages/languages.yaml: a code twice');
  const keys = content.languages.map((l) => l.keypad);
  if (new Set(keys).size !== keys.length) throw new Error('content/languages/languages.yaml: a keypad option twice');
  const folds = new Map(Object.entries(content.fold));
  const foldChars = new RegExp(`[${[...folds.keys()].join('')}]`, 'gu');
  const fold = (text: string) =>
    String(text)
      .normalize('NFKD')
      .replace(/[\u0300-\u036f\u064b-\u065f\u0670\u0640]/g, '')
      .normalize('NFC')
      .toLowerCase()
      .replace(foldChars, (c) => folds.get(c) ?? c)
      .replace(NATIVE_DIGITS, (d) => String(nativeDigitValue(d.codePointAt(0) ?? 0)));
  cached = { content, byCode, fold };
  return cached;
}

/** The scripts a text is written in, by its letters. */
export function scriptsOf(text: string): Set<Script> {
  const out = new Set<Script>();
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c <= 0x24f)) out.add('latin');
    else if ((c >= 0x600 && c <= 0x6ff) || (c >= 0x750 && c <= 0x77f) || (c >= 0xfb50 && c <= 0xfeff))
      out.add('arabic');
    else if (c >= 0xa00 && c <= 0xa7f) out.add('gurmukhi');
    else if (c >= 0x980 && c <= 0x9ff) out.add('bengali');
    else if (c >= 0xa80 && c <= 0xaff) out.add('gujarati');
    else if (c >= 0xb80 && c <= 0xbff) out.add('tamil');
  }
  return out;
}

/**
 * The digits of the served languages' scripts (Arabic-Indic, Persian and Urdu, Devanagari, Bengali, Gurmukhi,
 * Gujarati, Tamil), read as 0–9 so a year or "two years ago" cue matches however it is typed ("૨૦૧૮" is 2018).
 */
const DIGIT_ZEROS = [0x660, 0x6f0, 0x966, 0x9e6, 0xa66, 0xae6, 0xbe6];
const NATIVE_DIGITS = /[\u0660-\u0669\u06f0-\u06f9\u0966-\u096f\u09e6-\u09ef\u0a66-\u0a6f\u0ae6-\u0aef\u0be6-\u0bef]/gu;
function nativeDigitValue(c: number): number {
  const zero = DIGIT_ZEROS.find((z) => c >= z && c <= z + 9) ?? c;
  return c - zero;
}
