import type { ConversationProfile } from '../dialogs/conversationProfile';
import type { ContactSummary } from './ports';

/** Where a finished conversation's contact summary goes: the record outbox, which retries until the record accepts. */
export interface ContactFiling {
  owe(summary: ContactSummary): Promise<void>;
}

/**
 * The contact summary of a conversation whose task has just ended, or nothing when the patient was not verified: an
 * unchecked identity must never put a conversation in someone's record. The conversation id leads to the transcript.
 */
export function conversationContact(
  profile: ConversationProfile,
  conversation: { channelId: string; conversationId: string; turnId: string },
  at: Date,
): ContactSummary | undefined {
  if (!profile.verified || !profile.patientId) return undefined;
  const answers = Object.entries(profile.answers)
    .map(([question, answer]) => `${question}: ${answer}`)
    .join('; ');
  return {
    key: `conversation:${conversation.conversationId}:${conversation.turnId}`,
    patientId: profile.patientId,
    at,
    channel: conversation.channelId,
    text: [
      `Front Door conversation with the ${profile.role ?? 'patient'} (identity verified), ${conversation.channelId}.`,
      profile.problem ? `What they told us: ${profile.problem}.` : '',
      answers ? `Answers: ${answers}.` : '',
      profile.redFlags.length ? `Red flags: ${profile.redFlags.join(', ')}.` : '',
      `Transcript: conversation ${conversation.conversationId}.`,
    ]
      .filter(Boolean)
      .join(' '),
  };
}
