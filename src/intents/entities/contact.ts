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
 * A postcode as phone speech recognition writes it, letter by letter and number by number ("e fourteen three j l",
 * "S W one one two B B"): a run of single letters and numbers that together make a whole postcode.
 */
function spokenPostcode(text: string): string | undefined {
  const parts = text
    .toLowerCase()
    .split(/[\s,.]+/)
    .map((w) => (/^[a-z]$/.test(w) || /^\d{1,2}$/.test(w) ? w : SPOKEN_NUMBERS[w]));
  for (let start = 0; start < parts.length; start++) {
    let joined = '';
    for (let end = start; end < parts.length && parts[end] !== undefined && joined.length < 7; end++) {
      joined += parts[end]!.toUpperCase();
      const match = WHOLE_POSTCODE.exec(joined);
      // The run must end here: "S W 1 1 2 B B" is not "SW1 12B" followed by a stray letter.
      const next = parts[end + 1];
      // "I" and "a" after it are words ("… q t I need to move"): no postcode's letters run on into them.
      if (match && (next === undefined || !/^[b-hj-z]$/.test(next))) return `${match[1]} ${match[2]}`;
    }
  }
  return undefined;
}

/** A UK postcode, upper case with one space ("SW17 0QT"), written or spoken. */
export function findPostcode(text: string): string | undefined {
  const match = POSTCODE.exec(text);
  return match ? `${match[1].toUpperCase()} ${match[2].toUpperCase()}` : spokenPostcode(text);
}
