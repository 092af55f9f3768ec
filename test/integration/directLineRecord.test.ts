import type { Activity, TurnContext } from 'botbuilder';
import { mongo, type Connection } from 'mongoose';
import { ActivityLog, activityIdOf } from '../../src/integrations/directline/activityLog';
import { ActivityLogTranscript } from '../../src/integrations/directline/activityLogTranscript';
import { DirectLineAdapter } from '../../src/integrations/directline/directLineAdapter';
import { ChannelTranscripts } from '../../src/store/channelTranscripts';
import { MongoTranscriptStore } from '../../src/store/mongoTranscriptStore';
import { directLineMessage } from '../support/activities';
import { closeTestDatabase, openTestDatabase } from '../support/testDatabase';

let counter = 0;
const newConversation = () => `dl-record-${Date.now().toString(36)}-${counter++}`;

describe('Direct Line record: turn replies and the transcript read from the activity log', () => {
  let connection: Connection;
  let log: ActivityLog;
  let nudged: string[];
  let adapter: DirectLineAdapter;

  beforeAll(async () => {
    connection = await openTestDatabase();
    log = new ActivityLog(connection);
  });
  beforeEach(() => {
    nudged = [];
    adapter = new DirectLineAdapter(log, (id) => nudged.push(id));
  });
  afterAll(() => closeTestDatabase(connection));

  /** Posts like the endpoint does: the message is stored first, then the turn runs on it. */
  async function post(conversationId: string, text: string, logic: (context: TurnContext) => Promise<void>) {
    const incoming = await log.append(conversationId, directLineMessage(conversationId, text));
    await adapter.runTurn(incoming, logic);
    return incoming;
  }

  it("stores a turn's replies with one insert when the turn ends, at the ids the bot was given", async () => {
    const conversationId = newConversation();
    await log.start(conversationId, 'dl_user');
    const insertMany = jest.spyOn(mongo.Collection.prototype, 'insertMany');
    let given: string[] = [];
    let storedDuringTurn = -1;
    const incoming = await post(conversationId, 'hello', async (context) => {
      const first = await context.sendActivity('one');
      const rest = await context.sendActivities([
        { type: 'message', text: 'two' },
        { type: 'delay', value: 500 },
      ]);
      const last = await context.sendActivity('three');
      given = [first!.id, rest[0].id, last!.id];
      storedDuringTurn = (await log.since(conversationId, 1)).activities.length;
    });
    const inserts = insertMany.mock.calls
      .filter((_, i) => insertMany.mock.contexts[i].collectionName === 'directline_activities')
      .map(([docs]) => docs.length);
    insertMany.mockRestore();

    expect(storedDuringTurn).toBe(0);
    // The patient's message, then the three replies together (the delay is not stored).
    expect(inserts).toEqual([1, 3]);
    const page = await log.since(conversationId, 0);
    expect(page.activities.map((a) => a.text)).toEqual(['hello', 'one', 'two', 'three']);
    expect(page.activities.slice(1).map((a) => a.id)).toEqual(given);
    expect(given).toEqual([2, 3, 4].map((n) => activityIdOf(conversationId, n)));
    expect(page.activities.slice(1).every((a) => a.replyToId === incoming.id && a.from.role === 'bot')).toBe(true);
    expect(nudged).toEqual([conversationId]);
  });

  it('stores the welcome of a new conversation from 1 with one insert and no lookup', async () => {
    const conversationId = newConversation();
    await log.start(conversationId, 'dl_user');
    const insertMany = jest.spyOn(mongo.Collection.prototype, 'insertMany');
    const find = jest.spyOn(mongo.Collection.prototype, 'find');
    const joined: Partial<Activity> = {
      ...directLineMessage(conversationId, ''),
      type: 'conversationUpdate',
      membersAdded: [{ id: 'dl_user', name: '' }],
      id: `${conversationId}|start`,
    };
    await adapter.runTurn(
      joined as Activity,
      async (context) => {
        await context.sendActivity('Hello');
        await context.sendActivity('Privacy');
        await context.sendActivity('How can I help?');
      },
      1,
    );
    const activityCalls = (spy: typeof insertMany | typeof find) =>
      spy.mock.contexts.filter((c) => c.collectionName === 'directline_activities').length;
    const inserts = activityCalls(insertMany);
    const lookups = activityCalls(find);
    insertMany.mockRestore();
    find.mockRestore();

    expect([inserts, lookups]).toEqual([1, 0]);
    const page = await log.since(conversationId, 0);
    expect(page.activities.map((a) => [a.id, a.text])).toEqual(
      ['Hello', 'Privacy', 'How can I help?'].map((text, i) => [activityIdOf(conversationId, i + 1), text]),
    );
  });

  it('stores replies after anything another writer stored during the turn, in the order they were stored', async () => {
    const conversationId = newConversation();
    await log.start(conversationId, 'dl_user');
    const other = new ActivityLog(connection); // another instance: a coordinator's message arrives mid-turn
    await post(conversationId, 'is anyone there', async (context) => {
      await context.sendActivity('bot reply one');
      await other.append(conversationId, {
        ...directLineMessage(conversationId, 'coordinator here'),
        from: { id: 'c1', name: 'Sam' },
      });
      await context.sendActivity('bot reply two');
    });
    const page = await log.since(conversationId, 0);
    expect(page.activities.map((a) => a.text)).toEqual([
      'is anyone there',
      'coordinator here',
      'bot reply one',
      'bot reply two',
    ]);
    expect(page.activities.map((a) => a.id)).toEqual([1, 2, 3, 4].map((n) => activityIdOf(conversationId, n)));
    expect(page.watermark).toBe(4);
  });

  it('still stores what the bot said when the turn fails, then lets the failure through', async () => {
    const conversationId = newConversation();
    await log.start(conversationId, 'dl_user');
    await expect(
      post(conversationId, 'hello', async (context) => {
        await context.sendActivity('before the failure');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await log.since(conversationId, 1)).activities.map((a) => a.text)).toEqual(['before the failure']);
  });

  it('stores at once what is sent outside a turn (a coordinator continuing the conversation)', async () => {
    const conversationId = newConversation();
    await log.start(conversationId, 'dl_user');
    const incoming = await post(conversationId, 'hello', async () => undefined);
    let id = '';
    await adapter.continueConversation(
      { conversation: incoming.conversation, user: incoming.from, bot: incoming.recipient, channelId: 'directline' },
      async (context) => {
        id = (await context.sendActivity('This is Sam, the coordinator.'))!.id;
        expect((await log.since(conversationId, 1)).activities.map((a) => a.text)).toEqual([
          'This is Sam, the coordinator.',
        ]);
      },
    );
    expect(id).toBe(activityIdOf(conversationId, 2));
  });

  it('finds the newest activity of a long conversation it has never seen in a few queries', async () => {
    const conversationId = newConversation();
    await log.start(conversationId, 'dl_user');
    await log.appendAll(
      conversationId,
      Array.from({ length: 300 }, (_, i) => directLineMessage(conversationId, `message ${i}`)),
    );
    const find = jest.spyOn(mongo.Collection.prototype, 'find');
    const restarted = new ActivityLog(connection); // an instance that has not seen this conversation
    const appended = await restarted.append(conversationId, directLineMessage(conversationId, 'after a restart'));
    const queries = find.mock.contexts.filter((c) => c.collectionName === 'directline_activities').length;
    find.mockRestore();
    expect(appended.id).toBe(activityIdOf(conversationId, 301));
    // Windows of 16, 32, 64, 128 and 256 ids cover 496 activities.
    expect(queries).toBe(5);
  });

  it('serves a web chat transcript from the log: pages, a start date, the list of chats and deletion', async () => {
    const conversationId = newConversation();
    await log.start(conversationId, 'dl_user', new Date('2026-11-25T09:00:00Z'));
    for (let i = 0; i < 24; i++) {
      await log.append(conversationId, {
        ...directLineMessage(conversationId, `message ${i}`),
        timestamp: new Date(Date.UTC(2026, 10, 25, 10, i)),
      });
    }
    const transcripts = new ChannelTranscripts(new MongoTranscriptStore(connection));
    transcripts.register('directline', new ActivityLogTranscript(log));

    const first = await transcripts.getTranscriptActivities('directline', conversationId);
    expect(first.items).toHaveLength(20);
    expect(first.items[0].timestamp).toBeInstanceOf(Date);
    const second = await transcripts.getTranscriptActivities('directline', conversationId, first.continuationToken);
    expect(second.continuationToken).toBe('');
    expect([...first.items, ...second.items].map((a) => a.text)).toEqual(
      Array.from({ length: 24 }, (_, i) => `message ${i}`),
    );

    const late = await transcripts.getTranscriptActivities(
      'directline',
      conversationId,
      undefined,
      new Date(Date.UTC(2026, 10, 25, 10, 21)),
    );
    expect(late.items.map((a) => a.text)).toEqual(['message 21', 'message 22', 'message 23']);

    const since = await transcripts.conversationsSince(new Date('2026-11-25T08:59:00Z'));
    expect(since).toContainEqual(expect.objectContaining({ channelId: 'directline', id: conversationId }));

    let listed = false;
    let token: string | undefined;
    do {
      const page = await transcripts.listTranscripts('directline', token);
      listed ||= page.items.some((t) => t.id === conversationId);
      token = page.continuationToken || undefined;
    } while (token);
    expect(listed).toBe(true);

    await transcripts.deleteTranscript('directline', conversationId);
    expect((await transcripts.getTranscriptActivities('directline', conversationId)).items).toEqual([]);
    expect(await log.conversation(conversationId)).toBeNull();
  });

  it('counts a chat once when an older release also logged it to the transcript collections', async () => {
    const conversationId = newConversation();
    await log.start(conversationId, 'dl_user');
    const logged = new MongoTranscriptStore(connection);
    await logged.logActivity({
      ...directLineMessage(conversationId, 'hi'),
      conversation: { id: conversationId },
    } as Activity);
    await logged.logActivity({
      ...directLineMessage('sms-conversation', 'hi'),
      channelId: 'sms',
      conversation: { id: `sms-${conversationId}` },
    } as Activity);
    const transcripts = new ChannelTranscripts(logged);
    transcripts.register('directline', new ActivityLogTranscript(log));
    const since = await transcripts.conversationsSince(new Date(Date.now() - 60000));
    expect(since.filter((t) => t.id === conversationId)).toHaveLength(1);
    expect(since.filter((t) => t.id === `sms-${conversationId}`)).toEqual([
      expect.objectContaining({ channelId: 'sms' }),
    ]);
  });
});
