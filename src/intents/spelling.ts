import { JaroWinklerDistance } from './naturalLib';

const MIN_LENGTH = 4;
const MIN_SIMILARITY = 0.92;
const CACHE_LIMIT = 20000;

/**
 * Corrects words the model has never seen to the closest word it knows (Jaro-Winkler), looking only at words with the
 * same first letter and a similar length so a correction costs microseconds, not a scan of the vocabulary.
 */
export class SpellingCorrector {
  private readonly buckets = new Map<string, string[]>();
  private readonly known: Set<string>;
  private readonly cache = new Map<string, string>();

  constructor(vocabulary: Iterable<string>) {
    this.known = new Set(vocabulary);
    for (const word of this.known) {
      if (word.length < MIN_LENGTH || /\d/.test(word)) continue;
      const key = word[0];
      const list = this.buckets.get(key) ?? [];
      list.push(word);
      this.buckets.set(key, list);
    }
  }

  correct(word: string): string {
    if (word.length < MIN_LENGTH || this.known.has(word) || /\d/.test(word)) return word;
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached;
    let best = word;
    let bestScore = MIN_SIMILARITY;
    for (const candidate of this.buckets.get(word[0]) ?? []) {
      if (Math.abs(candidate.length - word.length) > 2) continue;
      const score = JaroWinklerDistance(word, candidate);
      if (score > bestScore) [best, bestScore] = [candidate, score];
    }
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(word, best);
    return best;
  }
}
