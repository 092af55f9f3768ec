import type { TurnContext } from 'botbuilder';

/** A state item as stored: its JSON text and the eTag it was stored with. */
export interface CachedState {
  json: string;
  eTag: string;
}

interface KeptItem {
  /** What is stored, or nothing: the conversation was created here and no state has been stored for it yet. */
  stored?: CachedState;
  /** The channel's position of the conversation when the turn that wrote it ended clean; unset until then. */
  through?: number;
}

interface OpenTurns {
  count: number;
  /** Two turns of one conversation overlapped here: whichever writes last wins in the store, so neither is kept. */
  overlapped: boolean;
}

/**
 * Bot state this instance wrote last, kept only for conversations whose turns the channel can prove nobody else has
 * had since, so such a turn starts without reading the store.
 *
 * The proof is the channel's, not the cache's. The channel numbers each conversation's activities without gaps (Direct
 * Line: see DirectLineAdapter) and tells the cache where a turn's message is and, if nothing else wrote to the
 * conversation during the turn, where the turn ended. An item is served only to a turn whose message comes right after
 * the end of the turn that wrote it, and only while a turn of its conversation is open, so state no channel vouches for
 * (SMS, phone, user state) is always read from the store. Any doubt drops the item: the store stays the truth, and the
 * cache only saves a read.
 */
export class StateCache {
  private readonly items = new Map<string, KeptItem>();
  private readonly open = new Map<string, OpenTurns>();

  constructor(private readonly capacity = 20000) {}

  /**
   * A turn of the conversation whose state is `key` starts; its message is at position `at`. Position 0 is before
   * anything was stored: the turn that welcomes a conversation this instance has just created (by an insert only one
   * instance can make), so no state can have been stored for it anywhere and the turn need not look.
   */
  beginTurn(key: string, at: number): void {
    const turns = this.open.get(key);
    if (turns) {
      turns.count++;
      turns.overlapped = true;
      this.items.delete(key);
      return;
    }
    this.open.set(key, { count: 1, overlapped: false });
    if (at === 0) this.keep(key, {});
    else if (this.items.get(key)?.through !== at - 1) this.items.delete(key);
  }

  /** The turn ended at position `last`, or undefined if it failed or anything else wrote to the conversation meanwhile. */
  endTurn(key: string, last: number | undefined): void {
    const turns = this.open.get(key);
    if (!turns) return;
    const item = this.items.get(key);
    if (last === undefined || turns.overlapped) this.items.delete(key);
    else if (item) item.through = last;
    if (--turns.count === 0) this.open.delete(key);
  }

  /**
   * The kept item, only during a turn of its conversation that follows on from the turn that wrote it: null when
   * nothing is stored for the conversation yet, undefined when the store must be read.
   */
  get(key: string): CachedState | null | undefined {
    const turns = this.open.get(key);
    const item = turns && !turns.overlapped ? this.items.get(key) : undefined;
    if (!item) return undefined;
    return item.stored ? { json: item.stored.json, eTag: item.stored.eTag } : null;
  }

  /** Keeps what this instance just stored, if a turn of its conversation is open. */
  set(key: string, item: CachedState): void {
    const turns = this.open.get(key);
    if (!turns || turns.overlapped) return;
    this.keep(key, { stored: { json: item.json, eTag: item.eTag } });
  }

  drop(key: string): void {
    this.items.delete(key);
  }

  private keep(key: string, item: KeptItem): void {
    this.items.delete(key);
    this.items.set(key, item);
    if (this.items.size > this.capacity) this.items.delete(this.items.keys().next().value as string);
  }
}

/** What a channel needs to let a turn start from kept state: the cache, and where a turn's state is stored. */
export interface KeptState {
  cache: StateCache;
  /** The conversation state's storage key for a turn (the bot's ConversationState.getStorageKey). */
  keyOf(context: TurnContext): string | undefined;
}
