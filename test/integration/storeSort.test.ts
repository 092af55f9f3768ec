import mongoose, { type Connection } from 'mongoose';
import { auditModel } from '../../src/hub/audit';
import { closeTestDatabase, openTestDatabase } from '../support/testDatabase';

const { Long, Double, Int32, ObjectId, EJSON } = mongoose.mongo.BSON;

/**
 * Sorting in the store. The embedded store sorts finds on top-level fields in SQLite (tools/embedded-mongo/patches.json,
 * the sort pushdown); a sort on a nested path still goes through FerretDB's own sort in Go, the order the store had
 * before the patch. Every document here holds its value twice, at `v` and at `w.v`, so sorting on each must give the
 * same sequence of values, whatever mix of BSON types the field holds.
 */
describe('sorting in the store', () => {
  let connection: Connection;
  beforeAll(async () => {
    connection = await openTestDatabase();
  });
  afterAll(() => closeTestDatabase(connection));

  /** Values of every type the pushdown sorts in SQLite, with neighbours that only an exact comparison separates. */
  const mixed: unknown[] = [
    undefined, // missing: sorts as null
    null,
    new Int32(7),
    new Int32(-3),
    Long.fromString('9007199254740993'), // 2^53 + 1: not a double, above the double below
    new Double(9007199254740992),
    new Double(0.3),
    new Double(0.30000000000000004), // one unit in the last place above 0.3
    new Double(-1.5),
    new Double(1e300),
    new Double(2),
    Long.fromString('-9223372036854775808'),
    '',
    'a',
    'B',
    'a\u0000b',
    '<&>', // stored with JSON escapes
    'é',
    'e\u0301',
    '\u{1f600}',
    'Z',
    new ObjectId('000000000000000000000001'),
    new ObjectId('ffffffffffffffffffffffff'),
    new ObjectId('65a000000000000000000000'),
    true,
    false,
    new Date(-1e12),
    new Date(0),
    new Date('2026-12-06T20:00:00.000Z'),
    new Date('2026-12-06T20:00:00.001Z'),
  ];

  /** One document per value, at `v` and `w.v`; `kind` (and `w.k`) gives a compound sort a first key with ties. */
  const documents = (values: unknown[]) =>
    values.map((v, i) => {
      const doc: Record<string, unknown> = { _id: `doc-${i}`, kind: i % 3, w: { k: i % 3 } };
      if (v !== undefined) {
        doc.v = v;
        (doc.w as Record<string, unknown>).v = v;
      }
      return doc;
    });

  /** A value as its type and content, missing and null alike (they sort equal). */
  const shown = (v: unknown) => EJSON.stringify({ v: v ?? null }, { relaxed: false });

  async function sortedBoth(
    name: string,
    filter: object,
    sort: Record<string, 1 | -1>,
    limit = 0,
  ): Promise<{ pushed: string[]; inGo: string[] }> {
    const nested = Object.fromEntries(Object.entries(sort).map(([k, d]) => [`w.${k === 'kind' ? 'k' : k}`, d]));
    const docs = connection.collection(name);
    const pushed = await docs.find(filter).sort(sort).limit(limit).toArray();
    const inGo = await docs.find(filter).sort(nested).limit(limit).toArray();
    const key = (d: Record<string, unknown>) =>
      Object.keys(sort)
        .map((k) => shown(k === 'kind' ? d.kind : d.v))
        .join('|');
    return { pushed: pushed.map(key), inGo: inGo.map(key) };
  }

  async function explainSort(name: string, filter: object, sort: Record<string, 1 | -1>, limit = 0) {
    return (await connection.collection(name).find(filter).sort(sort).limit(limit).explain()) as {
      sortPushdown?: boolean;
      limitPushdown?: boolean;
    };
  }

  it('sorts numbers, strings, dates, ObjectIds, booleans, null and missing in the order of the Go sort', async () => {
    await connection.collection('sort_mixed').insertMany(documents(mixed) as never[]);
    for (const direction of [1, -1] as const) {
      const { pushed, inGo } = await sortedBoth('sort_mixed', {}, { v: direction });
      expect(pushed).toHaveLength(mixed.length);
      expect(pushed).toEqual(inGo);
    }
    const explained = await explainSort('sort_mixed', {}, { v: -1 });
    // Only the embedded store reports this (MongoDB always sorts in its query engine).
    if ('sortPushdown' in explained) expect(explained.sortPushdown).toBe(true);
  });

  it('sorts on two fields, with a filter, and with a limit, as the Go sort does', async () => {
    const compound = await sortedBoth('sort_mixed', {}, { kind: 1, v: -1 });
    expect(compound.pushed).toEqual(compound.inGo);
    const filtered = await sortedBoth('sort_mixed', { kind: 2 }, { v: 1 }, 5);
    expect(filtered.pushed).toHaveLength(5);
    expect(filtered.pushed).toEqual(filtered.inGo);
    const limited = await sortedBoth('sort_mixed', {}, { v: -1 }, 4);
    expect(limited.pushed).toEqual(limited.inGo);
    const explained = await explainSort('sort_mixed', {}, { v: -1 }, 4);
    if ('limitPushdown' in explained) expect(explained.limitPushdown).toBe(true);
  });

  it('leaves a field holding an array or an object to the Go sort, which orders them as MongoDB does', async () => {
    const withArrays = [...mixed, [5, 'a'], [], { a: 1 }, new Int32(4)];
    await connection.collection('sort_arrays').insertMany(documents(withArrays) as never[]);
    for (const direction of [1, -1] as const) {
      const { pushed, inGo } = await sortedBoth('sort_arrays', {}, { v: direction });
      expect(pushed).toEqual(inGo);
      // An array sorts by its least element going up, its greatest going down: [5, 'a'] is by 5 then by 'a'.
      const at = (value: string) => pushed.indexOf(shown(value));
      expect(pushed.indexOf(shown([5, 'a']))).toBeLessThan(direction === 1 ? at('') : at('Z'));
    }
    const limited = await sortedBoth('sort_arrays', {}, { v: 1 }, 3);
    expect(limited.pushed).toEqual(limited.inGo);
    // The array in the second field of a compound sort, and a filter that leaves it out (then SQLite sorts).
    const compound = await sortedBoth('sort_arrays', {}, { kind: 1, v: -1 });
    expect(compound.pushed).toEqual(compound.inGo);
    const scalars = { _id: { $in: mixed.map((_, i) => `doc-${i}`) } };
    const withoutArrays = await sortedBoth('sort_arrays', scalars, { v: -1 });
    expect(withoutArrays.pushed).toHaveLength(mixed.length);
    expect(withoutArrays.pushed).toEqual(withoutArrays.inGo);
    const scalarsExplained = await explainSort('sort_arrays', scalars, { v: -1 });
    if ('sortPushdown' in scalarsExplained) expect(scalarsExplained.sortPushdown).toBe(true);
    const explained = await explainSort('sort_arrays', {}, { v: 1 }, 3);
    if ('sortPushdown' in explained) expect(explained).toMatchObject({ sortPushdown: false, limitPushdown: false });
  });

  /** What the store says about a sorted, limited find: MongoDB's winning plan, or the embedded store's SQLite plan. */
  async function sortPlan(name: string, sort: Record<string, 1 | -1>, limit: number): Promise<string> {
    return JSON.stringify(await connection.collection(name).find({}).sort(sort).limit(limit).explain());
  }

  // The newest N of a growing collection (the audit view's newest 200) must be read from an index, not by sorting
  // every row: the embedded store builds, beside an index on plain fields, one on the pushdown's ORDER BY terms.
  it("answers a sort in an index's order from the index, with the same order as the Go sort", async () => {
    const docs = connection.collection('sort_indexed');
    await docs.createIndex({ v: -1 });
    await docs.insertMany(documents(mixed) as never[]);
    for (const direction of [1, -1] as const) {
      const { pushed, inGo } = await sortedBoth('sort_indexed', {}, { v: direction }, 6);
      expect(pushed).toHaveLength(6);
      expect(pushed).toEqual(inGo);
    }
    const plan = await sortPlan('sort_indexed', { v: -1 }, 6);
    // MongoDB: an IXSCAN and no SORT stage. The embedded store: SQLite reads the sort index, with no sort of its own.
    expect(plan).toMatch(/IXSCAN|USING INDEX \S+_v_-1_frontdoor_sort/);
    expect(plan).not.toMatch(/"stage":"SORT"|TEMP B-TREE/);
    // Dropping the index drops what answered the sort with it.
    await docs.dropIndex('v_-1');
    expect(await sortPlan('sort_indexed', { v: -1 }, 6)).not.toMatch(/IXSCAN|USING INDEX/);
    const { pushed, inGo } = await sortedBoth('sort_indexed', {}, { v: -1 }, 6);
    expect(pushed).toEqual(inGo);
  });

  it("reads the audit view's newest entries from the audit index", async () => {
    const audit = auditModel(connection);
    await audit.createIndexes(); // as ensureIndexes does at start
    const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 60000);
    await audit.collection.insertMany(
      Array.from({ length: 300 }, (_, i) => ({
        _id: `entry-${i}`,
        at: at((i * 7919) % 300),
        actor: { kind: 'staff', id: `staff-${i % 7}` },
        action: 'audit.view',
        subject: { kind: 'audit', id: 'all' },
      })) as never[],
    );
    const newest = await audit.collection.find({}).sort({ at: -1 }).limit(200).toArray();
    expect(newest.map((e) => (e.at as Date).getTime())).toEqual(
      Array.from({ length: 200 }, (_, i) => at(299 - i).getTime()),
    );
    const plan = await sortPlan(audit.collection.collectionName, { at: -1 }, 200);
    expect(plan).toMatch(/IXSCAN|USING INDEX \S+_at_-1_frontdoor_sort/);
    expect(plan).not.toMatch(/"stage":"SORT"|TEMP B-TREE/);
  });
});
