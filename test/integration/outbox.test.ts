import type { Connection } from 'mongoose';
import { OutboxNotifier } from '../../src/integrations/notify/outbox';
import { closeTestDatabase, openTestDatabase } from '../support/testDatabase';

describe('OutboxNotifier', () => {
  let connection: Connection;
  let outbox: OutboxNotifier;
  beforeAll(async () => {
    connection = await openTestDatabase();
    outbox = new OutboxNotifier(connection);
    await connection.models.Outbox.createIndexes();
  });
  afterAll(() => closeTestDatabase(connection));

  it('stores a message and shows it newest first', async () => {
    await outbox.sendSms({
      to: '07700900123',
      body: 'first',
      purpose: 'appointment.confirmation',
      idempotencyKey: 'k1',
    });
    await outbox.sendSms({ to: '07700900123', body: 'second', purpose: 'referral.reference', idempotencyKey: 'k2' });
    expect((await outbox.recent()).map((m) => m.body)).toEqual(['second', 'first']);
  });

  it('has no second effect for a retried send, even when the retries race', async () => {
    const message = { to: '07700900456', body: 'once', purpose: 'clinician.alert' as const, idempotencyKey: 'k3' };
    const results = await Promise.all([outbox.sendSms(message), outbox.sendSms(message), outbox.sendSms(message)]);
    expect(results.filter((r) => r.status === 'stored')).toHaveLength(1);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect((await outbox.recent()).filter((m) => m.body === 'once')).toHaveLength(1);
  });

  it('refuses a message with no number or no text, storing nothing', async () => {
    const message = { body: 'nowhere', purpose: 'clinician.alert' as const, idempotencyKey: 'k4' };
    await expect(outbox.sendSms({ ...message, to: '' })).rejects.toThrow('number');
    await expect(outbox.sendSms({ ...message, to: '07700900123', body: '' })).rejects.toThrow('text');
    expect((await outbox.recent()).filter((m) => m.idempotencyKey === 'k4')).toHaveLength(0);
  });
});
