/* eslint-disable @typescript-eslint/no-require-imports -- natural's tokenizer has no ES entry point */
import type NaturalModule from 'natural';
import { PorterStemmer } from '../../intents/naturalLib';

const { WordTokenizer } = require('natural/lib/natural/tokenizers/regexp_tokenizer') as {
  WordTokenizer: typeof NaturalModule.WordTokenizer;
};
const tokenizer = new WordTokenizer();

/** A trigger this long may be a stem written by hand ("wheez", "breath") and match the words it starts. */
const MIN_HAND_STEM = 5;

/** The words of a text: lower case, apostrophes dropped ("can't" → "cant"), natural's word tokenizer. */
export function words(text: string): string[] {
  return tokenizer.tokenize(text.toLowerCase().replace(/['’‘`]/g, '')) ?? [];
}

interface Word {
  word: string;
  stem: string;
}

/** A text read once for matching triggers against it. */
export class WordText {
  readonly words: Word[];
  constructor(text: string) {
    this.words = words(text).map((word) => ({ word, stem: PorterStemmer.stem(word) }));
  }

  /**
   * Whether a trigger (a word or a short phrase) is in the text as whole words: each word equal in its stem ("falls"
   * and "fallen" for "fall"), or, for a hand-written stem of five letters or more, a word it starts ("wheezy" for
   * "wheez"). Never inside a word: "weekend" is not "wee".
   */
  has(trigger: string): boolean {
    const parts = triggerWords(trigger);
    if (!parts.length) return false;
    for (let i = 0; i + parts.length <= this.words.length; i++) {
      if (parts.every((p, k) => sameWord(this.words[i + k], p))) return true;
    }
    return false;
  }

  /** How many of the triggers are in the text. */
  count(triggers: string[]): number {
    return triggers.filter((t) => this.has(t)).length;
  }
}

/** Triggers come from content and are few: each is read once, not on every message. */
const readTriggers = new Map<string, Word[]>();
function triggerWords(trigger: string): Word[] {
  let parts = readTriggers.get(trigger);
  if (!parts) {
    parts = words(trigger).map((word) => ({ word, stem: PorterStemmer.stem(word) }));
    readTriggers.set(trigger, parts);
  }
  return parts;
}

function sameWord(said: Word, trigger: Word): boolean {
  return (
    said.word === trigger.word ||
    said.stem === trigger.stem ||
    (trigger.word.length >= MIN_HAND_STEM && said.word.startsWith(trigger.word))
  );
}

/** The entry whose triggers the text mentions most (the first listed on a tie); undefined when none is mentioned. */
export function bestMatch<T extends { triggers: string[] }>(text: string, entries: T[]): T | undefined {
  const said = new WordText(text);
  let best: T | undefined;
  let bestScore = 0;
  for (const entry of entries) {
    const score = said.count(entry.triggers);
    if (score > bestScore) [best, bestScore] = [entry, score];
  }
  return best;
}
