/** Digits said as words. */
export const DIGITS: Record<string, string> = {
  zero: '0',
  oh: '0',
  o: '0',
  nought: '0',
  nil: '0',
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
};
/** Homophones speech recognition writes for digits; trusted only between real digits ("nine for three"). */
const HOMOPHONES: Record<string, string> = { to: '2', too: '2', for: '4', fore: '4', ate: '8', won: '1' };

const UNITS = ['', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const TEENS = [
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/**
 * Turns runs of spoken digits into figures ("nine nine nine two three four" → "999234", "double nine" → "99"),
 * because phone speech recognition often writes numbers as words. Only runs of three or more digits are rewritten,
 * so "one of the nurses" and "two to four" are left alone.
 */
export function digitsFromSpeech(text: string): string {
  const tokens = text.split(/\s+/).filter(Boolean);
  const out: string[] = [];
  let run: { digits: string; token: string; homophone: boolean }[] = [];
  const flush = () => {
    while (run.length && run[run.length - 1].homophone) run.pop();
    const real = run.filter((r) => !r.homophone).reduce((n, r) => n + r.digits.length, 0);
    if (real >= 3) out.push(run.map((r) => r.digits).join(''));
    else out.push(...run.map((r) => r.token));
    run = [];
  };
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i].toLowerCase().replace(/[,.;:!?]+$/, '');
    const next = tokens[i + 1]?.toLowerCase().replace(/[,.;:!?]+$/, '');
    const ended = /[,.;:!?]$/.test(tokens[i]) && !/^\d/.test(tokens[i + 1] ?? '') && !DIGITS[next ?? ''];
    if ((word === 'double' || word === 'triple') && next && (DIGITS[next] || /^\d$/.test(next))) {
      run.push({
        digits: (DIGITS[next] ?? next).repeat(word === 'double' ? 2 : 3),
        token: `${tokens[i]} ${tokens[i + 1]}`,
        homophone: false,
      });
      i++;
    } else if (DIGITS[word] !== undefined || /^\d+$/.test(word)) {
      run.push({ digits: DIGITS[word] ?? word, token: tokens[i], homophone: false });
    } else if (HOMOPHONES[word] && run.length) {
      run.push({ digits: HOMOPHONES[word], token: tokens[i], homophone: true });
    } else {
      flush();
      out.push(tokens[i]);
      continue;
    }
    if (ended) flush();
  }
  flush();
  return out.join(' ');
}

// The patterns are built once, not per message (issue 16). `replace` with a global pattern starts at 0 and leaves
// lastIndex at 0, so sharing them is safe.
const UNIT_WORDS = UNITS.slice(1).join('|');
const TWO_DIGITS = `(?:oh (${UNIT_WORDS})|(${TEENS.join('|')})|(${TENS.slice(2).join('|')})(?:[ -](${UNIT_WORDS}))?)`;
const CENTURY_YEAR = new RegExp(`\\b(eighteen|nineteen) ${TWO_DIGITS}\\b`, 'gi');
const MILLENNIUM_YEAR = new RegExp(`\\btwo thousand(?: and)?(?: (${UNIT_WORDS})|(?: ${TWO_DIGITS}))?\\b`, 'gi');

/** "nineteen thirty nine" → "1939", "two thousand and five" → "2005": years as people say their date of birth. */
export function yearsFromSpeech(text: string): string {
  const value = (oh?: string, teen?: string, ten?: string, u?: string): number =>
    oh
      ? UNITS.indexOf(oh)
      : teen
        ? 10 + TEENS.indexOf(teen)
        : TENS.indexOf(ten ?? '') * 10 + (u ? UNITS.indexOf(u) : 0);
  return text
    .replace(CENTURY_YEAR, (_m, c: string, oh, teen, ten, u) =>
      String(
        (c.toLowerCase() === 'eighteen' ? 1800 : 1900) +
          value(oh?.toLowerCase(), teen?.toLowerCase(), ten?.toLowerCase(), u?.toLowerCase()),
      ),
    )
    .replace(MILLENNIUM_YEAR, (_m, single, oh, teen, ten, u) =>
      String(
        2000 +
          (single
            ? UNITS.indexOf(single.toLowerCase())
            : value(oh?.toLowerCase(), teen?.toLowerCase(), ten?.toLowerCase(), u?.toLowerCase())),
      ),
    );
}

const BELOW_100 = `(?:(${TENS.slice(2).join('|')})(?:[ -](${UNIT_WORDS}))?|(${TEENS.join('|')})|(${UNIT_WORDS}))`;
const SPOKEN_NUMBER = new RegExp(
  `\\b(?:(?:one|a) hundred(?:\\s+and)?\\s+${BELOW_100}|((?:one|a) hundred)|${BELOW_100})` +
    `(?:\\s+point\\s+(${UNIT_WORDS}|zero|nought|oh))?\\b`,
  'gi',
);

/**
 * "sats ninety two", "BP a hundred and ten over sixty", "temp thirty eight point five" → figures: observations as a
 * crew says them on the phone, where speech recognition writes the numbers as words. Whole numbers up to 199 and one
 * decimal place; for reading observations only (it would turn "one of the nurses" into "1 of the nurses").
 */
export function numbersFromSpeech(text: string): string {
  const below = (ten?: string, u?: string, teen?: string, single?: string): number =>
    teen
      ? 10 + TEENS.indexOf(teen.toLowerCase())
      : ten
        ? TENS.indexOf(ten.toLowerCase()) * 10 + (u ? UNITS.indexOf(u.toLowerCase()) : 0)
        : UNITS.indexOf((single ?? '').toLowerCase());
  return text.replace(
    SPOKEN_NUMBER,
    (_m, hTen, hU, hTeen, hSingle, hundredAlone, ten, u, teen, single, point: string | undefined) => {
      const whole = hundredAlone
        ? 100
        : hTen || hTeen || hSingle
          ? 100 + below(hTen, hU, hTeen, hSingle)
          : below(ten, u, teen, single);
      const tenth = point ? (DIGITS[point.toLowerCase()] ?? '0') : undefined;
      return tenth === undefined ? String(whole) : `${whole}.${tenth}`;
    },
  );
}

const ORDINAL_UNITS = ['', 'first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth'];
const ORDINAL_TEENS = [
  'tenth',
  'eleventh',
  'twelfth',
  'thirteenth',
  'fourteenth',
  'fifteenth',
  'sixteenth',
  'seventeenth',
  'eighteenth',
  'nineteenth',
];

const ORDINAL_UNIT_WORDS = ORDINAL_UNITS.slice(1).join('|');
const SPOKEN_ORDINAL = new RegExp(
  `\\b(?:(twenty|thirty)[ -](${ORDINAL_UNIT_WORDS})|(${ORDINAL_TEENS.join('|')})|(twentieth|thirtieth)|(${ORDINAL_UNIT_WORDS}))\\b`,
  'gi',
);

/**
 * "the fourteenth of march thirty nine", "third of the third nineteen thirty eight", "fourteen three thirty nine":
 * a date as people say it on the phone, in figures ("14th of march 39", "3rd of the 3rd 1938", "14 3 39"). Days are
 * ordinals up to the thirty-first; other numbers as `numbersFromSpeech` reads them. For reading dates only.
 */
export function datesFromSpeech(text: string): string {
  const days = yearsFromSpeech(text).replace(
    SPOKEN_ORDINAL,
    (_m, ten?: string, u?: string, t?: string, round?: string, single?: string) => {
      const day = ten
        ? (ten.toLowerCase() === 'twenty' ? 20 : 30) + ORDINAL_UNITS.indexOf((u ?? '').toLowerCase())
        : t
          ? 10 + ORDINAL_TEENS.indexOf(t.toLowerCase())
          : round
            ? round.toLowerCase() === 'twentieth'
              ? 20
              : 30
            : ORDINAL_UNITS.indexOf((single ?? '').toLowerCase());
      return `${day}th`;
    },
  );
  return numbersFromSpeech(days);
}
