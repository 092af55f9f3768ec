import { z } from 'zod';
import { readContentFile, reviewSchema } from '../../content/readContentFile';
import { zonedDate } from '../../content/zonedTime';
import { JaroWinklerDistance } from '../naturalLib';

const phrasesByDays = z.array(z.object({ days: z.number().int(), said: z.array(z.string().min(1)).min(1) }));
const dayWordsSchema = z.object({
  review: reviewSchema,
  today: z.array(z.string().min(1)).min(1),
  tomorrow: z.array(z.string().min(1)).min(1),
  fromToday: phrasesByDays,
  laterThanVisit: phrasesByDays,
});
type DayWords = z.infer<typeof dayWordsSchema>;

let dayWords: DayWords | undefined;
/** content/prompts/day-words.yaml, read once: "tmrw", "2moro", "in a couple of days", "one day later". */
function loadDayWords(): DayWords {
  return (dayWords ??= readContentFile('prompts/day-words.yaml', dayWordsSchema));
}

/** "today" or "tomorrow" as the word is written ("tmrw", "2moro", "tmrws"), or undefined. */
export function nearDayOf(word: string): 'today' | 'tomorrow' | undefined {
  const words = loadDayWords();
  const bare = word.endsWith('s') ? word.slice(0, -1) : word;
  for (const day of ['today', 'tomorrow'] as const)
    if (words[day].includes(word) || words[day].includes(bare)) return day;
  return undefined;
}

/** The days a phrase of `lists` in the words puts, or undefined: whole words, the first phrase found. */
function daysSaid(words: string[], lists: DayWords['fromToday']): number | undefined {
  const joined = ` ${words.join(' ')} `;
  return lists.find((l) => l.said.some((p) => joined.includes(` ${p} `)))?.days;
}

/** What a message or an offered option says about a day and time: only what it says is present. */
export interface DateFeatures {
  /** 0 = Sunday … 6 = Saturday. */
  weekdays?: number[];
  /** Days the person said they do not want ("not Thursday"). */
  notWeekdays?: number[];
  day?: number;
  /** 1–12. */
  month?: number;
  part?: 'morning' | 'afternoon' | 'evening';
  /** The hour asked for, 24-hour ("the 10 o'clock" → 10, "2pm" → 14). */
  hour?: number;
  /** An option's window ("9am to 12 noon" → 9–12). */
  range?: [number, number];
  /**
   * A day said relative to the visit being moved, which only the dialog knows: "the same day" (0, exact), "the day
   * after" or "the morning after that" (1, exact), "the day before" (-1, exact), "the week after" (the Monday after
   * the visit's week, not exact), "whichever is soonest after that" (1, not exact: the first free time from then).
   */
  fromVisit?: { days: number; exact: boolean; nextWeek?: boolean };
}

/** Relative to the visit: [pattern, days, exact]; "week" is resolved against the visit's weekday by the dialog. */
const FROM_VISIT: [RegExp, number | 'week', boolean][] = [
  [/\bsame day\b/, 0, true],
  [/\b(?:the )?(?:day|morning|afternoon) before\b(?! (?:lunch|noon|midday))/, -1, true],
  [
    /\b(?:the )?(?:next|following) (?:day|morning|afternoon)\b|\b(?:day|morning|afternoon) after\b(?! (?:lunch|noon|midday))/,
    1,
    true,
  ],
  [/\b(?:the )?(?:week after|following week|week after that)\b/, 'week', false],
  [
    /\b(?:soonest|earliest|first|next)(?: one| free| time| slot| visit)? after (?:that|it|this)\b|\bafter that one\b/,
    1,
    false,
  ],
];
/** A part of the day the person does not want: "the afternoon instead of the morning" wants the afternoon. */
const NOT_PART = /\b(?:instead of|rather than|not) (?:in )?(?:the )?(?:morning|afternoon|evening)s?\b/g;
/**
 * The part of the day a visit is moved away from: "moved from the morning to the afternoon" wants the afternoon (set M:
 * the morning, said first, was the one offered).
 */
const FROM_PART = /\bfrom (?:the )?(?:morning|afternoon|evening)s?\b(?=,? (?:to|into|till|until) )/g;

const WEEKDAYS: [RegExp, number][] = [
  [/^sun(day)?s?$/, 0],
  [/^mon(day)?s?$/, 1],
  [/^tue(s|sday)?s?$/, 2],
  [/^wed(s|nesday)?s?$/, 3],
  [/^thu(r|rs|rsday)?s?$/, 4],
  [/^fri(day)?s?$/, 5],
  [/^sat(urday)?s?$/, 6],
];
const DAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
/** A day name misspelt this closely still names the day ("thursdy", "wendesday"). */
const DAY_SPELLING_MIN_SIMILARITY = 0.9;

function weekdayOf(word: string): number | undefined {
  const exact = WEEKDAYS.find(([re]) => re.test(word))?.[1];
  if (exact !== undefined || word.length < 6) return exact;
  const close = DAY_NAMES.findIndex((day) => JaroWinklerDistance(word, day) >= DAY_SPELLING_MIN_SIMILARITY);
  return close >= 0 ? close : undefined;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const NUMBER_WORDS = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
];
const HOUR = `(\\d{1,2}|${NUMBER_WORDS.slice(1).join('|')})`;
const NEGATORS = new Set(['not', 'no', 'dont', 'cant', 'isnt']);
/** Visits are in the daytime: "at 2" is 2pm. */
const LATEST_MORNING_HOUR = 7;

function hourOf(word: string): number {
  const n = NUMBER_WORDS.indexOf(word);
  return n >= 0 ? n : Number(word);
}

function daytime(hour: number, suffix?: string): number {
  if (suffix?.startsWith('p') && hour < 12) return hour + 12;
  if (suffix?.startsWith('a')) return hour === 12 ? 0 : hour;
  return hour <= LATEST_MORNING_HOUR ? hour + 12 : hour;
}

function monthOf(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3)) + 1;
}

/**
 * Reads days, dates and times the way people refer to offered visits ("Thursday's", "friday morning", "the 10
 * o'clock", "the 10th", "tomorrow afternoon", "not Tuesday") and the way options are labelled ("Thursday 10 December,
 * morning (9am to 12 noon)"). Undefined when the text says nothing about when.
 */
export function dateFeatures(text: string, now: Date, timeZone: string): DateFeatures | undefined {
  const lower = text.toLowerCase().replace(/['’‘`]/g, '');
  const f: DateFeatures = {};
  const words = lower.split(/[^a-z0-9]+/).filter(Boolean);
  words.forEach((word, i) => {
    const weekday = weekdayOf(word);
    if (weekday === undefined || (['sat', 'sun'].includes(word) && words[i - 1] !== 'on')) return;
    const negated = NEGATORS.has(words[i - 1] ?? '') || NEGATORS.has(words[i - 2] ?? '');
    const list = negated ? (f.notWeekdays ??= []) : (f.weekdays ??= []);
    if (!list.includes(weekday)) list.push(weekday);
  });
  // "Tmrw", "2moro"; "the day after tomorrow", "in a couple of days" (counted from today, never from the visit).
  const near = words.map(nearDayOf);
  const fromToday = daysSaid(words, loadDayWords().fromToday);
  const daysAhead = [
    near.includes('today') ? 0 : undefined,
    near.includes('tomorrow') ? 1 : undefined,
    fromToday,
  ].filter((d): d is number => d !== undefined);
  for (const days of daysAhead) {
    const [y, m, d] = zonedDate(now, timeZone, days).split('-').map(Number);
    f.day = d;
    f.month = m;
    f.weekdays = [new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
  }

  const dayMonth =
    lower.match(new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH}\\b`)) ??
    lower.match(new RegExp(`\\b${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b`));
  if (dayMonth) {
    const [a, b] = [dayMonth[1], dayMonth[2]];
    const dayFirst = /^\d/.test(a);
    f.day = Number(dayFirst ? a : b);
    f.month = monthOf(dayFirst ? b : a);
  } else {
    const ordinalDay = lower.match(/\b(\d{1,2})(st|nd|rd|th)\b/);
    if (ordinalDay) f.day = Number(ordinalDay[1]);
  }

  // The part said first, once any part not wanted is set aside ("the afternoon, I've got the chiropodist in the morning").
  const parts = lower.replace(NOT_PART, ' ').replace(FROM_PART, ' ');
  const at = (re: RegExp) => parts.search(re);
  const partAt = (
    [
      ['morning', at(/\bmorning|\bbefore (lunch|noon|midday)/)],
      ['afternoon', at(/\bafternoon|\bafter lunch/)],
      ['evening', at(/\bevening|\btonight/)],
    ] as const
  ).filter(([, i]) => i >= 0);
  if (partAt.length) f.part = partAt.reduce((a, b) => (b[1] < a[1] ? b : a))[0];
  // "One day later, still in the morning": so many days after the visit.
  const later = fromToday === undefined ? daysSaid(words, loadDayWords().laterThanVisit) : undefined;
  if (later !== undefined) f.fromVisit = { days: later, exact: true };
  for (const [re, days, exact] of FROM_VISIT) {
    if (f.fromVisit || fromToday !== undefined || !re.test(lower)) continue;
    f.fromVisit = days === 'week' ? { days: 0, exact, nextWeek: true } : { days, exact };
    break;
  }

  const range = lower.match(/\b(\d{1,2})\s*(am|pm|noon)\s+to\s+(\d{1,2})\s*(am|pm|noon)\b/);
  if (range) {
    f.range = [daytime(Number(range[1]), range[2] === 'noon' ? 'pm' : range[2]), 0];
    f.range[1] = range[4] === 'noon' ? 12 : daytime(Number(range[3]), range[4]);
  } else {
    const clock =
      lower.match(new RegExp(`\\b${HOUR}(?:[:.](\\d{2}))?\\s*(am|pm|a m|p m)\\b`)) ??
      lower.match(new RegExp(`\\b${HOUR}(?:[:.](\\d{2}))?\\s*o\\s?clock\\b`)) ??
      lower.match(new RegExp(`\\b(?:half|quarter) (?:(?:past|to) )?${HOUR}\\b`)) ??
      lower.match(/\b(?:at|about|around) (\d{1,2})(?:[:.](\d{2}))?\b(?!\s*(?:st|nd|rd|th)\b)/) ??
      lower.match(/\b(\d{1,2})[:.](\d{2})\b/);
    if (clock) f.hour = daytime(hourOf(clock[1]), clock[3]?.replace(' ', ''));
    else if (/\b(noon|midday|lunchtime)\b/.test(lower)) f.hour = 12;
  }
  return Object.keys(f).length ? f : undefined;
}

function partOf(hour: number): DateFeatures['part'] {
  if (hour < 12) return 'morning';
  return hour < 17 ? 'afternoon' : 'evening';
}

/** Whether an option (its label's features) fits everything the person said about when. */
export function fitsDate(wanted: DateFeatures, option: DateFeatures): boolean {
  // A day relative to the visit ("the day after") is placed by the dialog, which knows the visit: no label fits it here.
  if (wanted.fromVisit) return false;
  const weekday = option.weekdays?.[0];
  if (wanted.weekdays?.length && (weekday === undefined || !wanted.weekdays.includes(weekday))) return false;
  if (wanted.notWeekdays?.length && weekday !== undefined && wanted.notWeekdays.includes(weekday)) return false;
  if (wanted.day !== undefined && option.day !== wanted.day) return false;
  if (wanted.month !== undefined && option.month !== undefined && option.month !== wanted.month) return false;
  if (wanted.part && (option.part ?? (option.range && partOf(option.range[0]))) !== wanted.part) return false;
  if (wanted.hour !== undefined) {
    if (option.range) return option.range[0] <= wanted.hour && wanted.hour < option.range[1];
    if (option.hour !== undefined) return option.hour === wanted.hour;
    if (option.part) return partOf(wanted.hour) === option.part;
    return false;
  }
  return true;
}

/** Whether the person said anything a day or time could be chosen by (a negated day alone is not a choice). */
export function saysWhen(f: DateFeatures | undefined): boolean {
  return !!f && (!!f.weekdays?.length || f.day !== undefined || !!f.part || f.hour !== undefined || !!f.fromVisit);
}
