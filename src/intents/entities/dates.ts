import * as chrono from 'chrono-node';
import { datesFromSpeech, yearsFromSpeech } from './spokenDigits';

export interface FoundDateTime {
  /** ISO 8601 instant. */
  start: string;
  /** The calendar day in the UK (YYYY-MM-DD). */
  date: string;
  /** The words it was read from ("next Tuesday afternoon"). */
  text: string;
  /** Whether a time of day was said, or only a date. */
  hasTime: boolean;
}

const UK = 'Europe/London';
const DOB_CONTEXT = /\b(born|dob|d\.o\.b|date of birth|birthday|birth date)\b/i;
const MAX_AGE_YEARS = 125;
/**
 * A full date this many years back, in a longer message about something else ("cancel tomorrow's visit please, Arthur
 * Bennett 2/11/1945 SW18 2PU"), is someone's date of birth: the events people tell us about are recent.
 */
const BIRTH_YEARS_AGO = 16;
/** Words that make an old date an event, not a birth ("since 3/4/1998", "on 12 May 2001"). */
const EVENT_BEFORE = /\b(since|on|in|from|until|till|diagnosed|operation|surgery|had|was|were)\s*$/i;

// Formatters are costly to build; one of each serves every message.
const UK_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: UK,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
});
const UK_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: UK, year: 'numeric', month: '2-digit', day: '2-digit' });

/** Words without which chrono finds nothing: checking for them first keeps most messages off the slow path. */
const DATE_CUES =
  /\d|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|\b(mon|tues?|wed|thu|thurs|fri|sat|sun)(day)?\b|\b(today|tonight|tomorrow|yesterday|morning|afternoon|evening|noon|midday|midnight|week|weekend|fortnight|month|year|next|last|this|ago|later|earlier|o'?clock|am|pm|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|\w+teenth|twentieth|thirtieth|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b/i;
const YEAR = /\b(18|19|20)\d\d\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2}\b/;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
// "14 March 1939", "14 of March 1939" and "March 14, 1939": how most people say or type a date of birth, and how
// Twilio's speech recognition writes it. Read here, they need not go through chrono, which costs far more.
const DAY_MONTH_YEAR = new RegExp(`\\b(\\d{1,2}) (?:of )?${MONTH},? ((?:18|19|20)\\d\\d)\\b`, 'i');
const MONTH_DAY_YEAR = new RegExp(`\\b${MONTH} (\\d{1,2}),? ((?:18|19|20)\\d\\d)\\b`, 'i');
/**
 * As said on the phone, read by `datesFromSpeech`: "14th of march 39", "3rd of the 3rd 1938", "22 7 51". The year may
 * be two figures here, as people say theirs; only numbers that were said as words are read this way.
 */
const SPOKEN_DAY_MONTH_YEAR = new RegExp(`\\b(\\d{1,2})(?:th)? (?:of )?(?:the )?${MONTH},? ((?:19|20)?\\d\\d)\\b`, 'i');
const SPOKEN_NUMERIC = /\b(\d{1,2})(?:th)? (?:of )?(?:the )?(\d{1,2})(?:th)?,? ((?:19|20)?\d\d)\b/;

/** A day-month-year written with the month's name, as { iso, text }, if it is a real date. */
function namedMonthDate(text: string): { iso: string; text: string } | undefined {
  const dayFirst = DAY_MONTH_YEAR.exec(text);
  const monthFirst = dayFirst ? undefined : MONTH_DAY_YEAR.exec(text);
  const found = dayFirst
    ? { day: dayFirst[1], month: dayFirst[2], year: dayFirst[3], text: dayFirst[0] }
    : monthFirst && { day: monthFirst[2], month: monthFirst[1], year: monthFirst[3], text: monthFirst[0] };
  if (!found) return undefined;
  const date = iso(Number(found.year), MONTHS.indexOf(found.month.slice(0, 3).toLowerCase()) + 1, Number(found.day));
  return date ? { iso: date, text: found.text } : undefined;
}

/** Any other date with a certain day and year, through chrono. */
function chronoDate(text: string, now: Date): { iso: string; text: string } | undefined {
  const parsed = chrono.en.GB.parse(text, now)[0];
  if (!parsed?.start.isCertain('year') || !parsed.start.isCertain('day')) return undefined;
  const date = iso(parsed.start.get('year') ?? 0, parsed.start.get('month') ?? 0, parsed.start.get('day') ?? 0);
  return date ? { iso: date, text: parsed.text } : undefined;
}

/** Minutes the UK is ahead of UTC at an instant (60 in summer), so "3pm" means 3pm in London on any server. */
function ukOffsetMinutes(at: Date): number {
  const parts = UK_PARTS.formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((wall - Math.floor(at.getTime() / 60000) * 60000) / 60000);
}

function ukDate(at: Date): string {
  return UK_DATE.format(at);
}

function iso(year: number, month: number, day: number): string | undefined {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * A date of birth, day first as in the UK ("14/03/1939", "14 March 1939", "the fourteenth of March nineteen thirty
 * nine"). It must be a real date within the last 125 years. Any such date counts when the message says it is a
 * birth date or is little more than the date (the answer to "what is your date of birth?"); a date in a longer
 * message without that context is a birth date only when it is at least 16 years back and not said as an event.
 */
export function findDateOfBirth(text: string, now: Date): string | undefined {
  const today = ukDate(now);
  const written = yearsFromSpeech(text).replace(/\b(\d{1,2})(st|nd|rd|th)\b/gi, '$1');
  let spoken = written;
  let found = YEAR.test(written) ? writtenDate(written, today, now) : undefined;
  if (!found) {
    spoken = datesFromSpeech(text);
    // Typed with the month's name and a two-figure year ("14 march 39", "2nd Nov 45"), as people write their own; a
    // typed run of bare numbers is not read this way ("2 10 15" is a time).
    if (spoken === text) spoken = written;
    // Bare numbers typed are a date of birth only when said to be one ("dob 14 3 39", "born 22 7 51").
    found = saidDate(spoken, today, spoken !== written || DOB_CONTEXT.test(written));
  }
  if (!found || found.iso > today) return undefined;
  const ageYears = Number(today.slice(0, 4)) - Number(found.iso.slice(0, 4));
  if (ageYears > MAX_AGE_YEARS) return undefined;
  const rest = spoken.replace(found.text, ' ').match(/[a-z0-9]+/gi) ?? [];
  if (DOB_CONTEXT.test(spoken) || rest.length <= 6) return found.iso;
  const before = spoken.slice(0, spoken.indexOf(found.text));
  return ageYears >= BIRTH_YEARS_AGO && !EVENT_BEFORE.test(before) ? found.iso : undefined;
}

/** A year of two figures as a date of birth: "39" is 1939, "05" is 2005 (not in the future). */
function fullYear(year: string, today: string): number {
  const n = Number(year);
  if (year.length === 4) return n;
  return n + (n > Number(today.slice(2, 4)) ? 1900 : 2000);
}

/** A date written in figures or with the month's name ("14/03/1939", "14 March 1939"). */
function writtenDate(spoken: string, today: string, now: Date): { iso: string; text: string } | undefined {
  const numeric =
    /\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})\b/.exec(spoken) ??
    /\b(\d{1,2}) (\d{1,2}) ((?:19|20)\d\d)\b/.exec(spoken);
  if (!numeric) return namedMonthDate(spoken) ?? chronoDate(spoken, now);
  const date = iso(fullYear(numeric[3], today), Number(numeric[2]), Number(numeric[1]));
  return date ? { iso: date, text: numeric[0] } : undefined;
}

/**
 * A date said in words, as `datesFromSpeech` writes it in figures ("14th of march 39", "3rd of the 3rd 1938"). A year
 * said in two figures must be an adult's ("two ten fifteen" is a time, not a birth in 2015).
 */
function saidDate(spoken: string, today: string, bareNumbers: boolean): { iso: string; text: string } | undefined {
  const named = SPOKEN_DAY_MONTH_YEAR.exec(spoken);
  const numeric = named || !bareNumbers ? undefined : SPOKEN_NUMERIC.exec(spoken);
  const parts = named
    ? { day: named[1], month: MONTHS.indexOf(named[2].slice(0, 3).toLowerCase()) + 1, year: named[3], text: named[0] }
    : numeric && { day: numeric[1], month: Number(numeric[2]), year: numeric[3], text: numeric[0] };
  if (!parts) return undefined;
  const year = fullYear(parts.year, today);
  if (parts.year.length === 2 && Number(today.slice(0, 4)) - year < BIRTH_YEARS_AGO) return undefined;
  const date = iso(year, parts.month, Number(parts.day));
  return date ? { iso: date, text: parts.text } : undefined;
}

/** When something should happen ("next Tuesday afternoon", "tomorrow at 3pm"), in UK time, always forwards from now. */
export function findDateTime(text: string, now: Date): FoundDateTime | undefined {
  if (DOB_CONTEXT.test(text) || !DATE_CUES.test(text)) return undefined;
  const parsed = chrono.en.GB.parse(text, { instant: now, timezone: ukOffsetMinutes(now) }, { forwardDate: true })[0];
  if (!parsed) return undefined;
  const start = parsed.start.date();
  return {
    start: start.toISOString(),
    date: ukDate(start),
    text: parsed.text,
    hasTime: parsed.start.isCertain('hour'),
  };
}
