import type { Activity } from 'botbuilder';
import { z } from 'zod';
import { readContentFile, reviewSchema } from '../../content/readContentFile';
import type { RedFlagHit } from '../../intents';
import type { Logger } from '../../observability/logger';
import type { StoreHealth } from '../../store/storeHealth';
import { activityIdOf, sequenceOf, type ActivityLog, type ActivityPage } from './activityLog';
import { BOT_ACCOUNT, DIRECT_LINE_CHANNEL } from './directLineAdapter';

const storeFreeSchema = z.object({
  review: reviewSchema,
  messages: z.object({
    dutyClinician: z.object({ text: z.string().min(1) }),
    noDutyClinician: z.object({ text: z.string().min(1) }),
    unavailable: z.object({ text: z.string().min(1) }),
  }),
});
export type StoreFreeWording = z.infer<typeof storeFreeSchema>['messages'];

export function loadStoreFreeWording(): StoreFreeWording {
  return readContentFile('prompts/store-free.yaml', storeFreeSchema).messages;
}

export interface DutyNow {
  name: string;
  role: string;
  phone: string;
}

/** What the store-free answer needs, all held in memory: the red-flag screen, the rota, the wording. */
export interface StoreFreeSafety {
  screen(text: string): RedFlagHit[];
  dutyNow(): DutyNow | undefined;
  hubPhone: string;
  wording: StoreFreeWording;
  /** Where the hub hears of an emergency or urgent chat once the store is back (idempotent on the key). */
  escalate?(input: { conversationId: string; activityId: string; flag: RedFlagHit; text: string }): Promise<void>;
}

interface Held {
  userId: string;
  /** The conversation was started while the store was down, so it has no record there yet. */
  unrecorded: boolean;
  activities: Activity[];
  flags: { activityId: string; flag: RedFlagHit; text: string }[];
  /** Whether any client has read them: until then they may be renumbered to follow what a client has. */
  delivered: boolean;
}

/** Conversations and activities held at once; beyond these a store-free turn is still answered but not kept. */
const MAX_CONVERSATIONS = 5000;
const MAX_PER_CONVERSATION = 200;

const fill = (text: string, vars: Record<string, string>) =>
  text.replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);

/**
 * Web chat's safety path when the store cannot be reached. The turn is answered from memory: the red-flag screen's
 * 999 advice (or the words for an urgent need), and the duty clinician's number from the rota held in memory. The
 * message and the answer are held here, numbered after the last activity this instance knows of, so polling and
 * WebSockets deliver them; when the store answers again they are written to the conversation's log (the numbers kept
 * where still free), and any red flag is put on the hub's queue.
 */
export class HeldTurns {
  private readonly held = new Map<string, Held>();
  private flushing?: Promise<void>;

  constructor(
    private readonly log: ActivityLog,
    private readonly health: StoreHealth,
    private readonly safety: StoreFreeSafety,
    private readonly logger: Logger,
    private readonly nudge: (conversationId: string) => void,
  ) {
    health.onRecovered(() => void this.flush());
  }

  has(conversationId: string): boolean {
    return this.held.has(conversationId);
  }

  /** How many conversations wait to be written. */
  size(): number {
    return this.held.size;
  }

  /** A conversation started while the store is down: its welcome is the store-free one. */
  start(conversationId: string, userId: string): void {
    if (this.held.has(conversationId)) return;
    const welcome = this.botMessage(conversationId, userId, this.safety.wording.unavailable.text);
    this.hold(conversationId, userId, true, [welcome], 1);
  }

  /**
   * Answers a message without the store. `stored` is the message as already written to the log, if it was; else it
   * is held too. Returns the message's id.
   */
  answer(conversationId: string, userId: string, message: Partial<Activity>, stored?: Activity): string {
    const text = message.type === 'message' ? (message.text ?? '') : '';
    const flags = text ? this.screenSafely(text) : [];
    const emergency = flags.find((f) => f.disposition === 'emergency_999');
    const urgent = flags.find((f) => f.disposition === 'urgent_2h');
    const first = emergency ?? urgent;
    const duty = this.safety.dutyNow();
    const lines = [
      first ? first.message : this.safety.wording.unavailable.text,
      duty
        ? fill(this.safety.wording.dutyClinician.text, { ...duty })
        : fill(this.safety.wording.noDutyClinician.text, { hubPhone: this.safety.hubPhone }),
    ];
    const messageId =
      stored?.id ?? this.hold(conversationId, userId, false, [{ ...message, timestamp: new Date() } as Activity])[0];
    const replies = lines.map((line) => ({ ...this.botMessage(conversationId, userId, line), replyToId: messageId }));
    this.hold(conversationId, userId, false, replies, stored ? sequenceOf(stored.id)! + 1 : undefined);
    if (first) this.held.get(conversationId)?.flags.push({ activityId: messageId, flag: first, text });
    this.logger.warn(
      { event: 'directline.store_free_turn', redFlag: first?.id, disposition: first?.disposition ?? 'none' },
      'answered without the store',
    );
    return messageId;
  }

  /** Activities after `watermark`: the log's, then those held, so a client sees one gap-free sequence. */
  async since(conversationId: string, watermark: number, limit = 100): Promise<ActivityPage> {
    const held = this.held.get(conversationId);
    let page: ActivityPage = { activities: [], watermark };
    if (!held || !this.health.isDown()) {
      try {
        page = await this.log.since(conversationId, watermark, limit);
      } catch (err) {
        if (!held) throw err;
        void this.health.reportFailure();
      }
    }
    if (!held) return page;
    // This instance did not know the conversation's last number (a restart, or another instance served it): the
    // client's watermark is the best knowledge there is, so the held activities follow it.
    const firstHeld = sequenceOf(held.activities[0]?.id);
    if (!held.delivered && firstHeld !== undefined && firstHeld <= page.watermark) {
      this.renumber(conversationId, held, page.watermark + 1);
    }
    const activities = [...page.activities];
    let seq = page.watermark;
    for (const activity of held.activities) {
      if (activities.length >= limit) break;
      if (sequenceOf(activity.id) !== seq + 1) continue;
      activities.push(activity);
      seq++;
      held.delivered = true;
    }
    return { activities, watermark: seq };
  }

  /** Writes every held conversation to the store; what fails stays held for the next try. */
  flush(): Promise<void> {
    this.flushing ??= (async () => {
      for (const [conversationId, held] of [...this.held]) {
        try {
          if (held.unrecorded) await this.log.start(conversationId, held.userId);
          const first = sequenceOf(held.activities[0].id)!;
          const stored = await this.log.appendFrom(conversationId, first, held.activities);
          for (const { activityId, flag, text } of held.flags) {
            // The id the message was given when it was written, which differs if someone else took its number.
            const index = held.activities.findIndex((a) => a.id === activityId);
            const id = index >= 0 ? (stored[index]?.id ?? activityId) : activityId;
            await this.safety.escalate?.({ conversationId, activityId: id, flag, text });
          }
          this.held.delete(conversationId);
          this.nudge(conversationId);
          this.logger.info({ event: 'directline.held_turns_written', activities: stored.length }, 'held turns written');
        } catch (err) {
          this.logger.error({ err, event: 'directline.held_turns_failed' }, 'could not write held turns yet');
          void this.health.reportFailure();
          break;
        }
      }
    })().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private screenSafely(text: string): RedFlagHit[] {
    try {
      return this.safety.screen(text);
    } catch (err) {
      this.logger.error({ err, event: 'directline.store_free_screen_failed' }, 'red-flag screen failed');
      return [];
    }
  }

  /** Holds activities after what is already held, or from `from`, or after the last activity this instance knows. */
  private hold(
    conversationId: string,
    userId: string,
    unrecorded: boolean,
    activities: Activity[],
    from?: number,
  ): string[] {
    let held = this.held.get(conversationId);
    if (!held) {
      held = { userId, unrecorded, activities: [], flags: [], delivered: false };
      if (this.held.size < MAX_CONVERSATIONS) this.held.set(conversationId, held);
    }
    const last = held.activities.at(-1);
    let seq = last ? sequenceOf(last.id)! + 1 : (from ?? this.log.knownHead(conversationId) + 1);
    const ids: string[] = [];
    for (const activity of activities) {
      const id = activityIdOf(conversationId, seq++);
      ids.push(id);
      if (held.activities.length < MAX_PER_CONVERSATION) held.activities.push({ ...activity, id });
    }
    this.nudge(conversationId);
    return ids;
  }

  private renumber(conversationId: string, held: Held, from: number): void {
    const ids = new Map<string, string>();
    held.activities = held.activities.map((activity, i) => {
      const id = activityIdOf(conversationId, from + i);
      ids.set(activity.id!, id);
      return { ...activity, id };
    });
    for (const activity of held.activities) {
      if (activity.replyToId && ids.has(activity.replyToId)) activity.replyToId = ids.get(activity.replyToId);
    }
    for (const f of held.flags) f.activityId = ids.get(f.activityId) ?? f.activityId;
  }

  private botMessage(conversationId: string, userId: string, text: string): Activity {
    return {
      type: 'message',
      text,
      channelId: DIRECT_LINE_CHANNEL,
      conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
      from: { ...BOT_ACCOUNT },
      recipient: { id: userId, name: '', role: 'user' },
      timestamp: new Date(),
    } as Activity;
  }
}
