import { StateCache } from '../../src/store/stateCache';

const item = (n: number) => ({ json: JSON.stringify({ n }), eTag: `e${n}` });

describe('StateCache: state kept only while a channel vouches for it', () => {
  it('serves what was written in a clean turn to the next turn the channel says follows on', () => {
    const cache = new StateCache();
    cache.beginTurn('k', false);
    expect(cache.get('k')).toBeUndefined();
    cache.set('k', item(1));
    cache.endTurn('k', true);
    // Between turns nothing is served, even to a caller that asks.
    expect(cache.get('k')).toBeUndefined();
    cache.beginTurn('k', true);
    expect(cache.get('k')).toEqual(item(1));
    cache.endTurn('k', true);
  });

  it('drops the item when the next turn cannot be shown to follow on (someone else had a turn)', () => {
    const cache = new StateCache();
    cache.beginTurn('k', false);
    cache.set('k', item(1));
    cache.endTurn('k', true);
    cache.beginTurn('k', false);
    expect(cache.get('k')).toBeUndefined();
    cache.endTurn('k', true);
    cache.beginTurn('k', true);
    expect(cache.get('k')).toBeUndefined();
  });

  it('drops the item when a turn ends unclean (failed, or another writer stored activities during it)', () => {
    const cache = new StateCache();
    cache.beginTurn('k', false);
    cache.set('k', item(1));
    cache.endTurn('k', false);
    cache.beginTurn('k', true);
    expect(cache.get('k')).toBeUndefined();
  });

  it('keeps nothing from two overlapping turns of one conversation: the store decides which write won', () => {
    const cache = new StateCache();
    cache.beginTurn('k', false);
    cache.set('k', item(1));
    cache.endTurn('k', true);
    cache.beginTurn('k', true);
    cache.beginTurn('k', false);
    expect(cache.get('k')).toBeUndefined();
    cache.set('k', item(2));
    cache.endTurn('k', true);
    cache.set('k', item(3));
    cache.endTurn('k', true);
    cache.beginTurn('k', true);
    expect(cache.get('k')).toBeUndefined();
    cache.endTurn('k', true);
    // Once the overlap is over, a clean turn is kept again.
    cache.beginTurn('k', true);
    cache.set('k', item(4));
    cache.endTurn('k', true);
    cache.beginTurn('k', true);
    expect(cache.get('k')).toEqual(item(4));
  });

  it('never keeps state outside a turn of its conversation (SMS, phone and user state are always read)', () => {
    const cache = new StateCache();
    cache.set('sms/conversations/x/', item(1));
    cache.beginTurn('sms/conversations/x/', true);
    expect(cache.get('sms/conversations/x/')).toBeUndefined();
  });

  it('forgets the least recently stored conversation beyond its capacity, and on drop', () => {
    const cache = new StateCache(2);
    for (const key of ['a', 'b', 'c']) {
      cache.beginTurn(key, false);
      cache.set(key, item(key.charCodeAt(0)));
      cache.endTurn(key, true);
    }
    const served = (key: string) => {
      cache.beginTurn(key, true);
      const kept = cache.get(key);
      cache.endTurn(key, true);
      return kept;
    };
    expect(served('a')).toBeUndefined();
    expect(served('b')).toEqual(item(98));
    cache.drop('c');
    expect(served('c')).toBeUndefined();
  });
});
