import type { Connection } from 'mongoose';
import { AppointmentBook, OPERATIONS_KEPT } from '../../src/appointments/appointmentBook';
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

  it('looks past a first page of slots that are all booked, and offers none of them', async () => {
    const visit = (await book.upcoming('pat-edith-clarke', now))[0];
    const from = now.getTime() + 12 * 3600 * 1000;
    const schedule = await appointmentModels(connection)
      .slots.find({ team: visit.team, start: { $gte: new Date(from) } })
      .sort({ start: 1, _id: 1 })
      .lean();
    // Every slot in the first 45 is taken (more than a page); the earliest free ones come after.
    const taken = schedule.slice(0, 45).map((slot) => ({ _id: slot._id, appointmentId: `full-${slot._id}`, at: now }));
    const alreadyBooked = new Set(
      (
        await appointmentModels(connection)
          .bookings.find({ _id: { $in: taken.map((t) => t._id) } })
          .lean()
      ).map((b) => b._id),
    );
    const added = taken.filter((t) => !alreadyBooked.has(t._id));
    await appointmentModels(connection).bookings.insertMany(added);
    try {
      const offers = await book.freeSlots(visit, now);
      expect(offers).toHaveLength(4);
      const takenIds = new Set(taken.map((t) => t._id));
      expect(offers.some((s) => takenIds.has(s._id))).toBe(false);
      expect(offers[0].start.getTime()).toBeGreaterThanOrEqual(schedule[45].start.getTime());
    } finally {
      await appointmentModels(connection).bookings.deleteMany({ _id: { $in: added.map((t) => t._id) } });
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
    // Who, what, where from and when; a field the actor did not give is left out, not stored empty.
    expect(audit[0]).toMatchObject({
      actor: { kind: 'bot', id: 'front-door' },
      subject: { kind: 'appointment', id: visit._id },
      channel: 'test',
      detail: { fromSlot: visit.slotId, toSlot: offers[0]._id },
    });
    expect(audit[0].at).toBeInstanceOf(Date);
    const log = new AuditLog(connection);
    await log.record({
      actor: { kind: 'staff', id: 's1' },
      action: 'x',
      subject: { kind: 't', id: '1' },
      channel: undefined,
    });
    expect(Object.keys((await log.forSubject('t', '1'))[0])).not.toContain('channel');
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

  it('keeps the outcome on the appointment, so a retry after later changes still has no second effect', async () => {
    const visit = (await book.upcoming('pat-arthur-bennett', now))[0];
    const [first, second] = await book.freeSlots(visit, now);
    expect((await book.change(visit._id, first._id, 'retry-late-1', bot)).outcome).toBe('changed');
    expect((await book.change(visit._id, second._id, 'retry-late-2', bot)).outcome).toBe('changed');
    // The first request arrives again after the second change: it must not move the visit back.
    const again = await book.change(visit._id, first._id, 'retry-late-1', bot);
    expect(again.outcome).toBe('changed');
    const stored = (await book.find(visit._id))!;
    expect(stored.slotId).toBe(second._id);
    expect(stored.operations!.map((op) => [op.key, op.kind, op.outcome])).toEqual(
      expect.arrayContaining([
        ['retry-late-1', 'change', 'changed'],
        ['retry-late-2', 'change', 'changed'],
      ]),
    );
    expect(await appointmentModels(connection).bookings.findById(first._id)).toBeNull();
  });

  it('answers a change that lost to another made since it read the visit as busy, and a retry from its record', async () => {
    const visit = (await book.upcoming('pat-arthur-bennett', now))[1];
    const [slot, other] = await book.freeSlots(visit, now);
    const before = (await book.find(visit._id))!;
    const audited = async () => (await new AuditLog(connection).forSubject('appointment', visit._id)).length;
    const auditedBefore = await audited();
    expect((await book.change(visit._id, slot._id, 'retry-busy', bot)).outcome).toBe('changed');
    // The requests below read the visit as it was before that change, as requests racing it would have.
    const read = jest.spyOn(book, 'find');
    try {
      read.mockResolvedValueOnce(before);
      expect((await book.change(visit._id, other._id, 'another-change', bot)).outcome).toBe('busy');
      // The slot the losing change had taken is free again.
      expect(await appointmentModels(connection).bookings.findById(other._id)).toBeNull();
      read.mockResolvedValueOnce(before);
      expect((await book.cancel(visit._id, 'in hospital', 'late-cancel', bot)).outcome).toBe('busy');
      // A retry of the change that was made, racing it: its slot is held for this visit, and its record answers it.
      read.mockResolvedValueOnce(before);
      expect((await book.change(visit._id, slot._id, 'retry-busy', bot)).outcome).toBe('changed');
    } finally {
      read.mockRestore();
    }
    const stored = (await book.find(visit._id))!;
    expect(stored).toMatchObject({ slotId: slot._id, status: 'booked', revision: (before.revision ?? 0) + 1 });
    expect(stored.operations!.map((op) => op.key)).not.toContain('another-change');
    // Only the change that was made is audited.
    expect(await audited()).toBe(auditedBefore + 1);
  });

  it('lets one of two different changes to the same visit at once happen, and frees the other slot', async () => {
    const visit = (await book.upcoming('pat-arthur-bennett', now))[0];
    const [a, b] = await book.freeSlots(visit, now);
    const results = await Promise.all([
      book.change(visit._id, a._id, 'same-visit-a', bot),
      book.change(visit._id, b._id, 'same-visit-b', bot),
    ]);
    const outcomes = results.map((r) => r.outcome);
    expect(outcomes).toContain('changed');
    const stored = (await book.find(visit._id))!;
    expect([a._id, b._id]).toContain(stored.slotId);
    // Only the slot the visit is in is held for it: no place is lost to the change that did not happen.
    const held = await appointmentModels(connection).bookings.find({ appointmentId: visit._id }).lean();
    expect(held.map((h) => h._id)).toEqual([stored.slotId]);
  });

  it('keeps only the latest operations on the appointment', async () => {
    const visit = (await book.upcoming('pat-edith-clarke', now))[1];
    const offers = await book.freeSlots(visit, now, 2);
    for (let i = 0; i < OPERATIONS_KEPT + 2; i++) {
      expect((await book.change(visit._id, offers[i % 2]._id, `many-${i}`, bot)).outcome).toBe('changed');
    }
    const keys = (await book.find(visit._id))!.operations!.map((op) => op.key);
    expect(keys).toEqual(Array.from({ length: OPERATIONS_KEPT }, (_, i) => `many-${i + 2}`));
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
