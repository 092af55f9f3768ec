import type { Connection } from 'mongoose';
import { appointmentModels } from '../../src/appointments/appointmentModels';
import { AuditLog } from '../../src/hub/audit';
import { seedDemoData } from '../../src/demo/seedDemoData';
import { demoRecordSystem } from '../../src/record/demo/demoRecord';
import type { RecordSystem } from '../../src/record/ports';
import { ensureIndexes } from '../../src/store/database';
import { closeTestDatabase, openTestDatabase } from '../support/testDatabase';
import { recordContract } from './recordContract';

describe('the record contract on the demo adapter (our collections on the embedded store)', () => {
  let connection: Connection;
  let record: RecordSystem;

  beforeAll(async () => {
    connection = await openTestDatabase();
    await seedDemoData(connection);
    await ensureIndexes(connection);
    record = demoRecordSystem(connection);
  });
  afterAll(() => closeTestDatabase(connection));

  recordContract(() => ({
    record,
    audit: new AuditLog(connection),
    async raceFixture(count) {
      const models = appointmentModels(connection);
      const team = 'Wandsworth North community nursing';
      const day = (n: number) => new Date(Date.now() + (40 + n) * 24 * 3600 * 1000);
      const visitIds: string[] = [];
      for (let n = 0; n < count; n++) {
        const slotId = `race-slot-${n}`;
        await models.slots.create({
          _id: slotId,
          team,
          start: day(n),
          end: day(n),
          window: 'morning',
          label: 'morning',
        });
        await models.appointments.create({
          _id: `race-visit-${n}`,
          patientId: 'pat-arthur-bennett',
          slotId,
          team,
          visitType: 'District nurse visit',
          start: day(n),
          end: day(n),
          label: 'morning',
          status: 'booked',
        });
        await models.bookings.create({ _id: slotId, appointmentId: `race-visit-${n}`, at: new Date() });
        visitIds.push(`race-visit-${n}`);
      }
      const last = day(count + 1);
      await models.slots.create({
        _id: 'race-last-slot',
        team,
        start: last,
        end: last,
        window: 'morning',
        label: 'morning',
      });
      return { visitIds, lastSlotId: 'race-last-slot' };
    },
  }));

  it('replaces a referral sent again under its key, keeping when it was first sent', async () => {
    const referral = {
      key: 'demo-referral-update',
      reference: 'FD-DEMO-UPDATE',
      kind: 'referral' as const,
      priority: 'asap' as const,
      reason: 'professional handover in progress',
      requester: 'paramedic',
      occurrenceBy: new Date(Date.now() + 2 * 3600 * 1000),
      summary: 'Problem: fall.',
    };
    await record.referrals.send(referral);
    const sentAt = (await connection.collection('record_referrals').findOne({ _id: referral.key as never }))!.sentAt;
    await record.referrals.send({ ...referral, priority: 'stat', summary: 'Problem: fall, more confused than usual.' });
    const stored = await connection
      .collection('record_referrals')
      .find({ _id: referral.key as never })
      .toArray();
    expect(stored.map((r) => [r.priority, r.summary, r.sentAt])).toEqual([
      ['stat', 'Problem: fall, more confused than usual.', sentAt],
    ]);
  });
});
