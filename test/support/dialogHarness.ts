import { randomUUID } from 'node:crypto';
import {
  ConversationState,
  TestAdapter,
  TranscriptLoggerMiddleware,
  type Activity,
  type SuggestedActions,
} from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { Connection } from 'mongoose';
import { FrontDoorBot } from '../../src/bot/frontDoorBot';
import { createDialogDeps, type RuntimeParts } from '../../src/bot/runtime';
import { loadCorePrompts } from '../../src/content/prompts';
import { seedDemoData } from '../../src/demo/seedDemoData';
import type { DialogDeps, DutyRoute } from '../../src/dialogs/dialogDeps';
import { createDialogSet } from '../../src/dialogs/dialogSet';
import { loadResponseTargets } from '../../src/hub/responseTargets';
import { createLogger } from '../../src/observability/logger';
import type { RecordSystem } from '../../src/record/ports';
import { ensureIndexes } from '../../src/store/database';
import { MongoStorage } from '../../src/store/mongoStorage';
import { MongoTranscriptStore } from '../../src/store/mongoTranscriptStore';
import { closeTestDatabase, openTestDatabase } from './testDatabase';

/** A fixed rota for dialog tests: the rota module itself is tested on its own. */
export const TEST_DUTY_ROUTE: DutyRoute = {
  onDuty: async () => [
    { name: 'Sam Rivers', phone: '07700900801' },
    { name: 'Alex Morgan', phone: '07700900802' },
  ],
};

export interface Harness {
  connection: Connection;
  deps: DialogDeps;
  bot: FrontDoorBot;
  close(): Promise<void>;
  conversation(options?: {
    channelId?: string;
    callerNumber?: string;
    line?: string;
    calledNumber?: string;
    /** The browser's language, as web chat's Direct Line activities carry it ("pl-PL"). */
    locale?: string;
  }): Conversation;
}

/** One person talking to the bot through botbuilder's TestAdapter, on the real store with the demo data. */
export class Conversation {
  readonly id = `conv-${randomUUID()}`;
  private turn = 0;
  constructor(
    private readonly adapter: TestAdapter,
    private readonly channelData: Record<string, unknown>,
    private readonly locale?: string,
  ) {}

  /** Sends what the person says; resolves to everything the bot sent back in that turn. */
  async say(text: string): Promise<Activity[]> {
    this.turn++;
    await this.adapter.receiveActivity({
      type: 'message',
      text,
      id: `${this.id}-${this.turn}`,
      conversation: { id: this.id } as Activity['conversation'],
      channelData: this.channelData,
      ...(this.locale ? { locale: this.locale } : {}),
    });
    return withSpokenForms(this.adapter.activeQueue.splice(0) as Activity[]);
  }

  /** The call hangs up or the chat is closed: the channel's endOfConversation activity. */
  async end(): Promise<Activity[]> {
    await this.adapter.receiveActivity({
      type: 'endOfConversation',
      code: 'completedSuccessfully',
      conversation: { id: this.id } as Activity['conversation'],
      channelData: this.channelData,
    });
    return withSpokenForms(this.adapter.activeQueue.splice(0) as Activity[]);
  }

  async join(): Promise<Activity[]> {
    await this.adapter.receiveActivity({
      type: 'conversationUpdate',
      conversation: { id: this.id } as Activity['conversation'],
      membersAdded: [{ id: 'user-1', name: 'User' }],
      channelData: this.channelData,
    });
    return withSpokenForms(this.adapter.activeQueue.splice(0) as Activity[]);
  }
}

/** Every message must have a spoken form for the phone line; checked on every turn of every dialog test. */
function withSpokenForms(activities: Activity[]): Activity[] {
  for (const a of activities) {
    if (a.type === 'message' && !a.speak) throw new Error(`message without a spoken form: ${a.text}`);
  }
  return activities;
}

export function texts(activities: Activity[]): string[] {
  return activities.filter((a) => a.type === 'message').map((a) => a.text ?? '');
}

export function actions(activities: Activity[]): string[] {
  const last = [...activities]
    .reverse()
    .find((a) => (a.suggestedActions as SuggestedActions | undefined)?.actions?.length);
  return last?.suggestedActions?.actions.map((a) => String(a.value ?? a.title)) ?? [];
}

/** What a test may set: the runtime's parts, or a record system built on the harness's own store (its audit trail). */
export type HarnessParts = Partial<RuntimeParts> & {
  recordOn?: (connection: Connection) => RecordSystem;
  /** The store connection reports each command it sends (see openTestDatabase). */
  monitorCommands?: boolean;
};

export async function createHarness(parts: HarnessParts = {}): Promise<Harness> {
  const connection = await openTestDatabase({ monitorCommands: parts.monitorCommands });
  try {
    return await buildHarness(connection, parts);
  } catch (err) {
    await closeTestDatabase(connection);
    throw err;
  }
}

async function buildHarness(
  connection: Connection,
  { recordOn, monitorCommands: _monitorCommands, ...parts }: HarnessParts,
): Promise<Harness> {
  const now = parts.now ?? (() => new Date());
  await seedDemoData(connection, now());
  const storage = new MongoStorage(connection);
  const transcripts = new MongoTranscriptStore(connection);
  const conversationState = new ConversationState(storage);
  const deps = createDialogDeps(connection, conversationState, transcripts, createLogger({ level: 'silent' }), {
    dutyRoute: TEST_DUTY_ROUTE,
    responseTargets: loadResponseTargets(),
    ...parts,
    ...(recordOn ? { record: recordOn(connection) } : {}),
    now,
  });
  const dialogs = createDialogSet(conversationState.createProperty<DialogState>('dialogState'), deps, deps.feedback);
  const bot = new FrontDoorBot(conversationState, dialogs, deps, loadCorePrompts());
  await ensureIndexes(connection);
  return {
    connection,
    deps,
    bot,
    // The transcript logger writes after each turn without being awaited: let it finish before the store goes.
    close: async () => {
      await new Promise((r) => setTimeout(r, 150));
      await closeTestDatabase(connection);
    },
    conversation({ channelId = 'test', callerNumber, line, calledNumber, locale } = {}) {
      const adapter = new TestAdapter((context) => bot.run(context), { channelId } as never);
      adapter.use(new TranscriptLoggerMiddleware(transcripts));
      return new Conversation(
        adapter,
        {
          ...(callerNumber ? { callerNumber } : {}),
          ...(line ? { line } : {}),
          ...(calledNumber ? { calledNumber } : {}),
        },
        locale,
      );
    },
  };
}
