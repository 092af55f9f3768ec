/** UK phone numbers: 07xxx mobiles, 01/02/03 landlines, +44 forms; returned in national format without spaces. */
export function findPhoneNumber(text: string): string | undefined {
  const match = /(?:\+44\s?\(?0?\)?\s?|(?<!\d)0)(\d[\d\s-]{8,12}\d)(?!\d)/.exec(text);
  if (!match) return undefined;
  const digits = `0${match[1].replace(/\D/g, '')}`;
  return /^0[1237]\d{8,9}$/.test(digits) && digits.length >= 10 && digits.length <= 11 ? digits : undefined;
}

const POSTCODE = /\b([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})\b/i;

/** A UK postcode, upper case with one space ("SW17 0QT"). */
export function findPostcode(text: string): string | undefined {
  const match = POSTCODE.exec(text);
  return match ? `${match[1].toUpperCase()} ${match[2].toUpperCase()}` : undefined;
}
