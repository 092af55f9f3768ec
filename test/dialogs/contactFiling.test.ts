import { queueModel } from '../../src/hub/queueModel';
import { demoRecordSystem } from '../../src/record/demo/demoRecord';
import type { RecordOutbox, RecordingTriageQueue, RecordWrite } from '../../src/record/recordOutbox';
import { createHarness, texts, type Conversation, type Harness } from '../support/dialogHarness';
import { verifyAsArthur, verifyAsEdith } from '../support/verify';

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

  it('files nothing for a task that was stopped, or for a person who was not verified', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('I need to change my appointment');
    await verifyAsEdith(c);
    await c.say('stop');
    const stranger = h.conversation();
    await stranger.join();
    await stranger.say('when is the nurse coming?');
    await stranger.say('Myself');
    await stranger.say('9992345675');
    await stranger.say('01/01/1950');
    expect(await contactWrites(c)).toEqual([]);
    expect(await contactWrites(stranger)).toEqual([]);
  });
});
