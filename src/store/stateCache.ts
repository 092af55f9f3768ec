import type { TurnContext } from 'botbuilder';

/** A state item as stored: its JSON text and the eTag it was stored with. */
export interface CachedState {
  json: string;
  eTag: string;
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
 * The proof is the channel's, not the cache's: it opens a turn saying whether the state kept from this instance's
 * previous turn is still the stored one (Direct Line knows this from its gap-free activity numbers: see
 * DirectLineAdapter), and closes it saying whether anything else touched the conversation meanwhile. An item is kept
 * and served only while a turn of its conversation is open, so state no channel vouches for (SMS, phone, user state)
 * is always read from the store. Any doubt drops the item: the store stays the truth, and the cache only saves a read.
 */
export class StateCache {
  private readonly items = new Map<string, CachedState>();
  private readonly open = new Map<string, OpenTurns>();

  constructor(private readonly capacity = 20000) {}

  /** A turn of the conversation whose state is `key` starts; `current` if the kept item is known to be the stored one. */
  beginTurn(key: string, current: boolean): void {
    const turns = this.open.get(key);
    if (turns) {
      turns.count++;
      turns.overlapped = true;
      this.items.delete(key);
      return;
    }
    this.open.set(key, { count: 1, overlapped: false });
    if (!current) this.items.delete(key);
  }

  /** The turn ended; `clean` if nothing but this turn wrote to the conversation while it ran. */
  endTurn(key: string, clean: boolean): void {
    const turns = this.open.get(key);
    if (!turns) return;
    if (!clean || turns.overlapped) this.items.delete(key);
    if (--turns.count === 0) this.open.delete(key);
  }

  /** The kept item, only during a turn of its conversation that the channel vouched for. */
  get(key: string): CachedState | undefined {
    const turns = this.open.get(key);
    if (!turns || turns.overlapped) return undefined;
    return this.items.get(key);
  }

  /** Keeps what this instance just stored, if a turn of its conversation is open. */
  set(key: string, item: CachedState): void {
    const turns = this.open.get(key);
    if (!turns || turns.overlapped) return;
    this.items.delete(key);
    this.items.set(key, item);
    if (this.items.size > this.capacity) this.items.delete(this.items.keys().next().value as string);
  }

  drop(key: string): void {
    this.items.delete(key);
  }
}

/** What a channel needs to let a turn start from kept state: the cache, and where a turn's state is stored. */
export interface TurnState {
  cache: StateCache;
  /** The conversation state's storage key for a turn (the bot's ConversationState.getStorageKey). */
  keyOf(context: TurnContext): string | undefined;
}
