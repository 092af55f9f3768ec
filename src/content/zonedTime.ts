/**
 * Formatters by zone and style. Building an Intl.DateTimeFormat costs far more than formatting with one (it loads
 * locale and zone data), and every offered visit time is formatted several times a turn.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
export function formatter(locale: string, options: Intl.DateTimeFormatOptions & { timeZone: string }): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, format);
  }
  return format;
}

/** Minutes the zone is ahead of UTC at an instant (60 for London in summer). */
function offsetMinutes(at: Date, timeZone: string): number {
  const parts = formatter('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((asUtc - Math.floor(at.getTime() / 60000) * 60000) / 60000);
}

/** The instant when a wall clock in `timeZone` shows `date` (YYYY-MM-DD) at `time` (HH:MM). */
export function zonedDateTime(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  const first = guess - offsetMinutes(new Date(guess), timeZone) * 60000;
  // Re-check at the candidate instant so dates either side of a clock change come out right.
  return new Date(guess - offsetMinutes(new Date(first), timeZone) * 60000);
}

/** The calendar date (YYYY-MM-DD) in `timeZone`, `days` days after `from`. */
export function zonedDate(from: Date, timeZone: string, days = 0): string {
  const shifted = new Date(from.getTime() + days * 86400000);
  return formatter('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(shifted);
}

/** "Thursday 26 November" in the zone, for people to read and hear. */
export function spokenDate(at: Date, timeZone: string): string {
  return formatter('en-GB', { timeZone, weekday: 'long', day: 'numeric', month: 'long' }).format(at);
}

/** "5:30pm" style time in the zone. */
export function spokenTime(at: Date, timeZone: string): string {
  return formatter('en-GB', { timeZone, hour: 'numeric', minute: '2-digit', hour12: true })
    .format(at)
    .replace(' ', '')
    .replace(':00', '');
}

/**
 * A visit window in a language (issue 22): "czwartek, 10 grudnia, 09:00–12:00", the date and times as that language
 * writes them (Intl), for a conversation that is not in English.
 */
export function localWindow(start: Date, end: Date, timeZone: string, locale: string): string {
  const day = formatter(locale, { timeZone, weekday: 'long', day: 'numeric', month: 'long' }).format(start);
  const time = formatter(locale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return `${day}, ${time.format(start)}–${time.format(end)}`;
}
