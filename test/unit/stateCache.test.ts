import { StateCache, type CachedState } from '../../src/store/stateCache';

const item = (n: number) => ({ json: JSON.stringify({ n }), eTag: `e${n}` });

/**
 * One turn of conversation `key` whose message is at `at`: what it was served, after it stored `writes` (if given).
 * It ends at `ends` (the position of its last activity, at + 1 for one reply), or undefined for a turn that failed or
 * that something else wrote to meanwhile.
 */
function turn(cache: StateCache, key: string, at: number, ends: number | undefined, writes?: CachedState) {
  cache.beginTurn(key, at);
  const served = cache.get(key);
  if (writes) cache.set(key, writes);
  cache.endTurn(key, ends);
  return served;
}

describe('StateCache: state kept only while a channel vouches for it', () => {
  it('serves what a turn wrote to the next turn, if its message comes right after that turn ended', () => {
    const cache = new StateCache();
    expect(turn(cache, 'k', 1, 2, item(1))).toBeUndefined();
    // Between turns nothing is served, even to a caller that asks.
    expect(cache.get('k')).toBeUndefined();
    expect(turn(cache, 'k', 3, 4)).toEqual(item(1));
    // A turn that wrote nothing moves the kept state on with it.
    expect(turn(cache, 'k', 5, 6)).toEqual(item(1));
  });

  it('drops the item when the message does not come right after (someone else had a turn)', () => {
    const cache = new StateCache();
    turn(cache, 'k', 1, 2, item(1));
    expect(turn(cache, 'k', 5, 6)).toBeUndefined();
    // Dropped for good, not only skipped: the turn after that reads the store too.
    expect(turn(cache, 'k', 7, 8)).toBeUndefined();
  });

  it('drops the item when a turn ends unclean (failed, or another writer stored activities during it)', () => {
    const cache = new StateCache();
    turn(cache, 'k', 1, undefined, item(1));
    expect(turn(cache, 'k', 3, 4)).toBeUndefined();
    turn(cache, 'k', 5, 6, item(2));
    turn(cache, 'k', 7, undefined);
    expect(turn(cache, 'k', 9, 10)).toBeUndefined();
  });

  it('keeps nothing from two overlapping turns of one conversation: the store decides which write won', () => {
    const cache = new StateCache();
    turn(cache, 'k', 1, 2, item(1));
    cache.beginTurn('k', 3);
    cache.beginTurn('k', 4);
    expect(cache.get('k')).toBeUndefined();
    cache.set('k', item(2));
    cache.endTurn('k', 5);
    cache.set('k', item(3));
    cache.endTurn('k', 3);
    expect(turn(cache, 'k', 6, 7)).toBeUndefined();
    // Once the overlap is over, a clean turn is kept again.
    turn(cache, 'k', 8, 9, item(4));
    expect(turn(cache, 'k', 10, 11)).toEqual(item(4));
  });

  it('tells the welcome turn of a conversation created here (position 0) that nothing is stored yet', () => {
    const cache = new StateCache();
    expect(turn(cache, 'k', 0, 2, item(1))).toBeNull();
    expect(turn(cache, 'k', 3, 4)).toEqual(item(1));
    // A welcome that stores no state: there is still none at the next turn.
    expect(turn(cache, 'quiet', 0, 1)).toBeNull();
    expect(turn(cache, 'quiet', 2, 3)).toBeNull();
    // Only at position 0: a later turn of a conversation this instance knows nothing about reads the store.
    expect(turn(cache, 'other', 1, 2)).toBeUndefined();
    // And not while another turn of the conversation is open here.
    cache.beginTurn('both', 0);
    cache.beginTurn('both', 0);
    expect(cache.get('both')).toBeUndefined();
  });

  it('never keeps state outside a turn of its conversation (SMS, phone and user state are always read)', () => {
    const cache = new StateCache();
    cache.set('sms/conversations/x/', item(1));
    expect(turn(cache, 'sms/conversations/x/', 1, 2)).toBeUndefined();
  });

  it('forgets the least recently stored conversation beyond its capacity, and on drop', () => {
    const cache = new StateCache(2);
    for (const key of ['a', 'b', 'c']) turn(cache, key, 1, 2, item(key.charCodeAt(0)));
    expect(turn(cache, 'a', 3, 4)).toBeUndefined();
    expect(turn(cache, 'b', 3, 4)).toEqual(item(98));
    cache.drop('c');
    expect(turn(cache, 'c', 3, 4)).toBeUndefined();
  });
});
