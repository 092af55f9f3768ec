import { readdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CONTENT_DIR, ContentError, readContentFile, reviewSchema } from './readContentFile';
import { formatter, zonedDate } from './zonedTime';

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM');
/** A day's hours; `close: '24:00'` is open until midnight (a 24-hour day is 00:00 to 24:00). */
const opening = z.object({ open: time, close: z.union([time, z.literal('24:00')]) });
const dayHours = z.union([opening, z.literal('closed')]);
export type DayHours = z.infer<typeof dayHours>;

/** A service's hours as people are told them: "08:00 to 20:00 Monday to Friday, and 09:00 to 17:00 at weekends". */
export function hoursAsSaid(hours: Record<string, DayHours>): string {
  const day = (h: DayHours) =>
    h === 'closed' ? 'closed' : h.open === '00:00' && h.close === '24:00' ? 'all day' : `${h.open} to ${h.close}`;
  return `${day(hours.monday)} Monday to Friday, and ${day(hours.saturday)} at weekends`;
}
const number = z.object({ name: z.string().min(1), phone: z.string().min(1) });
const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
type Day = (typeof DAYS)[number];
const week = <T extends z.ZodType>(day: T) =>
  z.object(Object.fromEntries(DAYS.map((d) => [d, day])) as Record<Day, T>);
const postcodePrefix = z.string().regex(/^[A-Z]{1,2}\d[A-Z\d]?$/, 'must be an outward code such as SW17');
/** Whether a function keeps its hours on a bank holiday or is closed all day. */
const bankHolidays = z.enum(['open', 'closed']);

/**
 * A function's hours: `always` (24/7), a daily span that may run past midnight ({ from: '20:00', to: '08:00' }), or a
 * week of openings with `closed` days.
 */
const functionHours = z.union([
  z.literal('always'),
  z.object({ from: time, to: time }),
  week(dayHours),
]);
export type FunctionHours = z.infer<typeof functionHours>;

const serviceFunction = z.object({
  name: z.string().min(1),
  phone: z.string().min(1),
  hours: functionHours,
  bankHolidays,
});
export type ServiceFunction = z.infer<typeof serviceFunction>;

/** A message that must keep the 999 instruction in both its written and its spoken form. */
const withEmergency = z
  .object({ text: z.string().min(1), speak: z.string().min(1) })
  .refine((m) => m.text.includes('999') && m.speak.includes('999'), {
    error: 'must keep the 999 instruction in text and speak',
  });

/** Whether a target counts every minute or only the minutes a team is open. */
const targetClock = z.enum(['clock', 'working_hours']);
export type TargetClock = z.infer<typeof targetClock>;

/** A telephone interpreting service: dialled into a three-way call, then its account code keyed in (issue 22). */
export const telephoneInterpreting = z.object({
  name: z.string().min(1),
  phone: z.string().regex(/^\+\d{10,15}$/, 'must be E.164, e.g. +441632960900'),
  accountCode: z.string().regex(/^[0-9*#]{1,20}$/, 'must be the digits keyed in when the service answers'),
});
export type TelephoneInterpreting = z.infer<typeof telephoneInterpreting>;

/** A commissioned service's profile: content/services/<id>/profile.yaml, one per service (README, "Services"). */
const profileSchema = z.object({
  review: reviewSchema,
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case letters, digits and hyphens (it is in the chat URL)'),
  /** The one service a contact belongs to when nothing says which. */
  default: z.boolean().default(false),
  name: z.string().min(1),
  organisation: z.string().min(1),
  source: z.string().min(1),
  /** The numbers calls and texts to this service arrive on (Twilio's `To`), E.164. */
  contactNumbers: z.array(z.string().regex(/^\+44\d{10}$/, 'must be E.164, e.g. +442079460000')).min(1),
  timezone: z.string().min(1),
  hub: z.object({
    name: z.string().min(1),
    phone: z.string().min(1),
    personRequestMinutes: z.number().int().min(1).max(1440),
    bankHolidays,
    hours: week(dayHours),
  }),
  nightNursing: z.object({ name: z.string().min(1), phone: z.string().min(1), from: time, to: time }),
  numbers: z.object({
    emergency: number,
    nhs111: number,
    mentalHealthCrisis: number,
    samaritans: number,
    socialCareOutOfHours: number,
    safeguarding: number,
    carersSupport: number,
  }),
  area: z
    .object({
      description: z.string().min(1),
      gpPractices: z.array(z.string().min(1)).min(1),
      /**
       * Each practice's ODS code (one letter and five digits), so a professional can name the practice by its code.
       * A code for a practice not in `gpPractices` would route people to a practice the service does not list.
       */
      practiceCodes: z
        .record(z.string(), z.string().regex(/^[A-Z]\d{5}$/, 'must be an ODS code, e.g. Z90001'))
        .default({}),
      postcodePrefixes: z.array(postcodePrefix).min(1),
    })
    .refine((area) => Object.keys(area.practiceCodes).every((name) => area.gpPractices.includes(name)), {
      message: 'practiceCodes: every practice must be one of gpPractices',
      path: ['practiceCodes'],
    }),
  /** Functions beyond the hub and night nursing; every service names where its 2-hour urgent response goes. */
  functions: z
    .object({
      urgentResponse: serviceFunction.extend({
        /**
         * Urgent cases of a patient whose record names a key worker go to that clinician first when they are on this
         * rota's shift now, then the rota's order (seed 003 §2.1.12: the named Senior Community Clinician). Only
         * where the spec asks for it.
         */
        namedClinicianFirst: z.boolean().default(false),
      }),
    })
    .catchall(serviceFunction),
  /**
   * What each function is held to, as the spec words it. The specs agree on the targets per disposition (2 hours
   * urgent, 24 hours same day, 72 hours routine), so queue deadlines come from content/triage/response-targets.yaml.
   */
  responseTargets: z.object({
    functions: z.array(z.object({ function: z.string().min(1), target: z.string().min(1), minutes: z.number().int().min(1) })),
  }),
  eligibility: z.object({
    basis: z.enum(['gp_registration', 'residence']),
    minimumAge: z.number().int().min(0),
    /** Registered with one of our practices but living outside the area. */
    outOfAreaRegistered: z.enum(['accepted', 'not_accepted']),
    /** Living in the area with no GP registration. */
    unregisteredResidents: z.enum(['accepted', 'referred_to_gp_registration']),
  }),
  /** Adult social care, where carers' assessments are referred (a secure message through the port). */
  adultSocialCare: z.object({ name: z.string().min(1), phone: z.string().min(1), secureEmail: z.email() }),
  localities: z
    .array(
      z.object({
        id: z.string().min(1),
        name: z.string().min(1),
        postcodePrefixes: z.array(postcodePrefix).min(1),
        gpPractices: z.array(z.string().min(1)),
      }),
    )
    .min(1),
  /** The duty rota urgent cases from this service go to, under content/. */
  rota: z.string().regex(/^(?!.*\.\.)[\w./-]+\.ya?ml$/),
  safeguarding: z.object({
    name: z.string().min(1),
    /** The hours as people are told them ("Monday to Friday 9am to 5pm"). */
    hours: z.string().min(1),
    /** The same hours, for telling whether the team is open now. */
    openingHours: functionHours,
    bankHolidays,
    phone: z.string().min(1),
    secureEmail: z.email(),
    outOfHours: number,
    /**
     * How long a concern may stay unsent (the council's mail refusing it) or unacknowledged before the duty clinician
     * is alerted to phone the team (or, out of hours, its out-of-hours team) instead. The specs set none: a hub
     * standard, signed off with the profile.
     */
    targets: z.object({
      sentMinutes: z.number().int().min(1).max(1440),
      acknowledgedMinutes: z.number().int().min(1).max(10080),
      /**
       * How each target's minutes are counted, as the council's agreement words it: `clock` (every minute) or
       * `working_hours` (only minutes in `openingHours`, bank holidays as `bankHolidays` says). Required, so a target
       * never silently means the other.
       */
      counted: z.object({ sent: targetClock, acknowledged: targetClock }),
    }),
  }),
  /** The service's own telephone interpreting contract; content/languages/interpreter.yaml's when absent. */
  interpreter: telephoneInterpreting.optional(),
  /** The service's own wording in place of the shared content (content/prompts/core.yaml), where it has any. */
  wording: z.object({ welcome: withEmergency.optional() }).default({}),
});

const bankHolidaysSchema = z.object({
  review: reviewSchema,
  source: z.string().min(1),
  dates: z.array(z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), name: z.string().min(1) })).min(1),
});

/** A loaded profile, with the bank holidays (YYYY-MM-DD) its functions close on. */
export type Services = z.infer<typeof profileSchema> & { bankHolidayDates: string[] };
export type ServiceProfile = Services;

export function loadBankHolidays(): string[] {
  return readContentFile('bank-holidays.yaml', bankHolidaysSchema).dates.map((d) => d.date);
}

/**
 * Every profile under content/services/, checked together: ids match their folders, each contact number belongs to one
 * service, and exactly one is the default. A fault stops start-up naming the file.
 */
export function loadServiceProfiles(): ServiceProfile[] {
  const bankHolidayDates = loadBankHolidays();
  const folders = readdirSync(path.join(CONTENT_DIR, 'services'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const profiles = folders.map((folder) => {
    const file = `services/${folder}/profile.yaml`;
    const profile = readContentFile(file, profileSchema);
    if (profile.id !== folder) throw new ContentError(file, `id: ${profile.id} must match its folder (${folder})`);
    return { ...profile, bankHolidayDates };
  });
  const numbers = new Map<string, string>();
  for (const profile of profiles) {
    for (const n of profile.contactNumbers) {
      const other = numbers.get(n);
      if (other) throw new ContentError(`services/${profile.id}/profile.yaml`, `contactNumbers: ${n} is also ${other}'s`);
      numbers.set(n, profile.id);
    }
  }
  const codes = new Map<string, string>();
  for (const profile of profiles) {
    for (const code of Object.values(profile.area.practiceCodes)) {
      const other = codes.get(code);
      if (other) throw new ContentError(`services/${profile.id}/profile.yaml`, `practiceCodes: ${code} is also ${other}'s`);
      codes.set(code, profile.id);
    }
  }
  const defaults = profiles.filter((p) => p.default);
  if (defaults.length !== 1) {
    throw new ContentError('services', `exactly one profile must be the default (found ${defaults.length})`);
  }
  return profiles;
}

/** The default service's profile: what every reader that knows one service reads. */
export function loadServices(): Services {
  return loadServiceProfiles().find((p) => p.default)!;
}

/** Day of week and minutes since midnight in the services' time zone, whatever the server's zone. */
export function localTime(at: Date, timeZone: string): { day: Day; minutes: number } {
  const parts = formatter('en-GB', {
    timeZone,
    weekday: 'long',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    day: get('weekday').toLowerCase() as Day,
    minutes: Number(get('hour')) * 60 + Number(get('minute')),
  };
}

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

export function isBankHoliday(services: Services, at: Date): boolean {
  return services.bankHolidayDates.includes(zonedDate(at, services.timezone));
}

export function isHubOpen(services: Services, at: Date): boolean {
  if (services.hub.bankHolidays === 'closed' && isBankHoliday(services, at)) return false;
  const { day, minutes } = localTime(at, services.timezone);
  return isWithin(services.hub.hours[day], minutes);
}

function isWithin(hours: DayHours, minutes: number): boolean {
  return hours !== 'closed' && minutes >= toMinutes(hours.open) && minutes < toMinutes(hours.close);
}

/** A span that may cross midnight (20:00-08:00 covers the evening and the next morning). */
function inSpan(minutes: number, from: number, to: number): boolean {
  return from > to ? minutes >= from || minutes < to : minutes >= from && minutes < to;
}

/** Night nursing runs across midnight (20:00-08:00). */
export function isNightNursingTime(services: Services, at: Date): boolean {
  const { minutes } = localTime(at, services.timezone);
  return inSpan(minutes, toMinutes(services.nightNursing.from), toMinutes(services.nightNursing.to));
}

/** Whether one of the service's functions (urgentResponse, a therapy team…) is open at `at`, bank holidays included. */
export function isFunctionOpen(services: Services, name: string, at: Date): boolean {
  const fn = services.functions[name];
  if (!fn) throw new Error(`${services.id} has no function "${name}"`);
  return isOpenAt(services, fn.hours, fn.bankHolidays, at);
}

/** Whether the council's safeguarding team takes concerns at `at`; outside its hours people need its out-of-hours team. */
export function isSafeguardingOpen(services: Services, at: Date): boolean {
  return isOpenAt(services, services.safeguarding.openingHours, services.safeguarding.bankHolidays, at);
}

function isOpenAt(services: Services, hours: FunctionHours, onBankHolidays: 'open' | 'closed', at: Date): boolean {
  if (onBankHolidays === 'closed' && isBankHoliday(services, at)) return false;
  const { day, minutes } = localTime(at, services.timezone);
  return openSpans(hours, day).some(([start, end]) => start <= minutes && minutes < end);
}

/** The open spans of one local day, in minutes from midnight, earliest first. */
function openSpans(hours: FunctionHours, day: Day): [number, number][] {
  if (hours === 'always') return [[0, 1440]];
  if ('from' in hours) {
    const from = toMinutes(hours.from);
    const to = toMinutes(hours.to);
    return from <= to ? [[from, to]] : [[0, to], [from, 1440]];
  }
  const today = (hours as Record<Day, DayHours>)[day];
  if (today === 'closed') return [];
  return [[toMinutes(today.open), today.close === '24:00' ? 1440 : toMinutes(today.close)]];
}

// Enough steps for a 10080-minute target at one step an hour, with closed nights, weekends and a Christmas between.
const MAX_STEPS = 5000;

/**
 * The instant `minutes` minutes of a team's opening hours have passed after `from` (a council's "8 working hours"):
 * closed evenings, weekends and, where it closes on them, bank holidays do not count. Steps at most an hour at a time
 * through the local day, so a clock change is read where it happens. Hours that are never open would never end:
 * then the clock's answer is given, so a target is never silently infinite.
 */
export function addOpenMinutes(
  services: Services,
  hours: FunctionHours,
  onBankHolidays: 'open' | 'closed',
  from: Date,
  minutes: number,
): Date {
  const MINUTE = 60000;
  let at = from.getTime();
  let left = minutes * MINUTE;
  for (let step = 0; left > 0 && step < MAX_STEPS; step++) {
    const local = localTime(new Date(at), services.timezone);
    // The zone's offsets are whole minutes: seconds past the local minute are the instant's own.
    const now = local.minutes + (at % MINUTE) / MINUTE;
    const closedToday = onBankHolidays === 'closed' && isBankHoliday(services, new Date(at));
    const spans = closedToday ? [] : openSpans(hours, local.day);
    const open = spans.find(([start, end]) => start <= now && now < end);
    if (open) {
      const used = Math.min(left, (open[1] - now) * MINUTE, 60 * MINUTE);
      at += used;
      left -= used;
      continue;
    }
    const next = spans.find(([start]) => start > now);
    at += ((next ? next[0] : 1440) - now) * MINUTE;
  }
  return left > 0 ? new Date(from.getTime() + minutes * MINUTE) : new Date(at);
}

/** When a safeguarding target of `minutes` counted from `from` passes, counted as the service's profile says. */
export function safeguardingDueAt(services: Services, from: Date, minutes: number, counted: TargetClock): Date {
  if (counted === 'clock') return new Date(from.getTime() + minutes * 60000);
  const { openingHours, bankHolidays } = services.safeguarding;
  return addOpenMinutes(services, openingHours, bankHolidays, from, minutes);
}

/** Whether a postcode falls in the area we serve (by outward code prefix). */
export function isInArea(services: Services, postcode: string): boolean {
  const outward = postcode.toUpperCase().replace(/\s+/g, '').slice(0, -3);
  return services.area.postcodePrefixes.includes(outward);
}
