import type { ConversationProfile } from '../dialogs/conversationProfile';
import type { ContactSummary } from './ports';

/**
 * Where the contact summary of a finished task goes: the record outbox, which retries until the record accepts. A
 * task that handed off has already filed its hand-off's summary, so its end adds nothing: each task is filed once.
 */
export interface ContactFiling {
  owe(summary: ContactSummary): Promise<void>;
}

/** One task of one conversation: the key its contact is filed under, and that its hand-offs are known by. */
export function taskContactKey(conversationId: string, task: number): string {
  return `conversation:${conversationId}:task:${task}`;
}

/**
 * The contact summary of a conversation's task that has just ended, or nothing when the patient was not verified: an
 * unchecked identity must never put a conversation in someone's record. The conversation id leads to the transcript.
 */
export function conversationContact(
  profile: ConversationProfile,
  conversation: { channelId: string; conversationId: string },
  at: Date,
): ContactSummary | undefined {
  if (!profile.verified || !profile.patientId) return undefined;
  const answers = Object.entries(profile.answers)
    .map(([question, answer]) => `${question}: ${answer}`)
    .join('; ');
  return {
    key: taskContactKey(conversation.conversationId, profile.task ?? 0),
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
