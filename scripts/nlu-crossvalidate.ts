import path from 'node:path';
import { PROJECT_ROOT } from '../src/content/readContentFile';
import { loadClassifierSettings } from '../src/intents/classifierSettings';
import { IntentClassifier, NONE, type ClassifierOptions, type LabelledText } from '../src/intents/intentClassifier';
import { createNormaliser } from '../src/intents/normalise';
import { stratifiedFolds } from '../src/intents/seededShuffle';
import { loadTrainingData } from '../src/intents/trainingData';
import { AUTO_CANDIDATES, BENCHMARK_OPTIONS, readJsonl } from './nlu-evaluate';

/**
 * `npm run -s nlu:crossvalidate -- [--corpus braun|clinc150|domain] [--seeds 1,2,3,4,42] [--folds k] [--choose]
 *   [--options JSON]`
 *
 * How every choice for the benchmark models is made, without reading a test file:
 * - braun: leave-one-out on each Braun training set (each utterance scored by a model trained on all the others),
 *   pooled over the three sets, once per shuffling seed, and averaged over the seeds. A few dozen utterances make one
 *   seed's score noisy (±1 point), so a change is worth having only if the mean moves. `--folds k` does stratified
 *   k-fold instead, reshuffled for each seed, so models train on fewer examples an intent, as on the benchmarks.
 * - clinc150: trained on train; half of the validation split (every other utterance of each intent) calibrates the
 *   temperature and `none` threshold and the other half is scored, then the halves swap.
 * `--options` is JSON merged over the benchmark settings of `nlu:evaluate`, e.g. `{"meanings":false}` for the model
 * without WordNet meanings, `{"meanings":{"senses":1,"weight":1}}` for another variant. For `--corpus domain` it is
 * merged over the domain model's settings instead.
 */
const BENCHMARKS = path.join(PROJECT_ROOT, '..', 'shared', 'benchmarks', 'nlu');
const BRAUN = ['braun-chatbot', 'braun-askubuntu', 'braun-webapps'];

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/**
 * Utterances scored correctly by models that never saw them. With `folds` 0, leave-one-out; otherwise stratified
 * k-fold on a shuffle drawn from the seed (each intent's utterances dealt round the folds in turn), which trains on
 * less data, nearer the benchmarks' few examples an intent.
 */
/** How often each candidate setting won inside the training folds (`candidates`), per corpus, reported on stderr. */
const chosen = new Map<string, number>();

function crossValidate(examples: LabelledText[], options: ClassifierOptions, folds: number, seed: number): string[] {
  const normalise = createNormaliser();
  const foldOf = folds
    ? stratifiedFolds(
        examples.map((e) => e.intent),
        folds,
        (seed * 2654435761) >>> 0,
      )
    : examples.map((_, i) => i);
  const predicted = new Array<string>(examples.length);
  for (const fold of new Set(foldOf)) {
    const classifier = IntentClassifier.train(
      examples.filter((_, j) => foldOf[j] !== fold),
      normalise,
      options,
    );
    if (classifier.choice) {
      const key = `${classifier.choice.chosen} (${classifier.choice.by})`;
      chosen.set(key, (chosen.get(key) ?? 0) + 1);
    }
    examples.forEach((e, j) => {
      if (foldOf[j] === fold) predicted[j] = classifier.classify(e.text).intent;
    });
  }
  return predicted;
}

function correctCount(examples: LabelledText[], predicted: string[]): number {
  return examples.filter((e, i) => e.intent === predicted[i]).length;
}

function braun(dir: string, seeds: number[], options: ClassifierOptions, folds: number) {
  const corpora = BRAUN.map((c) => ({ corpus: c, examples: readJsonl(path.join(dir, c, 'train.jsonl')) }));
  const total = corpora.reduce((n, c) => n + c.examples.length, 0);
  const perSeed = seeds.map((seed) => {
    const correct = Object.fromEntries(
      corpora.map((c) => {
        chosen.clear();
        const correct = correctCount(c.examples, crossValidate(c.examples, { ...options, seed }, folds, seed));
        if (chosen.size) process.stderr.write(`  ${c.corpus} chose: ${JSON.stringify(Object.fromEntries(chosen))}\n`);
        return [c.corpus, correct] as const;
      }),
    );
    const pooled = Object.values(correct).reduce((a, b) => a + b, 0);
    process.stderr.write(`seed ${seed}: ${JSON.stringify(correct)} pooled ${pooled}/${total}\n`);
    return { seed, ...correct, pooled };
  });
  const mean = perSeed.reduce((sum, s) => sum + s.pooled, 0) / perSeed.length / total;
  return {
    corpus: 'braun',
    folds: folds || 'leave-one-out',
    n: total,
    perSeed,
    meanAccuracy: Math.round(mean * 10000) / 10000,
  };
}

function clinc(dir: string, seeds: number[], options: ClassifierOptions) {
  const train = readJsonl(path.join(dir, 'clinc150', 'train.jsonl'));
  const validation = readJsonl(path.join(dir, 'clinc150', 'validation.jsonl'));
  const seen = new Map<string, number>();
  const halves: [LabelledText[], LabelledText[]] = [[], []];
  for (const e of validation) {
    const n = seen.get(e.intent) ?? 0;
    seen.set(e.intent, n + 1);
    halves[n % 2].push(e);
  }
  const normalise = createNormaliser();
  const runs = seeds.flatMap((seed) =>
    [0, 1].map((h) => {
      const [calibration, scored] = [halves[h], halves[1 - h]];
      const classifier = IntentClassifier.train(train, normalise, { ...options, seed, validation: calibration });
      const pairs = scored.map((e) => ({ gold: e.intent, predicted: classifier.classify(e.text).intent }));
      const inScope = pairs.filter((p) => p.gold !== NONE);
      const outOfScope = pairs.filter((p) => p.gold === NONE);
      const run = {
        seed,
        scoredHalf: 1 - h,
        inScopeAccuracy: inScope.filter((p) => p.gold === p.predicted).length / inScope.length,
        oosRecall: outOfScope.filter((p) => p.predicted === NONE).length / outOfScope.length,
        threshold: classifier.threshold,
        ...(classifier.choice ? { choice: classifier.choice } : {}),
      };
      process.stderr.write(`${JSON.stringify(run)}\n`);
      return run;
    }),
  );
  return {
    corpus: 'clinc150',
    runs,
    inScopeAccuracy: average(runs, (r) => r.inScopeAccuracy),
    oosRecall: average(runs, (r) => r.oosRecall),
  };
}

/**
 * The domain model, with its own settings (content/intents/classifier.yaml) and options merged over them: stratified
 * k-fold (5 unless `--folds` says otherwise) on the training phrases, never the held-out split.
 */
function domain(seeds: number[], overrides: ClassifierOptions, folds: number) {
  const examples = loadTrainingData();
  const runs = seeds.map((seed) => {
    const predicted = crossValidate(examples, { ...loadClassifierSettings(), ...overrides, seed }, folds || 5, seed);
    const pairs = examples.map((e, i) => ({ gold: e.intent, hit: predicted[i] === e.intent }));
    const inScope = pairs.filter((p) => p.gold !== NONE);
    const outOfScope = pairs.filter((p) => p.gold === NONE);
    const run = {
      seed,
      accuracy: correctCount(examples, predicted) / examples.length,
      inScopeAccuracy: inScope.filter((p) => p.hit).length / inScope.length,
      noneRecall: outOfScope.filter((p) => p.hit).length / outOfScope.length,
    };
    process.stderr.write(`${JSON.stringify(run)}\n`);
    return run;
  });
  return {
    corpus: 'domain',
    folds: folds || 5,
    runs,
    accuracy: average(runs, (r) => r.accuracy),
    inScopeAccuracy: average(runs, (r) => r.inScopeAccuracy),
    noneRecall: average(runs, (r) => r.noneRecall),
  };
}

/** The mean of a score over runs, to four places. */
function average<T>(runs: T[], score: (run: T) => number): number {
  return Math.round((runs.reduce((sum, r) => sum + score(r), 0) / runs.length) * 10000) / 10000;
}

function main(): void {
  const dir = path.resolve(option('--dir') ?? BENCHMARKS);
  const corpus = option('--corpus') ?? 'braun';
  const seeds = (option('--seeds') ?? (corpus === 'braun' ? '1,2,3,4,42' : '42')).split(',').map(Number);
  const overrides = JSON.parse(option('--options') ?? '{}') as ClassifierOptions;
  // `--choose`: each training picks between AUTO_CANDIDATES on its own data (nested inside the outer folds).
  if (process.argv.includes('--choose')) overrides.candidates = AUTO_CANDIDATES;
  const options: ClassifierOptions = { ...BENCHMARK_OPTIONS, ...overrides };
  const folds = Number(option('--folds') ?? 0);
  const result =
    corpus === 'braun'
      ? braun(dir, seeds, options, folds)
      : corpus === 'domain'
        ? domain(seeds, overrides, folds)
        : clinc(dir, seeds, options);
  console.log(JSON.stringify({ options: overrides, ...result }));
}

main();
