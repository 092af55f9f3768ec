import { seededRandom, shuffleInPlace, stratifiedFolds } from '../../../src/intents/seededShuffle';

describe('seeded shuffles and folds', () => {
  it('gives the same numbers for the same seed and different ones for another', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, seededRandom(seed));
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    expect(draw(7).every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('shuffles every item exactly once', () => {
    const items = shuffleInPlace(
      Array.from({ length: 50 }, (_, i) => i),
      seededRandom(3),
    );
    expect([...items].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(items).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it("deals each label's examples round the folds, so every fold has its share of every label", () => {
    const labels = [...Array(9).fill('a'), ...Array(6).fill('b'), 'c'];
    const folds = stratifiedFolds(labels, 3, 42);
    for (const label of ['a', 'b']) {
      const counts = [0, 1, 2].map((f) => folds.filter((fold, i) => fold === f && labels[i] === label).length);
      expect(counts).toEqual(label === 'a' ? [3, 3, 3] : [2, 2, 2]);
    }
    expect(stratifiedFolds(labels, 3, 42)).toEqual(folds);
  });
});
