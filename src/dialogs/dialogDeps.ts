import type { StatePropertyAccessor, TranscriptStore, TurnContext } from 'botbuilder';
import type { Commands } from '../content/commands';
import type { CommunicationNeeds } from './communicationNeeds';
import type { DialogPrompts } from '../content/dialogPrompts';
import type { ServiceDirectory } from '../content/serviceDirectory';
import type { ServiceProfile, Services } from '../content/services';
import type { FeedbackBox } from '../hub/feedback';
import type { TriageQueue } from '../hub/triageQueue';
import type { Understander, Understanding } from '../intents';
import type { NotificationPort } from '../integrations/notify/notificationPort';
import type { SecureMessage } from '../integrations/notify/secureMessagePort';
import type { SmsTexts } from '../integrations/notify/smsTexts';
import type { Logger } from '../observability/logger';
import type { ContactFiling } from '../record/conversationContact';
import type { NeedFiling } from '../record/needFiling';
import type { PatientDirectory, VisitBook } from '../record/ports';
import { newProfile, type ConversationProfile } from './conversationProfile';

/** A clinician who can be reached now, in fallback order. */
export interface DutyClinician {
  name: string;
  phone: string;
}

/** Who is on duty now for a service (its urgent-response rota; the default service's when none); the rota module implements it. */
export interface DutyRoute {
  /** `named`: the patient's named clinician, tried first when they are on duty and the service asks for it. */
  onDuty(at: Date, service?: string, named?: { name: string; phone?: string }): Promise<DutyClinician[]>;
}

/** Everything the dialogs use, passed in so tests can run them on TestAdapter against the real store. */
export interface DialogDeps {
  prompts: DialogPrompts;
  commands: Commands;
  /** Accessible Information Standard needs said in any message (content/communication-needs.yaml). */
  communicationNeeds: CommunicationNeeds;
  /** The default service's profile; a conversation's own is servicesOf(context). */
  services: Services;
  /** The commissioned services, and which one a contact belongs to. */
  serviceDirectory: ServiceDirectory;
  understander: Understander;
  /** The record system's ports (RECORD_SYSTEM): the dialogs never know which adapter is behind them. */
  directory: PatientDirectory;
  appointments: VisitBook;
  /** Files a verified patient's contact summary to the record when a conversation's task ends. */
  contactFiling: ContactFiling;
  /** Files a communication need to a verified patient's record, with their consent. */
  needFiling: NeedFiling;
  queue: TriageQueue;
  /** Feedback, complaints and Friends and Family Test answers (the console's complaints page counts them). */
  feedback: FeedbackBox;
  notifications: NotificationPort;
  /** Secure messages to other organisations (a carer's assessment request to adult social care), owed and retried. */
  secureMessages: { owe(message: SecureMessage, queueItemId: string): Promise<void> };
  /** What the SMS the dialogs send say (content/notify/sms.yaml). */
  sms: SmsTexts;
  dutyRoute: DutyRoute;
  transcripts: TranscriptStore;
  profile: StatePropertyAccessor<ConversationProfile>;
  logger: Logger;
  now: () => Date;
}

const UNDERSTANDING = Symbol('understanding');
const SERVICE = Symbol('service');

/** The bot decides each turn which service the conversation belongs to, before any dialog runs. */
export function setServiceOf(context: TurnContext, profile: ServiceProfile): void {
  context.turnState.set(SERVICE, profile);
}

/** The profile of the service this conversation belongs to: its hours, numbers, area and targets. */
export function servicesOf(context: TurnContext, deps: Pick<DialogDeps, 'services'>): ServiceProfile {
  return (context.turnState.get(SERVICE) as ServiceProfile | undefined) ?? deps.services;
}

/** The bot understands each message once, before anything else, and dialogs read that result. */
export function setUnderstanding(context: TurnContext, understanding: Understanding): void {
  context.turnState.set(UNDERSTANDING, understanding);
}

export function understandingOf(context: TurnContext, deps: Pick<DialogDeps, 'understander'>): Understanding {
  const known = context.turnState.get(UNDERSTANDING) as Understanding | undefined;
  if (known) return known;
  const understanding = deps.understander.understand(context.activity.text ?? '');
  setUnderstanding(context, understanding);
  return understanding;
}

/** The conversation's profile, created on first use. */
export async function profileOf(context: TurnContext, deps: Pick<DialogDeps, 'profile'>): Promise<ConversationProfile> {
  return (await deps.profile.get(context, newProfile()))!;
}

/** A waterfall's scratch values; botbuilder types them as `object`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- values hold whatever each step put there
export function valuesOf(step: { values: object }): Record<string, any> {
  return step.values as Record<string, unknown>;
}
