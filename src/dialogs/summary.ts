import type { TurnContext } from 'botbuilder';
import type { QueueItem, QueueSummary } from '../hub/queueModel';
import type { ConversationProfile } from './conversationProfile';
import { withInterpreter } from '../language/interpreterReason';

/** The structured summary that travels with every queue item, built from what the conversation has learnt. */
export function summaryFrom(
  profile: ConversationProfile,
  reason: string,
  extra: Partial<QueueSummary> = {},
): QueueSummary {
  return {
    contact: { role: profile.role ?? 'unknown' },
    patient: profile.patientId
      ? { id: profile.patientId, name: profile.patientName, verified: profile.verified }
      : undefined,
    callbackNumber: profile.callbackNumber,
    contactRoute: profile.contactRoute,
    communicationNeeds: profile.communicationNeeds?.map((n) => n.label),
    problem: profile.problem ?? reason,
    // A conversation in another language (issue 22) needs an interpreter for whoever calls back, whatever the reason.
    answers: { ...profile.answers, reason: withInterpreter(reason, profile.language?.name) },
    redFlags: [...profile.redFlags],
    ...extra,
  };
}

/** The conversation a hand-off comes from, and which of its tasks handed off. */
export function conversationOf(context: TurnContext, profile: ConversationProfile): QueueItem['conversation'] {
  return {
    channelId: context.activity.channelId,
    conversationId: context.activity.conversation.id,
    serviceUrl: context.activity.serviceUrl,
    task: profile.task,
  };
}
