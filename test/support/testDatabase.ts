import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';

/**
 * A fresh database on the run's embedded store, so test files never see each other's data. `monitorCommands`: the
 * driver reports every command it sends (`connection.getClient().on('commandStarted', …)`), for tests that count writes.
 */
export async function openTestDatabase({ monitorCommands = false } = {}): Promise<mongoose.Connection> {
  const uri = process.env.TEST_MONGODB_URI;
  if (!uri) throw new Error('TEST_MONGODB_URI is not set: run the tests through jest so globalSetup starts the store');
  const connection = mongoose.createConnection(uri, {
    dbName: `test_${randomUUID().replace(/-/g, '')}`,
    monitorCommands,
  });
  await connection.asPromise();
  return connection;
}

export async function closeTestDatabase(connection: mongoose.Connection): Promise<void> {
  await connection.dropDatabase().catch(() => undefined);
  await connection.close();
}
