import mongoose from 'mongoose';
import { appointmentModels } from '../src/appointments/appointmentModels';
import { patientModel } from '../src/patients/patientModel';

export interface BenchPatient {
  nhsNumber: string;
  /** As a person types it: DD/MM/YYYY. */
  dateOfBirth: string;
  /** As a caller says it: "7 March 1935". */
  spokenDateOfBirth: string;
}

/** A valid NHS number in the test range (999 …): nine digits and the modulus 11 check digit; some bodies have none. */
function nhsNumber(i: number): string | undefined {
  const body = `999${String(i).padStart(6, '0')}`;
  const sum = [...body].reduce((total, d, k) => total + Number(d) * (10 - k), 0);
  const check = 11 - (sum % 11);
  if (check === 10) return undefined;
  return body + (check === 11 ? '0' : String(check));
}

/**
 * Fictional patients for the benchmark, one per simulated person, each with one booked home visit in a slot of
 * the demo teams, so that concurrent conversations are different people changing different visits, as on a real
 * evening, rather than hundreds of people changing one patient's visit at once.
 */
export async function seedBenchPatients(uri: string, dbName: string, count: number): Promise<BenchPatient[]> {
  const connection = await mongoose.createConnection(uri, { dbName }).asPromise();
  try {
    const models = appointmentModels(connection);
    const slots = await models.slots.find({}).sort({ start: 1 }).lean().exec();
    const teams = [...new Set(slots.map((s) => s.team))];
    const patients: BenchPatient[] = [];
    const patientDocs = [];
    const appointments = [];
    const extraSlots = [];
    for (let i = 1; patients.length < count; i++) {
      const number = nhsNumber(i);
      if (!number) continue;
      const n = patients.length;
      const born = new Date(Date.UTC(1935, 0, 1) + n * 86400000 * 7);
      const iso = born.toISOString().slice(0, 10);
      const team = teams[n % teams.length];
      // A slot of the patient's own, beside the demo ones (same team, day and window), for the visit to change.
      const template = slots.filter((s) => s.team === team)[n % 20];
      const slotId = `${template._id.replace(/:\d+$/, '')}:bench-${n}`;
      extraSlots.push({ ...template, _id: slotId });
      const spare = `${template._id.replace(/:\d+$/, '')}:bench-spare-${n}`;
      extraSlots.push({ ...template, _id: spare });
      patientDocs.push({
        _id: `bench-${n}`,
        nhsNumber: number,
        givenName: 'Bench',
        familyName: `Patient ${n}`,
        dateOfBirth: iso,
        postcode: 'SW170QT',
        mobile: `07700900${String(n % 1000).padStart(3, '0')}`,
        housebound: true,
        conditions: [],
        gpPractice: 'Benchmark Surgery',
        team,
        keyWorker: { name: 'Grace Okafor', role: 'Community Matron', phone: '07700900301' },
        carers: [],
        carePlan: { reviewedOn: '2026-10-01', reviewDue: '2027-10-01', plans: [] },
      });
      appointments.push({
        _id: `bench-appt-${n}`,
        patientId: `bench-${n}`,
        slotId,
        team,
        visitType: 'Community nurse home visit',
        start: template.start,
        end: template.end,
        label: template.label,
        status: 'booked' as const,
      });
      patients.push({
        nhsNumber: number,
        dateOfBirth: `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`,
        spokenDateOfBirth: born.toLocaleDateString('en-GB', {
          day: 'numeric',
          month: 'long',
          year: 'numeric',
          timeZone: 'UTC',
        }),
      });
    }
    await models.slots.insertMany(extraSlots);
    await patientModel(connection).insertMany(patientDocs);
    await models.appointments.insertMany(appointments);
    await models.bookings.insertMany(
      appointments.map((a) => ({ _id: a.slotId, appointmentId: a._id, at: new Date() })),
    );
    return patients;
  } finally {
    await connection.close();
  }
}
