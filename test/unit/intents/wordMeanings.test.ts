import { WordMeanings } from '../../../src/intents/wordMeanings';
import { featuresOf } from '../../../src/intents/features';
import { LinearModel } from '../../../src/intents/linearModel';

describe('WordMeanings', () => {
  it('gives two words with a shared first sense a shared feature ("buy" and "purchase")', () => {
    const meanings = new WordMeanings({ senses: 1 });
    const shared = meanings.of('buy').filter((f) => meanings.of('purchase').includes(f));
    expect(shared).toHaveLength(1);
    expect(shared[0]).toMatch(/^m:v\d+$/);
  });

  it('skips function words, digits and unknown words', () => {
    const meanings = new WordMeanings({ senses: 3, hypernyms: true, lemmas: true });
    for (const word of ['a', 'can', 'the', 'with', '2019', 'xyzzyq']) expect(meanings.of(word)).toEqual([]);
  });

  it('adds hypernyms and base forms only when asked', () => {
    const plain = new WordMeanings({ senses: 1 }).of('printers');
    expect(plain.every((f) => f.startsWith('m:'))).toBe(true);
    const rich = new WordMeanings({ senses: 1, hypernyms: true, lemmas: true }).of('printers');
    expect(rich).toContain('l:printer');
    expect(rich.some((f) => f.startsWith('h:'))).toBe(true);
  });

  it('lets a word never trained on count through its meaning', () => {
    const meanings = new WordMeanings({ senses: 1 });
    const examples = [
      { features: featuresOf(['buy', 'a', 'ticket'], { meanings }), label: 'buy' },
      { features: featuresOf(['sell', 'a', 'ticket'], { meanings }), label: 'sell' },
    ];
    const model = LinearModel.train(examples, { epochs: 20 });
    const margin = (features: string[]) => {
      const logits = model.logits(features);
      return logits[model.classes.indexOf('buy')] - logits[model.classes.indexOf('sell')];
    };
    // "purchase" looks nothing like "buy": only its meaning can tip it towards "buy".
    const withMeanings = margin(featuresOf(['purchase'], { meanings }));
    expect(withMeanings).toBeGreaterThan(0);
    expect(withMeanings).toBeGreaterThan(margin(featuresOf(['purchase'])));
  });
});

describe('LinearModel feature weights', () => {
  it('scales a kind of feature by its prefix', () => {
    const examples = [
      { features: ['w:a', 'm:x'], label: 'one' },
      { features: ['w:b', 'm:y'], label: 'two' },
    ];
    const full = LinearModel.train(examples, { epochs: 5 });
    const muted = LinearModel.train(examples, { epochs: 5, featureWeights: { m: 0 } });
    const margin = (m: LinearModel, features: string[]) => {
      const l = m.logits(features);
      return l[m.classes.indexOf('one')] - l[m.classes.indexOf('two')];
    };
    expect(margin(full, ['m:x']) - margin(full, [])).toBeGreaterThan(0.1);
    // Weighted 0, the feature is as good as absent: only the biases remain.
    expect(margin(muted, ['m:x'])).toBeCloseTo(margin(muted, []), 6);
  });
});
