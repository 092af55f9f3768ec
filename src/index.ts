import { startApp, type RunningApp } from './app';
import { ConfigError, loadConfig } from './config';
import { ContentError } from './content/readContentFile';
import { createLogger } from './observability/logger';
import { DatabaseError } from './store/database';
import { EmbeddedStoreError } from './store/embeddedStore';

/** Errors whose message already tells the person starting Front Door what to do: print one line, no stack. */
const EXPLAINED = [ConfigError, ContentError, DatabaseError, EmbeddedStoreError];

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.LOG_LEVEL });
  const running: { app?: RunningApp; exitCode: number } = { exitCode: 0 };

  const shutdown = async (reason: string) => {
    logger.info({ event: 'shutdown', reason }, 'shutting down');
    await running.app?.stop();
    logger.info({ event: 'shutdown.done' }, 'stopped');
    process.exit(running.exitCode);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  const app = await startApp(config, logger, () => {
    running.exitCode = 1;
    void shutdown('store died');
  });
  running.app = app;
  logger.info({ event: 'ready', url: config.PUBLIC_URL, store: app.database.description }, 'ready');
  process.stdout.write(`Front Door is running at ${config.PUBLIC_URL} (store: ${app.database.description})\n`);
}

main().catch((err: unknown) => {
  if (EXPLAINED.some((type) => err instanceof type)) {
    console.error(`front-door: ${(err as Error).message}`);
    process.exit(2);
  }
  console.error('front-door: failed to start:', err);
  process.exit(1);
});
