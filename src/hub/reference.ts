import { randomInt } from 'node:crypto';

// No 0/O, 1/I/L, 5/S, 8/B: references are read out over the phone and typed from an SMS.
const ALPHABET = 'ACDEFGHJKMNPQRTUVWXY234679';

/** A short reference people can read out, e.g. "FD-K7M-3QX". Uniqueness is enforced by the store's index. */
export function newReference(prefix = 'FD'): string {
  const pick = () => ALPHABET[randomInt(ALPHABET.length)];
  return `${prefix}-${pick()}${pick()}${pick()}-${pick()}${pick()}${pick()}`;
}

/** "F D, K 7 M, 3 Q X": one character at a time, so text-to-speech does not read it as a word. */
export function spokenReference(reference: string): string {
  return reference
    .split('-')
    .map((part) => part.split('').join(' '))
    .join(', ');
}
