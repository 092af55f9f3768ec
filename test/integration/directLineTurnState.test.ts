import { ConversationState, MessageFactory, type Activity, type TurnContext } from 'botbuilder';
import { mongo, type Connection } from 'mongoose';
import { ActivityLog, sequenceOf } from '../../src/integrations/directline/activityLog';
import { DirectLineAdapter } from '../../src/integrations/directline/directLineAdapter';
import { MongoStorage } from '../../src/store/mongoStorage';
import { StateCache } from '../../src/store/stateCache';
import { directLineMessage } from '../support/activities';
import { closeTestDatabase, openTestDatabase } from '../support/testDatabase';

let counter = 0;
const newConversation = () => `dl-state-${Date.now().toString(36)}-${counter++}`;

/** One Front Door instance's Direct Line side: its own log, cache, storage and adapter, on the shared store. */
function instance(connection: Connection) {
  const log = new ActivityLog(connection);
  const cache = new StateCache();
  const conversationState = new ConversationState(new MongoStorage(connection, cache));
  const adapter = new DirectLineAdapter(log, () => undefined, {
    cache,
    keyOf: (context) => conversationState.getStorageKey(context),
  });
  const count = conversationState.createProperty<number>('count');
  /** A bot whose state is a turn counter: any turn started from stale state says a number already said. */
  const countingBot = async (context: TurnContext) => {
    const n = (await count.get(context, 0)) + 1;
    await count.set(context, n);
    await context.sendActivity(`turn ${n}`);
    await conversationState.saveChanges(context, false);
  };
  return { log, adapter, countingBot };
}
type Instance = ReturnType<typeof instance>;

describe('Direct Line turns start from the state this instance wrote, only when nobody else can have changed it', () => {
  let connection: Connection;
  let stateReads: jest.SpyInstance;
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    connection = await openTestDatabase();
  });
  beforeEach(() => {
    a = instance(connection);
    b = instance(connection);
    stateReads = jest.spyOn(mongo.Collection.prototype, 'find');
  });
  afterEach(() => stateReads.mockRestore());
  afterAll(() => closeTestDatabase(connection));

  const botStateReads = () =>
    stateReads.mock.contexts.filter((c) => (c as mongo.Collection).collectionName === 'bot_state').length;

  /** Posts like the endpoint: the message is stored by the instance first, then its turn runs. Returns the reply. */
  async function post(on: Instance, conversationId: string, logic = on.countingBot): Promise<string> {
    const incoming = await on.log.append(conversationId, directLineMessage(conversationId, 'hi'));
    await on.adapter.runTurn(incoming, logic);
    const page = await on.log.since(conversationId, sequenceOf(incoming.id)!);
    return page.activities.map((r) => r.text).join(' / ');
  }

  /** The reply and whether the turn read its state from the store. */
  async function turn(on: Instance, conversationId: string) {
    const before = botStateReads();
    const reply = await post(on, conversationId);
    return `${reply}${botStateReads() > before ? ' (read)' : ''}`;
  }

  it("reads the store only for the first of an instance's consecutive turns", async () => {
    const id = newConversation();
    await a.log.start(id, 'dl_user');
    expect([await turn(a, id), await turn(a, id), await turn(a, id)]).toEqual(['turn 1 (read)', 'turn 2', 'turn 3']);
  });

  it('does not read the store for the welcome of a conversation it has just created, nor for the turns after', async () => {
    const id = newConversation();
    expect(await a.log.start(id, 'dl_user')).toBe('created');
    const before = botStateReads();
    const welcome = { ...directLineMessage(id, ''), type: 'conversationUpdate', id: `${id}|start` } as Activity;
    await a.adapter.runTurn(welcome, a.countingBot, 1);
    expect(botStateReads()).toBe(before);
    expect([await turn(a, id), await turn(b, id), await turn(a, id)]).toEqual([
      'turn 2',
      'turn 3 (read)',
      'turn 4 (read)',
    ]);
  });

  it('reads the store after a turn on another instance, so turns alternating between instances never go back', async () => {
    const id = newConversation();
    await a.log.start(id, 'dl_user');
    const said = [];
    for (const on of [a, a, b, a, b, b, a]) said.push(await turn(on, id));
    expect(said).toEqual([
      'turn 1 (read)',
      'turn 2',
      'turn 3 (read)',
      'turn 4 (read)',
      'turn 5 (read)',
      'turn 6',
      'turn 7 (read)',
    ]);
  });

  it('reads the store after a failed turn, whose state was never saved', async () => {
    const id = newConversation();
    await a.log.start(id, 'dl_user');
    a.adapter.onTurnError = async () => undefined;
    expect(await turn(a, id)).toBe('turn 1 (read)');
    const failing = async (context: TurnContext) => {
      await a.countingBot(context);
      throw new Error('after saving');
    };
    await post(a, id, failing);
    expect(await turn(a, id)).toBe('turn 3 (read)');
  });

  it('reads the store after a coordinator wrote to the conversation from another instance', async () => {
    const id = newConversation();
    await a.log.start(id, 'dl_user');
    expect(await turn(a, id)).toBe('turn 1 (read)');
    await b.adapter.continueConversation(
      { conversation: { id } as Activity['conversation'], channelId: 'directline', serviceUrl: 'http://x' },
      async (context) => void (await context.sendActivity(MessageFactory.text('Hello, this is a nurse.'))),
    );
    expect(await turn(a, id)).toBe('turn 2 (read)');
  });

  it('reads the store after a turn during which someone else wrote to the conversation', async () => {
    const id = newConversation();
    await a.log.start(id, 'dl_user');
    expect(await turn(a, id)).toBe('turn 1 (read)');
    await post(a, id, async (context) => {
      await b.log.append(id, { ...directLineMessage(id, 'Hello, this is a nurse.'), from: { id: 'c1', name: 'Sam' } });
      await a.countingBot(context);
    });
    expect(await turn(a, id)).toBe('turn 3 (read)');
    expect(await turn(a, id)).toBe('turn 4');
  });

  it('keeps nothing from two overlapping turns on one instance: the next turn reads what won in the store', async () => {
    const id = newConversation();
    await a.log.start(id, 'dl_user');
    await turn(a, id);
    // Each turn waits in its logic until both are in theirs: the turns overlap however the posts are scheduled.
    let inside = 0;
    let bothInside: () => void = () => undefined;
    const meeting = new Promise<void>((resolve) => (bothInside = resolve));
    const overlapping = async (context: TurnContext) => {
      if (++inside === 2) bothInside();
      await meeting;
      await a.countingBot(context);
    };
    await Promise.all([post(a, id, overlapping), post(a, id, overlapping)]);
    // Which write won (and whether one increment was lost) depends on timing, as it always has with last-writer-wins
    // state; what must hold is that the next turn starts from whatever the store now has.
    const key = `directline/conversations/${id}/`;
    const stored = (await new MongoStorage(connection).read([key]))[key] as { count: number };
    expect(await turn(a, id)).toBe(`turn ${stored.count + 1} (read)`);
    expect(await turn(a, id)).toBe(`turn ${stored.count + 2}`);
  });
});
