import type { Connection } from 'mongoose';
import { ETagConflictError, MongoStorage } from '../../src/store/mongoStorage';
import { closeTestDatabase, openTestDatabase } from '../support/testDatabase';

describe('MongoStorage (bot state on the embedded store)', () => {
  let connection: Connection;
  let storage: MongoStorage;

  beforeAll(async () => {
    connection = await openTestDatabase();
    storage = new MongoStorage(connection);
  });
  afterAll(() => closeTestDatabase(connection));

  it('reads missing keys as absent', async () => {
    expect(await storage.read(['nobody/here'])).toEqual({});
    expect(await storage.read([])).toEqual({});
  });

  it('round-trips an item and gives it an eTag', async () => {
    await storage.write({
      'webchat/conversations/c1': { dialogState: { stack: [{ id: 'x', state: { $instance: 1 } }] } },
    });
    const items = await storage.read(['webchat/conversations/c1', 'absent']);
    expect(Object.keys(items)).toEqual(['webchat/conversations/c1']);
    expect(items['webchat/conversations/c1']).toMatchObject({
      dialogState: { stack: [{ id: 'x', state: { $instance: 1 } }] },
    });
    expect(typeof items['webchat/conversations/c1'].eTag).toBe('string');
  });

  it('accepts a write with the current eTag and changes the eTag', async () => {
    await storage.write({ k2: { count: 1 } });
    const first = (await storage.read(['k2'])).k2;
    await storage.write({ k2: { ...first, count: 2 } });
    const second = (await storage.read(['k2'])).k2;
    expect(second.count).toBe(2);
    expect(second.eTag).not.toBe(first.eTag);
  });

  it('rejects a write whose eTag does not match the stored one', async () => {
    await storage.write({ k3: { count: 1 } });
    const stale = (await storage.read(['k3'])).k3;
    await storage.write({ k3: { ...stale, count: 2 } });
    await expect(storage.write({ k3: { ...stale, count: 3 } })).rejects.toBeInstanceOf(ETagConflictError);
    expect((await storage.read(['k3'])).k3.count).toBe(2);
  });

  it("overwrites with '*' or no eTag", async () => {
    await storage.write({ k4: { count: 1 } });
    await storage.write({ k4: { count: 2, eTag: '*' } });
    expect((await storage.read(['k4'])).k4.count).toBe(2);
    await storage.write({ k4: { count: 3 } });
    expect((await storage.read(['k4'])).k4.count).toBe(3);
  });

  it('stores a new item that arrives with an eTag, as MemoryStorage does', async () => {
    await storage.write({ k5: { count: 1, eTag: 'from-elsewhere' } });
    expect((await storage.read(['k5'])).k5.count).toBe(1);
  });

  it('lets exactly one of two concurrent writers with the same eTag win', async () => {
    await storage.write({ k6: { owner: 'nobody' } });
    const seen = (await storage.read(['k6'])).k6;
    const results = await Promise.allSettled([
      storage.write({ k6: { ...seen, owner: 'a' } }),
      storage.write({ k6: { ...seen, owner: 'b' } }),
    ]);
    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    const rejected = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0].reason).toBeInstanceOf(ETagConflictError);
    expect(['a', 'b']).toContain((await storage.read(['k6'])).k6.owner);
  });

  it('lets exactly one of two concurrent creators of a new item with an eTag win', async () => {
    const results = await Promise.allSettled([
      storage.write({ k7: { owner: 'a', eTag: 'e1' } }),
      storage.write({ k7: { owner: 'b', eTag: 'e1' } }),
    ]);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
  });

  it('deletes items', async () => {
    await storage.write({ k8: { a: 1 }, k9: { b: 2 } });
    await storage.delete(['k8', 'never-existed']);
    expect(Object.keys(await storage.read(['k8', 'k9']))).toEqual(['k9']);
  });
});
