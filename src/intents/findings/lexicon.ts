import { z } from 'zod';
import { reviewSchema } from '../../content/readContentFile';
import { stem } from './messageWords';

/**
 * One way of saying a finding: slots that must all be found in one clause, within `within` tokens of each other,
 * in any order unless `ordered`. A slot is `@class` (any word or phrase of that class) or a literal phrase.
 */
const alternativeSchema = z.union([
  z.array(z.string().min(1)).min(1),
  z.object({
    slots: z.array(z.string().min(1)).min(1),
    ordered: z.boolean().default(false),
    within: z.number().int().min(1).max(20).optional(),
    /**
     * `@class` of words that must not come between the slots: a reading belongs to its own label, so "HR 76, RR 16"
     * is not a pulse of 16 and "sats 95% and pulse 80" not a saturation of 80 (H199).
     */
    apart: z.string().min(1).optional(),
  }),
]);

export const lexiconSchema = z.object({
  review: reviewSchema,
  /**
   * Named groups of lay words and phrases, matched on their stems; `word*` matches any word starting so ("blu*" reads
   * "blueish"), `=word` only the word as written.
   */
  /**
   * Words a split-word reading never runs across: speech recognition splits a word it does not know into syllables,
   * not around "the" or "and", so "over the sink" is not read as "overdose".
   */
  neverJoined: z.array(z.string().regex(/^[a-z]+$/)).default([]),
  /**
   * Everyday words speech recognition writes as meant, never re-read as a lexicon word they sound like: "attached"
   * is not "attacked", "meets" is not "meths".
   */
  heardAsWritten: z.array(z.string().regex(/^[a-z]+$/)).default([]),
  classes: z.record(z.string().regex(/^[a-z_]+$/), z.array(z.string().min(1)).min(1)),
  findings: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z0-9_]+$/),
        label: z.string().min(1),
        match: z.array(alternativeSchema).min(1),
        /** Phrases (or `@class`) that, where they cover any of the finding's words, mean something else ("eye drops"). */
        unless: z.array(z.string().min(1)).default([]),
        /**
         * A risk factor, not a symptom: said in the past it still counts ("had my hip replaced last week" with a
         * swollen calf), so only negation, hypotheticals and someone else's make it not current.
         */
        background: z.boolean().default(false),
      }),
    )
    .min(1),
});
export type LexiconContent = z.infer<typeof lexiconSchema>;

/**
 * One word of a phrase: a stem to find among a token's forms (its spelling and sound-alike readings too), the start
 * of the token as written (`word*`), or the token exactly as written (`=word`: "=stroke" is not "stroking").
 */
export type WordMatcher = { stem: string } | { prefix: string } | { exact: string };
export type Phrase = WordMatcher[];

/** The phrases one slot accepts. Slots of one class are one object, shared by every finding that uses the class. */
export interface Slot {
  phrases: Phrase[];
}

export interface IndexedPhrase {
  slot: Slot;
  phrase: Phrase;
}

/**
 * Every phrase of every slot, by the stem of its first word, so a message is matched in time proportional to its
 * length, not to the size of the lexicon. Phrases starting with a prefix or an exact form (`loose`) are kept by
 * their first letter: only those whose first letter a token (or one of its readings) starts with can match there.
 */
export interface PhraseIndex {
  byFirstStem: Map<string, IndexedPhrase[]>;
  /** Phrases starting with a prefix or an exact form, in the lexicon's order. */
  loose: IndexedPhrase[];
  /**
   * The loose phrases that may start at a token written `token` whose other readings are `readings`, in the
   * lexicon's order (the order findings are matched in decides which mention's modifiers a finding reports).
   */
  looseAt(token: string, readings?: readonly string[]): readonly IndexedPhrase[];
}

/**
 * `looseAt` over `loose`, built once: a prefix is tried on the token and its readings, an exact form on the token
 * only, as findFindings' phraseEndAt does. Returning a phrase that then does not match is harmless (each is still
 * matched); one that could match is never left out.
 */
function looseIndex(loose: IndexedPhrase[]): PhraseIndex['looseAt'] {
  const order = new Map(loose.map((entry, i) => [entry, i]));
  const byInitial = new Map<string, IndexedPhrase[]>();
  // A `*` alone (an empty prefix) may start at every token.
  const everywhere = loose.filter(({ phrase }) => 'prefix' in phrase[0] && phrase[0].prefix === '');
  for (const entry of loose) {
    const first = entry.phrase[0];
    const word = 'prefix' in first ? first.prefix : 'exact' in first ? first.exact : '';
    if (!word) continue;
    const list = byInitial.get(initialOf(word)) ?? [];
    list.push(entry);
    byInitial.set(initialOf(word), list);
  }
  return (token, readings = NONE_READINGS) => {
    const initial = initialOf(token);
    const own = byInitial.get(initial) ?? NO_PHRASES;
    let others: IndexedPhrase[] | undefined;
    for (const reading of readings) {
      const list = initialOf(reading) === initial ? undefined : byInitial.get(initialOf(reading));
      if (list) (others ??= []).push(...list);
    }
    if (!others && !everywhere.length) return own;
    // Several lists: merged back into the lexicon's order, each phrase once.
    const merged = [...new Set([...everywhere, ...own, ...(others ?? NO_PHRASES)])];
    return merged.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  };
}

/** The first letter as a code point, not a UTF-16 unit, so a word and a token starting alike agree. */
function initialOf(word: string): string {
  return word ? String.fromCodePoint(word.codePointAt(0) ?? 0) : '';
}

const NONE_READINGS: readonly string[] = [];
const NO_PHRASES: readonly IndexedPhrase[] = [];

export interface CompiledAlternative {
  slots: Slot[];
  ordered: boolean;
  within: number;
  /** Words that must not come between the slots' words. */
  apart?: Slot;
}

export interface CompiledFinding {
  id: string;
  label: string;
  alternatives: CompiledAlternative[];
  unless: Slot;
  background: boolean;
}

/** How far apart, in tokens, the parts of a finding may be when the lexicon does not say. */
const DEFAULT_WITHIN = 7;

export class LexiconError extends Error {}

/**
 * `stemOf` reduces a lexicon word to what a message's token forms are compared with: Porter stems for English; for
 * another language the word as written (after its own folding), with `word*` for its inflections.
 */
export function compileLexicon(
  content: Omit<LexiconContent, 'neverJoined' | 'heardAsWritten'>,
  stemOf: (word: string) => string = stem,
): {
  findings: CompiledFinding[];
  words: Set<string>;
  index: PhraseIndex;
} {
  const words = new Set<string>();
  const byFirstStem = new Map<string, IndexedPhrase[]>();
  const loose: IndexedPhrase[] = [];
  const indexSlot = (phrases: Phrase[]): Slot => {
    const slot: Slot = { phrases };
    for (const p of phrases) {
      const first = p[0];
      if ('stem' in first) {
        const list = byFirstStem.get(first.stem) ?? [];
        list.push({ slot, phrase: p });
        byFirstStem.set(first.stem, list);
      } else loose.push({ slot, phrase: p });
    }
    return slot;
  };
  const phrase = (text: string): Phrase =>
    text
      .trim()
      .split(/\s+/)
      .map((w) => {
        if (w.endsWith('*')) return { prefix: w.slice(0, -1) };
        if (w.startsWith('=')) {
          words.add(w.slice(1));
          return { exact: w.slice(1) };
        }
        words.add(w);
        return { stem: stemOf(w) };
      });
  const classes = new Map(Object.entries(content.classes).map(([name, list]) => [name, indexSlot(list.map(phrase))]));
  const phrasesOf = (text: string): Phrase[] => {
    if (!text.startsWith('@')) return [phrase(text)];
    if (!classes.has(text.slice(1))) throw new LexiconError(`unknown class ${text}`);
    return content.classes[text.slice(1)].map(phrase);
  };
  const slot = (text: string): Slot => {
    if (!text.startsWith('@')) return indexSlot([phrase(text)]);
    const found = classes.get(text.slice(1));
    if (!found) throw new LexiconError(`unknown class ${text}`);
    return found;
  };
  const seen = new Set<string>();
  const findings = content.findings.map((f) => {
    if (seen.has(f.id)) throw new LexiconError(`finding ${f.id} is defined twice`);
    seen.add(f.id);
    return {
      id: f.id,
      label: f.label,
      unless: indexSlot(f.unless.flatMap(phrasesOf)),
      background: f.background,
      alternatives: f.match.map((alt) => {
        const { slots, ordered, within, apart } = Array.isArray(alt)
          ? { slots: alt, ordered: false, within: undefined, apart: undefined }
          : alt;
        return {
          slots: slots.map(slot),
          ordered,
          within: within ?? DEFAULT_WITHIN,
          ...(apart ? { apart: slot(apart) } : {}),
        };
      }),
    };
  });
  return { findings, words, index: { byFirstStem, loose, looseAt: looseIndex(loose) } };
}
