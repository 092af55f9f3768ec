import type { Connection } from 'mongoose';
import { closeTestDatabase, openTestDatabase } from '../support/testDatabase';

/**
 * The MongoDB features Front Door relies on (README: "What we need from MongoDB"), checked against the real store the
 * suite runs on. Anything not listed here (transactions, change streams, TTL or partial indexes) the code must not
 * depend on.
 */
describe('store features Front Door relies on', () => {
  let connection: Connection;
  beforeAll(async () => {
    connection = await openTestDatabase();
  });
  afterAll(() => closeTestDatabase(connection));

  it('rejects a second document with the same unique key with code 11000, also under concurrency', async () => {
    const slots = connection.collection('feature_slots');
    await slots.createIndex({ slotId: 1 }, { unique: true });
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => slots.insertOne({ slotId: 'tue-am', bookedBy: i })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[]) {
      expect(r.reason.code).toBe(11000);
    }
  });

  it('enforces compound unique indexes', async () => {
    const seq = connection.collection('feature_seq');
    await seq.createIndex({ conversationId: 1, seq: 1 }, { unique: true });
    await seq.insertOne({ conversationId: 'a', seq: 1 });
    await seq.insertOne({ conversationId: 'b', seq: 1 });
    await expect(seq.insertOne({ conversationId: 'a', seq: 1 })).rejects.toMatchObject({ code: 11000 });
  });

  it('finds and updates the first document in a sort order, returning it', async () => {
    const queue = connection.collection('feature_queue');
    await queue.insertMany([
      { _id: 'late' as never, deadline: new Date('2026-11-25T12:00:00Z'), status: 'new' },
      { _id: 'soon' as never, deadline: new Date('2026-11-25T09:00:00Z'), status: 'new' },
    ]);
    const next = await queue.findOneAndUpdate(
      { status: 'new' },
      { $set: { status: 'seen' } },
      { sort: { deadline: 1 }, returnDocument: 'after' },
    );
    expect(next).toMatchObject({ _id: 'soon', status: 'seen' });
  });

  it('upserts with $setOnInsert without overwriting an existing document', async () => {
    const people = connection.collection('feature_upsert');
    await people.updateOne(
      { _id: 'p' as never },
      { $setOnInsert: { created: 1 }, $set: { seen: 1 } },
      { upsert: true },
    );
    await people.updateOne(
      { _id: 'p' as never },
      { $setOnInsert: { created: 2 }, $set: { seen: 2 } },
      { upsert: true },
    );
    expect(await people.findOne({ _id: 'p' as never })).toMatchObject({ created: 1, seen: 2 });
  });

  it('replaces a document by _id whole, upserting or not, and still filters a replace on other fields', async () => {
    const items = connection.collection('feature_replace');
    const put = (id: string, doc: object, upsert: boolean) => items.replaceOne({ _id: id as never }, doc, { upsert });
    expect(await put('new', { json: '{"a":1}', eTag: 'e1' }, true)).toMatchObject({
      matchedCount: 0,
      upsertedCount: 1,
      upsertedId: 'new',
    });
    expect(await put('new', { json: '{"a":2}', other: true }, true)).toMatchObject({
      matchedCount: 1,
      modifiedCount: 1,
    });
    // Whole: fields the replacement leaves out are gone, and _id stays first.
    expect(Object.entries((await items.findOne({ _id: 'new' as never }))!)).toEqual([
      ['_id', 'new'],
      ['json', '{"a":2}'],
      ['other', true],
    ]);
    expect(await put('absent', { json: '{}' }, false)).toMatchObject({ matchedCount: 0, upsertedCount: 0 });
    expect(await items.findOne({ _id: 'absent' as never })).toBeNull();
    // With another field in the filter the replace is conditional: a stale eTag matches nothing.
    const stale = await items.replaceOne({ _id: 'new' as never, eTag: 'e1' }, { json: '{"a":3}' });
    expect(stale.matchedCount).toBe(0);
    expect((await items.findOne({ _id: 'new' as never }))!.json).toBe('{"a":2}');
    // A replacement that names a different _id is refused, as MongoDB refuses it.
    await expect(items.replaceOne({ _id: 'new' as never }, { _id: 'other', json: '{}' })).rejects.toBeTruthy();
  });

  it('applies a conditional update atomically: of concurrent changes from one version exactly one wins', async () => {
    const visits = connection.collection('feature_compare_and_set');
    await visits.insertOne({ _id: 'visit' as never, revision: 0, slot: 'start' });
    // Rounds of eight writers each moving the document on from the revision they all read.
    for (let revision = 0; revision < 10; revision++) {
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          visits.updateOne(
            { _id: 'visit' as never, revision },
            { $set: { revision: revision + 1, slot: `writer-${i}` } },
          ),
        ),
      );
      expect(results.map((r) => r.modifiedCount).reduce((a, b) => a + b)).toBe(1);
    }
    expect(await visits.findOne({ _id: 'visit' as never })).toMatchObject({ revision: 10 });
  });

  it('loses none of many concurrent $inc and $push updates to one document', async () => {
    const counters = connection.collection('feature_concurrent_updates');
    await counters.insertOne({ _id: 'c' as never, n: 0, seen: [] });
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        counters.updateOne({ _id: 'c' as never }, { $inc: { n: 1 }, $push: { seen: i } } as never),
      ),
    );
    const doc = await counters.findOne({ _id: 'c' as never });
    expect(doc!.n).toBe(40);
    expect([...(doc!.seen as number[])].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });

  it('gives a document to exactly one of concurrent findOneAndUpdate callers, and deletes it at most once', async () => {
    const items = connection.collection('feature_concurrent_take');
    await items.insertMany(Array.from({ length: 5 }, (_, i) => ({ _id: `item-${i}` as never, status: 'new' })));
    const taken = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        items.findOneAndUpdate({ status: 'new' }, { $set: { status: 'taken', by: i } }, { returnDocument: 'after' }),
      ),
    );
    const ids = taken.filter((d) => d !== null).map((d) => d!._id);
    // Five items, twelve takers: each item once, and seven takers find none left.
    expect(ids.sort()).toEqual(Array.from({ length: 5 }, (_, i) => `item-${i}`));
    // A conditional delete and a conditional update from the same state: one of the two applies, never both.
    for (let i = 0; i < 5; i++) {
      const [removed, changed] = await Promise.all([
        items.deleteOne({ _id: `item-${i}` as never, status: 'taken' }),
        items.updateOne({ _id: `item-${i}` as never, status: 'taken' }, { $set: { status: 'done' } }),
      ]);
      expect(removed.deletedCount + changed.modifiedCount).toBe(1);
    }
  });

  it('queries with $or, $in, ranges, sort and limit', async () => {
    const items = connection.collection('feature_query');
    await items.insertMany(Array.from({ length: 10 }, (_, i) => ({ n: i, kind: i % 2 ? 'odd' : 'even' })));
    const found = await items
      .find({ $or: [{ n: { $gte: 8 } }, { kind: { $in: ['odd'] }, n: { $lt: 4 } }] })
      .sort({ n: -1 })
      .limit(3)
      .toArray();
    expect(found.map((d) => d.n)).toEqual([9, 8, 3]);
  });
  it('looks a document up by _id through the index, not by reading the whole collection', async () => {
    const documents = connection.collection('feature_by_id');
    await documents.insertMany(Array.from({ length: 50 }, (_, i) => ({ _id: `doc-${i}` as never, n: i })));
    const plan = JSON.stringify(await documents.find({ _id: 'doc-7' as never }).explain());
    // MongoDB reports an IDHACK / IXSCAN stage; the embedded store reports SQLite's plan (patched: tools/embedded-mongo).
    expect(plan).toMatch(/IDHACK|IXSCAN|EXPRESS_IXSCAN|USING INDEX \S+__id_/);
    expect(plan).not.toMatch(/COLLSCAN|detail=SCAN /);
    await expect(documents.findOne({ _id: 'doc-7' as never })).resolves.toMatchObject({ n: 7 });
  });
  it('answers equality and $in filters with MongoDB semantics, arrays included, selecting in the store', async () => {
    const docs = connection.collection('feature_equality');
    await docs.insertMany([
      { _id: 'one' as never, team: 'north', status: 'booked' },
      { _id: 'two' as never, team: ['north', 'south'], status: 'booked' },
      { _id: 'three' as never, team: 'south', status: 'booked' },
      { _id: 'four' as never, team: 'north', status: 'cancelled' },
    ]);
    const ids = async (filter: object) => (await docs.find(filter).sort({ _id: 1 }).toArray()).map((d) => d._id);
    await expect(ids({ team: 'north' })).resolves.toEqual(['four', 'one', 'two']);
    await expect(ids({ team: 'north', status: 'booked' })).resolves.toEqual(['one', 'two']);
    await expect(ids({ _id: { $in: ['three', 'one', 'nine'] } })).resolves.toEqual(['one', 'three']);
    await expect(ids({ team: { $in: ['south', 'west'] }, status: 'booked' })).resolves.toEqual(['three', 'two']);
    await expect(ids({ status: { $in: ['cancelled', 'north'] } })).resolves.toEqual(['four']);
    for (const filter of [{ team: 'north' }, { status: { $in: ['booked', 'cancelled'] } }]) {
      const explained = (await docs.find(filter).explain()) as { filterPushdown?: boolean };
      // The embedded store says whether SQLite selected the rows (patched: tools/embedded-mongo/patches.json); MongoDB
      // does not report this, and always selects in its query engine.
      if ('filterPushdown' in explained) expect(explained.filterPushdown).toBe(true);
    }
  });
  it('reads back every kind of string as written, plain and escaped, at the top level and nested', async () => {
    // The embedded store decodes a string with no escape straight from its JSON text (tools/embedded-mongo/patches.json,
    // frontDoorPlainString) and any other through Go's JSON decoder: both must give back exactly what was stored.
    const strings = [
      '',
      'plain text',
      'quote " inside',
      'back\\slash',
      'tab\tnew line\nreturn\r',
      '\u0000\u0001\u001f',
      '<&> \u2028\u2029',
      'é e\u0301 \u{1f600} 漢字',
      '\\u0041 is not A',
      '"',
      '\\',
    ];
    const docs = connection.collection('feature_strings');
    await docs.insertMany(strings.map((v, i) => ({ _id: `s-${i}` as never, v, nested: { v, list: [v, 'x'] } })));
    const found = await docs.find({}).sort({ _id: 1 }).toArray();
    const byId = new Map(found.map((d) => [d._id as unknown as string, d]));
    strings.forEach((v, i) => expect(byId.get(`s-${i}`)).toEqual({ _id: `s-${i}`, v, nested: { v, list: [v, 'x'] } }));
  });
  it('answers equality and $in on a nested path (actor.id) with MongoDB semantics, selecting in the store', async () => {
    const docs = connection.collection('feature_nested_equality');
    await docs.insertMany([
      { _id: 'staff-ann' as never, actor: { kind: 'staff', id: 'ann' } },
      { _id: 'staff-bob' as never, actor: { kind: 'staff', id: 'bob' } },
      // MongoDB matches a dotted path through an array of documents, and a path ending in an array.
      { _id: 'documents' as never, actor: [{ id: 'bob' }, { id: 'ann' }] },
      { _id: 'leaf-array' as never, actor: { id: ['ann', 'cat'] } },
      { _id: 'bot-ann' as never, actor: { kind: 'bot', id: 'ann' } },
      { _id: 'not-a-document' as never, actor: 'ann' },
      { _id: 'deep' as never, actor: { team: { id: 'ann' } } },
      { _id: 'missing' as never },
    ]);
    const ids = async (filter: object) => (await docs.find(filter).sort({ _id: 1 }).toArray()).map((d) => d._id);
    await expect(ids({ 'actor.id': 'ann' })).resolves.toEqual(['bot-ann', 'documents', 'leaf-array', 'staff-ann']);
    await expect(ids({ 'actor.id': { $in: ['bob', 'cat'] } })).resolves.toEqual([
      'documents',
      'leaf-array',
      'staff-bob',
    ]);
    await expect(ids({ 'actor.id': 'ann', 'actor.kind': 'staff' })).resolves.toEqual(['staff-ann']);
    await expect(ids({ 'actor.team.id': 'ann' })).resolves.toEqual(['deep']);
    // An array position is MongoDB's to interpret: left to the store's Go filter, with the same answer.
    await expect(ids({ 'actor.1.id': 'ann' })).resolves.toEqual(['documents']);
    for (const filter of [{ 'actor.id': 'ann' }, { 'actor.id': { $in: ['bob'] } }, { 'actor.team.id': 'ann' }]) {
      const explained = (await docs.find(filter).explain()) as { filterPushdown?: boolean };
      // The embedded store selects the rows in SQLite (tools/embedded-mongo/patches.json: frontDoorFieldPath).
      if ('filterPushdown' in explained) expect(explained.filterPushdown).toBe(true);
    }
  });
  it('answers equality on an indexed field from the index, arrays included', async () => {
    const docs = connection.collection('feature_indexed_equality');
    await docs.createIndex({ team: 1, start: 1 });
    await docs.insertMany([
      ...Array.from({ length: 60 }, (_, i) => ({ _id: `slot-${i}` as never, team: `team-${i % 6}`, start: i })),
      { _id: 'shared' as never, team: ['team-1', 'team-2'], start: 99 },
    ]);
    const found = await docs.find({ team: 'team-1' }).sort({ start: 1 }).toArray();
    expect(found.map((d) => d._id)).toEqual(
      [1, 7, 13, 19, 25, 31, 37, 43, 49, 55].map((i) => `slot-${i}`).concat('shared'),
    );
    const plan = JSON.stringify(await docs.find({ team: 'team-1' }).explain());
    // MongoDB: an IXSCAN. The embedded store: SQLite's plan, the index answering both the value and arrays holding it.
    expect(plan).toMatch(/IXSCAN|USING INDEX \S+_team_1_start_1/);
    expect(plan).not.toMatch(/COLLSCAN|detail=SCAN /);
  });
});
