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

/** Patients per locality team: a community nursing team's evening of people changing visits. */
const PATIENTS_PER_TEAM = 10;

/**
 * Fictional patients for the benchmark, one per simulated person, in locality teams of ten, each team with the demo
 * team's schedule (14 days, two windows, two places each) and each patient with one booked visit in it. So concurrent
 * conversations are different people changing different visits, competing for times only within their own team, as
 * a real service's evening would be, rather than hundreds of people competing for the same four windows.
 */
export async function seedBenchPatients(uri: string, dbName: string, count: number): Promise<BenchPatient[]> {
  const connection = await mongoose.createConnection(uri, { dbName }).asPromise();
  try {
    const models = appointmentModels(connection);
    // The demo schedule of one team (every day, window and place) is the pattern for each benchmark locality team.
    const demoSlots = await models.slots.find({}).sort({ start: 1, _id: 1 }).lean().exec();
    const pattern = demoSlots.filter((s) => s.team === demoSlots[0].team);
    const teamCount = Math.ceil(count / PATIENTS_PER_TEAM);
    const teams = Array.from({ length: teamCount }, (_, t) => `Bench locality ${t + 1} community nursing`);
    const extraSlots = teams.flatMap((team, t) =>
      pattern.map((slot) => ({ ...slot, _id: `bench-${t + 1}:${slot._id.split(':').slice(1).join(':')}`, team })),
    );
    const patients: BenchPatient[] = [];
    const patientDocs = [];
    const appointments = [];
    for (let i = 1; patients.length < count; i++) {
      const number = nhsNumber(i);
      if (!number) continue;
      const n = patients.length;
      const born = new Date(Date.UTC(1935, 0, 1) + n * 86400000 * 7);
      const iso = born.toISOString().slice(0, 10);
      const t = n % teamCount;
      const team = teams[t];
      // Each patient's visit is a different place in the team's schedule, spread over the fortnight.
      const teamSlots = extraSlots.slice(t * pattern.length, (t + 1) * pattern.length);
      const slot = teamSlots[(Math.floor(n / teamCount) * 5) % teamSlots.length];
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
        slotId: slot._id,
        team,
        visitType: 'Community nurse home visit',
        start: slot.start,
        end: slot.end,
        label: slot.label,
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
