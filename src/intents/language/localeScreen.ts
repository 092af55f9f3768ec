import { readdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CONTENT_DIR, readContentFile, reviewSchema } from '../../content/readContentFile';
import { ContextReader, contextSchema, LETTERS_ANY_SCRIPT } from '../findings/context';
import { findFindings, type Finding } from '../findings/findFindings';
import { FindingRules, findingRulesSchema } from '../findings/findingRules';
import { compileLexicon, lexiconSchema } from '../findings/lexicon';
import type { MessageWords } from '../findings/messageWords';
import { PUNCTUATION } from '../findings/messageWords';
import { redFlagHit, type RedFlagHit } from '../redFlags';
import { urgencyRank } from '../../triage/dispositions';
import { ARABIZI_DIGITS, skeleton, skeletonWord } from './arabizi';
import { loadLanguages, SCRIPTS, type Languages } from './languages';

export const TRANSLATION_STATUSES = ['machine', 'reviewed', 'clinically approved'] as const;

/** Who translated a file, how far it has been checked, and by whom (issue 22: `machine` until a person has). */
export const translationSchema = z.object({
  status: z.enum(TRANSLATION_STATUSES),
  translatedBy: z.string().min(1),
  /** Who approved it for use, at its status. */
  approvedBy: z.string().min(1),
  approvedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});

const messageSchema = z.object({ text: z.string().min(1), speak: z.string().min(1) });

export const localeScreenSchema = z.object({
  language: z.string().regex(/^[a-z]{2}$/),
  review: reviewSchema,
  translation: translationSchema,
  /** Scripts the words are written in: a screen reads only messages with letters of one of them. */
  scripts: z.array(z.enum(SCRIPTS)).min(1),
  lexicon: lexiconSchema.omit({ review: true }),
  context: contextSchema.omit({ review: true }),
  /**
   * Words written joined to the next one (Arabic و "and", ب "in", ال "the", لل "to the"): a token starting with one
   * is also read without it, so the lexicon need not list every word again with each. Each clitic maps to what is
   * left in its place: "" for most, ال for لل ("to the": للوعي is ل + الوعي).
   */
  clitics: z.record(z.string().min(1), z.string()).default({}),
  /**
   * Endings a word is also read without, each mapped to what is left in its place: spoken Tamil's emphatic -ே
   * ("நிக்கவே இல்லை", won't stop at all: -வே → "") and its written and spoken "not" (இல்லை and இல்ல: -ை → ""), so
   * the lexicon's phrases need not be listed with each. What is left must be two letters or more.
   */
  suffixes: z.record(z.string().min(1), z.string()).default({}),
  /**
   * Latin letters typed doubled or single read as one ("thorakkala" and "thorakala", "aankhen" and "ankhen",
   * "yetnaffas" and "yetnafas"): romanised spelling has no standard, so its words, cues and the message are all read
   * with each run of one Latin letter as that letter once.
   */
  singleLatinLetters: z.boolean().default(false),
  /**
   * Endings of romanised words read as another spelling of the same sound, each mapped to the spelling kept: romanised
   * Urdu and Panjabi write ے as "e", "ay" or "ey" ("seene", "seenay", "seeney", chest; "pehle", "pehlay"), so the
   * lexicon need not list each. What is left before the ending must be two letters or more.
   */
  latinEndings: z.record(z.string().regex(/^[a-z]+$/), z.string().regex(/^[a-z]*$/)).default({}),
  /**
   * Arabic typed in Latin letters (Arabizi) is also read as consonant skeletons (./arabizi.ts), words and cues alike,
   * when the message has Arabizi's digits for letters ("3am") or is identified as, or may be, this language.
   */
  arabizi: z.boolean().default(false),
  /**
   * Letters this language never writes and a neighbour does (Turkish ü, ş, ğ, ı in a Lithuanian screen): a message
   * with one is another language's, so this screen does not read it ("düştü", fell, folds to Lithuanian "dustu").
   */
  foreignLetters: z.string().default(''),
  /** The red-flag messages of content/red-flags/rules.yaml in this language, by the same names. */
  messages: z.record(z.string(), messageSchema),
});
export type LocaleScreenContent = z.infer<typeof localeScreenSchema>;

/**
 * English words that speakers of some languages use inside their own sentences ("bohat blood nikal raha hai",
 * "chest vich bhaar"), by the lexicon class they belong to in each of those languages' screens.
 */
export const borrowedSchema = z.object({
  review: reviewSchema,
  languages: z.array(z.string().regex(/^[a-z]{2}$/)).min(1),
  classes: z.record(z.string().regex(/^[a-z_]+$/), z.array(z.string().min(1)).min(1)),
});

/** A red flag found in another language: its message is in that language, then in English. */
export interface LocaleRedFlagHit extends RedFlagHit {
  language: string;
}

export interface LocaleScreen {
  language: string;
  status: (typeof TRANSLATION_STATUSES)[number];
  /** Whether English words borrowed into the language are among its words (content/red-flags/locales/borrowed.yaml). */
  borrows: boolean;
  /**
   * `ownLanguage`: the message is known to be written in this language, so the English words its speakers borrow
   * count as its words; in a message that is not (or not known to be), they never do, so an English message is
   * never read by another language's screen. `maybeOwn`: it is identified as this language, or identification is
   * unsure, so a reading kept for such messages (Arabizi without digits) applies too.
   */
  read(
    text: string,
    ownLanguage?: boolean | (() => boolean),
    maybeOwn?: boolean | (() => boolean),
  ): { hits: LocaleRedFlagHit[]; findings: Finding[] };
}

/** A yes or no, or how to find it out (identifying the language) when it is needed. */
const ask = (answer: boolean | (() => boolean)) => (typeof answer === 'function' ? answer() : answer);

const LOCALE_DIR = 'red-flags/locales';

/** The language codes with a screen under content/red-flags/locales/. */
export function localeScreenCodes(): string[] {
  return readdirSync(path.join(CONTENT_DIR, LOCALE_DIR))
    .filter((f) => /^[a-z]{2}\.yaml$/.test(f))
    .map((f) => f.slice(0, 2))
    .sort();
}

type RulesContent = z.infer<ReturnType<typeof findingRulesSchema>>;

/**
 * One language's red-flag screen: its own words for the findings of the English lexicon (same ids), its own ConText
 * cues (negation, hypothetical, past, someone else), and the English rules, so a finding means the same disposition
 * in every language. Words and messages are folded as languages.yaml says (no accents, one spelling of each letter),
 * so a message typed without diacritics reads the same.
 */
export function loadLocaleScreen(
  code: string,
  rules: RulesContent,
  englishFindingIds: Set<string>,
  languages: Languages = loadLanguages(),
  borrowed: Record<string, string[]> = {},
): LocaleScreen {
  const file = `${LOCALE_DIR}/${code}.yaml`;
  const content = readContentFile(file, localeScreenSchema);
  if (content.language !== code) throw new Error(`content/${file}: language is ${content.language}, not ${code}`);
  if (!languages.byCode.has(code)) throw new Error(`content/${file}: ${code} is not in languages.yaml`);
  // Folded as languages.yaml says, then (romanised languages) each run of a Latin letter read once.
  const folded = content.singleLatinLetters ? singleLetterFold(languages) : languages.fold;
  const fold = Object.keys(content.latinEndings).length ? endingFold(folded, content.latinEndings) : folded;
  // As a message is tokenised: "și-a" is "si a", "l'anno" is "l anno"; the lexicon's * @ = _ stay.
  const foldWords = (phrase: string) =>
    fold(phrase)
      .replace(/[^\p{L}\p{M}\p{N}*@=_\s]/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  for (const name of Object.keys(borrowed)) {
    if (!content.lexicon.classes[name]) throw new Error(`content/${file}: no class ${name} for its borrowed words`);
  }
  const compile = (extra: Record<string, string[]>, foldPhrase: (phrase: string) => string = foldWords) =>
    compileLexicon(
      {
        review: content.review,
        classes: Object.fromEntries(
          Object.entries(content.lexicon.classes).map(([k, v]) => [
            k,
            [...v, ...(extra[k] ?? [])].map((p) => foldPhrase(p)),
          ]),
        ),
        findings: content.lexicon.findings.map((f) => {
          if (!englishFindingIds.has(f.id)) throw new Error(`content/${file}: finding ${f.id} is not in lexicon.yaml`);
          return {
            ...f,
            match: f.match.map((alt) =>
              Array.isArray(alt)
                ? alt.map((p) => foldPhrase(p))
                : { ...alt, slots: alt.slots.map((p) => foldPhrase(p)) },
            ),
            unless: f.unless.map((p) => foldPhrase(p)),
          };
        }),
      },
      (word) => word,
    );
  const own = compile({});
  const mixed = Object.keys(borrowed).length ? compile(borrowed) : own;
  const ctx = content.context;
  const contextReader = (foldTrigger: (t: string) => string) => {
    const foldTriggers = (list: string[]) => list.map(foldTrigger);
    return new ContextReader(
      {
        review: content.review,
        window: ctx.window,
        modifiers: Object.fromEntries(
          // Every kind of trigger, as the English screen reads them: a locale's "last year" told first dates its
          // whole clause (toClauseEnd), not only `window` words.
          Object.entries(ctx.modifiers).map(([m, t]) => [
            m,
            {
              pre: foldTriggers(t.pre),
              post: foldTriggers(t.post),
              toClauseEnd: foldTriggers(t.toClauseEnd),
              toClauseStart: foldTriggers(t.toClauseStart),
            },
          ]),
        ) as typeof ctx.modifiers,
        pseudo: foldTriggers(ctx.pseudo),
        actual: foldTriggers(ctx.actual),
        termination: foldTriggers(ctx.termination),
        clauseBreaks: foldTriggers(ctx.clauseBreaks),
        naming: foldTriggers(ctx.naming),
        figurative: foldTriggers(ctx.figurative),
        nobodyUnwell: foldTriggers(ctx.nobodyUnwell),
        recovered: foldTriggers(ctx.recovered),
        closesSupposition: foldTriggers(ctx.closesSupposition),
        conditionals: foldTriggers(ctx.conditionals),
      },
      LETTERS_ANY_SCRIPT,
    );
  };
  const context = contextReader(fold);
  const english = rules.messages;
  const messages = Object.fromEntries(
    Object.entries(english).map(([name, en]) => {
      const local = content.messages[name];
      return [name, local ? { text: `${local.text}\n\n${en.text}`, speak: local.speak } : en];
    }),
  );
  const defined = new Set(content.lexicon.findings.map((f) => f.id));
  // Only the rules this language can fire, each with its message in this language and English.
  const localRules = new FindingRules({
    messages,
    rules: rules.rules.filter((r) => r.when.some((w) => w.split('+').every((id) => defined.has(id.trim())))),
  });
  const scripts = new Set(content.scripts);
  const foreign = content.foreignLetters ? new RegExp(`[${content.foreignLetters}]`, 'iu') : undefined;
  // Longest first, so وال is taken off before و; what is left must still be a word of two letters or more.
  const clitics = Object.entries(content.clitics)
    .map(([c, left]) => [fold(c), fold(left)] as const)
    .sort(([a], [b]) => b.length - a.length);
  const cliticReader =
    (list: (readonly [string, string])[]) =>
    (token: string): string[] => {
      const out: string[] = [];
      for (const [c, left] of list)
        if (token.length - c.length >= 2 && token.startsWith(c)) out.push(left + token.slice(c.length));
      return out;
    };
  const suffixes = Object.entries(content.suffixes)
    .map(([e, left]) => [fold(e), fold(left)] as const)
    .sort(([a], [b]) => b.length - a.length);
  const withoutEnding = (token: string): string[] =>
    suffixes.flatMap(([e, left]) =>
      token.length - e.length >= 2 && token.endsWith(e) ? [token.slice(0, -e.length) + left] : [],
    );
  const withoutCliticOnly = cliticReader(clitics);
  const withoutClitic = perWord((token: string): string[] => [...withoutCliticOnly(token), ...withoutEnding(token)]);
  // A word's forms when its readings are `withoutClitic`'s, which depend on the word alone: kept, as findFindings only
  // reads them.
  const wordForms = perWord((token: string) => formsFrom(token, 0, withoutClitic(token)));
  const starter = (lexicon: typeof own) =>
    perWord(
      (token: string) =>
        lexicon.index.byFirstStem.has(token) ||
        lexicon.index
          .looseAt(token)
          .some(({ phrase: [m] }) => ('prefix' in m ? token.startsWith(m.prefix) : 'exact' in m && token === m.exact)),
    );
  // The borrowed English phrases alone, to know whether a message may have one (then its language matters).
  const mayStartBorrowed = starter(
    compileLexicon(
      {
        review: content.review,
        classes: Object.fromEntries(Object.entries(borrowed).map(([k, v]) => [k, v.map(foldWords)])),
        findings: [],
      },
      (word) => word,
    ),
  );
  const starts = new Map([
    [own, starter(own)],
    [mixed, starter(mixed)],
  ]);
  const findIn = (
    tokens: string[],
    lexicon: typeof own,
    reader: ContextReader,
    readingsOf: (token: string, i: number) => string[],
    mayStartPhrase: (token: string) => boolean,
    formsOf: (token: string, i: number, readings: string[]) => Map<string, number> = formsFrom,
  ): Finding[] => {
    // Most messages have none of this language's words: skip its ConText cues (the costly part) for them, and
    // allocate nothing for them (every Latin-script screen reads every English message; issue 16).
    if (!mayStartAt(tokens, readingsOf, mayStartPhrase)) return [];
    const readings = tokens.map(readingsOf);
    const words: MessageWords = {
      tokens,
      forms: tokens.map((t, i) => formsOf(t, i, readings[i])),
      readings,
    };
    return findFindings(words, lexicon, reader);
  };
  // Arabizi: the same words and cues as skeletons; clitics likewise, with the present tense's y-, t-, n- ("yisaffir"
  // is صفير's verb), which Arabic script keeps in the lexicon's own forms.
  const arabizi = content.arabizi
    ? (() => {
        // A skeleton of one or two letters stands for too many words ("panni" would be إبيبن, an EpiPen; "lamma",
        // when, لم, not): such a phrase is matched only as typed. One letter ("m", ما) only in a phrase of more.
        // The file's own Arabizi words are matched as typed too: as skeletons they would match other languages'
        // words written in the same letters (Romanian "noaptea", night, as "nawbet", a fit).
        const lexicon = compile({}, (phrase) => {
          const typed = foldWords(phrase);
          if (!/[\u0600-\u06ff]/u.test(typed)) return typed;
          const bare = skeleton(typed);
          return bare.replace(/@[a-z_]+|[^\p{L}\p{N}]/gu, '').length >= 3 ? bare : typed;
        });
        return {
          lexicon,
          unclitic: cliticReader(
            [
              ...clitics.map(([c, left]) => [skeleton(c), left && skeleton(left)] as const),
              ...['y', 't', 'n'].map((c) => [c, ''] as const),
            ]
              .filter(([c]) => c && c !== '_')
              .sort(([a], [b]) => b.length - a.length),
          ),
          mayStart: starter(lexicon),
          skeletonOf: perWord((t: string) => (/^[,;:!?.]$/.test(t) ? t : skeletonWord(t) || '_')),
        };
      })()
    : undefined;
  return {
    language: code,
    status: content.translation.status,
    borrows: mixed !== own,
    read(text: string, ownLanguage: boolean | (() => boolean) = false, maybeOwn: boolean | (() => boolean) = false) {
      // The script first: most messages are not in most screens' scripts, and it is cheaper than folding.
      if (!hasScript(text, scripts) || foreign?.test(text)) return { hits: [], findings: [] };
      const tokens = tokensOf(text, fold);
      if (!tokens.length) return { hits: [], findings: [] };
      // Whether the message is in this language is asked only when the answer can matter: when a word may start one
      // of the borrowed English phrases, which only `mixed` has (without them both lexicons find the same).
      const borrowedMatter =
        mixed !== own && tokens.some((t) => mayStartBorrowed(t) || withoutClitic(t).some(mayStartBorrowed));
      const lexicon = borrowedMatter && ask(ownLanguage) ? mixed : own;
      let findings = findIn(
        tokens,
        lexicon,
        context,
        (t) => withoutClitic(t),
        starts.get(lexicon) ?? starter(lexicon),
        wordForms,
      );
      // Arabizi is Arabic typed in Latin letters only: a message with Arabic script is read as such above.
      const latinOnly = hasScript(text, LATIN) && !hasScript(text, ARABIC);
      if (arabizi && latinOnly) {
        const skeletons = tokens.map(arabizi.skeletonOf);
        // Each word is read as its skeleton, as typed, and as its skeleton without a clitic.
        const readingsOf = (t: string, i: number) => [tokens[i], ...arabizi.unclitic(t)];
        // Cues are read on the words as typed (the file's Arabizi cues: "ma", "mish", "iza"): as skeletons the short
        // ones are one letter, and "el" (the) would read as لو (if).
        const asTyped = Object.assign(Object.create(context) as ContextReader, { read: () => context.read(tokens) });
        const more = findIn(skeletons, arabizi.lexicon, asTyped, readingsOf, arabizi.mayStart);
        // Whether the message may be Arabizi is asked only when this reading found something to add.
        if (more.length && (ARABIZI_DIGITS.test(text) || ask(ownLanguage) || ask(maybeOwn))) {
          const seen = new Set(findings.map((f) => `${f.id}:${f.current}`));
          findings = [...findings, ...more.filter((f) => !seen.has(`${f.id}:${f.current}`))];
        }
      }
      const hits = localRules.match(findings).map((hit) => redFlagHit(hit, code) as LocaleRedFlagHit);
      return { hits, findings };
    },
  };
}

/** A token's forms for findFindings: itself and its readings, each covering one token; none for punctuation. */
function formsFrom(token: string, _at: number, readings: string[]): Map<string, number> {
  return new Map(PUNCTUATION.has(token) ? [] : [token, ...readings].map((r) => [r, 1]));
}

/** Whether a phrase may start at some token, as written or as one of its readings. */
function mayStartAt(
  tokens: string[],
  readingsOf: (token: string, i: number) => string[],
  mayStartPhrase: (token: string) => boolean,
): boolean {
  for (let i = 0; i < tokens.length; i++) {
    if (mayStartPhrase(tokens[i])) return true;
    for (const reading of readingsOf(tokens[i], i)) if (mayStartPhrase(reading)) return true;
  }
  return false;
}

/** How many words each screen keeps what it worked out about (a word's readings, whether a phrase may start there). */
const WORDS_KEPT = 20000;

/**
 * `read` for a word, worked out once per word and kept: each screen reads every word of every message, most of them
 * the same everyday words. What is kept is never changed by its readers. Emptied when full, as WordReader's cache.
 */
function perWord<T>(read: (token: string) => T): (token: string) => T {
  const kept = new Map<string, T>();
  return (token) => {
    const known = kept.get(token);
    if (known !== undefined) return known;
    const value = read(token);
    if (kept.size >= WORDS_KEPT) kept.clear();
    kept.set(token, value);
    return value;
  };
}

/**
 * Folded as languages.yaml says, then each run of one Latin letter read once. One function for every screen that
 * reads romanised spelling, so they share the message's tokens (tokensOf keeps them by fold).
 */
const singleLetterFolds = new WeakMap<Languages['fold'], (text: string) => string>();
export function singleLetterFold(languages: Languages): (text: string) => string {
  const known = singleLetterFolds.get(languages.fold);
  if (known) return known;
  const fold = (text: string) =>
    languages.fold(text).replace(/(^|[^@\w])(\w+)/gu, (_, b: string, w: string) => b + w.replace(/([a-z])\1+/g, '$1'));
  singleLetterFolds.set(languages.fold, fold);
  return fold;
}

/**
 * `fold`, then each Latin word with one of `endings` spelt with what it maps to. Kept by fold and endings, so screens
 * with the same ones share the message's tokens.
 */
const endingFolds = new WeakMap<(text: string) => string, Map<string, (text: string) => string>>();
function endingFold(fold: (text: string) => string, endings: Record<string, string>): (text: string) => string {
  const key = JSON.stringify(Object.entries(endings).sort());
  const known = endingFolds.get(fold)?.get(key);
  if (known) return known;
  // Longest first, so "aye" is read before "ye".
  const list = Object.entries(endings).sort(([a], [b]) => b.length - a.length);
  const respell = (word: string) => {
    for (const [ending, kept] of list)
      if (word.length - ending.length >= 2 && word.endsWith(ending)) return word.slice(0, -ending.length) + kept;
    return word;
  };
  const out = (text: string) =>
    fold(text).replace(/(^|[^@\w])([a-z]+)(?![\w])/gu, (_, b: string, w: string) => b + respell(w));
  const byKey = endingFolds.get(fold) ?? new Map<string, (text: string) => string>();
  byKey.set(key, out);
  endingFolds.set(fold, byKey);
  return out;
}

/**
 * The message folded and tokenised. Most screens fold alike (languages.yaml's fold), so the last message's tokens are
 * kept by fold: the 14 screens read one message one after another. The array is shared, so it is frozen.
 */
const lastTokens = new WeakMap<(text: string) => string, { text: string; tokens: readonly string[] }>();
function tokensOf(text: string, fold: (text: string) => string): string[] {
  const last = lastTokens.get(fold);
  if (last?.text === text) return last.tokens as string[];
  const tokens = Object.freeze(tokenise(fold(text)));
  lastTokens.set(fold, { text, tokens });
  return tokens as string[];
}

const SENTENCE_MARKS: Record<string, string> = { '،': ',', '؛': ';', '؟': '?', '۔': '.', '।': '.', '¿': ' ', '¡': ' ' };

/** Words of any script, with , ; : ! ? . as tokens of their own (Arabic, Urdu and Indic marks read as theirs). */
export function tokenise(folded: string): string[] {
  return folded
    .replace(/[،؛؟۔।¿¡]/g, (c) => SENTENCE_MARKS[c])
    .replace(/[^\p{L}\p{M}\p{N},;:!?.\s]/gu, ' ')
    .replace(/[,;:!?.]/g, ' $& ')
    .split(/\s+/)
    .filter(Boolean);
}

const LATIN = new Set(['latin']);
const ARABIC = new Set(['arabic']);

function hasScript(text: string, scripts: Set<string>): boolean {
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if (scripts.has('latin') && ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0xc0 && c <= 0x24f)))
      return true;
    if (scripts.has('arabic') && c >= 0x600 && c <= 0x6ff) return true;
    if (scripts.has('gurmukhi') && c >= 0xa00 && c <= 0xa7f) return true;
    if (scripts.has('bengali') && c >= 0x980 && c <= 0x9ff) return true;
    if (scripts.has('gujarati') && c >= 0xa80 && c <= 0xaff) return true;
    if (scripts.has('tamil') && c >= 0xb80 && c <= 0xbff) return true;
  }
  return false;
}

/** Every language's screen, read together. */
export interface LocaleScreens {
  screens: LocaleScreen[];
  /**
   * The hits, most urgent first, and the findings. When more than one language's words are in the message
   * ("ictus" is Spanish and Italian), `languageOf` says which it is written in, and only that language's screen
   * counts if it read any finding at all: its own cues ("hace dos años") are the ones that apply.
   */
  read(
    text: string,
    languageOf?: () => string,
    unsure?: () => boolean,
  ): { hits: LocaleRedFlagHit[]; findings: Finding[] };
}

export function loadLocaleScreens(): LocaleScreens {
  const rules = readContentFile('red-flags/rules.yaml', z.object({}).passthrough()) as unknown;
  const lexicon = readContentFile('red-flags/lexicon.yaml', lexiconSchema);
  const ids = new Set(lexicon.findings.map((f) => f.id));
  const parsed = findingRulesSchema(ids).parse(rules);
  const borrowed = readContentFile(`${LOCALE_DIR}/borrowed.yaml`, borrowedSchema);
  const screens = localeScreenCodes().map((code) =>
    loadLocaleScreen(code, parsed, ids, loadLanguages(), borrowed.languages.includes(code) ? borrowed.classes : {}),
  );
  return {
    screens,
    read(text: string, languageOf?: () => string, unsure?: () => boolean) {
      // The language is identified only if a screen needs it (most messages: none does), so lazily.
      let reads = screens.map((screen) => {
        const identified = () => languageOf !== undefined && languageOf() === screen.language;
        return {
          language: screen.language,
          ...screen.read(
            text,
            () => screen.borrows && identified(),
            () => identified() || (unsure?.() ?? false),
          ),
        };
      });
      reads = reads.filter((r) => r.findings.length > 0);
      if (reads.length > 1 && languageOf) {
        const language = languageOf();
        const own = reads.filter((r) => r.language === language);
        if (own.length) reads = own;
      }
      const hits = reads.flatMap((r) => r.hits).sort((a, b) => urgency(a) - urgency(b));
      return { hits, findings: reads.flatMap((r) => r.findings) };
    },
  };
}

const urgency = (h: RedFlagHit) => urgencyRank(h.disposition);
