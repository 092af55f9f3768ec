import { LinearModel, softmax } from '../../../src/intents/linearModel';

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

/** How far the top class's probability is ahead of the next one's. */
function lead(model: LinearModel, features: string[]): number {
  const p = [...softmax(model.logits(features))].sort((a, b) => b - a);
  return p[0] - p[1];
}

describe('LinearModel options', () => {
  it('nbWeighting lets a word that marks one intent outweigh a word every intent uses', () => {
    const shared = examples.map((e) => ({ ...e, features: [...e.features, 'w:my'] }));
    const plain = LinearModel.train(shared, { epochs: 3 });
    const weighted = LinearModel.train(shared, { epochs: 3, nbWeighting: 1 });
    expect(lead(weighted, ['w:cancel', 'w:my'])).toBeGreaterThan(lead(plain, ['w:cancel', 'w:my']));
  });

  it('classBalance gives an intent with few examples more say on evidence both share', () => {
    const imbalanced = [
      ...Array.from({ length: 6 }, (_, i) => ({ features: ['w:help', `w:big${i}`], label: 'big' })),
      { features: ['w:help', 'w:small'], label: 'small' },
    ];
    const probabilityOfSmall = (m: LinearModel) => softmax(m.logits(['w:help']))[m.classes.indexOf('small')];
    const plain = LinearModel.train(imbalanced, { epochs: 3 });
    const balanced = LinearModel.train(imbalanced, { epochs: 3, classBalance: 1 });
    expect(probabilityOfSmall(balanced)).toBeGreaterThan(probabilityOfSmall(plain));
  });
});
