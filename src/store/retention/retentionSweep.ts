import type { Connection, mongo } from 'mongoose';
import { runEvery } from '../../hub/runEvery';
import type { Logger } from '../../observability/logger';
import { cutoff, type RetentionPolicy, type TranscriptRule } from './retentionPolicy';

/** A conversation as its collection keeps it: web chat's by its id alone, phone and SMS transcripts by channel too. */
interface Conversation {
  _id: string;
  conversationId?: string;
  channelId?: string;
}
const idOf = (c: Conversation) => c.conversationId ?? c._id;

/** Conversations looked at per page when deciding which transcripts were filed. */
const PAGE = 500;
/** The first sweep after start waits this long, so starting (and every test that starts the app) stays quick. */
const FIRST_SWEEP_DELAY_MS = 60000;

/**
 * Enforces the retention policy: deletes what has been kept for its period (issue 21 item 7: the webhook ledger,
 * whose stored replies hold names and visits, login failures and transcripts were kept for ever). Each instance sweeps;
 * deletes are idempotent, so instances sweeping at once only repeat each other's work.
 */
export class RetentionSweep {
  private readonly db: mongo.Db;

  constructor(
    connection: Connection,
    private readonly policy: RetentionPolicy,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.db = connection.getClient().db(connection.name);
  }

  /** Deletes everything past its period; returns how many documents each rule deleted (rules that deleted none left out). */
  async sweep(): Promise<Record<string, number>> {
    const now = this.now();
    const deleted: Record<string, number> = {};
    // Unfiled transcripts first: the record's rules below would otherwise keep them as long as filed ones.
    for (const rule of this.policy.unfiledTranscripts) {
      const count = await this.deleteUnfiled(rule, cutoff(rule.days, now));
      if (count) deleted[rule.name] = count;
    }
    for (const rule of this.policy.rules) {
      const filter = { [rule.field]: { $lt: cutoff(rule.days, now) }, ...rule.filter };
      const { deletedCount } = await this.db.collection(rule.collection).deleteMany(filter);
      if (deletedCount) deleted[rule.name] = (deleted[rule.name] ?? 0) + deletedCount;
    }
    if (Object.keys(deleted).length) {
      this.logger.info({ event: 'retention.swept', deleted }, 'deleted what was past its retention period');
    }
    return deleted;
  }

  /** Sweeps a minute after start, then every `intervalMs`, until the returned stop function is called. */
  start(intervalMs: number): () => void {
    const failed = (err: unknown) => this.logger.error({ err, event: 'retention.failed' }, 'retention sweep failed');
    const first = setTimeout(() => void this.sweep().catch(failed), FIRST_SWEEP_DELAY_MS);
    first.unref();
    const stop = runEvery(intervalMs, () => this.sweep(), failed);
    return () => {
      clearTimeout(first);
      stop();
    };
  }

  /**
   * Conversations begun before `before` that the hub has no queue item for (no escalation, referral or takeover: the
   * transcript never became part of anyone's record), with their activities.
   */
  private async deleteUnfiled(rule: TranscriptRule, before: Date): Promise<number> {
    const conversations = this.db.collection<Conversation>(rule.conversations);
    const activities = this.db.collection(rule.activities);
    let deleted = 0;
    let after = '';
    for (;;) {
      const page = await conversations
        .find(
          { [rule.createdField]: { $lt: before }, _id: { $gt: after } },
          { projection: { conversationId: 1, channelId: 1 } },
        )
        .sort({ _id: 1 })
        .limit(PAGE)
        .toArray();
      if (page.length === 0) return deleted;
      after = page[page.length - 1]._id;
      const filed = new Set(
        (
          await this.db
            .collection<{ conversation: { conversationId: string } }>('queue_items')
            .find(
              { 'conversation.conversationId': { $in: page.map(idOf) } },
              { projection: { 'conversation.conversationId': 1 } },
            )
            .toArray()
        ).map((item) => item.conversation.conversationId),
      );
      const unfiled = page.filter((c) => !filed.has(idOf(c)));
      if (unfiled.length === 0) continue;
      // Phone and SMS transcripts name their channel, and their activities are kept by channel and conversation.
      for (const channelId of new Set(unfiled.map((c) => c.channelId))) {
        const ids = unfiled.filter((c) => c.channelId === channelId).map(idOf);
        await activities.deleteMany({ conversationId: { $in: ids }, ...(channelId ? { channelId } : {}) });
      }
      const { deletedCount } = await conversations.deleteMany({ _id: { $in: unfiled.map((c) => c._id) } });
      deleted += deletedCount;
      if (page.length < PAGE) return deleted;
    }
  }
}
