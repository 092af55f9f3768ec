import type { Connection } from 'mongoose';
import type { CallOutcome } from '../integrations/twilio/callOutcomes';
import type { QueueItem } from './queueModel';

/** One line of an item's phone history, as the console shows it; the clinician by name, never a phone number. */
export interface CallHistoryLine {
  at: Date;
  outcome: CallOutcome['outcome'];
  /** Twilio's status word (no-answer, busy, completed, …) as reported. */
  status?: string;
  clinician?: string;
  durationSeconds?: number;
}

/** How far back a failed transfer still makes an open item "call-back needed" in the queue filter. */
const CALLBACK_WINDOW_MS = 14 * 86400000;

/**
 * Reads the phone line's `call_outcomes` for the hub: the transfer history of an item, and which open items are waiting
 * for a call-back because nobody on the rota answered. The phone integration writes these; the hub only reads them.
 * Each query is an equality on one top-level field, which the embedded store selects in SQLite (README, "What we need
 * from MongoDB"), rather than an `$or` it would filter document by document.
 */
export class CallHistory {
  constructor(
    private readonly connection: Connection,
    private readonly clinicianName: (id: string) => string | undefined,
  ) {}

  private get outcomes() {
    return this.connection.collection<CallOutcome>('call_outcomes');
  }

  /**
   * Everything recorded for the item, oldest first: its transfer attempts (by queue item) and, for a phone item, how
   * the call itself ended (recorded against the call, whose id is the item's conversation id).
   */
  async forItem(item: Pick<QueueItem, '_id' | 'conversation'>): Promise<CallHistoryLine[]> {
    const byItem = await this.outcomes.find({ queueItemId: item._id }).toArray();
    const byCall =
      item.conversation.channelId === 'voice'
        ? await this.outcomes.find({ callSid: item.conversation.conversationId }).toArray()
        : [];
    const seen = new Set<string>();
    return [...byItem, ...byCall]
      .filter((o) => !seen.has(o._id) && seen.add(o._id))
      .sort((a, b) => a.at.getTime() - b.at.getTime())
      .map((o) => ({
        at: o.at,
        outcome: o.outcome,
        status: o.status,
        clinician: o.clinicianId ? (this.clinicianName(o.clinicianId) ?? o.clinicianId) : undefined,
        durationSeconds: o.durationSeconds,
      }));
  }

  /**
   * For each of these items, when the phone line last recorded that nobody could be reached (a failed transfer, or a
   * caller who hung up waiting); the caller is then owed a call-back.
   */
  async callbackNeededSince(itemIds: string[]): Promise<Map<string, Date>> {
    const found = new Map<string, Date>();
    if (!itemIds.length) return found;
    const wanted = new Set(itemIds);
    const rows = await this.outcomes
      .find({ outcome: 'callback_needed', queueItemId: { $in: itemIds } }, { projection: { queueItemId: 1, at: 1 } })
      .toArray();
    for (const row of rows) {
      if (!row.queueItemId || !wanted.has(row.queueItemId)) continue;
      const known = found.get(row.queueItemId);
      if (!known || row.at > known) found.set(row.queueItemId, row.at);
    }
    return found;
  }

  /** Items with a recent failed transfer: candidates for the queue's "call-back needed" filter. */
  async recentCallbackItemIds(now: Date): Promise<string[]> {
    const rows = await this.outcomes
      .find(
        { outcome: 'callback_needed', at: { $gte: new Date(now.getTime() - CALLBACK_WINDOW_MS) } },
        { projection: { queueItemId: 1 } },
      )
      .toArray();
    return [...new Set(rows.map((r) => r.queueItemId).filter((id): id is string => !!id))];
  }
}

/** Still owed a call-back: open, and nobody has called back since the phone line gave up. */
export function needsCallback(item: Pick<QueueItem, 'status' | 'history'>, since: Date | undefined): boolean {
  if (!since || !['new', 'claimed', 'in_progress'].includes(item.status)) return false;
  return !item.history.some((e) => e.action === 'called_back' && e.at >= since);
}
