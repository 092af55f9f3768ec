import {
  ConversationState,
  TranscriptLoggerMiddleware,
  UserState,
  type BotAdapter,
  type TranscriptStore,
} from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { Connection } from 'mongoose';
import type { Config } from '../config';
import { CommunicationNeeds } from '../dialogs/communicationNeeds';
import { Commands } from '../content/commands';
import { DialogPrompts } from '../content/dialogPrompts';
import type { CorePrompts } from '../content/prompts';
import { ServiceDirectory } from '../content/serviceDirectory';
import type { ConversationProfile } from '../dialogs/conversationProfile';
import type { DialogDeps, DutyRoute } from '../dialogs/dialogDeps';
import { createDialogSet } from '../dialogs/dialogSet';
import { FeedbackBox } from '../hub/feedback';
import { HandoffRelay } from '../hub/handoffRelay';
import { HandoffStore } from '../hub/handoffStore';
import { TriageQueue, type ResponseTargets } from '../hub/triageQueue';
import { createUnderstander } from '../intents';
import { OutboxNotifier } from '../integrations/notify/outbox';
import type { NotificationPort } from '../integrations/notify/notificationPort';
import type { SecureMessagePort } from '../integrations/notify/secureMessagePort';
import { StoredSecureMail } from '../integrations/notify/storedSecureMail';
import { councilReferralOf, loadCouncilReferralTexts } from '../hub/councilReferral';
import { loadSmsTexts, type SmsTexts } from '../integrations/notify/smsTexts';
import type { Logger } from '../observability/logger';
import { demoRecordSystem } from '../record/demo/demoRecord';
import type { PatientDirectory, RecordSystem } from '../record/ports';
import { RecordOutbox, RecordingTriageQueue } from '../record/recordOutbox';
import { MongoStorage } from '../store/mongoStorage';
import { taskUnderWayIn } from '../record/conversationContact';
import { StateCache, type KeptState } from '../store/stateCache';
import { ChannelTranscripts, type ChannelTranscript } from '../store/channelTranscripts';
import { MongoTranscriptStore } from '../store/mongoTranscriptStore';
import type { RedFlagHit } from '../intents';
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
  /** Conversation state kept between turns a channel can vouch for (Direct Line): a store read saved per turn. */
  keptState: KeptState;
  transcripts: ChannelTranscripts;
  bot: FrontDoorBot;
  queue: TriageQueue;
  /** What the hand-offs owe the record system (contact summaries, referrals), retried until it accepts them. */
  recordOutbox: RecordOutbox;
  /** The patients of the configured record system (RECORD_SYSTEM), for the console's view of an item's patient. */
  patients: PatientDirectory;
  /** Outbound SMS; the phone integration replaces the outbox with Twilio when credentials are configured. */
  notifications: NotificationPort;
  /** The wording of the SMS Front Door sends outside a conversation, for the dialogs and the hub. */
  sms: SmsTexts;
  /** Human takeover: relays a conversation a person has taken over; the console continues it through the adapters. */
  handoffs: HandoffRelay;
  /** The commissioned services (content/services/) and which one a contact belongs to. */
  services: ServiceDirectory;
  /** The red-flag screen the bot runs first; needs no store, so the store-free safety paths use it too. */
  redFlags(text: string): RedFlagHit[];
  /**
   * Installs the transcript logger and the handoff relay on a channel adapter. An adapter that already stores every
   * activity of its conversations where any instance can read them passes that record instead of a logger.
   */
  attach<T extends BotAdapter>(adapter: T, ownRecord?: { channelId: string; transcript: ChannelTranscript }): T;
}

export interface RuntimeParts {
  dutyRoute: DutyRoute;
  responseTargets: ResponseTargets;
  /** The service profiles (content/services/); loaded from content when absent. */
  serviceDirectory?: ServiceDirectory;
  notifications?: NotificationPort;
  /** Secure messages to councils (safeguarding concerns); the demo's stored mail on this connection when absent. */
  secureMail?: SecureMessagePort;
  /** The record system (RECORD_SYSTEM); the demo collections on this connection when absent. */
  record?: RecordSystem;
  /** How long a conversation with a task under way may be quiet before its contact is filed as not finished. */
  contactIdleMs?: number;
  now?: () => Date;
}

/** CONTACT_IDLE_MINUTES' default: a person who has not answered for half an hour has most likely gone. */
const CONTACT_IDLE_MS = 30 * 60000;

/** Builds the dialogs' dependencies on a store connection; tests use it with TestAdapter. */
export function createDialogDeps(
  connection: Connection,
  conversationState: ConversationState,
  transcripts: TranscriptStore,
  logger: Logger,
  parts: RuntimeParts,
): DialogDeps {
  const now = parts.now ?? (() => new Date());
  const record = parts.record ?? demoRecordSystem(connection);
  const serviceDirectory = parts.serviceDirectory ?? new ServiceDirectory();
  const councilTexts = loadCouncilReferralTexts();
  const secureMail = parts.secureMail ?? new StoredSecureMail(connection);
  // Reads the stored state itself (no cache): a task under way is filed as its last turn, on any instance, left it.
  const storedState = new MongoStorage(connection);
  const recordOutbox = new RecordOutbox(
    connection,
    record,
    logger,
    now,
    {
      port: secureMail,
      compose: (item) => councilReferralOf(item, serviceDirectory.profileOf(item.service), councilTexts),
    },
    (stateKey) => taskUnderWayIn(storedState, stateKey),
  );
  return {
    prompts: DialogPrompts.load().forRecord(record.kind),
    commands: Commands.load(),
    communicationNeeds: CommunicationNeeds.load(),
    services: serviceDirectory.default,
    serviceDirectory,
    understander: createUnderstander({ now }),
    directory: record.directory,
    appointments: record.visits,
    contactFiling: {
      owe: (summary) => recordOutbox.oweContact(summary),
      expect: (summary, stateKey) =>
        recordOutbox.expectContact(summary, parts.contactIdleMs ?? CONTACT_IDLE_MS, stateKey),
    },
    needFiling: { owe: (key, need, queueItemId) => recordOutbox.oweNeed(key, need, queueItemId) },
    queue: new RecordingTriageQueue(connection, parts.responseTargets, now, recordOutbox, logger),
    feedback: new FeedbackBox(connection),
    notifications: parts.notifications ?? new OutboxNotifier(connection),
    secureMessages: { owe: (message, queueItemId) => recordOutbox.oweSecureMessage(message, queueItemId) },
    sms: loadSmsTexts(),
    dutyRoute: parts.dutyRoute,
    transcripts,
    profile: conversationState.createProperty<ConversationProfile>('profile'),
    logger,
    now,
  };
}

export function createBotRuntime(
  config: Config,
  logger: Logger,
  connection: Connection,
  prompts: CorePrompts,
  parts: RuntimeParts,
): BotRuntime {
  const stateCache = new StateCache();
  const storage = new MongoStorage(connection, stateCache);
  const transcripts = new ChannelTranscripts(new MongoTranscriptStore(connection));
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const deps = createDialogDeps(connection, conversationState, transcripts, logger, parts);
  const dialogs = createDialogSet(conversationState.createProperty<DialogState>('dialogState'), deps, deps.feedback);
  const bot = new FrontDoorBot(conversationState, dialogs, deps, prompts);
  const handoffs = new HandoffRelay(
    new HandoffStore(connection),
    conversationState.createProperty<boolean>('handoffRequested'),
    deps.queue,
    // Most urgent first (the screen's order): a 999 flag before a 2-hour one.
    (text) =>
      deps.understander
        .understand(text)
        .redFlags.find((f) => f.disposition === 'emergency_999' || f.disposition === 'urgent_2h'),
    async (context) =>
      (context.activity.channelData as { line?: string } | undefined)?.line === 'professional' ||
      (await deps.profile.get(context))?.role === 'professional',
    logger,
  );
  return {
    config,
    logger,
    connection,
    prompts,
    conversationState,
    userState,
    keptState: { cache: stateCache, keyOf: (context) => conversationState.getStorageKey(context) },
    transcripts,
    bot,
    queue: deps.queue,
    services: deps.serviceDirectory,
    recordOutbox: (deps.queue as RecordingTriageQueue).outbox,
    patients: deps.directory,
    notifications: deps.notifications,
    sms: deps.sms,
    handoffs,
    redFlags: (text) => deps.understander.understand(text).redFlags,
    attach(adapter, ownRecord) {
      if (ownRecord) transcripts.register(ownRecord.channelId, ownRecord.transcript);
      else adapter.use(new TranscriptLoggerMiddleware(transcripts));
      // After the transcript logger: what the patient writes to a person, and what the person writes back through
      // continueConversation, is in the transcript the console shows, even though the bot never sees it. (A channel
      // with its own record has stored the patient's message before the turn runs.)
      return handoffs.attachTo(adapter);
    },
  };
}
