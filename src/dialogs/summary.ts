import type { QueueSummary } from '../hub/queueModel';
import type { ConversationProfile } from './conversationProfile';

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
    answers: { ...profile.answers, reason },
    redFlags: [...profile.redFlags],
    ...extra,
  };
}
