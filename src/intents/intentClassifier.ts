import { featuresOf, tokenise } from './features';
import { LinearModel, softmax, type TrainingOptions } from './linearModel';
import type { Normaliser } from './normalise';
import { PorterStemmer, porterStem } from './naturalLib';
import { stratifiedFolds } from './seededShuffle';
import { SpellingCorrector } from './spelling';
import { MEANING_KINDS, WordMeanings, type MeaningOptions } from './wordMeanings';

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
  /** Share of the message's word weight (IDF) in words the model was trained on, after spelling correction (0–1). */
  familiarity: number;
}

export interface ClassifierOptions extends TrainingOptions {
  /** Below this calibrated confidence the answer is `none`. 'auto' picks it on a held-out slice of the training data. */
  threshold?: number | 'auto';
  /** A top answer less than this ahead of the runner-up is a near-tie. */
  margin?: number;
  /** Softmax temperature. 'auto' fits it on a held-out slice so that confidences are calibrated probabilities. */
  temperature?: number | 'auto';
  /** Labelled data to calibrate on instead of holding back part of the training data (e.g. CLINC150's validation split). */
  validation?: LabelledText[];
  /** How much in-scope accuracy an automatic `none` threshold (and, separately, familiarity floor) may cost. */
  inScopeBudget?: number;
  /**
   * Below this familiarity (share of the message's IDF weight in known words) the answer is `none`, whatever the
   * model says. 'auto' picks it by leave-one-out on the training phrases. 0 (the default) turns it off.
   */
  familiarity?: number | 'auto';
  /**
   * Adds each word's WordNet meanings as features (see `WordMeanings`), weighted by `weight` against the words
   * themselves. Off when not given or false.
   */
  meanings?: (MeaningOptions & { weight?: number }) | false;
  /** Adds Lancaster stems as a second stemmer's features. */
  lancaster?: boolean;
  /**
   * Training settings to choose between, each merged over these options, the first being the default. Training
   * scores every candidate on the data calibration uses (the `validation` split when there is one, else stratified
   * k-fold cross-validation of the training data, `CHOICE_FOLDS` folds, fixed shuffle), keeps the most accurate
   * (ties go to the earlier one), and trains the final model on all the training data with it. `choice` reports it.
   */
  candidates?: TrainingCandidate[];
}

export interface TrainingCandidate {
  name: string;
  options: TrainingOptions;
}

/** Which candidate training settings won, how they were judged, and each one's accuracy there. */
export interface TrainingChoice {
  chosen: string;
  /** 'validation', 'k-fold' (cross-validation of the training data), or 'default' (too little data to judge). */
  by: 'validation' | 'k-fold' | 'default';
  /** Correct answers out of `rows` scored, per candidate, in candidate order. */
  scores: Record<string, number>;
  rows: number;
}

type Featurise = (tokens: string[]) => string[];

interface Calibration {
  temperature: number;
  threshold: number;
}

/** Every `HOLD_OUT`th utterance of each intent is held back to calibrate the model trained on the rest. */
const HOLD_OUT = 5;
const TEMPERATURES = [0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3, 4, 5];
/** Fewer in-scope examples than this cannot place a threshold with any confidence; it stays 0. */
const MIN_CALIBRATION_ROWS = 100;
const DEFAULT_IN_SCOPE_BUDGET = 0.005;
/** Folds for choosing between candidate settings when there is no validation split. */
export const CHOICE_FOLDS = 5;
/** Fewer held-out rows than this say nothing about which candidate is better: the first (default) is kept. */
export const MIN_CHOICE_ROWS = 10;
/** The shuffle of the choice folds: fixed, so the same data always makes the same choice. */
const CHOICE_SEED = 1;

/** Intent classification: normalise → tokens → spelling → features → linear model → calibration, threshold, margin. */
export class IntentClassifier {
  private constructor(
    private readonly normalise: Normaliser,
    private readonly speller: SpellingCorrector,
    private readonly model: LinearModel,
    private readonly featurise: Featurise,
    readonly threshold: number,
    readonly temperature: number,
    private readonly margin: number,
    readonly familiarityFloor: number,
    /** Which candidate training settings won, when `candidates` offered a choice. */
    readonly choice?: TrainingChoice,
  ) {}

  static train(examples: LabelledText[], normalise: Normaliser, options: ClassifierOptions = {}): IntentClassifier {
    const { candidates, ...rest } = options;
    if (!candidates || candidates.length === 0) return IntentClassifier.trainWith(examples, normalise, rest);
    const settings = (c: TrainingCandidate): ClassifierOptions => ({ ...rest, ...c.options });
    if (candidates.length > 1 && options.validation) {
      // The final models themselves, each calibrated on the validation split and scored there: one extra training.
      const validation = options.validation;
      let best: { classifier: IntentClassifier; correct: number; name: string } | undefined;
      const scores: Record<string, number> = {};
      for (const c of candidates) {
        const classifier = IntentClassifier.trainWith(examples, normalise, settings(c));
        const correct = validation.filter((e) => classifier.classify(e.text).intent === e.intent).length;
        scores[c.name] = correct;
        if (!best || correct > best.correct) best = { classifier, correct, name: c.name };
      }
      if (best) {
        return best.classifier.withChoice({ chosen: best.name, by: 'validation', scores, rows: validation.length });
      }
    }
    const choice = chooseByCrossValidation(examples, normalise, rest, candidates);
    const winner = candidates.find((c) => c.name === choice.chosen) ?? candidates[0];
    return IntentClassifier.trainWith(examples, normalise, settings(winner)).withChoice(choice);
  }

  private withChoice(choice: TrainingChoice): IntentClassifier {
    return new IntentClassifier(
      this.normalise,
      this.speller,
      this.model,
      this.featurise,
      this.threshold,
      this.temperature,
      this.margin,
      this.familiarityFloor,
      choice,
    );
  }

  private static trainWith(
    examples: LabelledText[],
    normalise: Normaliser,
    options: ClassifierOptions,
  ): IntentClassifier {
    const prepared = examples.map((e) => ({ tokens: tokenise(normalise(e.text)), label: e.intent }));
    const speller = new SpellingCorrector(prepared.flatMap((p) => p.tokens));
    const meanings = options.meanings ? new WordMeanings(options.meanings) : undefined;
    const featurise: Featurise = (tokens) => featuresOf(tokens, { meanings, lancaster: options.lancaster });
    const meaningWeight = (options.meanings ? options.meanings.weight : undefined) ?? 1;
    const meaningWeights = Object.fromEntries(MEANING_KINDS.map((kind) => [kind, meaningWeight]));
    const training: ClassifierOptions = meanings
      ? { ...options, featureWeights: { ...meaningWeights, ...options.featureWeights } }
      : options;
    const model = LinearModel.train(
      prepared.map((p) => ({ features: featurise(p.tokens), label: p.label })),
      training,
    );
    const wantsCalibration = options.threshold === 'auto' || options.temperature === 'auto';
    const calibration = !wantsCalibration
      ? undefined
      : options.validation
        ? calibrate(model, featurise, options.validation, normalise, training)
        : calibrateOnHeldBack(examples, featurise, normalise, training);
    const threshold = typeof options.threshold === 'number' ? options.threshold : (calibration?.threshold ?? 0);
    const temperature = typeof options.temperature === 'number' ? options.temperature : (calibration?.temperature ?? 1);
    const familiarityFloor =
      options.familiarity === 'auto'
        ? familiarityFloorByLeaveOneOut(prepared, options.inScopeBudget ?? DEFAULT_IN_SCOPE_BUDGET)
        : (options.familiarity ?? 0);
    return new IntentClassifier(
      normalise,
      speller,
      model,
      featurise,
      threshold,
      temperature,
      options.margin ?? 0.1,
      familiarityFloor,
    );
  }

  /** All intents, most likely first, with calibrated confidences; empty when not one word is known. */
  rank(text: string): Ranked[] {
    return this.score(this.normalise(text)).ranked;
  }

  classify(text: string, options: ClassifyOptions = {}): Classification {
    return this.classifyNormalised(this.normalise(text), options);
  }

  /** The same for text already normalised, so the understander normalises each message once. */
  classifyNormalised(normalised: string, options: ClassifyOptions = {}): Classification {
    const { ranked, familiarity, evidence } = this.score(normalised);
    const [top, second] = ranked;
    const alternatives = ranked.filter((r) => r.intent !== top?.intent).slice(0, 3);
    const unfamiliar = familiarity < this.familiarityFloor && evidence < this.model.unseenWeight && !options.inDomain;
    if (!top || top.intent === NONE || unfamiliar || inScopeScore(ranked) < this.threshold) {
      const noneConfidence = ranked.find((r) => r.intent === NONE)?.confidence ?? 0;
      return {
        intent: NONE,
        // Too few known words: the model's scores rest on almost nothing, so its confidence in them is not ours.
        confidence: unfamiliar ? 1 - familiarity : Math.max(noneConfidence, 1 - (top?.confidence ?? 0)),
        alternatives,
        clarify: false,
        familiarity,
      };
    }
    const clarify = !!second && second.intent !== NONE && top.confidence - second.confidence < this.margin;
    return { intent: top.intent, confidence: top.confidence, alternatives, clarify, familiarity };
  }

  private score(normalised: string): { ranked: Ranked[]; familiarity: number; evidence: number } {
    const written = tokenise(normalised);
    const tokens = written.map((t) => this.speller.correct(t));
    const { familiarity, evidence } = familiarityOf(
      written,
      tokens,
      (stem) => (this.model.knows(`w:${stem}`) ? this.model.weightOf(`w:${stem}`) : undefined),
      this.model.unseenWeight,
    );
    // Only letter shapes in common with the training data ("xyzzy", another language) is not evidence of any intent.
    if (familiarity === 0) return { ranked: [], familiarity, evidence };
    const probs = softmax(this.model.logits(this.featurise(tokens)), this.temperature);
    const ranked = this.model.classes
      .map((intent, i) => ({ intent, confidence: probs[i] }))
      .sort((a, b) => b.confidence - a.confidence);
    return { ranked, familiarity, evidence };
  }
}

export interface ClassifyOptions {
  /**
   * The caller already knows the message is about this domain (a red flag or triage rule matched it), so a low
   * familiarity must not make it `none`.
   */
  inDomain?: boolean;
}

/** A word known only after spelling correction is a guess ("monkey" → "money"), so it counts half. */
const CORRECTED_CREDIT = 0.5;

/**
 * How much of what was said the model knows: the IDF-weighted share of the message's stems seen in training, a
 * spelling-corrected word counting half. Rare words weigh most, so in "purple monkey dishwasher" (one word, "monkey",
 * corrected to "money") it is about 0.15, while "the" and "my" barely count. It generalises the older rule "no known
 * word at all → none". `evidence` is the known weight itself: names and places are unknown words too, so a message
 * is only unfamiliar when, besides a low share, what is known of it weighs less than one word never seen
 * ("dr okonkwo from tooting broadway surgery referring mrs adebayo" is a referral, not nonsense).
 * @param weightOf the IDF of a known stem, undefined for an unknown one
 */
function familiarityOf(
  written: string[],
  corrected: string[],
  weightOf: (stem: string) => number | undefined,
  unseen: number,
): { familiarity: number; evidence: number } {
  let known = 0;
  let total = 0;
  for (let i = 0; i < corrected.length; i++) {
    const w = weightOf(porterStem(corrected[i]));
    total += w ?? unseen;
    if (w !== undefined) known += corrected[i] === written[i] ? w : w * CORRECTED_CREDIT;
  }
  return { familiarity: total ? known / total : 0, evidence: known };
}

/**
 * The familiarity floor, from the training phrases alone: each phrase is scored as if it had not been trained on (a
 * stem found in no other phrase is unknown unless it spells like a word that is), and the floor is the highest that
 * turns at most `budget` of the in-scope phrases into `none` (counting those whose known words also weigh less than
 * one unseen word, as at run time). Phrases with no known word at all are not counted: they
 * are `none` with or without a floor.
 */
function familiarityFloorByLeaveOneOut(prepared: { tokens: string[]; label: string }[], budget: number): number {
  const stemmed = prepared.map((p) => p.tokens.map((t) => PorterStemmer.stem(t)));
  const docFreq = new Map<string, number>();
  for (const stems of stemmed) for (const s of new Set(stems)) docFreq.set(s, (docFreq.get(s) ?? 0) + 1);
  const n = prepared.length;
  const shared = (stem: string) => (docFreq.get(stem) ?? 0) >= 2;
  // Known to a phrase left out of training: the stems some other phrase has (approximately: those two phrases share).
  const weightOf = (stem: string) =>
    shared(stem) ? Math.log((1 + n) / (1 + (docFreq.get(stem) ?? 0))) + 1 : undefined;
  const speller = new SpellingCorrector(prepared.flatMap((p, i) => p.tokens.filter((_, j) => shared(stemmed[i][j]))));
  const unseen = Math.log(1 + n) + 1;
  const scores = prepared
    .filter((p) => p.label !== NONE)
    .map((p) =>
      familiarityOf(
        p.tokens,
        p.tokens.map((t) => speller.correct(t)),
        weightOf,
        unseen,
      ),
    );
  const counted = scores.filter((s) => s.familiarity > 0 && s.evidence < unseen).map((s) => s.familiarity);
  const allowed = budget * scores.length;
  let floor = 0;
  for (let t = 0.01; t < 1 && counted.filter((s) => s < t).length <= allowed; t += 0.01) floor = t;
  return Math.round(floor * 100) / 100;
}

/**
 * Stratified k-fold cross-validation of the training data for each candidate, the same folds for all: each intent's
 * examples, in a fixed shuffle, are dealt round the folds in turn. An intent with a single example is never held out
 * (a model that has not seen it cannot be right about it, whatever the setting), and one with fewer examples than
 * folds is held out in fewer folds, always leaving one to train on. With fewer than `MIN_CHOICE_ROWS` held-out rows
 * the first candidate is kept. Each fold's model is trained exactly as the final one would be (calibration included).
 */
export function chooseByCrossValidation(
  examples: LabelledText[],
  normalise: Normaliser,
  options: ClassifierOptions,
  candidates: TrainingCandidate[],
  folds = CHOICE_FOLDS,
): TrainingChoice {
  // Each fold's model is judged on its held-out rows, so nothing else may calibrate it, and it makes no choice itself.
  const rest: ClassifierOptions = { ...options, candidates: undefined, validation: undefined };
  const foldOf = choiceFolds(examples, folds);
  const heldOut = foldOf.filter((f) => f >= 0).length;
  const scores: Record<string, number> = {};
  if (candidates.length < 2 || heldOut < MIN_CHOICE_ROWS) {
    return { chosen: candidates[0]?.name ?? '', by: 'default', scores, rows: heldOut };
  }
  let chosen = candidates[0].name;
  for (const c of candidates) {
    let correct = 0;
    for (let fold = 0; fold < folds; fold++) {
      const test = examples.filter((_, i) => foldOf[i] === fold);
      if (test.length === 0) continue;
      const classifier = IntentClassifier.train(
        examples.filter((_, i) => foldOf[i] !== fold),
        normalise,
        { ...rest, ...c.options },
      );
      correct += test.filter((e) => classifier.classify(e.text).intent === e.intent).length;
    }
    scores[c.name] = correct;
    if (correct > scores[chosen]) chosen = c.name;
  }
  return { chosen, by: 'k-fold', scores, rows: heldOut };
}

/** Each example's fold, or -1 for one never held out (its intent's only example). */
function choiceFolds(examples: LabelledText[], folds: number): number[] {
  const sizes = new Map<string, number>();
  for (const e of examples) sizes.set(e.intent, (sizes.get(e.intent) ?? 0) + 1);
  return stratifiedFolds(
    examples.map((e) => e.intent),
    folds,
    CHOICE_SEED,
  ).map((fold, i) => ((sizes.get(examples[i].intent) ?? 0) < 2 ? -1 : fold));
}

/**
 * Without a validation set: trains a probe on four fifths of each intent's phrases and calibrates on the rest.
 */
function calibrateOnHeldBack(
  examples: LabelledText[],
  featurise: Featurise,
  normalise: Normaliser,
  options: ClassifierOptions,
): Calibration | undefined {
  const seen = new Map<string, number>();
  const kept: LabelledText[] = [];
  const held: LabelledText[] = [];
  for (const e of examples) {
    const n = seen.get(e.intent) ?? 0;
    seen.set(e.intent, n + 1);
    (n % HOLD_OUT === HOLD_OUT - 1 ? held : kept).push(e);
  }
  if (held.length < 20 || new Set(kept.map((e) => e.intent)).size < 2) return undefined;
  const probe = LinearModel.train(
    kept.map((e) => ({ features: featurise(tokenise(normalise(e.text))), label: e.intent })),
    options,
  );
  return calibrate(probe, featurise, held, normalise, options);
}

/**
 * Fits the softmax temperature (least log-loss), then the `none` threshold: the highest one that costs at most
 * `inScopeBudget` of in-scope accuracy. That is the product's choice of operating point: asking again, then offering
 * a person, is better than acting on a wrong guess, but not at any price.
 */
function calibrate(
  model: LinearModel,
  featurise: Featurise,
  held: LabelledText[],
  normalise: Normaliser,
  options: ClassifierOptions,
): Calibration {
  const rows = held
    .map((e) => ({
      gold: model.classes.indexOf(e.intent),
      logits: model.logits(featurise(tokenise(normalise(e.text)))),
    }))
    .filter((r) => r.gold >= 0);
  let temperature = 1;
  let bestLoss = Infinity;
  for (const t of TEMPERATURES) {
    const loss = rows.reduce((sum, r) => sum - Math.log(Math.max(softmax(r.logits, t)[r.gold], 1e-12)), 0);
    if (loss < bestLoss) [temperature, bestLoss] = [t, loss];
  }
  const noneIndex = model.classes.indexOf(NONE);
  const inScope = rows
    .filter((r) => r.gold !== noneIndex)
    .map((r) => {
      const p = softmax(r.logits, temperature);
      let best = 0;
      for (let c = 1; c < p.length; c++) if (p[c] > p[best]) best = c;
      return { correct: best === r.gold, confidence: p[best] - (noneIndex >= 0 ? p[noneIndex] : 0) };
    });
  if (inScope.length < MIN_CALIBRATION_ROWS) return { temperature, threshold: 0 };
  const accuracyAt = (t: number) => inScope.filter((r) => r.correct && r.confidence >= t).length / inScope.length;
  const floor = accuracyAt(0) - (options.inScopeBudget ?? DEFAULT_IN_SCOPE_BUDGET);
  let threshold = 0;
  for (let t = 0.01; t < 1 && accuracyAt(t) >= floor; t += 0.01) threshold = t;
  return { temperature, threshold: Math.round(threshold * 100) / 100 };
}

/**
 * How sure the classifier is that a message is in scope: the top intent's probability less that of `none`. On
 * CLINC150's validation split this separates out-of-scope messages better than the top probability alone.
 */
function inScopeScore(ranked: Ranked[]): number {
  return (ranked[0]?.confidence ?? 0) - (ranked.find((r) => r.intent === NONE)?.confidence ?? 0);
}
