import type { Connection } from 'mongoose';
import { Claims } from '../../src/store/claims';
import { closeTestDatabase, openTestDatabase } from '../support/testDatabase';

describe('Claims (unique-insert mutual exclusion)', () => {
  let connection: Connection;
  let claims: Claims;
  beforeAll(async () => {
    connection = await openTestDatabase();
    claims = new Claims(connection);
  });
  afterAll(() => closeTestDatabase(connection));

  it('gives a claim to exactly one of many concurrent takers, every time', async () => {
    for (let round = 0; round < 10; round++) {
      const owners = await Promise.all(Array.from({ length: 6 }, () => claims.acquire(`race-${round}`)));
      expect(owners.filter(Boolean)).toHaveLength(1);
    }
  });

  it('can be taken again after release, and only by its owner', async () => {
    const owner = (await claims.acquire('r1'))!;
    await claims.release('r1', 'someone-else');
    expect(await claims.acquire('r1')).toBeUndefined();
    await claims.release('r1', owner);
    expect(await claims.acquire('r1')).toBeDefined();
  });

  it('lets an abandoned claim be taken over once it is stale', async () => {
    expect(await claims.acquire('stale')).toBeDefined();
    expect(await claims.acquire('stale', 60000)).toBeUndefined();
    await new Promise((r) => setTimeout(r, 20));
    expect(await claims.acquire('stale', 10)).toBeDefined();
  });
});
