import type { Activity } from 'botbuilder';
import { mongo, type Connection } from 'mongoose';
import { MongoTranscriptStore } from '../../src/store/mongoTranscriptStore';
import { closeTestDatabase, openTestDatabase } from '../support/testDatabase';

function activity(conversationId: string, i: number, channelId = 'webchat'): Activity {
  return {
    type: 'message',
    id: `a${i}`,
    channelId,
    conversation: { id: conversationId } as Activity['conversation'],
    from: { id: 'user', name: 'user' },
    recipient: { id: 'bot', name: 'bot' },
    text: `message ${i}`,
    timestamp: new Date(Date.UTC(2026, 10, 25, 10, 0, 0, i * 10)),
    channelData: { $weird: 'key.with.dots' },
  } as Activity;
}

describe('MongoTranscriptStore', () => {
  let connection: Connection;
  let store: MongoTranscriptStore;
  beforeAll(async () => {
    connection = await openTestDatabase();
    store = new MongoTranscriptStore(connection);
  });
  afterAll(() => closeTestDatabase(connection));

  it('writes the activities a turn logs together in one insert, keeping their order', async () => {
    const insertMany = jest.spyOn(mongo.Collection.prototype, 'insertMany');
    const transcriptInserts = () =>
      insertMany.mock.contexts.filter((c) => (c as mongo.Collection).collectionName === 'transcript_activities');
    try {
      // As TranscriptLoggerMiddleware does at the end of a turn: one call per activity, none awaited.
      const logged = [0, 1, 2].map((i) =>
        store.logActivity({ ...activity('conv-batch', i, 'batch'), timestamp: new Date(0) }),
      );
      await Promise.all(logged);
      expect(transcriptInserts()).toHaveLength(1);
      const page = await store.getTranscriptActivities('batch', 'conv-batch');
      expect(page.items.map((a) => a.text)).toEqual(['message 0', 'message 1', 'message 2']);
    } finally {
      insertMany.mockRestore();
    }
  });

  it('returns logged activities in order, exactly as logged, one page of 20 at a time', async () => {
    for (let i = 0; i < 45; i++) await store.logActivity(activity('conv-paging', i));
    const seen: Activity[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await store.getTranscriptActivities('webchat', 'conv-paging', token);
      seen.push(...page.items);
      token = page.continuationToken || undefined;
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(seen.map((a) => a.text)).toEqual(Array.from({ length: 45 }, (_, i) => `message ${i}`));
    expect(seen[0].timestamp).toBeInstanceOf(Date);
    expect(seen[0].channelData).toEqual({ $weird: 'key.with.dots' });
  });

  it('keeps activities that share a timestamp in the order they were logged across pages', async () => {
    const same = new Date('2026-11-25T12:00:00Z');
    for (let i = 0; i < 25; i++) await store.logActivity({ ...activity('conv-ties', i), timestamp: same } as Activity);
    const first = await store.getTranscriptActivities('webchat', 'conv-ties');
    const second = await store.getTranscriptActivities('webchat', 'conv-ties', first.continuationToken);
    expect([...first.items, ...second.items].map((a) => a.id)).toEqual(Array.from({ length: 25 }, (_, i) => `a${i}`));
    expect(second.continuationToken).toBe('');
  });

  it('filters by start date', async () => {
    const page = await store.getTranscriptActivities(
      'webchat',
      'conv-paging',
      undefined,
      new Date(Date.UTC(2026, 10, 25, 10, 0, 0, 400)),
    );
    expect(page.items.map((a) => a.text)).toEqual([
      'message 40',
      'message 41',
      'message 42',
      'message 43',
      'message 44',
    ]);
  });

  it('lists transcripts per channel with paging', async () => {
    for (let i = 0; i < 22; i++) await store.logActivity(activity(`listed-${String(i).padStart(2, '0')}`, 0, 'sms'));
    const first = await store.listTranscripts('sms');
    const second = await store.listTranscripts('sms', first.continuationToken);
    expect(first.items).toHaveLength(20);
    expect(second.items.map((t) => t.id)).toEqual(['listed-20', 'listed-21']);
    expect(second.items[0].created).toBeInstanceOf(Date);
    expect((await store.listTranscripts('webchat')).items.map((t) => t.id).sort()).toEqual([
      'conv-paging',
      'conv-ties',
    ]);
  });

  it('deletes a transcript and its activities', async () => {
    await store.logActivity(activity('conv-delete', 1));
    await store.deleteTranscript('webchat', 'conv-delete');
    expect((await store.getTranscriptActivities('webchat', 'conv-delete')).items).toEqual([]);
    expect((await store.listTranscripts('webchat')).items.map((t) => t.id)).not.toContain('conv-delete');
  });

  it('refuses an activity without a conversation', async () => {
    await expect(store.logActivity({ type: 'message', channelId: 'webchat' } as Activity)).rejects.toThrow(
      /conversation/,
    );
  });
});
