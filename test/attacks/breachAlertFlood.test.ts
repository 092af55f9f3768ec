import mongoose, { type Connection } from 'mongoose';
import { AlertAllowance } from '../../src/hub/alertAllowance';
import { ALERT_WINDOW_MS, ALERTS_PER_CLINICIAN_PER_HOUR, BreachSweep } from '../../src/hub/breachSweep';
import { loadResponseTargets } from '../../src/hub/responseTargets';
import { TriageQueue } from '../../src/hub/triageQueue';
import { OutboxNotifier } from '../../src/integrations/notify/outbox';
import { loadSmsTexts } from '../../src/integrations/notify/smsTexts';
import { createLogger } from '../../src/observability/logger';
import { closeTestDatabase, openTestDatabase } from '../support/testDatabase';

const logger = createLogger({ level: 'silent' });
const T0 = new Date('2026-12-04T02:00:00Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60000);

/**
 * Issue 21 row 5: anonymous chats could flood the duty clinician with SMS, because every red-flag chat made a 999 item
 * "breached" the moment it was made (348 texts in one run). A 999 item is handed to 999 at once with a follow-up target
 * of its own, and breach alerts are at most once per item and rate-limited per clinician, across every instance on
 * the store (the limit was once held per process, so two instances sent twice the limit).
 */
describe('attack: a flood of red-flag chats', () => {
  let connection: Connection;
  /** A second instance's own connection to the same database. */
  let other: Connection;
  let clock: Date;
  let queue: TriageQueue;
  let sweeps: BreachSweep[];

  beforeAll(async () => {
    connection = await openTestDatabase();
    other = mongoose.createConnection(process.env.TEST_MONGODB_URI!, { dbName: connection.name });
    await other.asPromise();
    const dutyRoute = { onDuty: async () => [{ name: 'Nurse Duty', phone: '07700900001' }] };
    sweeps = [connection, other].map((db) => {
      const instanceQueue = new TriageQueue(db, loadResponseTargets(), () => clock);
      return new BreachSweep(
        instanceQueue,
        dutyRoute,
        new OutboxNotifier(db),
        new AlertAllowance(db, ALERTS_PER_CLINICIAN_PER_HOUR, ALERT_WINDOW_MS),
        'http://hub/console',
        logger,
        loadSmsTexts(),
        () => clock,
      );
    });
    queue = new TriageQueue(connection, loadResponseTargets(), () => clock);
    for (const model of Object.values(connection.models)) await model.createIndexes();
  });
  afterAll(async () => {
    await other.close();
    await closeTestDatabase(connection);
  });
  /** Both instances sweep at once, three times each, as their timers overlap under load. */
  const sweepBoth = async () => {
    const results = await Promise.all([...sweeps, ...sweeps, ...sweeps].map((s) => s.sweep()));
    return results.reduce((sum, r) => ({ breached: sum.breached + r.breached, alerted: sum.alerted + r.alerted }), {
      breached: 0,
      alerted: 0,
    });
  };

  const alerts = () => connection.collection('outbox').countDocuments({ purpose: 'clinician.alert' });

  it('sends no alert when the chats are made, and at most the hourly limit per clinician after, from two instances', async () => {
    clock = T0;
    // As many red-flag chats as the benchmark's chat phase starts (bench/run.ts: 200).
    const items = await Promise.all(
      Array.from({ length: 200 }, (_, n) =>
        queue.create({
          kind: 'escalation',
          disposition: 'emergency_999',
          channel: 'directline',
          conversation: { channelId: 'directline', conversationId: `anon-${n}` },
          summary: { contact: { role: 'unknown' }, problem: 'not breathing', answers: {}, redFlags: ['not_breathing'] },
          idempotencyKey: `anon-${n}:1:escalation`,
          createdBy: 'front-door-bot',
        }),
      ),
    );
    for (const item of items) expect(item.history.map((e) => e.action)).toEqual(['created', 'handed_to_999']);

    const atCreation = await sweepBoth();
    expect(atCreation.breached).toBe(0);
    expect(await alerts()).toBe(0);

    clock = minutes(61);
    const overdue = await sweepBoth();
    // Each item is marked breached once, by whichever instance got there first.
    expect(overdue.breached).toBe(200);
    expect(overdue.alerted).toBe(ALERTS_PER_CLINICIAN_PER_HOUR);
    expect(await alerts()).toBe(ALERTS_PER_CLINICIAN_PER_HOUR);
    clock = minutes(90);
    await sweepBoth();
    expect(await alerts()).toBe(ALERTS_PER_CLINICIAN_PER_HOUR);

    // The next hour drains the next few, oldest first; no item is ever alerted twice.
    clock = minutes(122);
    await sweepBoth();
    await sweepBoth();
    expect(await alerts()).toBe(2 * ALERTS_PER_CLINICIAN_PER_HOUR);
    const keys = await connection.collection('outbox').distinct('idempotencyKey', { purpose: 'clinician.alert' });
    expect(keys).toHaveLength(2 * ALERTS_PER_CLINICIAN_PER_HOUR);
    const alerted = await connection.collection('queue_items').countDocuments({ breachAlertedAt: { $exists: true } });
    expect(alerted).toBe(2 * ALERTS_PER_CLINICIAN_PER_HOUR);
  }, 120000);
});
