import { LancasterStemmer, porterStem } from './naturalLib';
import type { WordMeanings } from './wordMeanings';

/** Optional kinds of feature, off unless cross-validation says they help (docs/nlu.md). */
export interface FeatureOptions {
  /** Each word's WordNet meanings, so words the training data never used can still count. */
  meanings?: WordMeanings;
  /** Lancaster stems too (`s:`), more aggressive than Porter's ("upgrading" and "upgrade" → "upgrad"). */
  lancaster?: boolean;
}

/** Words of a normalised utterance (letters and digits). */
export function tokenise(normalised: string): string[] {
  return normalised.match(/[a-z0-9]+/g) ?? [];
}

/**
 * Sparse features, chosen by measurement on CLINC150's validation split and the domain data:
 * - stemmed words and stemmed word pairs carry the meaning ("cancel visit", "chang appoint");
 * - the words as written keep distinctions the stemmer merges ("caring" vs "care");
 * - the first word separates questions from requests ("when is…", "can you…");
 * - character 2- to 4-grams across word boundaries make the model robust to typos, run-together words and
 *   speech-recognition slips ("apointment", "cant breath") without a rule for each;
 * - optionally, the `FeatureOptions` kinds.
 */
export function featuresOf(tokens: string[], options: FeatureOptions = {}): string[] {
  const out: string[] = [];
  const stems = tokens.map(porterStem);
  for (let i = 0; i < stems.length; i++) {
    out.push(`w:${stems[i]}`, `r:${tokens[i]}`);
    if (i > 0) out.push(`b:${stems[i - 1]}_${stems[i]}`);
  }
  if (stems.length) out.push(`f:${stems[0]}`);
  const text = ` ${tokens.join(' ')} `;
  for (let n = 2; n <= 4; n++) for (let i = 0; i + n <= text.length; i++) out.push(`c:${text.slice(i, i + n)}`);
  if (options.meanings) for (const t of tokens) out.push(...options.meanings.of(t));
  if (options.lancaster) for (const t of tokens) out.push(`s:${LancasterStemmer.stem(t)}`);
  return out;
}
