import { featuresOf, tokenise } from './features';
import { LinearModel, softmax, type TrainingOptions } from './linearModel';
import type { Normaliser } from './normalise';
import { SpellingCorrector } from './spelling';

export const NONE = 'none';

export interface LabelledText {
  text: string;
  intent: string;
}

export interface Ranked {
  intent: string;
  confidence: number;
}

export interface Classification {
  intent: string;
  confidence: number;
  alternatives: Ranked[];
  /** The top two are too close to choose between: ask which one was meant. */
  clarify: boolean;
}

export interface ClassifierOptions extends TrainingOptions {
  /** Below this calibrated confidence the answer is `none`. 'auto' picks it on a held-out slice of the training data. */
  threshold?: number | 'auto';
  /** A top answer less than this ahead of the runner-up is a near-tie. */
  margin?: number;
  /** Softmax temperature. 'auto' fits it on a held-out slice so that confidences are calibrated probabilities. */
  temperature?: number | 'auto';
}

/** Every `HOLD_OUT`th utterance of each intent is held back to calibrate the model trained on the rest. */
const HOLD_OUT = 5;
const TEMPERATURES = [0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3, 4, 5];

/** Intent classification: normalise → tokens → spelling → features → linear model → calibration, threshold, margin. */
export class IntentClassifier {
  private constructor(
    private readonly normalise: Normaliser,
    private readonly speller: SpellingCorrector,
    private readonly model: LinearModel,
    readonly threshold: number,
    readonly temperature: number,
    private readonly margin: number,
  ) {}

  static train(examples: LabelledText[], normalise: Normaliser, options: ClassifierOptions = {}): IntentClassifier {
    const prepared = examples.map((e) => ({ tokens: tokenise(normalise(e.text)), label: e.intent }));
    const speller = new SpellingCorrector(prepared.flatMap((p) => p.tokens));
    const calibration =
      options.threshold === 'auto' || options.temperature === 'auto'
        ? calibrate(examples, normalise, options)
        : undefined;
    const threshold = typeof options.threshold === 'number' ? options.threshold : (calibration?.threshold ?? 0);
    const temperature = typeof options.temperature === 'number' ? options.temperature : (calibration?.temperature ?? 1);
    const model = LinearModel.train(
      prepared.map((p) => ({ features: featuresOf(p.tokens), label: p.label })),
      options,
    );
    return new IntentClassifier(normalise, speller, model, threshold, temperature, options.margin ?? 0.1);
  }

  /** All intents, most likely first, with calibrated confidences; empty when not one word is known. */
  rank(text: string): Ranked[] {
    const tokens = tokenise(this.normalise(text)).map((t) => this.speller.correct(t));
    const features = featuresOf(tokens);
    // Only letter shapes in common with the training data ("xyzzy", another language) is not evidence of any intent.
    if (!features.some((f) => f.startsWith('w:') && this.model.knows(f))) return [];
    const probs = softmax(this.model.logits(features), this.temperature);
    return this.model.classes
      .map((intent, i) => ({ intent, confidence: probs[i] }))
      .sort((a, b) => b.confidence - a.confidence);
  }

  classify(text: string): Classification {
    const ranked = this.rank(text);
    const [top, second] = ranked;
    const alternatives = ranked.filter((r) => r.intent !== top?.intent).slice(0, 3);
    if (!top || top.intent === NONE || top.confidence < this.threshold) {
      const noneConfidence = ranked.find((r) => r.intent === NONE)?.confidence ?? 0;
      return {
        intent: NONE,
        confidence: Math.max(noneConfidence, 1 - (top?.confidence ?? 0)),
        alternatives,
        clarify: false,
      };
    }
    const clarify = !!second && second.intent !== NONE && top.confidence - second.confidence < this.margin;
    return { intent: top.intent, confidence: top.confidence, alternatives, clarify };
  }
}

/**
 * Trains a probe on most of the data and fits, on the rest, the softmax temperature (least log-loss) and then the
 * `none` threshold (most utterances right, out-of-scope ones included). Without out-of-scope examples there is
 * nothing to set a threshold against, so it stays 0 and `none` is only ever predicted as a class.
 */
function calibrate(
  examples: LabelledText[],
  normalise: Normaliser,
  options: TrainingOptions,
): { temperature: number; threshold: number } | undefined {
  const seen = new Map<string, number>();
  const kept: LabelledText[] = [];
  const held: LabelledText[] = [];
  for (const e of examples) {
    const n = seen.get(e.intent) ?? 0;
    seen.set(e.intent, n + 1);
    (n % HOLD_OUT === HOLD_OUT - 1 ? held : kept).push(e);
  }
  const keptClasses = new Set(kept.map((e) => e.intent));
  if (held.length < 20 || keptClasses.size < 2) return undefined;
  const probe = LinearModel.train(
    kept.map((e) => ({ features: featuresOf(tokenise(normalise(e.text))), label: e.intent })),
    options,
  );
  const rows = held
    .filter((e) => keptClasses.has(e.intent))
    .map((e) => ({
      gold: probe.classes.indexOf(e.intent),
      logits: probe.logits(featuresOf(tokenise(normalise(e.text)))),
    }));

  let temperature = 1;
  let bestLoss = Infinity;
  for (const t of TEMPERATURES) {
    const loss = rows.reduce((sum, r) => sum - Math.log(Math.max(softmax(r.logits, t)[r.gold], 1e-12)), 0);
    if (loss < bestLoss) [temperature, bestLoss] = [t, loss];
  }

  const noneIndex = probe.classes.indexOf(NONE);
  if (noneIndex < 0) return { temperature, threshold: 0 };
  const tops = rows.map((r) => {
    const p = softmax(r.logits, temperature);
    let best = 0;
    for (let c = 1; c < p.length; c++) if (p[c] > p[best]) best = c;
    return { gold: r.gold, best, confidence: p[best] };
  });
  let threshold = 0;
  let bestCorrect = -1;
  for (let t = 0; t <= 0.9; t += 0.01) {
    const correct = tops.filter((r) => (r.confidence < t ? noneIndex : r.best) === r.gold).length;
    if (correct > bestCorrect) [threshold, bestCorrect] = [t, correct];
  }
  return { temperature, threshold: Math.round(threshold * 100) / 100 };
}
