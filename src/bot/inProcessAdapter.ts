import { BotAdapter, TurnContext, type ConversationReference } from 'botbuilder';

/**
 * Base for the channel adapters that run the bot in this process (Direct Line, voice, SMS) rather than behind the
 * Azure Bot Service: continuing a conversation needs no Bot Framework credentials, only its stored reference.
 */
export abstract class InProcessAdapter extends BotAdapter {
  async continueConversation(
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const activity = TurnContext.applyConversationReference(
      { type: 'event', name: 'continueConversation' },
      reference,
      true,
    );
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }

  /** The hub continues conversations with a bot app id first (as CloudAdapter wants); here it is not needed. */
  override async continueConversationAsync(
    _botAppIdOrClaims: unknown,
    reference: Partial<ConversationReference>,
    logicOrAudience: unknown,
    maybeLogic?: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const logic = (typeof logicOrAudience === 'function' ? logicOrAudience : maybeLogic) as
      ((context: TurnContext) => Promise<void>) | undefined;
    if (!logic) throw new Error('continueConversationAsync needs a logic function');
    await this.continueConversation(reference, logic);
  }
}
