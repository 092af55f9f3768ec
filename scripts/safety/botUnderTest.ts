import { randomUUID } from 'node:crypto';
import { ConversationState, TestAdapter, TranscriptLoggerMiddleware, type Activity } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { Connection } from 'mongoose';
import { FrontDoorBot } from '../../src/bot/frontDoorBot';
import { createDialogDeps } from '../../src/bot/runtime';
import { loadCorePrompts } from '../../src/content/prompts';
import { seedDemoData } from '../../src/demo/seedDemoData';
import type { DialogDeps, DutyRoute } from '../../src/dialogs/dialogDeps';
import { createDialogSet } from '../../src/dialogs/dialogSet';
import { FeedbackBox } from '../../src/hub/feedback';
import { loadResponseTargets } from '../../src/hub/responseTargets';
import { createLogger } from '../../src/observability/logger';
import { ensureIndexes } from '../../src/store/database';
import { MongoStorage } from '../../src/store/mongoStorage';
import { MongoTranscriptStore } from '../../src/store/mongoTranscriptStore';

/** A duty clinician who can always be reached: the evaluation measures triage, not the rota. */
const EVAL_DUTY_ROUTE: DutyRoute = { onDuty: async () => [{ name: 'Sam Rivers', phone: '07700900801' }] };

export type Channel = 'webchat' | 'voice' | 'sms';

/** The real bot with its real dialogs, on a store holding the demo data, driven over botbuilder's TestAdapter. */
export interface BotUnderTest {
  deps: DialogDeps;
  connection: Connection;
  open(channel: Channel): BotConversation;
}

export class BotConversation {
  readonly id = `eval-${randomUUID()}`;
  private turn = 0;
  constructor(
    private readonly adapter: TestAdapter,
    readonly channel: Channel,
    private readonly channelData: Record<string, unknown>,
  ) {}

  /** What the person says; resolves to everything the bot sent in that turn. */
  async say(text: string): Promise<Activity[]> {
    this.turn++;
    await this.adapter.receiveActivity({
      type: 'message',
      text,
      id: `${this.id}-${this.turn}`,
      conversation: { id: this.id } as Activity['conversation'],
      channelData: this.channelData,
    });
    return this.adapter.activeQueue.splice(0) as Activity[];
  }

  /** The person opens the chat or the call (web chat and the phone do; a text message does not). */
  async join(): Promise<Activity[]> {
    await this.adapter.receiveActivity({
      type: 'conversationUpdate',
      conversation: { id: this.id } as Activity['conversation'],
      membersAdded: [{ id: 'person', name: 'Person' }],
      channelData: this.channelData,
    });
    return this.adapter.activeQueue.splice(0) as Activity[];
  }
}

export async function botUnderTest(connection: Connection, now: () => Date): Promise<BotUnderTest> {
  await seedDemoData(connection, now());
  await ensureIndexes(connection);
  const conversationState = new ConversationState(new MongoStorage(connection));
  const transcripts = new MongoTranscriptStore(connection);
  const deps = createDialogDeps(connection, conversationState, transcripts, createLogger({ level: 'silent' }), {
    dutyRoute: EVAL_DUTY_ROUTE,
    responseTargets: loadResponseTargets(),
    now,
  });
  const dialogs = createDialogSet(
    conversationState.createProperty<DialogState>('dialogState'),
    deps,
    new FeedbackBox(connection),
  );
  const bot = new FrontDoorBot(conversationState, dialogs, deps, loadCorePrompts());
  return {
    deps,
    connection,
    open(channel) {
      const adapter = new TestAdapter((context) => bot.run(context), { channelId: channel } as never);
      adapter.use(new TranscriptLoggerMiddleware(transcripts));
      // The phone and SMS adapters put the caller's number in channelData.
      const channelData = channel === 'webchat' ? {} : { callerNumber: '07700900123', line: 'public' };
      return new BotConversation(adapter, channel, channelData);
    },
  };
}
