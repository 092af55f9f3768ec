import mongoose, { type Connection } from 'mongoose';
import { AppointmentBook } from '../../src/appointments/appointmentBook';
import { appointmentModels } from '../../src/appointments/appointmentModels';
import { seedDemoData } from '../../src/demo/seedDemoData';
import { ensureIndexes } from '../../src/store/database';
import { closeTestDatabase, openTestDatabase } from '../support/testDatabase';

// Two Front Door servers on one store, as the bench's scale phase runs them (issue 16): each has its own connection
// and its own AppointmentBook, so nothing in one process can order their writes. Only the store can keep a slot to
// one visit, and it must.
describe('two servers booking the same slot at the same moment', () => {
  let first: Connection;
  let second: Connection;
  const now = new Date('2026-11-25T10:00:00Z');

  beforeAll(async () => {
    first = await openTestDatabase();
    second = mongoose.createConnection(process.env.TEST_MONGODB_URI as string, { dbName: first.name });
    await second.asPromise();
    await seedDemoData(first, now);
    await ensureIndexes(first);
  });
  afterAll(async () => {
    await second.close();
    await closeTestDatabase(first);
  });

  it('lets one of them have it, every time, and tells the other it is taken', async () => {
    const bookA = new AppointmentBook(first);
    const bookB = new AppointmentBook(second);
    const bot = { kind: 'bot' as const, id: 'front-door', channel: 'test' };
    for (let round = 0; round < 4; round++) {
      // Edith's two visits, one moved through each server, racing for the same free slot.
      const [visitA, visitB] = await bookA.upcoming('pat-edith-clarke', now);
      const [slot] = await bookA.freeSlots(visitA, now);
      const results = await Promise.all([
        bookA.change(visitA._id, slot._id, `two-servers-a-${round}`, bot),
        bookB.change(visitB._id, slot._id, `two-servers-b-${round}`, bot),
      ]);
      expect(results.map((r) => r.outcome).sort()).toEqual(['changed', 'slot_taken']);
      expect(await appointmentModels(first).bookings.countDocuments({ _id: slot._id })).toBe(1);
      const holders = await appointmentModels(second).appointments.countDocuments({ slotId: slot._id });
      expect(holders).toBe(1);
    }
  });
});
