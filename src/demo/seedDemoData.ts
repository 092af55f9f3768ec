import type { Connection, Model } from 'mongoose';
import { z } from 'zod';
import { readContentFile, reviewSchema } from '../content/readContentFile';
import { zonedDate, zonedDateTime } from '../content/zonedTime';
import { FlagCodes } from '../record/flagCodes';
import { appointmentModels, type Appointment, type Slot } from '../appointments/appointmentModels';
import {
  ALERT_CATEGORIES,
  normalisePhone,
  normalisePostcode,
  patientModel,
  type Patient,
} from '../patients/patientModel';

const zone = z.object({ when: z.string().min(1), do: z.string().min(1), call: z.string().min(1) });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const patientsSchema = z.object({
  review: reviewSchema,
  patients: z.array(
    z.object({
      id: z.string().min(1),
      nhsNumber: z.string().regex(/^\d{10}$/),
      givenName: z.string().min(1),
      familyName: z.string().min(1),
      dateOfBirth: isoDate,
      postcode: z.string().min(5),
      mobile: z.string().regex(/^07700900\d{3}$/, 'must be in the 07700 900xxx drama range'),
      housebound: z.boolean(),
      alerts: z
        .array(
          z.object({
            category: z.enum(ALERT_CATEGORIES),
            text: z.string().min(1),
            risk: z
              .string()
              .refine((id) => !!FlagCodes.load().risk(id), 'must be a risk in content/risk-alerts.yaml')
              .optional(),
          }),
        )
        .optional(),
      conditions: z.array(z.string()),
      gpPractice: z.string(),
      team: z.string(),
      keyWorker: z.object({ name: z.string(), role: z.string(), phone: z.string() }),
      carers: z.array(z.object({ name: z.string(), relationship: z.string(), phone: z.string() })),
      appointments: z.array(
        z.object({
          id: z.string(),
          inDays: z.number().int().min(0),
          window: z.string(),
          visitType: z.string(),
        }),
      ),
      carePlan: z.object({
        reviewedOn: isoDate,
        reviewDue: isoDate,
        plans: z.array(
          z.object({
            id: z.string(),
            title: z.string(),
            triggers: z.array(z.string().min(2)).min(1),
            zones: z.object({ green: zone, amber: zone, red: zone }),
          }),
        ),
      }),
    }),
  ),
});

const slotsSchema = z.object({
  review: reviewSchema,
  days: z.number().int().min(1).max(60),
  windows: z.record(z.string(), z.object({ start: z.string(), end: z.string(), label: z.string() })),
  capacityPerWindow: z.number().int().min(1).max(20),
  teams: z.array(z.string()).min(1),
});

const TIME_ZONE = 'Europe/London';
const DUPLICATE_KEY = 11000;

/** Inserts documents that are not there yet; existing ones (a restart) are left as they are. */
async function insertMissing<T>(model: Model<T>, docs: T[]): Promise<number> {
  if (docs.length === 0) return 0;
  try {
    const inserted = await model.insertMany(docs, { ordered: false });
    return inserted.length;
  } catch (err) {
    const e = err as { code?: number; insertedDocs?: unknown[]; writeErrors?: { code?: number }[] };
    const allDuplicates = (e.writeErrors ?? [{ code: e.code }]).every((w) => (w.code ?? e.code) === DUPLICATE_KEY);
    if (!allDuplicates) throw err;
    return e.insertedDocs?.length ?? 0;
  }
}

/** The fictional demo record, with dates relative to `now`: what both record adapters are seeded with. */
export function demoRecordData(now = new Date()) {
  const { patients } = readContentFile('demo/patients.yaml', patientsSchema);
  const slotConfig = readContentFile('demo/slots.yaml', slotsSchema);

  const slots: Slot[] = [];
  for (let day = 1; day <= slotConfig.days; day++) {
    const date = zonedDate(now, TIME_ZONE, day);
    for (const team of slotConfig.teams) {
      for (const [window, w] of Object.entries(slotConfig.windows)) {
        for (let n = 1; n <= slotConfig.capacityPerWindow; n++) {
          slots.push({
            _id: `${slug(team)}:${date}:${window}:${n}`,
            team,
            start: zonedDateTime(date, w.start, TIME_ZONE),
            end: zonedDateTime(date, w.end, TIME_ZONE),
            window,
            label: w.label,
          });
        }
      }
    }
  }

  const patientDocs: Patient[] = patients.map(({ id, appointments: _appointments, ...p }) => ({
    ...p,
    _id: id,
    postcode: normalisePostcode(p.postcode),
    mobile: normalisePhone(p.mobile),
    carers: p.carers.map((c) => ({ ...c, phone: normalisePhone(c.phone) })),
  }));

  const appointments: Appointment[] = [];
  for (const patient of patients) {
    for (const a of patient.appointments) {
      const date = zonedDate(now, TIME_ZONE, Math.max(1, a.inDays));
      const slotId = `${slug(patient.team)}:${date}:${a.window}:1`;
      const slot = slots.find((s) => s._id === slotId);
      if (!slot) throw new Error(`demo appointment ${a.id}: no slot ${slotId} (check content/demo/slots.yaml)`);
      appointments.push({
        _id: a.id,
        patientId: patient.id,
        slotId,
        team: patient.team,
        visitType: a.visitType,
        start: slot.start,
        end: slot.end,
        label: slot.label,
        status: 'booked' as const,
      });
    }
  }
  return { patients: patientDocs, slots, appointments };
}

/**
 * Loads the fictional demo patients, their visits and bookable slots. Development only: app.ts never calls this in
 * production. Idempotent, so every start may call it; dates are relative to the first start.
 */
export async function seedDemoData(connection: Connection, now = new Date()): Promise<{ patients: number }> {
  const data = demoRecordData(now);
  const models = appointmentModels(connection);
  await insertMissing(models.slots, data.slots);
  const inserted = await insertMissing(patientModel(connection), data.patients);
  if (inserted === 0) return { patients: 0 };
  await insertMissing(models.appointments, data.appointments);
  await insertMissing(
    models.bookings,
    data.appointments.map((a) => ({ _id: a.slotId, appointmentId: a._id, at: now })),
  );
  return { patients: inserted };
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}
