import { featuresOf, tokenise } from './features';
import { LinearModel, type TrainingOptions } from './linearModel';
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
  /** Below this confidence the answer is `none`. 'auto' picks it on a slice of the training data. */
  threshold?: number | 'auto';
  /** A top answer less than this ahead of the runner-up is a near-tie. */
  margin?: number;
}

/** Intent classification: normalise → tokens → spelling → features → linear model → threshold and margin. */
export class IntentClassifier {
  private constructor(
    private readonly normalise: Normaliser,
    private readonly speller: SpellingCorrector,
    private readonly model: LinearModel,
    readonly threshold: number,
    private readonly margin: number,
  ) {}

  static train(examples: LabelledText[], normalise: Normaliser, options: ClassifierOptions = {}): IntentClassifier {
    const margin = options.margin ?? 0.1;
    const threshold =
      options.threshold === 'auto' || options.threshold === undefined
        ? IntentClassifier.tuneThreshold(examples, normalise, options)
        : options.threshold;
    const prepared = examples.map((e) => ({ tokens: tokenise(normalise(e.text)), label: e.intent }));
    const speller = new SpellingCorrector(prepared.flatMap((p) => p.tokens));
    const model = LinearModel.train(
      prepared.map((p) => ({ features: featuresOf(p.tokens), label: p.label })),
      options,
    );
    return new IntentClassifier(normalise, speller, model, threshold, margin);
  }

  /**
   * Chooses the `none` threshold that classifies a held-out sixth of the training data best, then the caller
   * retrains on everything. Only used when the training data has out-of-scope examples to learn from.
   */
  private static tuneThreshold(examples: LabelledText[], normalise: Normaliser, options: TrainingOptions): number {
    const hasNone = examples.some((e) => e.intent === NONE);
    const held = examples.filter((_, i) => i % 6 === 5);
    const kept = examples.filter((_, i) => i % 6 !== 5);
    if (!hasNone || held.length < 30 || new Set(kept.map((e) => e.intent)).size < 2) return 0.3;
    const probe = IntentClassifier.train(kept, normalise, { ...options, threshold: 0, margin: 0 });
    const predictions = held.map((e) => ({ gold: e.intent, top: probe.rank(e.text)[0] }));
    let best = 0.3;
    let bestScore = -1;
    for (let t = 0.05; t <= 0.8; t += 0.025) {
      let correct = 0;
      for (const p of predictions) {
        const predicted = p.top.confidence < t ? NONE : p.top.intent;
        if (predicted === p.gold) correct++;
      }
      if (correct > bestScore) [best, bestScore] = [t, correct];
    }
    return best;
  }

  /** All intents, most likely first. */
  rank(text: string): Ranked[] {
    const tokens = tokenise(this.normalise(text)).map((t) => this.speller.correct(t));
    const probs = this.model.predict(featuresOf(tokens));
    return this.model.classes
      .map((intent, i) => ({ intent, confidence: probs[i] }))
      .sort((a, b) => b.confidence - a.confidence);
  }

  classify(text: string): Classification {
    const ranked = this.rank(text);
    const [top, second] = ranked;
    const alternatives = ranked.filter((r) => r.intent !== NONE).slice(0, 3);
    if (!top || top.intent === NONE || top.confidence < this.threshold) {
      return {
        intent: NONE,
        confidence: top?.intent === NONE ? top.confidence : 1 - (top?.confidence ?? 0),
        alternatives,
        clarify: false,
      };
    }
    const clarify = !!second && second.intent !== NONE && top.confidence - second.confidence < this.margin;
    return { intent: top.intent, confidence: top.confidence, alternatives, clarify };
  }
}
