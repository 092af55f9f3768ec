import { LinearModel, naiveBayesRatios, softmax } from '../../../src/intents/linearModel';

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

  it('nbNormalise false leaves a message of words that mark no intent less sure, and one with a marker surer', () => {
    const shared = examples.map((e) => ({ ...e, features: [...e.features, 'w:my'] }));
    const settings = { epochs: 3, nbWeighting: 1, nbRatio: 'rescaled' as const };
    const normalised = LinearModel.train(shared, settings);
    const scaledAfter = LinearModel.train(shared, { ...settings, nbNormalise: false });
    expect(lead(scaledAfter, ['w:my'])).toBeLessThan(lead(normalised, ['w:my']));
    expect(lead(scaledAfter, ['w:cancel', 'w:my'])).toBeGreaterThan(lead(normalised, ['w:cancel', 'w:my']));
  });

  it('nbNormalise false with every ratio equal is the plain model: training and scoring see the same scale', () => {
    // At a vanishing power every ratio is 1, so the constant that keeps the mean squared length 1 must be exactly 1.
    const plain = LinearModel.train(examples, { epochs: 3 });
    const flat = LinearModel.train(examples, { epochs: 3, nbWeighting: 1e-9, nbNormalise: false });
    for (const features of [['w:cancel', 'w:visit'], ['w:hello'], ['w:move', 'w:appoint']]) {
      const round = (l: Float32Array) => [...l].map((x) => Number(x.toFixed(4)));
      expect(round(flat.logits(features))).toEqual(round(plain.logits(features)));
    }
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

describe('naiveBayesRatios', () => {
  // Ten intents of four utterances. Every utterance has `c:common`, its intent's marker and a word of its own.
  const many = Array.from({ length: 40 }, (_, n) => ({
    features: ['c:common', `w:mark${n % 10}`, `w:own${n}`],
    label: n % 10,
  }));
  const featureIndex = new Map([...new Set(many.flatMap((e) => e.features))].map((f, i) => [f, i]));
  const ratiosOf = (smoothing: 'add-one' | 'rescaled') => {
    const r = naiveBayesRatios(
      many,
      many.map((e) => e.label),
      featureIndex,
      10,
      smoothing,
    );
    return (f: string) => r[featureIndex.get(f) ?? -1];
  };

  it('add-one: with many classes a feature every intent uses still looks like evidence', () => {
    // Each class's rates are shrunk by its pseudo-counts far more than the other nine classes' together.
    expect(ratiosOf('add-one')('c:common')).toBeGreaterThan(1);
  });

  it('rescaled: a feature as common in every intent as in the rest is no evidence at all', () => {
    expect(ratiosOf('rescaled')('c:common')).toBeCloseTo(0.1); // the floor
  });

  it('rescaled: a word in every utterance of one intent outweighs a word seen once', () => {
    const ratio = ratiosOf('rescaled');
    expect(ratio('w:mark3')).toBeCloseTo(Math.log(5));
    expect(ratio('w:own7')).toBeCloseTo(Math.log(2));
  });

  it('rescaled: with two balanced classes it is the add-one ratio', () => {
    const two = [
      { features: ['w:a', 'w:x'], label: 0 },
      { features: ['w:a', 'w:y'], label: 0 },
      { features: ['w:b', 'w:x'], label: 1 },
      { features: ['w:b', 'w:y'], label: 1 },
    ];
    const index = new Map(['w:a', 'w:b', 'w:x', 'w:y'].map((f, i) => [f, i]));
    const labels = two.map((e) => e.label);
    const [addOne, rescaled] = (['add-one', 'rescaled'] as const).map((s) => [
      ...naiveBayesRatios(two, labels, index, 2, s),
    ]);
    expect(rescaled.map((r) => Number(r.toFixed(4)))).toEqual(addOne.map((r) => Number(r.toFixed(4))));
  });
});
