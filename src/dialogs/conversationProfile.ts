import type { TurnContext } from 'botbuilder';
import type { Role } from '../content/commands';
import type { ContactRoute } from '../hub/queueModel';
import type { StatedNeed } from './communicationNeeds';
import type { FftState } from './friendsAndFamilyTest';
import type { SaidSoFar } from './saidSoFar';

/** What the bot knows about who it is talking to in this conversation. Kept in ConversationState (the store). */
export interface ConversationProfile {
  welcomed: boolean;
  /** The commissioned service the conversation belongs to (src/content/serviceDirectory.ts), set on its first turn. */
  service?: string;
  role?: Role;
  /** The patient the conversation is about, once verified. */
  patientId?: string;
  patientName?: string;
  verified: boolean;
  identityFailures: number;
  /** After three failed checks nothing personal is disclosed for the rest of the conversation. */
  identityLocked: boolean;
  notUnderstood: number;
  callbackNumber?: string;
  /** How the team will reach the person, once chosen with them (issue 17): never a call to someone who cannot take one. */
  contactRoute?: ContactRoute;
  /** Accessible Information Standard needs the person stated (ids from content/communication-needs.yaml). */
  communicationNeeds?: StatedNeed[];
  /** The needs a verified patient has been asked about putting on their record (asked once each). */
  needsAsked?: string[];
  /** The record question is waiting for its answer: these needs go on the record if the answer is yes. */
  needConsent?: { needs: string[] };
  /** What the person said about the problem, carried into any escalation so nobody asks twice. */
  problem?: string;
  redFlags: string[];
  answers: Record<string, string>;
  /** The number of the conversation's current (or last) task: a hand-off and its task's contact share it. */
  task?: number;
  /** The task under way (the intent that started it), so a change of mind can be told from an answer. */
  taskIntent?: string;
  /** Facts given in any message so far (src/dialogs/saidSoFar.ts). */
  said?: SaidSoFar;
  /** The welcome has asked whether this is a patient, a carer or a professional: it is not asked again. */
  roleAsked?: boolean;
  /**
   * An escalation queued while the assessment is still asking (issue 17): the escalation or 999 outcome that ends the
   * assessment settles this item rather than making another (src/dialogs/assessmentDialog.ts).
   */
  provisionalItemId?: string;
  /**
   * The escalation this conversation was handed to a person with: more about the problem afterwards goes on it (its
   * history) rather than through the danger-sign questions again; a red flag is still screened first.
   */
  escalatedItemId?: string;
  /** The care plans already sent whole in answer to a question (src/dialogs/carePlanQuestion.ts): not sent again. */
  plansShown?: string[];
  /** 999 has been advised in this conversation: later messages are added to its item with the advice said again. */
  emergencyAdvised?: boolean;
  /**
   * The item the 999 advice queued: what is said after it goes there (H262). Apart from `escalatedItemId`, so a new
   * problem or a correction still goes to the assessment (src/dialogs/assessmentDialog.ts).
   */
  emergencyItemId?: string;
  /** The feedback or complaint logged in this conversation: what is said after it is added to it (issue 17). */
  feedback?: { id: string; reference: string; complaint: boolean; added?: boolean };
  /** A professional's referral, queued at the handover's first fact (src/dialogs/professionalDialog.ts). */
  handoverItemId?: string;
  /** The handover was completed (put through or queued): later messages are added to it, never a second handover. */
  handedOver?: boolean;
  /**
   * The language the conversation goes on in (issue 22), once the person chose it (web chat and SMS: "Continue in
   * Polski?"; the phone: the language menu): its code and English name. Every message is then in it.
   */
  language?: { code: string; name: string };
  /** A language was offered and is awaiting the answer, with the message that led to the offer. */
  languageOffer?: { code: string; pending: string };
  /** The person chose English when offered their language: it is not offered again. */
  languageDeclined?: boolean;
  /** The Friends and Family Test, asked once at the end of a completed conversation (src/dialogs/friendsAndFamilyTest.ts). */
  fft?: FftState;
}

export function newProfile(): ConversationProfile {
  return {
    welcomed: false,
    verified: false,
    identityFailures: 0,
    identityLocked: false,
    notUnderstood: 0,
    redFlags: [],
    answers: {},
  };
}

/** The caller's number on the phone and SMS channels (the adapters put it in channelData), for identity and call-back. */
export function callerNumber(context: TurnContext): string | undefined {
  const data = context.activity.channelData as { callerNumber?: unknown } | undefined;
  return typeof data?.callerNumber === 'string' ? data.callerNumber : undefined;
}

export function isVoice(context: TurnContext): boolean {
  return context.activity.channelId === 'voice';
}
