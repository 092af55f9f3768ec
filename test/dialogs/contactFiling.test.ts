import type { Activity } from 'botbuilder';
import { queueModel } from '../../src/hub/queueModel';
import { demoRecordSystem } from '../../src/record/demo/demoRecord';
import type { RecordOutbox, RecordingTriageQueue, RecordWrite } from '../../src/record/recordOutbox';
import { actions, createHarness, texts, type Conversation, type Harness } from '../support/dialogHarness';
import { verifyAsArthur, verifyAsEdith } from '../support/verify';

/** Edith, verified, asking to change a visit: the task under way, her visits listed to choose from. */
async function edithChangingAVisit(h: Harness): Promise<{ c: Conversation; visits: Activity[] }> {
  const c = h.conversation();
  await c.join();
  await c.say('I need to change my appointment');
  return { c, visits: await verifyAsEdith(c) };
}

/** Each task of a conversation with a verified patient is filed to the record once: at its hand-off, or at its end. */
describe("filing a verified patient's contact once per task", () => {
  let h: Harness;
  let outbox: RecordOutbox;
  beforeAll(async () => {
    h = await createHarness();
    outbox = (h.deps.queue as RecordingTriageQueue).outbox;
  });
  afterAll(() => h.close());

  /** The contact summaries the conversation owes the record: its tasks' own, and its hand-offs'. */
  async function contactWrites(c: Conversation): Promise<RecordWrite[]> {
    const items = await queueModel(h.connection).find({ 'conversation.conversationId': c.id }).lean();
    const writes = await Promise.all([
      ...[1, 2, 3, 4].map((n) => outbox.find(`conversation:${c.id}:task:${n}`)),
      ...items.map((item) => outbox.find(`contact:${item._id}`)),
    ]);
    return writes.filter((w): w is RecordWrite => !!w);
  }

  it('files a task that took several turns and one that ended in the turn it began, each once', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('when is the nurse coming?');
    // Task 1 ends on the answer to its last question: the visits are listed once Arthur is verified.
    expect(texts(await verifyAsArthur(c)).join('\n')).toMatch(/District nurse visit \(catheter care\)/);
    // Task 2 begins and ends in one turn: he is verified already.
    expect(texts(await c.say('when is the nurse coming?')).join('\n')).toMatch(/catheter care/);

    const writes = await contactWrites(c);
    expect(writes.map((w) => w._id)).toEqual([`conversation:${c.id}:task:1`, `conversation:${c.id}:task:2`]);
    expect(writes.every((w) => w.kind === 'contact' && w.contact!.patientId === 'pat-arthur-bennett')).toBe(true);

    await outbox.drain();
    const filed = await demoRecordSystem(h.connection).contacts.contactsOf('pat-arthur-bennett');
    expect(filed.filter((k) => k.text.includes(c.id)).map((k) => k.key)).toEqual(
      expect.arrayContaining([`conversation:${c.id}:task:1`, `conversation:${c.id}:task:2`]),
    );
    expect(filed.filter((k) => k.text.includes(c.id))).toHaveLength(2);
  });

  it("files a task that hands off once, as the hand-off's summary, not again when the task ends", async () => {
    const c = h.conversation();
    await c.join();
    await c.say('when is the nurse coming?');
    await verifyAsEdith(c);
    await c.say('can I speak to a real person please');
    await c.say('07700 900123');

    const [item] = await queueModel(h.connection).find({ 'conversation.conversationId': c.id }).lean();
    expect(item.conversation.task).toBe(2);
    const writes = await contactWrites(c);
    expect(writes.map((w) => w._id)).toEqual([`conversation:${c.id}:task:1`, `contact:${item._id}`]);
    expect(writes[1]).toMatchObject({ task: `conversation:${c.id}:task:2`, queueItemId: item._id });

    // The same task ending again (a retried turn) still adds nothing.
    await h.deps.contactFiling.owe({ ...writes[0].contact!, key: `conversation:${c.id}:task:2` });
    expect(await outbox.find(`conversation:${c.id}:task:2`)).toBeNull();
  });

  it('files a task the person stopped, once, saying it was not finished; nothing for a person not verified', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('I need to change my appointment');
    await verifyAsEdith(c);
    expect(texts(await c.say('stop')).join(' ')).not.toMatch(/Done\./);
    const stranger = h.conversation();
    await stranger.join();
    await stranger.say('when is the nurse coming?');
    await stranger.say('Myself');
    await stranger.say('9992345675');
    await stranger.say('01/01/1950');
    await stranger.say('stop');

    const writes = await contactWrites(c);
    expect(writes.map((w) => w._id)).toEqual([`conversation:${c.id}:task:1`]);
    expect(writes[0]).toMatchObject({ contact: { patientId: 'pat-edith-clarke' } });
    expect(writes[0].provisional).toBeUndefined();
    expect(writes[0].contact!.text).toMatch(/Asked for: appointment\.change\./);
    expect(writes[0].contact!.text).toMatch(/not finished; it was left before it was done \(the person said stop/);
    expect(await contactWrites(stranger)).toEqual([]);
  });

  it('files a task left for another in the same turn (a change of mind) as not finished, and the new one on its own', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('I need to change my appointment');
    await verifyAsArthur(c);
    await c.say('actually, can I cancel my visit instead?');
    const [left] = await contactWrites(c);
    expect(left._id).toBe(`conversation:${c.id}:task:1`);
    expect(left.contact!.text).toMatch(
      /Asked for: appointment\.change\..*not finished; it was left before it was done/,
    );
    // The cancellation is under way: kept only in case Arthur goes quiet, not filed.
    const next = await outbox.find(`conversation:${c.id}:task:2`);
    expect(next).toMatchObject({ provisional: true, status: 'pending' });
    expect(next!.contact!.text).toMatch(/Asked for: appointment\.cancel\./);
  });

  it('files a task the person left half-way when the call hangs up, once, and not again on a later turn', async () => {
    const c = h.conversation({ channelId: 'voice' });
    await c.join();
    await c.say('I need to change my appointment');
    await verifyAsEdith(c);
    await c.end();
    const [write] = await contactWrites(c);
    expect(write).toMatchObject({ _id: `conversation:${c.id}:task:1`, contact: { channel: 'voice' } });
    expect(write.provisional).toBeUndefined();
    expect(write.contact!.text).toMatch(/conversation ended \(call hung up or chat closed\) before it was done/);
    await c.end();
    expect(await contactWrites(c)).toHaveLength(1);
  });
});

/** A conversation that goes quiet mid-task: its contact is filed once the idle time has passed, and only then. */
describe('filing the contact of a verified person who goes quiet mid-task', () => {
  let h: Harness;
  let outbox: RecordOutbox;
  let clock = new Date();
  beforeAll(async () => {
    h = await createHarness({ now: () => clock, contactIdleMs: 30 * 60000 });
    outbox = (h.deps.queue as RecordingTriageQueue).outbox;
  });
  afterAll(() => h.close());
  const later = (minutes: number) => (clock = new Date(clock.getTime() + minutes * 60000));
  const filedFor = async (c: Conversation) =>
    (await demoRecordSystem(h.connection).contacts.contactsOf('pat-edith-clarke')).filter((k) => k.text.includes(c.id));

  it('files nothing while the person is still choosing, then their contact as not finished once they have gone', async () => {
    const { c } = await edithChangingAVisit(h);
    later(20);
    await outbox.drain();
    expect(await filedFor(c)).toEqual([]);

    later(11);
    await outbox.drain();
    const filed = await filedFor(c);
    expect(filed).toHaveLength(1);
    expect(filed[0].key).toBe(`conversation:${c.id}:task:1`);
    expect(filed[0].text).toMatch(/not finished; the person stopped replying before it was done/);
    later(60);
    await outbox.drain();
    expect(await filedFor(c)).toHaveLength(1);
  });

  it('puts off a task whose conversation is still going when it falls due, and files what its last turn left', async () => {
    const { c, visits } = await edithChangingAVisit(h);
    later(25);
    // A turn of the same task 25 minutes on: the outbox was told only when the task began, and is not written now.
    const offered = actions(await c.say(actions(visits)[0]));
    expect(offered.length).toBeGreaterThan(0);
    const lastTurn = clock;
    later(10);
    await outbox.drain();
    expect(await filedFor(c)).toEqual([]);
    expect((await outbox.find(`conversation:${c.id}:task:1`))!.nextAttemptAt).toEqual(
      new Date(lastTurn.getTime() + 30 * 60000),
    );
    later(21);
    await outbox.drain();
    const filed = await filedFor(c);
    expect(filed).toHaveLength(1);
    expect(filed[0].at).toEqual(lastTurn);
    expect(filed[0].text).toMatch(/not finished; the person stopped replying before it was done/);
  });

  it('files a task finished after a pause once, as finished, not as gone quiet', async () => {
    const { c, visits } = await edithChangingAVisit(h);
    const offered = actions(await c.say(actions(visits)[0]));
    later(25);
    await outbox.drain();
    expect(texts(await c.say(offered[0])).join(' ')).toMatch(/now on/);
    later(120);
    await outbox.drain();
    const filed = await filedFor(c);
    expect(filed.map((k) => k.key)).toEqual([`conversation:${c.id}:task:1`]);
    expect(filed[0].text).toMatch(/Outcome: the request was dealt with in the conversation\./);
  });

  it('files a task the person came back to after it was filed as gone quiet, again as resumed', async () => {
    const { c, visits } = await edithChangingAVisit(h);
    const offered = actions(await c.say(actions(visits)[0]));
    later(45);
    await outbox.drain();
    expect(texts(await c.say(offered[0])).join(' ')).toMatch(/now on/);
    await outbox.drain();
    const filed = await filedFor(c);
    expect(filed.map((k) => k.key).sort()).toEqual([
      `conversation:${c.id}:task:1`,
      `conversation:${c.id}:task:1:resumed`,
    ]);
    expect(filed.find((k) => k.key.endsWith(':resumed'))!.text).toMatch(/dealt with in the conversation/);
  });
});

/** How often the store is written for a verified person's task that takes many turns (issue 18: not on every turn). */
describe('store writes for the contact summary of a task under way', () => {
  let h: Harness;
  let outbox: RecordOutbox;
  const writes: string[] = [];
  beforeAll(async () => {
    h = await createHarness({ monitorCommands: true });
    outbox = (h.deps.queue as RecordingTriageQueue).outbox;
    h.connection.getClient().on('commandStarted', (event) => {
      const name = event.commandName;
      if (['insert', 'update', 'delete', 'findAndModify'].includes(name)) writes.push(String(event.command[name]));
    });
  });
  afterAll(() => h.close());

  it('writes the summary of a task under way once, not on each of its turns, and files it once at its end', async () => {
    const { c, visits } = await edithChangingAVisit(h);
    // Verified, the task goes on: which visit, then which time.
    const offered = actions(await c.say(actions(visits)[0]));
    expect(offered.length).toBeGreaterThan(0);
    const midTask = writes.filter((w) => w === 'record_outbox').length;
    expect(texts(await c.say(offered[0])).join(' ')).toMatch(/now on/);
    await outbox.drain();
    const total = writes.filter((w) => w === 'record_outbox').length;
    const turns = writes.filter((w) => w === 'bot_state').length;
    console.log(`record_outbox writes: ${midTask} while under way, ${total} in all, over ${turns} turns`);
    // Once when the task began (kept in case the person goes quiet), then its end and the record's acceptance.
    expect(midTask).toBe(1);
    expect(total).toBe(3);
    const filed = await demoRecordSystem(h.connection).contacts.contactsOf('pat-edith-clarke');
    expect(filed.filter((k) => k.text.includes(c.id)).map((k) => k.text)).toEqual([
      expect.stringMatching(/Outcome: the request was dealt with in the conversation\./),
    ]);
  });
});
