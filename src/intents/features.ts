import { PorterStemmer } from './naturalLib';

/** Words of a normalised utterance (letters and digits). */
export function tokenise(normalised: string): string[] {
  return normalised.match(/[a-z0-9]+/g) ?? [];
}

/**
 * Sparse features: stemmed words and word pairs carry meaning; character 3- to 5-grams of each word make the model
 * robust to typos and speech-recognition slips ("apointment", "breath" for "breathe") without a rule for each.
 */
export function featuresOf(tokens: string[]): string[] {
  const out: string[] = [];
  const stems = tokens.map((t) => PorterStemmer.stem(t));
  for (let i = 0; i < stems.length; i++) {
    out.push(`w:${stems[i]}`);
    if (i > 0) out.push(`b:${stems[i - 1]}_${stems[i]}`);
  }
  for (const token of tokens) {
    const padded = `<${token}>`;
    for (let n = 3; n <= 5; n++) {
      for (let i = 0; i + n <= padded.length; i++) out.push(`c:${padded.slice(i, i + n)}`);
    }
  }
  return out;
}
