import type { Connection } from 'mongoose';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/observability/logger';
import { retentionPolicy } from '../../src/store/retention/retentionPolicy';
import { RetentionSweep } from '../../src/store/retention/retentionSweep';
import { closeTestDatabase, openTestDatabase } from '../support/testDatabase';

const DAY = 24 * 3600 * 1000;
const now = new Date('2026-12-05T10:00:00Z');
const ago = (days: number) => new Date(now.getTime() - days * DAY);

/** Issue 21 item 7: the default policy, enforced on the real store. */
describe('retention sweep', () => {
  let connection: Connection;
  let sweep: RetentionSweep;

  beforeAll(async () => {
    connection = await openTestDatabase();
    const policy = retentionPolicy(loadConfig({ NODE_ENV: 'test' }));
    sweep = new RetentionSweep(connection, policy, createLogger({ level: 'silent' }), () => now);
  });
  afterAll(() => closeTestDatabase(connection));

  const ids = async (collection: string) =>
    (await connection.collection(collection).find().sort({ _id: 1 }).toArray()).map((d) => String(d._id));

  it('deletes operational data after its days and the record after 8 years (complaints 10), keeping the rest', async () => {
    const db = connection;
    await db.collection('twilio_webhooks').insertMany([
      { _id: 'hook-8d', path: '/api/sms', createdAt: ago(8), response: '<Response>Edith…</Response>' },
      { _id: 'hook-6d', path: '/api/sms', createdAt: ago(6), response: '' },
    ] as never[]);
    await db.collection('login_failures').insertMany([
      { _id: 'fail-31d', email: 'a@example.nhs.uk', at: ago(31) },
      { _id: 'fail-29d', email: 'a@example.nhs.uk', at: ago(29) },
    ] as never[]);
    await db.collection('outbox').insertMany([
      { _id: 'sms-31d', to: '07700900123', body: 'Your visit…', createdAt: ago(31) },
      { _id: 'sms-1d', to: '07700900123', body: 'Your visit…', createdAt: ago(1) },
    ] as never[]);
    await db.collection('queue_items').insertMany([
      { _id: 'item-9y-closed', status: 'closed', createdAt: ago(9 * 366), conversation: { conversationId: 'x' } },
      { _id: 'item-9y-open', status: 'new', createdAt: ago(9 * 366), conversation: { conversationId: 'y' } },
      { _id: 'item-7y-closed', status: 'resolved', createdAt: ago(7 * 365), conversation: { conversationId: 'z' } },
    ] as never[]);
    await db.collection('audit').insertMany([
      { _id: 'audit-9y', at: ago(9 * 366), action: 'appointment.changed' },
      { _id: 'audit-7y', at: ago(7 * 365), action: 'appointment.changed' },
    ] as never[]);
    await db.collection('feedback').insertMany([
      { _id: 'complaint-9y', createdAt: ago(9 * 366), complaint: true },
      { _id: 'complaint-11y', createdAt: ago(11 * 366), complaint: true },
    ] as never[]);

    const deleted = await sweep.sweep();
    expect(deleted).toMatchObject({
      'webhook ledger': 1,
      'login failures': 1,
      'SMS outbox': 1,
      'closed queue items': 1,
      audit: 1,
      'feedback and complaints': 1,
    });
    expect(await ids('twilio_webhooks')).toEqual(['hook-6d']);
    expect(await ids('login_failures')).toEqual(['fail-29d']);
    expect(await ids('outbox')).toEqual(['sms-1d']);
    // An item still open is never deleted, however old: someone has yet to act on it.
    expect(await ids('queue_items')).toEqual(['item-7y-closed', 'item-9y-open']);
    expect(await ids('audit')).toEqual(['audit-7y']);
    expect(await ids('feedback')).toEqual(['complaint-9y']);
    // A second sweep finds nothing more.
    expect(await sweep.sweep()).toEqual({});
  });

  it('deletes transcripts of conversations never filed after 30 days, and keeps filed ones with the record', async () => {
    const db = connection;
    await db.collection('queue_items').insertMany([
      { _id: 'item-web', status: 'new', createdAt: ago(40), conversation: { conversationId: 'web-filed' } },
      { _id: 'item-sms', status: 'new', createdAt: ago(40), conversation: { conversationId: 'sms-filed' } },
    ] as never[]);
    await db.collection('directline_conversations').insertMany([
      { _id: 'web-filed', userId: 'u1', createdAt: ago(40) },
      { _id: 'web-unfiled', userId: 'u2', createdAt: ago(40) },
      { _id: 'web-recent', userId: 'u3', createdAt: ago(2) },
    ] as never[]);
    await db.collection('directline_activities').insertMany(
      ['web-filed', 'web-unfiled', 'web-recent'].map((c) => ({
        _id: `${c}|1`,
        conversationId: c,
        seq: 1,
        createdAt: ago(c === 'web-recent' ? 2 : 40),
        text: 'my husband is not breathing',
      })) as never[],
    );
    await db.collection('transcripts').insertMany([
      { _id: 'sms|sms-filed', channelId: 'sms', conversationId: 'sms-filed', created: ago(40) },
      { _id: 'sms|sms-unfiled', channelId: 'sms', conversationId: 'sms-unfiled', created: ago(40) },
      { _id: 'voice|sms-unfiled', channelId: 'voice', conversationId: 'sms-unfiled', created: ago(2) },
    ] as never[]);
    await db.collection('transcript_activities').insertMany([
      { channelId: 'sms', conversationId: 'sms-filed', timestamp: ago(40) },
      { channelId: 'sms', conversationId: 'sms-unfiled', timestamp: ago(40) },
      // Same conversation id on another channel, recent: not this transcript's, kept.
      { channelId: 'voice', conversationId: 'sms-unfiled', timestamp: ago(2) },
    ] as never[]);

    const deleted = await sweep.sweep();
    expect(deleted).toMatchObject({ 'unfiled web chats': 1, 'unfiled phone and SMS transcripts': 1 });
    expect(await ids('directline_conversations')).toEqual(['web-filed', 'web-recent']);
    expect(await ids('directline_activities')).toEqual(['web-filed|1', 'web-recent|1']);
    expect(await ids('transcripts')).toEqual(['sms|sms-filed', 'voice|sms-unfiled']);
    const left = await db.collection('transcript_activities').find().toArray();
    expect(left.map((a) => `${a.channelId}:${a.conversationId}`).sort()).toEqual([
      'sms:sms-filed',
      'voice:sms-unfiled',
    ]);
  });

  it('takes its periods from configuration', () => {
    const policy = retentionPolicy(
      loadConfig({ NODE_ENV: 'test', RETENTION_WEBHOOK_LEDGER_DAYS: '2', RETENTION_RECORD_YEARS: '10' }),
    );
    expect(policy.rules.find((r) => r.name === 'webhook ledger')!.days).toBe(2);
    expect(policy.rules.find((r) => r.name === 'audit')!.days).toBe(3653);
    expect(() => loadConfig({ NODE_ENV: 'test', RETENTION_LOGIN_FAILURE_DAYS: '0' })).toThrow(
      /RETENTION_LOGIN_FAILURE_DAYS must be a whole number from 1/,
    );
  });
});
