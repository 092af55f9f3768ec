/** The NHS number check digit (modulus 11); a check digit of 10 means the number is invalid. */
export function isValidNhsNumber(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  const sum = [...digits.slice(0, 9)].reduce((s, d, i) => s + Number(d) * (10 - i), 0);
  const check = 11 - (sum % 11);
  const expected = check === 11 ? 0 : check;
  return expected !== 10 && expected === Number(digits[9]);
}

/** A valid NHS number written 3-3-4 with spaces or dashes, or as ten digits. */
export function findNhsNumber(text: string): string | undefined {
  const candidates = text.match(/(?<!\d)\d{3}[\s-]?\d{3}[\s-]?\d{4}(?!\d)/g) ?? [];
  for (const candidate of candidates) {
    const digits = candidate.replace(/\D/g, '');
    // UK mobile numbers are 11 digits starting 07, so a 10-digit run inside one is never taken as an NHS number.
    if (isValidNhsNumber(digits)) return digits;
  }
  return undefined;
}
