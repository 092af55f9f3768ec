import { PARTS_OF_SPEECH, sharedWordNet, type WordNet } from './wordNet';

/* eslint-disable-next-line @typescript-eslint/no-require-imports -- natural's word list has no ES entry point */
const STOPWORDS = new Set((require('natural/lib/natural/util/stopwords') as { words: string[] }).words);

/**
 * Which WordNet relations become features. A small training set names a thing one way and its users another
 * ("remove my account" / "delete my account"): surface features cannot link the two, a shared synset or hypernym can.
 */
export interface MeaningOptions {
  /** Synsets per part of speech, most frequent sense first (`m:` features). 0 adds none. */
  senses?: number;
  /** Also the hypernyms of those synsets (`h:` features): "printer" and "scanner" are both peripherals. */
  hypernyms?: boolean;
  /** Also the word's base forms, lemmatised by WordNet's morphy rules (`l:` features), beside Porter's stems. */
  lemmas?: boolean;
}

/** The prefixes of meaning features, so they can be weighted against the words themselves. */
export const MEANING_KINDS = ['m', 'h', 'l'] as const;

export const DEFAULT_MEANINGS: Required<MeaningOptions> = { senses: 1, hypernyms: false, lemmas: false };

const CACHE_LIMIT = 50000;

/**
 * A word's meaning features from WordNet, each a string like the surface features (`m:v01551969`), so the linear
 * model learns a weight for a meaning as it does for a word. Function words are skipped: WordNet lists "a" as a unit
 * of length and "can" as a container, meanings they never have in a request. Results are cached per word, so after
 * the first sight of a word a lookup is a map read.
 */
export class WordMeanings {
  private readonly options: Required<MeaningOptions>;
  private readonly cache = new Map<string, string[]>();

  constructor(
    options: MeaningOptions = {},
    private readonly wordNet: WordNet = sharedWordNet(),
  ) {
    this.options = { ...DEFAULT_MEANINGS, ...options };
  }

  of(word: string): string[] {
    let features = this.cache.get(word);
    if (!features) {
      features = this.lookUp(word);
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(word, features);
    }
    return features;
  }

  private lookUp(word: string): string[] {
    if (word.length < 2 || STOPWORDS.has(word) || /\d/.test(word)) return [];
    const { senses, hypernyms, lemmas } = this.options;
    const out = new Set<string>();
    for (const pos of PARTS_OF_SPEECH) {
      const [base] = this.wordNet.baseForms(word, pos);
      if (!base) continue;
      if (lemmas) out.add(`l:${base}`);
      for (const offset of this.wordNet.senses(base, pos).slice(0, senses)) {
        out.add(`m:${pos}${offset}`);
        if (hypernyms) for (const h of this.wordNet.synset(pos, offset).hypernyms) out.add(`h:${h.pos}${h.offset}`);
      }
    }
    return [...out];
  }
}
