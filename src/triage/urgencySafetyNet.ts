import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CONTENT_DIR, installedVersion, readContentFile, reviewSchema } from '../content/readContentFile';
import { CALIBRATION_CACHE_DIR } from '../intents/calibrationCache';
import { tokenise } from '../intents/features';
import { porterStem } from '../intents/naturalLib';
import { DISPOSITIONS, urgencyRank, type Disposition } from './dispositions';

/* eslint-disable @typescript-eslint/no-require-imports -- natural's parts have no ES entry points */
const BayesClassifier = require('natural/lib/natural/classifiers/bayes_classifier') as new () => {
  classifier: NaiveBayes;
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** natural's naive Bayes model (its `apparatus` classifier), fed sparse examples: feature indices, not a dense vector. */
interface NaiveBayes {
  addExample(observation: Record<string, number>, label: string): void;
  classFeatures: Record<string, Record<number, number>>;
  classTotals: Record<string, number>;
  smoothing: number;
}

/** Why a disposition was raised, kept on the understanding so the console can show it. */
export const SAFETY_NET_REASON = 'learned safety net';

export interface SafetyNetLift {
  reason: typeof SAFETY_NET_REASON;
  /** What the rules had decided. */
  from: Disposition;
  /** The model's probability that the message is a 999 or 2-hour one. */
  probability: number;
}

export interface UrgencyExample {
  text: string;
  disposition: Disposition;
}

const settingsSchema = z.object({
  review: reviewSchema,
  source: z.string().min(1),
  threshold: z.number().gt(0.5).lt(1),
  minCount: z.number().int().min(1),
  ownRoutes: z.array(z.string().min(1)).default([]),
});
export type SafetyNetSettings = Pick<z.infer<typeof settingsSchema>, 'threshold' | 'minCount'> & {
  ownRoutes?: string[];
};

const exampleSchema = z.object({ text: z.string().min(1), disposition: z.enum(DISPOSITIONS) });

const URGENT = (d: Disposition) => d === 'emergency_999' || d === 'urgent_2h';
/** The net only lifts what the rules left at same-day or lower: it never touches a 2-hour or 999 decision. */
const LIFTABLE = (d: Disposition) => urgencyRank(d) >= urgencyRank('same_day');

/** Stemmed words and stemmed word pairs of a normalised message, each once. */
export function urgencyFeatures(normalised: string): string[] {
  const stems = tokenise(normalised).map(porterStem);
  const out = stems.map((s) => `w:${s}`);
  for (let i = 1; i < stems.length; i++) out.push(`b:${stems[i - 1]}_${stems[i]}`);
  return [...new Set(out)];
}

/**
 * A learned second look at urgency (issue 16, hazard H225): the rules miss 2-hour and 999 cases told in words nobody
 * wrote a rule for, and tuning the rules on one writer stopped transferring to the next. A model of how 999 and
 * 2-hour messages read, trained on thousands of writers' labelled messages, lifts a message the rules sent to
 * same-day or lower to urgent_2h when it is confident. It is trained from content at start-up, not built into a
 * file by a script, so it is always in step with the examples and with the normaliser its features come through;
 * training is counting (naive Bayes: no seed, no iterations), so the same examples give the same model, and its
 * weights are kept between starts (`load`). It never lowers a disposition and never gives 999.
 */
export class UrgencySafetyNet {
  private constructor(
    /** Each feature's log-likelihood ratio, urgent against the rest. */
    private readonly weights: Map<string, number>,
    private readonly prior: number,
    readonly threshold: number,
    /** Intents whose own journey already asks about immediate danger and reaches a person (safeguarding). */
    private readonly ownRoutes: ReadonlySet<string> = new Set(),
  ) {}

  /**
   * From content/triage/urgency-net.yaml and the examples beside it. Normalising seven thousand examples is most of
   * the training, so the trained weights are kept under .cache/understander/, named by a hash of everything they are
   * built from (the examples, the settings, the normalisation lists, this code and the intents code that normalises,
   * tokenises and stems, natural's version): any change trains afresh, and the same inputs give the same model.
   */
  static load(normalise: (text: string) => string, cacheDir = CALIBRATION_CACHE_DIR): UrgencySafetyNet {
    const settings = readContentFile('triage/urgency-net.yaml', settingsSchema);
    const examplesText = readFileSync(path.join(CONTENT_DIR, 'triage', 'urgency-examples', 'examples.jsonl'), 'utf8');
    const file = path.join(cacheDir, `urgency-net-${cacheKey(examplesText, settings)}.json`);
    const kept = readKept(file);
    if (kept)
      return new UrgencySafetyNet(new Map(kept.weights), kept.prior, settings.threshold, new Set(settings.ownRoutes));
    const examples = examplesText
      .split('\n')
      .filter((l) => l.trim())
      .map((l, i) => {
        const parsed = exampleSchema.safeParse(JSON.parse(l));
        if (!parsed.success) throw new Error(`content/triage/urgency-examples/examples.jsonl:${i + 1}: invalid`);
        return parsed.data;
      });
    const net = UrgencySafetyNet.train(
      examples.map((e) => ({ features: urgencyFeatures(normalise(e.text)), urgent: URGENT(e.disposition) })),
      settings,
    );
    writeKept(file, { prior: net.prior, weights: [...net.weights] });
    return net;
  }

  /** natural's BayesClassifier over the examples' features, "999 or 2-hour" against everything else. */
  static train(examples: { features: string[]; urgent: boolean }[], settings: SafetyNetSettings): UrgencySafetyNet {
    const seen = new Map<string, number>();
    for (const e of examples) for (const f of e.features) seen.set(f, (seen.get(f) ?? 0) + 1);
    const index = new Map<string, number>();
    for (const [f, n] of seen) if (n >= settings.minCount) index.set(f, index.size);
    // natural's own wrapper turns every document into a dense vector over the whole vocabulary (minutes here): its
    // model takes sparse examples directly.
    const nb = new BayesClassifier().classifier;
    for (const e of examples) {
      const sparse: Record<string, number> = {};
      let k = 0;
      for (const f of e.features) {
        const i = index.get(f);
        if (i !== undefined) sparse[k++] = i;
      }
      nb.addExample(sparse, e.urgent ? 'urgent' : 'other');
    }
    if (!nb.classTotals.urgent || !nb.classTotals.other) throw new Error('urgency examples need both kinds');
    const logp = (label: string, i: number) =>
      Math.log((nb.classFeatures[label][i] ?? nb.smoothing) / nb.classTotals[label]);
    const weights = new Map<string, number>();
    for (const [f, i] of index) weights.set(f, logp('urgent', i) - logp('other', i));
    return new UrgencySafetyNet(
      weights,
      Math.log(nb.classTotals.urgent / nb.classTotals.other),
      settings.threshold,
      new Set(settings.ownRoutes ?? []),
    );
  }

  /** The model's probability that a normalised message is a 999 or 2-hour one. */
  probability(normalised: string): number {
    let z = this.prior;
    for (const f of urgencyFeatures(normalised)) z += this.weights.get(f) ?? 0;
    return 1 / (1 + Math.exp(-z));
  }

  /**
   * The lift to urgent_2h for a message the rules decided `disposition` for, or undefined when there is none. A
   * message whose intent has its own route (a safeguarding concern) is left to it: lifted, it was taken into the
   * clinical danger-sign questions instead of the safeguarding journey, which asks about danger now itself.
   */
  lift(disposition: Disposition, normalised: string, intent?: string): SafetyNetLift | undefined {
    if (!LIFTABLE(disposition) || (intent !== undefined && this.ownRoutes.has(intent))) return undefined;
    const probability = this.probability(normalised);
    if (probability < this.threshold) return undefined;
    return { reason: SAFETY_NET_REASON, from: disposition, probability: Math.round(probability * 1e6) / 1e6 };
  }
}

interface KeptNet {
  prior: number;
  weights: [string, number][];
}

function cacheKey(examples: string, settings: SafetyNetSettings): string {
  const hash = createHash('sha256');
  hash.update(examples).update(JSON.stringify({ threshold: settings.threshold, minCount: settings.minCount }));
  hash.update(readFileSync(path.join(CONTENT_DIR, 'intents', 'normalisation.yaml')));
  hash.update(readFileSync(__filename));
  const intents = path.join(__dirname, '..', 'intents');
  for (const name of readdirSync(intents).sort()) {
    if (/\.(ts|js)$/.test(name) && !name.endsWith('.d.ts'))
      hash.update(name).update(readFileSync(path.join(intents, name)));
  }
  hash.update(installedVersion('natural'));
  return hash.digest('hex').slice(0, 32);
}

function readKept(file: string): KeptNet | undefined {
  try {
    const kept = JSON.parse(readFileSync(file, 'utf8')) as KeptNet;
    const valid =
      Number.isFinite(kept.prior) &&
      Array.isArray(kept.weights) &&
      kept.weights.every((w) => typeof w[0] === 'string' && Number.isFinite(w[1]));
    return valid ? kept : undefined;
  } catch {
    return undefined;
  }
}

function writeKept(file: string, kept: KeptNet): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    // Written aside and renamed, so a start reading it at the same moment never sees half a file.
    const aside = `${file}.${process.pid}.tmp`;
    writeFileSync(aside, JSON.stringify(kept));
    renameSync(aside, file);
  } catch {
    // A read-only install trains at each start.
  }
}
