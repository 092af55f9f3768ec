import { z } from 'zod';
import { readContentFile, reviewSchema } from './readContentFile';
import { formatter } from './zonedTime';

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM');
const opening = z.object({ open: time, close: time });
const number = z.object({ name: z.string().min(1), phone: z.string().min(1) });
const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

const servicesSchema = z.object({
  review: reviewSchema,
  timezone: z.string().min(1),
  hub: z.object({
    name: z.string().min(1),
    phone: z.string().min(1),
    personRequestMinutes: z.number().int().min(1).max(1440),
    hours: z.object(Object.fromEntries(DAYS.map((d) => [d, opening])) as Record<(typeof DAYS)[number], typeof opening>),
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
  area: z.object({
    description: z.string().min(1),
    gpPractices: z.array(z.string().min(1)).min(1),
    postcodePrefixes: z.array(z.string().regex(/^[A-Z]{1,2}\d[A-Z\d]?$/)).min(1),
  }),
});

export type Services = z.infer<typeof servicesSchema>;

export function loadServices(): Services {
  return readContentFile('services.yaml', servicesSchema);
}

/** Day of week and minutes since midnight in the services' time zone, whatever the server's zone. */
export function localTime(at: Date, timeZone: string): { day: (typeof DAYS)[number]; minutes: number } {
  const parts = formatter('en-GB', {
    timeZone,
    weekday: 'long',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    day: get('weekday').toLowerCase() as (typeof DAYS)[number],
    minutes: Number(get('hour')) * 60 + Number(get('minute')),
  };
}

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

export function isHubOpen(services: Services, at: Date): boolean {
  const { day, minutes } = localTime(at, services.timezone);
  const hours = services.hub.hours[day];
  return minutes >= toMinutes(hours.open) && minutes < toMinutes(hours.close);
}

/** Night nursing runs across midnight (20:00-08:00). */
export function isNightNursingTime(services: Services, at: Date): boolean {
  const { minutes } = localTime(at, services.timezone);
  const from = toMinutes(services.nightNursing.from);
  const to = toMinutes(services.nightNursing.to);
  return from > to ? minutes >= from || minutes < to : minutes >= from && minutes < to;
}

/** Whether a postcode falls in the area we serve (by outward code prefix). */
export function isInArea(services: Services, postcode: string): boolean {
  const outward = postcode.toUpperCase().replace(/\s+/g, '').slice(0, -3);
  return services.area.postcodePrefixes.includes(outward);
}
