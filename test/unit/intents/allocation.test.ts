/**
 * What issue 16's allocation cuts rely on: state kept between messages (stems, a word's forms, the classifier's term
 * counts) must give each message the same reading as a fresh start, and stay bounded.
 */
import { WordReader } from '../../../src/intents/findings/messageWords';
import { LinearModel } from '../../../src/intents/linearModel';
import { PorterStemmer, porterStem, STEMS_KEPT, stemsKept } from '../../../src/intents/naturalLib';

describe('porterStem', () => {
  it("is Porter's stem", () => {
    for (const word of ['breathing', 'appointments', 'caring', 'generalisation', 'a', 'ok'])
      expect(porterStem(word)).toBe(PorterStemmer.stem(word));
  });

  it(`keeps at most ${STEMS_KEPT} words, and still stems correctly after emptying`, () => {
    for (let i = 0; i <= STEMS_KEPT + 10; i++) porterStem(`word${i}ing`);
    expect(stemsKept()).toBeLessThanOrEqual(STEMS_KEPT);
    expect(stemsKept()).toBeGreaterThan(0);
    expect(porterStem('swelling')).toBe(PorterStemmer.stem('swelling'));
  });
});

describe('WordReader shares each word’s kept forms', () => {
  it('a joined reading of one message is never kept as the word’s own form in the next', () => {
    const reader = new WordReader(['apixaban']);
    const before = [...reader.read('a').forms[0].keys()];
    // "a pixa ban" is apixaban split by speech recognition: the reading belongs to this message's "a" only.
    expect(reader.read('he takes a pixa ban').forms[2].get('apixaban')).toBe(3);
    expect([...reader.read('a').forms[0].keys()]).toEqual(before);
    expect(reader.read('a').forms[0].has('apixaban')).toBe(false);
  });
});

describe('LinearModel term counts kept between calls', () => {
  const words = Array.from({ length: 300 }, (_, i) => `w:x${i}`);
  // Each example twice, so every feature is frequent enough to be kept.
  const examples = [
    { features: words.slice(0, 150), label: 'one' },
    { features: words.slice(150), label: 'two' },
    { features: ['w:cancel', 'w:visit', 'w:visit'], label: 'one' },
  ].flatMap((e) => [e, e]);
  const train = () => LinearModel.train(examples, { seed: 7, epochs: 2 });

  it('score a message exactly as a fresh model does, after messages with more distinct features than kept room', () => {
    const fresh = train();
    const used = train();
    used.logits([...words, ...words]);
    used.logits(['w:visit', 'w:unknown', 'w:visit']);
    const message = ['w:visit', 'w:cancel', 'w:visit', 'w:x3'];
    expect([...used.logits(message)]).toEqual([...fresh.logits(message)]);
    expect([...used.logits(words)]).toEqual([...fresh.logits(words)]);
  });

  it('count every feature of every message (none left over from training or the message before)', () => {
    const model = train();
    const bias = [...model.logits([])];
    expect([...model.logits(['w:visit'])]).not.toEqual(bias);
    expect([...model.logits(['w:visit'])]).not.toEqual(bias);
    // More distinct features than the room first kept for them: the first ones are still counted after it grows.
    const all = [...model.logits(words)];
    const reversed = [...model.logits([...words].reverse())];
    all.forEach((x, c) => expect(x).toBeCloseTo(reversed[c], 5));
    expect(all).not.toEqual([...model.logits(words.slice(150))]);
  });
});
