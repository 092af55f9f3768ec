import { ConversationState, TranscriptLoggerMiddleware, UserState, type BotAdapter } from 'botbuilder';
import type { Connection } from 'mongoose';
import type { Config } from '../config';
import type { CorePrompts } from '../content/prompts';
import { OutboxNotifier } from '../integrations/notify/outbox';
import type { NotificationPort } from '../integrations/notify/notificationPort';
import type { Logger } from '../observability/logger';
import { MongoStorage } from '../store/mongoStorage';
import { MongoTranscriptStore } from '../store/mongoTranscriptStore';
import { FrontDoorBot } from './frontDoorBot';

/**
 * Everything a channel needs to run the one bot: every channel adapter (Azure, Direct Line, voice, SMS) calls
 * `attach(adapter)` so the same middleware runs, in the same order, whichever way a message arrived.
 */
export interface BotRuntime {
  config: Config;
  logger: Logger;
  connection: Connection;
  prompts: CorePrompts;
  conversationState: ConversationState;
  userState: UserState;
  transcripts: MongoTranscriptStore;
  bot: FrontDoorBot;
  /** Outbound SMS; the phone integration replaces the outbox with Twilio when credentials are configured. */
  notifications: NotificationPort;
  attach<T extends BotAdapter>(adapter: T): T;
}

export function createBotRuntime(
  config: Config,
  logger: Logger,
  connection: Connection,
  prompts: CorePrompts,
): BotRuntime {
  const storage = new MongoStorage(connection);
  const transcripts = new MongoTranscriptStore(connection);
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const bot = new FrontDoorBot(conversationState, prompts);
  return {
    config,
    logger,
    connection,
    prompts,
    conversationState,
    userState,
    transcripts,
    bot,
    notifications: new OutboxNotifier(connection),
    attach(adapter) {
      adapter.use(new TranscriptLoggerMiddleware(transcripts));
      return adapter;
    },
  };
}
