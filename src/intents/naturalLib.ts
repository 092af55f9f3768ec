/* eslint-disable @typescript-eslint/no-require-imports -- natural's parts have no ES entry points */
// natural's index also loads its sentiment analyser (an ES-module word list jest cannot require) and dotenv (which
// prints on stdout, and `npm run -s classify` must print JSON only), so we load just the parts we use.
import type NaturalModule from 'natural';

export const PorterStemmer =
  require('natural/lib/natural/stemmers/porter_stemmer') as typeof NaturalModule.PorterStemmer;
export const JaroWinklerDistance =
  require('natural/lib/natural/distance/jaro-winkler_distance') as typeof NaturalModule.JaroWinklerDistance;
export const DoubleMetaphone =
  require('natural/lib/natural/phonetics/double_metaphone') as typeof NaturalModule.DoubleMetaphone;
export const LancasterStemmer =
  require('natural/lib/natural/stemmers/lancaster_stemmer') as typeof NaturalModule.LancasterStemmer;

/** How many words `porterStem` keeps; emptied when full, as the finding matcher's word caches are. */
export const STEMS_KEPT = 20000;
const stems = new Map<string, string>();

/**
 * Porter's stem of a word, worked out once per word and kept: understand() stems the same everyday words on every
 * message (the classifier's features, its familiarity, the finding matcher), and each stemming allocates a dozen
 * strings, which was a fifth of its garbage (issue 16). The stemmer is a pure function of the word.
 */
export function porterStem(word: string): string {
  const known = stems.get(word);
  if (known !== undefined) return known;
  const stemmed = PorterStemmer.stem(word);
  if (stems.size >= STEMS_KEPT) stems.clear();
  stems.set(word, stemmed);
  return stemmed;
}

/** How many stems are kept now (for the test of the bound). */
export function stemsKept(): number {
  return stems.size;
}
