import { z } from 'zod';
import { readContentFile, reviewSchema } from '../../content/readContentFile';
import { localTime } from '../../content/services';
import type { DutyClinician, DutyRoute } from '../../dialogs/dialogDeps';

const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

export const rotaSchema = z.object({
  review: reviewSchema,
  clinicians: z
    .array(
      z.object({
        id: z.string().min(1),
        name: z.string().min(1),
        role: z.string().min(1),
        band: z.number().int().min(6, 'duty clinicians must be Band 6 or above'),
        phone: z.string().regex(/^0\d{10}$/, 'must be a UK number of 11 digits starting with 0, e.g. 07700900801'),
        /** Their console sign-in, so a call-back from the console rings their rota phone. */
        email: z.email({ error: 'must be an email address' }).optional(),
      }),
    )
    .min(3),
  shifts: z
    .array(z.object({ days: z.array(z.enum(DAYS)).min(1), from: time, to: time, order: z.array(z.string()).min(1) }))
    .min(1),
});
export type RotaContent = z.infer<typeof rotaSchema>;

export interface RostedClinician extends DutyClinician {
  id: string;
  role: string;
  band: number;
}

const TIME_ZONE = 'Europe/London';
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

/**
 * The duty rota: who is on duty at a moment, in fallback order. A shift may run past midnight (20:00-08:00); it then
 * belongs to the day it starts on.
 */
export class Rota implements DutyRoute {
  constructor(private readonly content: RotaContent) {
    const known = new Set(content.clinicians.map((c) => c.id));
    for (const shift of content.shifts) {
      for (const id of shift.order) if (!known.has(id)) throw new Error(`rota: shift names unknown clinician ${id}`);
    }
  }

  static fromContent(file = 'demo/rota.yaml'): Rota {
    return new Rota(readContentFile(file, rotaSchema));
  }

  async onDuty(at: Date): Promise<RostedClinician[]> {
    return this.onDutySync(at);
  }

  onDutySync(at: Date): RostedClinician[] {
    const { day, minutes: now } = localTime(at, TIME_ZONE);
    const today = DAYS.indexOf(day as (typeof DAYS)[number]);
    const yesterday = DAYS[(today + 6) % 7];
    const ids: string[] = [];
    for (const shift of this.content.shifts) {
      const from = minutes(shift.from);
      const to = minutes(shift.to);
      const overnight = from >= to;
      const coversToday =
        shift.days.includes(day as (typeof DAYS)[number]) && (overnight ? now >= from : now >= from && now < to);
      const coversFromYesterday = overnight && shift.days.includes(yesterday) && now < to;
      if (coversToday || coversFromYesterday) for (const id of shift.order) if (!ids.includes(id)) ids.push(id);
    }
    return ids.map((id) => {
      const c = this.content.clinicians.find((x) => x.id === id)!;
      return { id: c.id, name: c.name, role: c.role, band: c.band, phone: c.phone };
    });
  }

  clinicians(): RotaContent['clinicians'] {
    return this.content.clinicians;
  }
}
