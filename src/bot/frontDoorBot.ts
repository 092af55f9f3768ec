import {
  ActivityHandler,
  ActivityTypes,
  MessageFactory,
  type ConversationState,
  type StatePropertyAccessor,
  type TurnContext,
} from 'botbuilder';
import type { CorePrompts, Message } from '../content/prompts';

/** The bot every channel talks to. The conversations themselves live in src/dialogs. */
export class FrontDoorBot extends ActivityHandler {
  private readonly conversationInfo: StatePropertyAccessor<ConversationInfo>;

  constructor(
    private readonly conversationState: ConversationState,
    private readonly prompts: CorePrompts,
  ) {
    super();
    this.conversationInfo = conversationState.createProperty<ConversationInfo>('conversationInfo');
    this.onMembersAdded(async (context, next) => {
      const joined = context.activity.membersAdded ?? [];
      if (joined.some((member) => member.id !== context.activity.recipient.id)) {
        await send(context, this.prompts.welcome);
      }
      await next();
    });
    this.onMessage(async (context, next) => {
      const info = await this.conversationInfo.get(context, { startedAt: new Date().toISOString(), turns: 0 });
      info.turns += 1;
      await send(context, this.prompts.greetingReply);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.conversationState.saveChanges(context, false);
  }
}

/** When the conversation began and how many messages the person has sent: the hub reports both. */
interface ConversationInfo {
  startedAt: string;
  turns: number;
}

function send(context: TurnContext, message: Message) {
  const reply = MessageFactory.text(message.text, message.speak);
  reply.type = ActivityTypes.Message;
  return context.sendActivity(reply);
}
