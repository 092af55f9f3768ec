import path from 'node:path';
import mongoose, { type Connection } from 'mongoose';
import type { Config } from '../config';
import type { Logger } from '../observability/logger';
import { EmbeddedStore } from './embeddedStore';

/** The store Front Door runs on: the configured MongoDB, or the embedded one it started itself. */
export interface Database {
  connection: Connection;
  /** Where the data is, without credentials, for logs and start-up output. */
  description: string;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** Thrown when the store cannot be reached or started; the message says what to do. */
export class DatabaseError extends Error {
  override name = 'DatabaseError';
}

export async function openDatabase(
  config: Pick<
    Config,
    'MONGODB_URI' | 'MONGODB_DB' | 'MONGODB_CONNECT_TIMEOUT_MS' | 'DATA_DIR' | 'EMBEDDED_STORE_BINARY'
  >,
  logger: Logger,
  onStoreDied: () => void = () => undefined,
): Promise<Database> {
  let embedded: EmbeddedStore | undefined;
  let uri = config.MONGODB_URI;
  if (!uri) {
    const dataDir = path.resolve(config.DATA_DIR);
    embedded = await EmbeddedStore.start({
      dataDir,
      binary: config.EMBEDDED_STORE_BINARY,
      onUnexpectedExit: (code, signal) => {
        logger.error(
          { event: 'store.died', code, signal },
          'the embedded store exited unexpectedly; it is not restarted',
        );
        onStoreDied();
      },
    });
    uri = embedded.uri;
    logger.info({ event: 'store.embedded', dataDir, port: embedded.port }, 'embedded store started');
  }

  const description = embedded ? `embedded store (${path.resolve(config.DATA_DIR)})` : hideCredentials(uri);
  const connection = mongoose.createConnection(uri, {
    dbName: databaseNameIn(uri) ? undefined : config.MONGODB_DB,
    serverSelectionTimeoutMS: config.MONGODB_CONNECT_TIMEOUT_MS,
    // Models create their indexes explicitly at start-up (see ensureIndexes), not lazily on first use.
    autoIndex: false,
  });
  try {
    await connection.asPromise();
    await connection.db!.command({ ping: 1 });
  } catch (err) {
    await connection.close().catch(() => undefined);
    await embedded?.stop();
    throw new DatabaseError(
      `Cannot reach MongoDB at ${description} within ${config.MONGODB_CONNECT_TIMEOUT_MS} ms (${firstLine(err)}). ` +
        'Check MONGODB_URI and that the server is running, or unset MONGODB_URI to use the embedded store.',
    );
  }

  return {
    connection,
    description,
    async ping() {
      try {
        await connection.db!.command({ ping: 1 }, { timeoutMS: 2000 });
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await connection.close().catch((err) => logger.warn({ err }, 'closing the store connection failed'));
      await embedded?.stop();
    },
  };
}

/** Creates every index the models declare; unique indexes are part of correctness, so this runs before serving. */
export async function ensureIndexes(connection: Connection): Promise<void> {
  for (const model of Object.values(connection.models)) await model.createIndexes();
}

export function hideCredentials(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//***@').replace(/\?.*$/, '');
}

function databaseNameIn(uri: string): string | undefined {
  const match = /^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]+)/.exec(uri);
  return match?.[1];
}

function firstLine(err: unknown): string {
  return String((err as Error)?.message ?? err).split('\n')[0];
}
