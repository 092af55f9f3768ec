export interface Pair {
  gold: string;
  predicted: string;
}

export interface PerLabel {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** Precision, recall and F1 for every label that appears as gold or prediction. */
export function perLabel(pairs: Pair[]): PerLabel[] {
  const labels = [...new Set(pairs.flatMap((p) => [p.gold, p.predicted]))].sort();
  return labels.map((label) => {
    const tp = pairs.filter((p) => p.gold === label && p.predicted === label).length;
    const predicted = pairs.filter((p) => p.predicted === label).length;
    const support = pairs.filter((p) => p.gold === label).length;
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, precision, recall, f1, support };
  });
}

/** Mean F1 over the labels that occur in the gold data. */
export function macroF1(pairs: Pair[]): number {
  const rows = perLabel(pairs).filter((r) => r.support > 0);
  return rows.reduce((sum, r) => sum + r.f1, 0) / (rows.length || 1);
}
