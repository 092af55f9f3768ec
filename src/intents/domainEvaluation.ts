import { readFileSync } from 'node:fs';
import { DISPOSITIONS, isDisposition, urgencyRank, type Disposition } from '../triage/dispositions';
import type { Understander } from './index';
import { macroF1, perLabel, type PerLabel } from './metrics';

export interface GoldExample {
  text: string;
  intent: string;
  disposition: Disposition;
}

export interface DomainReport {
  n: number;
  accuracy: number;
  macroF1: number;
  noneRecall: number;
  emergencyRecall: number;
  emergencies: number;
  /** Share of clinical messages given a less urgent disposition than the gold one. */
  underTriage: number;
  /** Share of all messages given a more urgent disposition than the gold one. */
  overTriage: number;
  dispositionAccuracy: number;
  perIntent: PerLabel[];
  confusions: { gold: string; predicted: string; count: number; examples: string[] }[];
  missedEmergencies: string[];
  underTriaged: { text: string; gold: Disposition; predicted: Disposition }[];
}

/** Reads a held-out file: JSON Lines of {"text", "intent", "disposition"}. */
export function readGold(file: string): GoldExample[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line, i) => {
      const row = JSON.parse(line) as Partial<GoldExample>;
      if (typeof row.text !== 'string' || typeof row.intent !== 'string' || !isDisposition(String(row.disposition))) {
        throw new Error(
          `${file}:${i + 1}: each line must be {"text", "intent", "disposition"} with a known disposition`,
        );
      }
      return { text: row.text, intent: row.intent, disposition: row.disposition as Disposition };
    });
}

/** Intent and triage quality of the full understanding pipeline (red flags, rules and classifier) on gold data. */
export function evaluateDomain(understander: Understander, gold: GoldExample[]): DomainReport {
  const rows = gold.map((g) => {
    const u = understander.understand(g.text);
    return { ...g, predictedIntent: u.intent as string, predictedDisposition: u.disposition };
  });
  const pairs = rows.map((r) => ({ gold: r.intent, predicted: r.predictedIntent }));
  const ratio = (a: number, b: number) => (b ? a / b : 1);

  const emergencies = rows.filter((r) => r.disposition === 'emergency_999');
  const clinical = rows.filter((r) => r.disposition !== 'none');
  const under = clinical.filter((r) => urgencyRank(r.predictedDisposition) > urgencyRank(r.disposition));
  const over = rows.filter((r) => urgencyRank(r.predictedDisposition) < urgencyRank(r.disposition));
  const none = rows.filter((r) => r.intent === 'none');

  const confusionMap = new Map<string, { gold: string; predicted: string; count: number; examples: string[] }>();
  for (const r of rows.filter((x) => x.intent !== x.predictedIntent)) {
    const key = `${r.intent}→${r.predictedIntent}`;
    const entry = confusionMap.get(key) ?? { gold: r.intent, predicted: r.predictedIntent, count: 0, examples: [] };
    entry.count++;
    if (entry.examples.length < 3) entry.examples.push(r.text);
    confusionMap.set(key, entry);
  }

  return {
    n: rows.length,
    accuracy: ratio(rows.filter((r) => r.intent === r.predictedIntent).length, rows.length),
    macroF1: macroF1(pairs),
    noneRecall: ratio(none.filter((r) => r.predictedIntent === 'none').length, none.length),
    emergencyRecall: ratio(
      emergencies.filter((r) => r.predictedDisposition === 'emergency_999').length,
      emergencies.length,
    ),
    emergencies: emergencies.length,
    underTriage: ratio(under.length, clinical.length),
    overTriage: ratio(over.length, rows.length),
    dispositionAccuracy: ratio(rows.filter((r) => r.disposition === r.predictedDisposition).length, rows.length),
    perIntent: perLabel(pairs),
    confusions: [...confusionMap.values()].sort((a, b) => b.count - a.count),
    missedEmergencies: emergencies.filter((r) => r.predictedDisposition !== 'emergency_999').map((r) => r.text),
    underTriaged: under.map((r) => ({ text: r.text, gold: r.disposition, predicted: r.predictedDisposition })),
  };
}

/** The bar from issue 3; the eval command fails when the held-out split falls below it. */
export const DOMAIN_TARGETS = { emergencyRecall: 1, underTriageMax: 0.03, accuracy: 0.92, noneRecall: 0.85 } as const;

export function targetFailures(report: DomainReport): string[] {
  const failures: string[] = [];
  if (report.emergencyRecall < DOMAIN_TARGETS.emergencyRecall) failures.push('emergency recall below 100%');
  if (report.underTriage > DOMAIN_TARGETS.underTriageMax) failures.push('under-triage above 3%');
  if (report.accuracy < DOMAIN_TARGETS.accuracy) failures.push('intent accuracy below 92%');
  if (report.noneRecall < DOMAIN_TARGETS.noneRecall) failures.push('none recall below 85%');
  return failures;
}

export { DISPOSITIONS };
