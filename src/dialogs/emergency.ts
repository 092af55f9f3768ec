import { MessageFactory, type Activity, type TurnContext } from 'botbuilder';
import type { Wording } from '../triage/assessment/assessmentContent';
import type { Disposition } from '../triage/dispositions';
import type { ConversationProfile } from './conversationProfile';
import { servicesOf, type DialogDeps } from './dialogDeps';
import { TAKEN_OVER_ITEM } from '../hub/handoffRelay';
import { queueEscalation } from './escalationDialog';

/**
 * What a program reading the conversation (the safety evaluation, the console) needs to know about a bot message:
 * the question it asks and what a "yes" to it means, or the outcome it gives.
 */
export interface TriageMark {
  questionId?: string;
  kind?: 'danger_sign' | 'discriminator' | 'problem';
  yesDisposition?: Disposition;
  notSureDisposition?: Disposition;
  outcome?: Disposition | 'advice' | 'person';
}

/** A message activity carrying its triage mark in channelData. */
export function marked<T extends Partial<Activity>>(activity: T, mark: TriageMark): T {
  activity.channelData = { ...(activity.channelData as object | undefined), triage: mark };
  return activity;
}

/**
 * The 999 instruction, said before anything else, then the duty team told (a queue item) and how to come back. The
 * instruction goes out before the store is touched, so a store failure cannot delay it. `language` is set when
 * another language's screen found the red flag: the instruction is in that language, then in English.
 */
export async function sendEmergency(
  context: TurnContext,
  deps: DialogDeps,
  profile: ConversationProfile,
  message: Pick<Wording, 'text' | 'speak'>,
  reason: string,
  language?: string,
): Promise<void> {
  const advice = marked(MessageFactory.text(message.text, message.speak), { outcome: 'emergency_999' });
  // In another language (issue 22): web chat sets the message's lang and direction from the activity's locale.
  if (language) advice.locale = language;
  await context.sendActivity(advice);
  profile.welcomed = true;
  // A person has this conversation: the relay raises the item they are working once this turn is answered, rather
  // than a second item carrying the old problem being made here.
  const worked = context.turnState.get(TAKEN_OVER_ITEM) as string | undefined;
  const item = worked
    ? undefined
    : await queueEscalation(context, deps, profile, { target: 'duty_clinician', disposition: 'emergency_999', reason });
  // What is said after the 999 advice (a number, how it started, "I rang you because you're the nurses") goes on this
  // item with the 999 advice said again, never through the danger-sign questions a second time (issue 17, H262).
  profile.emergencyAdvised = true;
  if (item) profile.emergencyItemId = item._id;
  deps.logger.warn({ event: 'emergency.advised', reason, queued: worked ? 'raised' : !!item }, '999 advised');
  await context.sendActivity(deps.prompts.render('emergencyNext', { hubPhone: servicesOf(context, deps).hub.phone }));
}
