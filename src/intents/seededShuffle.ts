/**
 * A small linear-congruential generator: the same seed always gives the same numbers, so training shuffles and
 * cross-validation folds are repeatable run to run and machine to machine.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** Fisher–Yates, in place. */
export function shuffleInPlace<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/**
 * Each example's fold, 0 to `folds - 1`: in a shuffle drawn from `seed`, each label's examples are dealt round the
 * folds in turn, so every fold holds about the same share of every label.
 */
export function stratifiedFolds(labels: string[], folds: number, seed: number): number[] {
  const order = shuffleInPlace(
    labels.map((_, i) => i),
    seededRandom(seed),
  );
  const dealt = new Map<string, number>();
  const foldOf = new Array<number>(labels.length);
  for (const i of order) {
    const n = dealt.get(labels[i]) ?? 0;
    dealt.set(labels[i], n + 1);
    foldOf[i] = n % folds;
  }
  return foldOf;
}
