/** UK phone numbers: 07xxx mobiles, 01/02/03 landlines, +44 forms; returned in national format without spaces. */
export function findPhoneNumber(text: string): string | undefined {
  const match = /(?:\+44\s?\(?0?\)?\s?|(?<!\d)0)(\d[\d\s-]{8,12}\d)(?!\d)/.exec(text);
  if (!match) return undefined;
  const digits = `0${match[1].replace(/\D/g, '')}`;
  return /^0[1237]\d{8,9}$/.test(digits) && digits.length >= 10 && digits.length <= 11 ? digits : undefined;
}

const POSTCODE = /\b([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})\b/i;

const WHOLE_POSTCODE = /^([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})$/;
const SPOKEN_NUMBERS: Record<string, string> = Object.fromEntries(
  [
    'zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen',
    'seventeen eighteen nineteen',
  ]
    .join(' ')
    .split(' ')
    .map((w, i) => [w, String(i)]),
);
SPOKEN_NUMBERS.oh = '0';
/**
 * Letters as phone speech recognition writes them when a postcode is spelt out ("S W one seven oh Q tea", "two P
 * you", "oh queue T"): the names of letters, and the everyday words that sound like them. Trusted only inside a run
 * that makes a whole postcode (below), so "you" or "see" in a sentence is never a letter.
 */
const LETTER_NAMES: Record<string, string> = {
  ay: 'A',
  bee: 'B',
  be: 'B',
  see: 'C',
  sea: 'C',
  cee: 'C',
  dee: 'D',
  ee: 'E',
  eff: 'F',
  gee: 'G',
  aitch: 'H',
  haitch: 'H',
  jay: 'J',
  kay: 'K',
  el: 'L',
  ell: 'L',
  em: 'M',
  en: 'N',
  pea: 'P',
  pee: 'P',
  queue: 'Q',
  cue: 'Q',
  ar: 'R',
  are: 'R',
  es: 'S',
  ess: 'S',
  tea: 'T',
  tee: 'T',
  you: 'U',
  vee: 'V',
  ex: 'X',
  why: 'Y',
  zed: 'Z',
};
/**
 * Words speech recognition writes for a figure in a postcode ("s w eighteen to p u"), trusted, like the letter names,
 * only inside a run that makes a whole postcode.
 */
const DIGIT_SOUNDS: Record<string, string> = { to: '2', too: '2', for: '4', fore: '4', ate: '8', won: '1' };
const SINGLE_LETTER = /^[a-z]$/;

/** One spoken word (or "double A") as part of a postcode; `written` when it was a single letter as written. */
interface PostcodePart {
  value: string;
  written: boolean;
}

function letterOrDigit(word: string | undefined): string | undefined {
  if (word === undefined) return undefined;
  if (SINGLE_LETTER.test(word) || /^\d$/.test(word)) return word;
  const digit = SPOKEN_NUMBERS[word] ?? DIGIT_SOUNDS[word];
  return digit?.length === 1 ? digit : LETTER_NAMES[word]?.toLowerCase();
}

/**
 * Two capitals together as speech recognition writes an area's letters ("SW eighteen two P U", "postcode SW seventeen
 * oh QT", set M): the pair is two letters of the postcode. Only in capitals, so "is", "to" or "up" in a sentence never are.
 */
const LETTER_PAIR = /^[A-Z]{2}$/;
/**
 * Half a postcode written as one word, with the other half spoken ("postcode SW18 to PU", "SW17 oh q t", "S W 18
 * 2PU"): recognition writes the part it is sure of as figures and letters and the rest as words (set N).
 */
const OUTWARD_WRITTEN = /^[a-z]{1,2}\d[a-z\d]?$/;
const INWARD_WRITTEN = /^\d[a-z]{2}$/;
/** Words recognition writes for two letters said together ("S W seventeen zero cutie" for Q T). */
const LETTER_PAIR_SOUNDS: Record<string, string> = { cutie: 'qt', cutey: 'qt' };

/** Spoken words as the letters or figures of a postcode, where they can be one: "double A" is two letters. */
function postcodeParts(said: string[]): (PostcodePart | undefined)[] {
  const words = said.map((w) => w.toLowerCase());
  const parts: (PostcodePart | undefined)[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (LETTER_PAIR.test(said[i]) || OUTWARD_WRITTEN.test(word) || INWARD_WRITTEN.test(word)) {
      parts.push({ value: word, written: false });
      continue;
    }
    if (LETTER_PAIR_SOUNDS[word]) {
      parts.push({ value: LETTER_PAIR_SOUNDS[word], written: false });
      continue;
    }
    const repeated = letterOrDigit(words[i + 1]);
    if ((word === 'double' || word === 'triple') && repeated) {
      parts.push({ value: repeated.repeat(word === 'double' ? 2 : 3), written: false });
      i++;
      continue;
    }
    const value = /^\d{1,2}$/.test(word) ? word : (SPOKEN_NUMBERS[word] ?? letterOrDigit(word));
    parts.push(value === undefined ? undefined : { value, written: SINGLE_LETTER.test(word) });
  }
  return parts;
}

/**
 * A postcode as phone speech recognition writes it, letter by letter and number by number ("e fourteen three j l",
 * "S W one one two B B"): a run of single letters and numbers that together make a whole postcode.
 */
function spokenPostcode(text: string): string | undefined {
  const parts = postcodeParts(text.split(/[\s,.]+/));
  for (let start = 0; start < parts.length; start++) {
    let joined = '';
    // Where each word's letters end in the run: the postcode's halves must split between words, since nobody says a
    // figure that runs across them ("HR 88 BP 130" is a pulse and a blood pressure, not HR8 8BP).
    const ends = new Set<number>();
    for (let end = start; end < parts.length && parts[end] !== undefined && joined.length < 7; end++) {
      joined += parts[end]!.value.toUpperCase();
      ends.add(joined.length);
      const whole = WHOLE_POSTCODE.exec(joined);
      const match = whole && ends.has(whole[1].length) ? whole : null;
      // The run must end here: "S W 1 1 2 B B" is not "SW1 12B" followed by a stray letter.
      const next = parts[end + 1];
      // "I" and "a" after it are words ("… q t I need to move"): no postcode's letters run on into them. Nor does a
      // word that only sounds like a letter ("… Q T are you there").
      if (match && !(next?.written && /^[b-hj-z]$/.test(next.value))) return `${match[1]} ${match[2]}`;
    }
  }
  return undefined;
}

/** A UK postcode, upper case with one space ("SW17 0QT"), written or spoken. */
export function findPostcode(text: string): string | undefined {
  const match = POSTCODE.exec(text);
  return match ? `${match[1].toUpperCase()} ${match[2].toUpperCase()}` : spokenPostcode(text);
}
