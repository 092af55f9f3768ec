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
