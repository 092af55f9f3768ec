import type { Connection } from 'mongoose';
import { AuditLog } from '../../src/hub/audit';
import { closeTestDatabase, openTestDatabase } from '../support/testDatabase';

/**
 * The admins' audit view of one person's actions (`GET /api/console/audit?actor=`): `actor.id` is a nested field, which
 * the embedded store now selects in SQLite (tools/embedded-mongo/patches.json, frontDoorFieldPath) instead of decoding
 * every entry newest first in Go until it has enough of theirs.
 */
describe('audit log: one person’s actions', () => {
  let connection: Connection;
  let audit: AuditLog;
  beforeAll(async () => {
    connection = await openTestDatabase();
    audit = new AuditLog(connection);
    const base = Date.parse('2026-12-01T09:00:00Z');
    // 400 entries by 8 people, in no order of time; bots and staff share ids to show the kind does not matter here.
    const entries = Array.from({ length: 400 }, (_, i) => ({
      _id: `entry-${i}`,
      at: new Date(base + ((i * 7919) % 400) * 60000),
      actor: { kind: i % 16 < 8 ? 'staff' : 'bot', id: `person-${i % 8}` },
      action: 'queue.list',
      subject: { kind: 'queue', id: 'open' },
    }));
    await connection.collection('audit').insertMany(entries as never[]);
  });
  afterAll(() => closeTestDatabase(connection));

  it('lists only their entries, newest first, up to the limit', async () => {
    const all = await audit.recent({ actorId: 'person-3', limit: 1000 });
    expect(all).toHaveLength(50);
    expect(all.every((e) => e.actor.id === 'person-3')).toBe(true);
    const times = all.map((e) => e.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const newest = await audit.recent({ actorId: 'person-3', limit: 7 });
    expect(newest.map((e) => e._id)).toEqual(all.slice(0, 7).map((e) => e._id));
    await expect(audit.recent({ actorId: 'nobody' })).resolves.toEqual([]);
  });

  it('is selected by the store, not filtered entry by entry in Go', async () => {
    const explained = (await connection
      .collection('audit')
      .find({ 'actor.id': 'person-3' })
      .sort({ at: -1 })
      .limit(200)
      .explain()) as { filterPushdown?: boolean };
    // MongoDB does not report this; the embedded store does (tools/embedded-mongo/patches.json).
    if ('filterPushdown' in explained) expect(explained.filterPushdown).toBe(true);
  });
});
