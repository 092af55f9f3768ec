import { LinearModel } from '../../../src/intents/linearModel';

const examples = [
  { features: ['w:cancel', 'w:visit'], label: 'cancel' },
  { features: ['w:cancel', 'w:appoint'], label: 'cancel' },
  { features: ['w:move', 'w:visit'], label: 'change' },
  { features: ['w:chang', 'w:appoint'], label: 'change' },
  { features: ['w:hello'], label: 'greeting' },
  { features: ['w:hi', 'w:there'], label: 'greeting' },
];

describe('LinearModel ensemble', () => {
  it('averages the weights of models trained with different shuffling seeds', () => {
    const single = [42, 42 + 7919, 42 + 2 * 7919].map((seed) => LinearModel.train(examples, { seed, epochs: 3 }));
    const averaged = LinearModel.train(examples, { seed: 42, epochs: 3, ensemble: 3 });
    for (const features of [['w:cancel', 'w:visit'], ['w:hello'], ['w:move', 'w:appoint']]) {
      const expected = single
        .map((m) => m.logits(features))
        .reduce((sum, l) => sum.map((x, c) => x + l[c] / 3), [0, 0, 0]);
      expect([...averaged.logits(features)].map((x) => Number(x.toFixed(4)))).toEqual(
        expected.map((x) => Number(x.toFixed(4))),
      );
    }
  });

  it('with different seeds the single models differ, so the average is not one of them', () => {
    const a = LinearModel.train(examples, { seed: 42, epochs: 3 });
    const b = LinearModel.train(examples, { seed: 42 + 7919, epochs: 3 });
    expect([...a.logits(['w:visit'])]).not.toEqual([...b.logits(['w:visit'])]);
  });
});
