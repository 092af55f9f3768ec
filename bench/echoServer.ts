import { ActivityHandler } from 'botbuilder';
import { createCloudAdapter } from '../src/bot/adapter';
import { loadConfig } from '../src/config';
import { loadCorePrompts } from '../src/content/prompts';
import { registerDirectLine } from '../src/integrations/directline/registerDirectLine';
import { createLogger } from '../src/observability/logger';
import { createServer } from '../src/server';
import { ensureIndexes, openDatabase } from '../src/store/database';

/**
 * The benchmark's baseline: the cheapest bot that could answer, a bare botbuilder echo bot, behind the same restify
 * server, the same Direct Line endpoint and the same store as Front Door. Front Door's figures are reported as ratios
 * to this one's, measured in the same run.
 */
class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(`You said: ${context.activity.text ?? ''}`);
      await next();
    });
  }
}

async function main() {
  const config = loadConfig();
  const logger = createLogger({ level: config.LOG_LEVEL });
  const database = await openDatabase(config, logger);
  const bot = new EchoBot();
  const adapter = createCloudAdapter(config, loadCorePrompts().failSafe, logger);
  const http = createServer({ config, logger, adapter, bot, isReady: () => database.ping() });
  const directLine = registerDirectLine(http.server, {
    config,
    logger,
    prompts: loadCorePrompts(),
    connection: database.connection,
    bot,
    attach: (a) => a,
  });
  await ensureIndexes(database.connection);
  await new Promise<void>((resolve) => http.server.listen(config.PORT, config.HOST, () => resolve()));
  process.stdout.write(`Echo bot is running at ${config.PUBLIC_URL}\n`);
  const stop = async () => {
    directLine.close();
    http.server.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

main().catch((err: unknown) => {
  process.stderr.write(`echo bot: ${(err as Error).message}\n`);
  process.exit(1);
});
