import type { Connection } from 'mongoose';
import { AppointmentBook } from '../../src/appointments/appointmentBook';
import { appointmentModels } from '../../src/appointments/appointmentModels';
import { seedDemoData } from '../../src/demo/seedDemoData';
import { AuditLog } from '../../src/hub/audit';
import { patientModel } from '../../src/patients/patientModel';
import { ensureIndexes } from '../../src/store/database';
import { closeTestDatabase, openTestDatabase } from '../support/testDatabase';

const bot = { kind: 'bot' as const, id: 'front-door', channel: 'test' };

describe('AppointmentBook on the demo data', () => {
  let connection: Connection;
  let book: AppointmentBook;
  const now = new Date('2026-11-25T10:00:00Z');

  beforeAll(async () => {
    connection = await openTestDatabase();
    book = new AppointmentBook(connection);
    await seedDemoData(connection, now);
    await ensureIndexes(connection);
  });
  afterAll(() => closeTestDatabase(connection));

  it('seeds the two patients the checks rely on, exactly', async () => {
    const edith = await patientModel(connection).findOne({ nhsNumber: '9992345675' }).lean();
    expect(edith).toMatchObject({
      givenName: 'Edith',
      familyName: 'Clarke',
      dateOfBirth: '1939-03-14',
      postcode: 'SW170QT',
      mobile: '07700900123',
      housebound: true,
      carers: [{ name: 'Joan Clarke', relationship: 'daughter', phone: '07700900456' }],
    });
    expect(edith!.keyWorker.role).toBe('Community Matron');
    expect(edith!.carePlan.plans.map((p) => p.id)).toEqual(['breathlessness', 'swollen-ankles']);
    const arthur = await patientModel(connection).findOne({ nhsNumber: '9993456780' }).lean();
    expect(arthur).toMatchObject({ dateOfBirth: '1945-11-02', postcode: 'SW182PU', mobile: '07700900789' });
  });

  it('is idempotent: seeding again adds nothing', async () => {
    expect(await seedDemoData(connection, now)).toEqual({ patients: 0 });
    expect(await appointmentModels(connection).appointments.countDocuments({ patientId: 'pat-edith-clarke' })).toBe(2);
  });

  it('never offers a window that filled after the schedule was read, though it reuses the schedule', async () => {
    const visit = (await book.upcoming('pat-edith-clarke', now))[0];
    const first = await book.freeSlots(visit, now);
    const offered = first[0];
    // Someone else takes every place in the first offered window in between (capacity is several slots per window).
    const sameWindow = await appointmentModels(connection)
      .slots.find({ team: offered.team, start: offered.start })
      .lean();
    const taken = sameWindow.map((slot) => ({ _id: slot._id, appointmentId: `other-${slot._id}`, at: now }));
    await appointmentModels(connection).bookings.insertMany(taken);
    try {
      const again = await book.freeSlots(visit, now);
      expect(again.map((s) => s._id)).not.toContain(offered._id);
      expect(again.some((s) => s.start.getTime() === offered.start.getTime())).toBe(false);
    } finally {
      await appointmentModels(connection).bookings.deleteMany({ _id: { $in: taken.map((t) => t._id) } });
    }
  });

  it('lists upcoming visits soonest first', async () => {
    const visits = await book.upcoming('pat-edith-clarke', now);
    expect(visits.map((v) => v._id)).toEqual(['appt-edith-1', 'appt-edith-2']);
  });

  it('offers free windows other than the current one, and moves the visit to a chosen one', async () => {
    const visit = (await book.upcoming('pat-arthur-bennett', now))[0];
    const offers = await book.freeSlots(visit, now);
    expect(offers.length).toBeGreaterThanOrEqual(3);
    expect(offers.every((s) => s.team === visit.team && s._id !== visit.slotId)).toBe(true);

    const result = await book.change(visit._id, offers[0]._id, 'change-1', bot);
    expect(result.outcome).toBe('changed');
    expect((await book.find(visit._id))!.slotId).toBe(offers[0]._id);
    const audit = await new AuditLog(connection).forSubject('appointment', visit._id);
    expect(audit.map((a) => a.action)).toEqual(['appointment.changed']);
    // The old slot is free again.
    expect(await appointmentModels(connection).bookings.findById(visit.slotId)).toBeNull();
  });

  it('has no second effect when the same change is retried', async () => {
    const visit = (await book.upcoming('pat-arthur-bennett', now))[1];
    const [slot] = await book.freeSlots(visit, now);
    const first = await book.change(visit._id, slot._id, 'change-retry', bot);
    const again = await book.change(visit._id, slot._id, 'change-retry', bot);
    expect([first.outcome, again.outcome]).toEqual(['changed', 'changed']);
    expect((await new AuditLog(connection).forSubject('appointment', visit._id)).length).toBe(1);
  });

  it('never double-books a slot when two callers take it at the same moment', async () => {
    // Edith's two visits racing for one free slot, as two callers (say Edith and her daughter) would.
    const [first, second] = await book.upcoming('pat-edith-clarke', now);
    const [slot] = await book.freeSlots(first, now);
    const results = await Promise.all([
      book.change(first._id, slot._id, 'race-a', bot),
      book.change(second._id, slot._id, 'race-b', bot),
    ]);
    expect(results.map((r) => r.outcome).sort()).toEqual(['changed', 'slot_taken']);
    expect(await appointmentModels(connection).bookings.countDocuments({ _id: slot._id })).toBe(1);
    const holders = [await book.find(first._id), await book.find(second._id)].filter((a) => a!.slotId === slot._id);
    expect(holders).toHaveLength(1);
  });

  it('cancels with a reason, frees the slot, and is idempotent', async () => {
    const visit = (await book.upcoming('pat-marjorie-hughes', now))[0];
    const first = await book.cancel(visit._id, 'in hospital', 'cancel-1', bot);
    const again = await book.cancel(visit._id, 'in hospital', 'cancel-1', bot);
    expect([first.outcome, again.outcome]).toEqual(['cancelled', 'cancelled']);
    expect((await book.find(visit._id))!.status).toBe('cancelled');
    expect(await appointmentModels(connection).bookings.findById(visit.slotId)).toBeNull();
    expect(await book.upcoming('pat-marjorie-hughes', now)).toEqual([]);
  });
});
