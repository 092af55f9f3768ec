import type { Storage } from 'botbuilder';
import type { ConversationProfile } from '../dialogs/conversationProfile';
import type { ContactSummary } from './ports';

/**
 * Where the contact summary of a task goes: the record outbox, which retries until the record accepts. A task that
 * handed off has already filed its hand-off's summary, so its end adds nothing: each task is filed once.
 */
export interface ContactFiling {
  /** The task has ended (done, stopped, or the conversation ended): file its summary now. */
  owe(summary: ContactSummary): Promise<void>;
  /**
   * The task has begun and is under way: file its summary only if the conversation goes quiet before it ends. Called
   * once per task; its summary as it grows is kept in the conversation's state (TASK_UNDER_WAY), read only if it does
   * go quiet. `stateKey`: where the conversation's state is stored.
   */
  expect(summary: ContactSummary, stateKey: string): Promise<void>;
}

/**
 * The conversation-state property holding the summary of the task under way, replaced each turn at no cost of its
 * own (the state is saved every turn anyway), instead of a write to the outbox on every turn.
 */
export const TASK_UNDER_WAY = 'taskUnderWay';

export interface TaskUnderWay {
  summary: ContactSummary;
  /** Whether the outbox already expects this task (stored once, when it began). */
  expected: boolean;
}

/** The summary of the task under way as the conversation's last turn left it, if there is one. */
export async function taskUnderWayIn(storage: Storage, stateKey: string): Promise<ContactSummary | undefined> {
  const state = (await storage.read([stateKey]))[stateKey] as Record<string, unknown> | undefined;
  const kept = state?.[TASK_UNDER_WAY] as TaskUnderWay | undefined;
  // The state is stored as JSON: the time comes back as text.
  return kept ? { ...kept.summary, at: new Date(kept.summary.at) } : undefined;
}

/** How a task ended, said in its summary: what was done, or that it was not. */
export type TaskEnding = 'completed' | 'stopped' | 'ended' | 'quiet';

const ENDINGS: Record<TaskEnding, string> = {
  completed: 'Outcome: the request was dealt with in the conversation.',
  stopped: 'Outcome: not finished; it was left before it was done (the person said stop, or turned to something else).',
  ended: 'Outcome: not finished; the conversation ended (call hung up or chat closed) before it was done.',
  quiet: 'Outcome: not finished; the person stopped replying before it was done.',
};

/** One task of one conversation: the key its contact is filed under, and that its hand-offs are known by. */
export function taskContactKey(conversationId: string, task: number): string {
  return `conversation:${conversationId}:task:${task}`;
}

/**
 * The contact summary of a conversation's task (the current one unless told which), or nothing when the patient
 * was not verified: an unchecked identity must never put a conversation in someone's record. What was asked, what
 * they told us and how the task ended; the conversation id leads to the transcript.
 */
export function conversationContact(
  profile: ConversationProfile,
  conversation: { channelId: string; conversationId: string },
  at: Date,
  ending: TaskEnding = 'completed',
  { task, intent }: { task: number; intent?: string } = { task: profile.task ?? 0, intent: profile.taskIntent },
): ContactSummary | undefined {
  if (!profile.verified || !profile.patientId) return undefined;
  const answers = Object.entries(profile.answers)
    .map(([question, answer]) => `${question}: ${answer}`)
    .join('; ');
  return {
    key: taskContactKey(conversation.conversationId, task),
    patientId: profile.patientId,
    at,
    channel: conversation.channelId,
    text: [
      `Front Door conversation with the ${profile.role ?? 'patient'} (identity verified), ${conversation.channelId}.`,
      intent ? `Asked for: ${intent}.` : '',
      profile.problem ? `What they told us: ${profile.problem}.` : '',
      answers ? `Answers: ${answers}.` : '',
      profile.redFlags.length ? `Red flags: ${profile.redFlags.join(', ')}.` : '',
      ENDINGS[ending],
      `Transcript: conversation ${conversation.conversationId}.`,
    ]
      .filter(Boolean)
      .join(' '),
  };
}
