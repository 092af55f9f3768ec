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
  /** The embedded store's process id, if Front Door runs one (it changes when the store is restarted). */
  embeddedPid(): number | undefined;
  close(): Promise<void>;
}

/** Restarts of a dead embedded store allowed within the window, and the first wait (doubling each time). */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 10 * 60000;
const RESTART_BACKOFF_MS = 250;

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
  let closing = false;
  const restarts: number[] = [];
  if (!uri) {
    const dataDir = path.resolve(config.DATA_DIR);
    // Supervised: a store that dies is started again on the same port and files, with backoff, while the store-free
    // safety paths answer; past the limit Front Door gives up (onStoreDied) rather than run on without its store.
    const startStore = (port?: number): Promise<EmbeddedStore> =>
      EmbeddedStore.start({
        dataDir,
        port,
        binary: config.EMBEDDED_STORE_BINARY,
        onUnexpectedExit: (code, signal) => void restart(code, signal),
      });
    const restart = async (code: number | null, signal: NodeJS.Signals | null) => {
      if (closing) return;
      const now = Date.now();
      while (restarts.length && now - restarts[0] > RESTART_WINDOW_MS) restarts.shift();
      if (restarts.length >= MAX_RESTARTS) {
        logger.error(
          { event: 'store.died', code, signal, restarts: restarts.length },
          'the embedded store keeps dying',
        );
        onStoreDied();
        return;
      }
      restarts.push(now);
      const delay = RESTART_BACKOFF_MS * 2 ** (restarts.length - 1);
      logger.error({ event: 'store.died', code, signal, restartInMs: delay }, 'the embedded store exited; restarting');
      await new Promise((r) => setTimeout(r, delay));
      if (closing) return;
      try {
        embedded = await startStore(embedded?.port);
        if (closing) return void (await embedded.stop());
        logger.warn({ event: 'store.restarted', restarts: restarts.length }, 'embedded store restarted');
      } catch (err) {
        logger.error({ err, event: 'store.restart_failed' }, 'could not restart the embedded store');
        void restart(null, null);
      }
    };
    embedded = await startStore();
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
    embeddedPid: () => embedded?.pid,
    async ping() {
      try {
        await connection.db!.command({ ping: 1 }, { timeoutMS: 2000 });
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      closing = true;
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
