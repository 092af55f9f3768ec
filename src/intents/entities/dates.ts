import * as chrono from 'chrono-node';

export interface FoundDateTime {
  /** ISO 8601 instant. */
  start: string;
  text: string;
  /** Whether a time of day was said, or only a date. */
  hasTime: boolean;
}

function iso(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/**
 * A date of birth: day-first UK dates ("14/03/1939", "14 March 1939", "the fourteenth of march nineteen thirty nine"
 * after spoken digits are figures). It must be a real date in the past, within 125 years.
 */
export function findDateOfBirth(text: string, now: Date): string | undefined {
  const cleaned = text.replace(/\b(\d{1,2})(st|nd|rd|th)\b/gi, '$1');
  const numeric = /\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})\b/.exec(cleaned);
  let date: Date | undefined;
  if (numeric) {
    const [day, month] = [Number(numeric[1]), Number(numeric[2])];
    let year = Number(numeric[3]);
    if (year < 100) year += year > now.getFullYear() % 100 ? 1900 : 2000;
    const candidate = new Date(year, month - 1, day, 12);
    if (candidate.getDate() === day && candidate.getMonth() === month - 1) date = candidate;
  } else {
    const parsed = chrono.en.GB.parse(cleaned, now)[0];
    if (parsed?.start.isCertain('year') && parsed.start.isCertain('day')) date = parsed.start.date();
  }
  if (!date) return undefined;
  const age = (now.getTime() - date.getTime()) / (365.25 * 86400000);
  return age >= 0 && age <= 125 ? iso(date) : undefined;
}

/** When something should happen ("next Tuesday afternoon", "tomorrow at 3pm"): always forwards from now. */
export function findDateTime(text: string, now: Date): FoundDateTime | undefined {
  const parsed = chrono.en.GB.parse(text, now, { forwardDate: true })[0];
  if (!parsed) return undefined;
  return { start: parsed.start.date().toISOString(), text: parsed.text, hasTime: parsed.start.isCertain('hour') };
}
