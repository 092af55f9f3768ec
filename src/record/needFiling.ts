import type { NeedToFile } from './ports';

/**
 * Where a communication need the patient agreed to have on their record goes: the record outbox, which retries until
 * the record accepts. `queueItemId` is the hand-off whose item shows whether the need is on the record.
 */
export interface NeedFiling {
  owe(key: string, need: NeedToFile, queueItemId?: string): Promise<void>;
}

/** One need agreed in one conversation: a retried turn owes it once. */
export function needKey(conversationId: string, need: string): string {
  return `need:${conversationId}:${need}`;
}
