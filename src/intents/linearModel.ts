import { seededRandom, shuffleInPlace } from './seededShuffle';

/**
 * Multinomial logistic regression over sparse, L2-normalised TF-IDF features, trained by AdaGrad.
 *
 * Why not natural's LogisticRegressionClassifier: it trains one dense binary model per class and took minutes on
 * CLINC150's 15,000 utterances, and its scores are not a calibrated distribution over intents. This model keeps
 * natural for what it does well (stemming, string distance) and does the learning itself.
 */
export interface TrainingOptions {
  epochs?: number;
  learningRate?: number;
  l2?: number;
  /** Features seen in fewer utterances than this are dropped (noise, and memory on large corpora). */
  minCount?: number;
  seed?: number;
  /**
   * Class gradients smaller than this are skipped. Once a class is clearly wrong for an utterance its gradient is
   * tiny, so skipping it loses nothing measurable and makes training on 150 intents several times faster.
   */
  skipBelow?: number;
  /**
   * Models trained with this many shuffling seeds, their weights averaged. On a few dozen utterances the order of
   * the updates moves accuracy by several points (Braun WebApps, leave-one-out: 22 to 26 of 30 across seeds);
   * the average keeps what the seeds agree on. A linear model's average is one linear model, so scoring costs the same.
   */
  ensemble?: number;
  /**
   * A multiplier for each kind of feature, keyed by the prefix before its colon (`{ m: 0.5 }`); 1 when not given.
   * Lets evidence that is only suggestive (a word's WordNet meanings) count for less than the words themselves.
   */
  featureWeights?: Record<string, number>;
  /**
   * Scales each feature by its naive-Bayes log-count ratio raised to this power (Wang & Manning 2012, "NBSVM"): for
   * each class, how much likelier the feature is in that class's utterances than in the rest, the largest over
   * classes. Words that mark one intent then count for more than words every intent uses, which a few dozen examples
   * may be too few for the regression to learn alone. 0 turns it off.
   */
  nbWeighting?: number;
  /**
   * How `nbWeighting` estimates the ratio. 'add-one': NBSVM's, p(f | class) and p(f | other classes) each with one
   * pseudo-count per feature; made for two balanced classes, with many classes it shrinks the class's rates far more
   * than the rest's (on CLINC150 a feature seen once gets the largest weight, as with labels shuffled at random).
   * 'rescaled': the class's count against the other classes' count scaled down to the class's size, both plus one, so
   * a feature as common in the class as elsewhere scores 0 whatever the number of classes (docs/nlu.md).
   */
  nbRatio?: 'add-one' | 'rescaled';
  /**
   * Where `nbWeighting` scales a feature. true: before the utterance's L2 normalisation (NBSVM's form, the vector is
   * unit length again). false: after it, with one constant making the squared length 1 on average over the training
   * data. Normalising again takes the weighting's say over how confident a message may be: one made only of words
   * that mark no intent is blown back up to unit length. Left smaller, such a message scores nearer uniform, which is
   * what out-of-scope detection needs (docs/nlu.md: it kept CLINC150's out-of-scope recall where normalising lost it).
   */
  nbNormalise?: boolean;
  /**
   * Weights each example's loss by (examples / (classes × its class's examples)) to this power, so an intent with two
   * examples is not outvoted by one with seventeen. 0 turns it off, 1 fully balances the classes.
   */
  classBalance?: number;
}

export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

export const DEFAULT_TRAINING: Required<TrainingOptions> = {
  epochs: 10,
  learningRate: 1,
  l2: 0,
  minCount: 1,
  seed: 42,
  skipBelow: 1e-3,
  ensemble: 1,
  featureWeights: {},
  nbWeighting: 0,
  nbRatio: 'add-one',
  nbNormalise: true,
  classBalance: 0,
};

export class LinearModel {
  private constructor(
    readonly classes: string[],
    private readonly featureIndex: Map<string, number>,
    private readonly idf: Float32Array,
    /** Each feature's kind's multiplier (`featureWeights`), applied with its IDF. */
    private readonly scale: Float32Array,
    /** Applied after the L2 normalisation: the NB weighting when `nbNormalise` is false, else undefined. */
    private readonly postScale: Float32Array | undefined,
    /** Feature-major: the weights of one feature for every class are contiguous, so scoring walks memory in order. */
    private readonly weights: Float32Array,
    private readonly bias: Float32Array,
    private readonly trainingSize: number,
  ) {}

  static train(examples: { features: string[]; label: string }[], options: TrainingOptions = {}): LinearModel {
    const { ensemble, seed } = { ...DEFAULT_TRAINING, ...options };
    // One at a time, summed into the first: on CLINC150 each model's weights take a few hundred megabytes.
    const first = LinearModel.trainOne(examples, options);
    const k = Math.max(1, ensemble);
    for (let i = 1; i < k; i++) {
      // Seeds far apart, so the linear-congruential shuffles do not start in step.
      const m = LinearModel.trainOne(examples, { ...options, seed: seed + 7919 * i });
      for (let w = 0; w < first.weights.length; w++) first.weights[w] += m.weights[w];
      for (let c = 0; c < first.bias.length; c++) first.bias[c] += m.bias[c];
    }
    if (k > 1) {
      for (let w = 0; w < first.weights.length; w++) first.weights[w] /= k;
      for (let c = 0; c < first.bias.length; c++) first.bias[c] /= k;
    }
    return first;
  }

  /** One model, one shuffling seed. Every seed sees the same features and classes, so their weights line up. */
  private static trainOne(examples: { features: string[]; label: string }[], options: TrainingOptions): LinearModel {
    const settings = { ...DEFAULT_TRAINING, ...options };
    const { epochs, learningRate, l2, minCount, seed, skipBelow, featureWeights } = settings;
    const { nbWeighting, nbRatio, nbNormalise, classBalance } = settings;
    const classes = [...new Set(examples.map((e) => e.label))].sort();
    const classIndex = new Map(classes.map((c, i) => [c, i]));
    const docFreq = new Map<string, number>();
    for (const e of examples) for (const f of new Set(e.features)) docFreq.set(f, (docFreq.get(f) ?? 0) + 1);
    const featureIndex = new Map<string, number>();
    for (const [f, n] of docFreq) if (n >= minCount) featureIndex.set(f, featureIndex.size);
    const idf = new Float32Array(featureIndex.size);
    for (const [f, i] of featureIndex) idf[i] = Math.log((1 + examples.length) / (1 + (docFreq.get(f) ?? 0))) + 1;
    const scale = new Float32Array(featureIndex.size).fill(1);
    for (const [f, i] of featureIndex) scale[i] = featureWeights[f.slice(0, f.indexOf(':'))] ?? 1;

    const C = classes.length;
    const labels = examples.map((e) => classIndex.get(e.label) ?? 0);
    const ratios = nbWeighting ? naiveBayesRatios(examples, labels, featureIndex, C, nbRatio) : undefined;
    if (ratios && nbNormalise) for (let i = 0; i < scale.length; i++) scale[i] *= ratios[i] ** nbWeighting;
    const postScale = ratios && !nbNormalise ? ratios.map((r) => r ** nbWeighting) : undefined;
    const model = new LinearModel(
      classes,
      featureIndex,
      idf,
      scale,
      postScale,
      new Float32Array(featureIndex.size * C),
      new Float32Array(C),
      examples.length,
    );
    if (postScale) {
      // One constant over all features, so the weighting changes how features compare, not the learning rate.
      let sumSq = 0;
      for (const e of examples) {
        const x = model.vectorise(e.features);
        for (let k = 0; k < x.values.length; k++) sumSq += x.values[k] * x.values[k];
      }
      const rms = Math.sqrt(sumSq / Math.max(1, examples.length)) || 1;
      for (let i = 0; i < postScale.length; i++) postScale[i] /= rms;
    }
    const vectors = examples.map((e) => model.vectorise(e.features));
    const classSizes = new Float32Array(C);
    for (const l of labels) classSizes[l]++;
    const lossWeight = Array.from(classSizes, (n) => (examples.length / (C * n)) ** classBalance);
    // One AdaGrad accumulator per feature (not per feature and class): a fraction of the memory and square roots.
    const featureSq = new Float32Array(featureIndex.size).fill(1e-6);
    const biasSq = new Float32Array(C).fill(1e-6);
    const order = Array.from(examples, (_, i) => i);
    const random = seededRandom(seed);
    const grad = new Float32Array(C);
    const activeClasses = new Int32Array(C);

    for (let epoch = 0; epoch < epochs; epoch++) {
      shuffleInPlace(order, random);
      for (const n of order) {
        const x = vectors[n];
        model.scores(x, grad);
        softmaxInPlace(grad);
        grad[labels[n]] -= 1;
        if (classBalance) for (let c = 0; c < C; c++) grad[c] *= lossWeight[labels[n]];
        let gradNormSq = 0;
        let active = 0;
        for (let c = 0; c < C; c++) {
          const g = grad[c];
          gradNormSq += g * g;
          biasSq[c] += g * g;
          model.bias[c] -= (learningRate * g) / Math.sqrt(biasSq[c]);
          if (g >= skipBelow || g <= -skipBelow) activeClasses[active++] = c;
        }
        for (let k = 0; k < x.indices.length; k++) {
          const f = x.indices[k];
          const v = x.values[k];
          featureSq[f] += gradNormSq * v * v;
          const step = learningRate / Math.sqrt(featureSq[f]);
          const base = f * C;
          for (let a = 0; a < active; a++) {
            const c = activeClasses[a];
            const w = base + c;
            model.weights[w] -= step * (grad[c] * v + l2 * model.weights[w]);
          }
        }
      }
    }
    return model;
  }

  /** Raw class scores (logits), in `classes` order. */
  logits(features: string[]): Float32Array {
    const out = new Float32Array(this.classes.length);
    this.scores(this.vectorise(features), out);
    return out;
  }

  knows(feature: string): boolean {
    return this.featureIndex.has(feature);
  }

  /** The IDF of a feature, or of one never seen in training (the rarest possible) when it is unknown. */
  weightOf(feature: string): number {
    const i = this.featureIndex.get(feature);
    return i === undefined ? this.unseenWeight : this.idf[i];
  }

  /** The IDF a feature seen in no training utterance would have. */
  get unseenWeight(): number {
    return Math.log(1 + this.trainingSize) + 1;
  }

  /**
   * Term counts by feature index, and the indices counted in the order first seen: kept between calls (each is left
   * all zero) rather than a Map per message, whose growth was much of the classifier's garbage (issue 16). The order
   * is a Map's, so the norm is summed in the same order and the vector is the same to the bit.
   */
  private counts?: Uint32Array;
  private seen = new Int32Array(256);

  private vectorise(features: string[]): SparseVector {
    const counts = (this.counts ??= new Uint32Array(this.featureIndex.size));
    let size = 0;
    for (const f of features) {
      const i = this.featureIndex.get(f);
      if (i === undefined) continue;
      if (counts[i]++ === 0) {
        if (size === this.seen.length) {
          const grown = new Int32Array(this.seen.length * 2);
          grown.set(this.seen);
          this.seen = grown;
        }
        this.seen[size++] = i;
      }
    }
    const indices = new Int32Array(size);
    const values = new Float32Array(size);
    let norm = 0;
    for (let k = 0; k < size; k++) {
      const i = this.seen[k];
      const v = (1 + Math.log(counts[i])) * this.idf[i] * this.scale[i];
      counts[i] = 0;
      indices[k] = i;
      values[k] = v;
      norm += v * v;
    }
    norm = Math.sqrt(norm) || 1;
    for (let j = 0; j < values.length; j++) values[j] /= norm;
    if (this.postScale) for (let j = 0; j < values.length; j++) values[j] *= this.postScale[indices[j]];
    return { indices, values };
  }

  private scores(x: SparseVector, out: Float32Array): void {
    const C = this.classes.length;
    out.set(this.bias);
    for (let k = 0; k < x.indices.length; k++) {
      const base = x.indices[k] * C;
      const v = x.values[k];
      for (let c = 0; c < C; c++) out[c] += this.weights[base + c] * v;
    }
  }
}

/**
 * Per feature, the largest over classes of |log(p(f | class) / p(f | other classes))|, from binarised counts smoothed
 * as `nbRatio` says; at least a small floor so that no feature is switched off entirely. Exported for its tests.
 */
export function naiveBayesRatios(
  examples: { features: string[] }[],
  labels: number[],
  featureIndex: Map<string, number>,
  C: number,
  smoothing: 'add-one' | 'rescaled' = 'add-one',
): Float32Array {
  const F = featureIndex.size;
  const counts = new Float32Array(F * C);
  const classTotals = new Float64Array(C);
  examples.forEach((e, n) => {
    for (const f of new Set(e.features)) {
      const i = featureIndex.get(f);
      if (i === undefined) continue;
      counts[i * C + labels[n]]++;
      classTotals[labels[n]]++;
    }
  });
  const total = classTotals.reduce((a, b) => a + b, 0);
  const featureTotals = new Float32Array(F);
  for (let w = 0; w < counts.length; w++) featureTotals[Math.floor(w / C)] += counts[w];
  const ratios = new Float32Array(F);
  for (let i = 0; i < F; i++) {
    let best = 0;
    for (let c = 0; c < C; c++) {
      const here = counts[i * C + c];
      const there = featureTotals[i] - here;
      const ratio =
        smoothing === 'rescaled'
          ? // The other classes' count on the class's scale, so both sides get the same one pseudo-count.
            (here + 1) / ((there * classTotals[c]) / (total - classTotals[c] || 1) + 1)
          : (here + 1) / (classTotals[c] + F) / ((there + 1) / (total - classTotals[c] + F));
      best = Math.max(best, Math.abs(Math.log(ratio)));
    }
    ratios[i] = Math.max(best, NB_FLOOR);
  }
  return ratios;
}

/** Not tuned: on the Braun training sets 0.03, 0.1 and 0.3 scored within a tenth of a point of each other. */
const NB_FLOOR = 0.1;

/** Softmax with a temperature: above 1 it softens over-confident scores so a threshold on them means something. */
export function softmax(logits: Float32Array, temperature = 1): Float32Array {
  const out = new Float32Array(logits.length);
  for (let c = 0; c < logits.length; c++) out[c] = logits[c] / temperature;
  softmaxInPlace(out);
  return out;
}

function softmaxInPlace(scores: Float32Array): void {
  let max = -Infinity;
  for (const s of scores) if (s > max) max = s;
  let sum = 0;
  for (let c = 0; c < scores.length; c++) {
    scores[c] = Math.exp(scores[c] - max);
    sum += scores[c];
  }
  for (let c = 0; c < scores.length; c++) scores[c] /= sum;
}
