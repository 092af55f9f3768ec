import { CloudAdapter, ConfigurationBotFrameworkAuthentication, MessageFactory, type TurnContext } from 'botbuilder';
import type { Config } from '../config';
import type { Message } from '../content/prompts';
import type { Logger } from '../observability/logger';

/**
 * The Azure Bot Service adapter. With MicrosoftAppId unset it accepts unauthenticated requests (Bot Framework
 * Emulator, local testing); with it set, every request must carry a valid Bot Framework token.
 */
export function createCloudAdapter(
  config: Pick<Config, 'MicrosoftAppId' | 'MicrosoftAppPassword' | 'MicrosoftAppType' | 'MicrosoftAppTenantId'>,
  failSafe: Message,
  logger: Logger,
): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.MicrosoftAppId,
    MicrosoftAppPassword: config.MicrosoftAppPassword,
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId,
  });
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = failSafeOnTurnError(failSafe, logger);
  return adapter;
}

/** Fail safe to a human: whatever broke, the person still hears where to get help. Shared by every channel adapter. */
export function failSafeOnTurnError(failSafe: Message, logger: Logger) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    logger.error(
      { err: error, event: 'turn.error', channel: context.activity.channelId, activityType: context.activity.type },
      'turn failed',
    );
    try {
      await context.sendActivity(MessageFactory.text(failSafe.text, failSafe.speak));
    } catch (sendError) {
      logger.error({ err: sendError, event: 'turn.error.reply_failed' }, 'could not send the fail-safe reply');
    }
  };
}
