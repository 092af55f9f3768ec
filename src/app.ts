import { ConversationState, UserState } from 'botbuilder';
import type { AddressInfo } from 'node:net';
import { FrontDoorBot } from './bot/frontDoorBot';
import { createCloudAdapter } from './bot/adapter';
import type { Config } from './config';
import { loadCorePrompts } from './content/prompts';
import type { Logger } from './observability/logger';
import { createServer } from './server';
import { ensureIndexes, openDatabase, type Database } from './store/database';
import { MongoStorage } from './store/mongoStorage';
import { MongoTranscriptStore } from './store/mongoTranscriptStore';

export interface RunningApp {
  url: string;
  port: number;
  database: Database;
  /** Graceful stop: refuse new requests, let in-flight turns finish, close the store. */
  stop(): Promise<void>;
}

/** Wires configuration → content → store → bot → HTTP server, and starts listening. */
export async function startApp(config: Config, logger: Logger, onStoreDied?: () => void): Promise<RunningApp> {
  // Content first: a bad content file must stop start-up before anything listens.
  const prompts = loadCorePrompts();
  const database = await openDatabase(config, logger, onStoreDied);
  try {
    const storage = new MongoStorage(database.connection);
    const transcripts = new MongoTranscriptStore(database.connection);
    await ensureIndexes(database.connection);

    const conversationState = new ConversationState(storage);
    // UserState is wired now so dialogs can keep per-person preferences across conversations.
    new UserState(storage);
    const bot = new FrontDoorBot(conversationState, prompts);
    const adapter = createCloudAdapter(config, transcripts, prompts.failSafe, logger);
    const http = createServer({ config, logger, adapter, bot, isReady: () => database.ping() });

    await new Promise<void>((resolve, reject) => {
      http.server.once('error', reject);
      http.server.listen(config.PORT, config.HOST, () => resolve());
    });
    const port = (http.server.address() as AddressInfo).port;

    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        http.stopAccepting();
        const closed = new Promise<void>((resolve) => http.server.close(() => resolve()));
        http.server.server.closeIdleConnections();
        const deadline = Date.now() + config.SHUTDOWN_TIMEOUT_MS;
        while (http.inFlight() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
        if (http.inFlight() > 0) logger.warn({ inFlight: http.inFlight() }, 'shutdown timeout: abandoning requests');
        http.server.server.closeAllConnections();
        await closed;
        await database.close();
      })());

    return { url: config.PUBLIC_URL, port, database, stop };
  } catch (err) {
    await database.close();
    throw err;
  }
}
