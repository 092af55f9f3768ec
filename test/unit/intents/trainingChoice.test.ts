import {
  IntentClassifier,
  chooseByCrossValidation,
  type LabelledText,
  type TrainingCandidate,
} from '../../../src/intents/intentClassifier';
import { createNormaliser } from '../../../src/intents/normalise';

// A small corpus with words that mark each intent, six phrases an intent.
const corpus: LabelledText[] = [
  ...[
    'cancel my visit',
    'cancel the appointment',
    'please cancel it',
    'i want to cancel',
    'cancel tomorrow',
    'cancel the nurse',
  ],
  ...[
    'move my visit',
    'change the appointment',
    'move it to friday',
    'can we change the time',
    'move tomorrow',
    'change the nurse',
  ],
  ...['hello there', 'hi', 'good morning', 'hello', 'hi there', 'good afternoon'],
].map((text, i) => ({ text, intent: ['cancel', 'change', 'greeting'][Math.floor(i / 6)] }));

// Learning almost nothing (a vanishing step) against the ordinary model: one is clearly better.
const candidates: TrainingCandidate[] = [
  { name: 'frozen', options: { learningRate: 1e-9, epochs: 1 } },
  { name: 'ordinary', options: {} },
];
const normalise = createNormaliser();

describe('choosing training settings (candidates)', () => {
  it('picks the clearly better candidate by k-fold cross-validation when there is no validation split', () => {
    const choice = chooseByCrossValidation(corpus, normalise, {}, candidates);
    expect(choice.by).toBe('k-fold');
    expect(choice.chosen).toBe('ordinary');
    expect(choice.rows).toBe(corpus.length);
    expect(choice.scores.ordinary).toBeGreaterThan(choice.scores.frozen);
  });

  it('is deterministic: the same data makes the same choice with the same scores', () => {
    const a = chooseByCrossValidation(corpus, normalise, {}, candidates);
    const b = chooseByCrossValidation(corpus, normalise, {}, candidates);
    expect(b).toEqual(a);
  });

  it('trains the final model with the winner and reports the choice', () => {
    const classifier = IntentClassifier.train(corpus, normalise, { candidates });
    expect(classifier.choice?.chosen).toBe('ordinary');
    expect(classifier.classify('cancel my appointment').intent).toBe('cancel');
    expect(classifier.classify('hello').intent).toBe('greeting');
  });

  it('judges on the validation split instead when there is one', () => {
    const validation = [
      { text: 'cancel the visit', intent: 'cancel' },
      { text: 'change my visit', intent: 'change' },
      { text: 'good morning there', intent: 'greeting' },
    ];
    const classifier = IntentClassifier.train(corpus, normalise, { candidates, validation });
    expect(classifier.choice).toMatchObject({ by: 'validation', chosen: 'ordinary', rows: 3 });
  });

  it('ties go to the first candidate (the default)', () => {
    const same: TrainingCandidate[] = [
      { name: 'default', options: {} },
      { name: 'copy', options: {} },
    ];
    expect(chooseByCrossValidation(corpus, normalise, {}, same).chosen).toBe('default');
  });

  it('holds out no intent with a single example, and keeps the default when too few rows are left to judge', () => {
    // One example an intent: nothing can be held out without leaving its intent untrained.
    const singles = corpus.filter((_, i) => i % 6 === 0);
    const choice = chooseByCrossValidation(singles, normalise, {}, candidates);
    expect(choice).toMatchObject({ chosen: 'frozen', by: 'default', rows: 0 });
    // Two an intent: 6 rows can be held out (fewer folds than 5 in use), still below the minimum of 10.
    const pairs = corpus.filter((_, i) => i % 6 < 2);
    expect(chooseByCrossValidation(pairs, normalise, {}, candidates)).toMatchObject({ by: 'default', rows: 6 });
    // And training still works, with the default.
    expect(IntentClassifier.train(singles, normalise, { candidates }).choice?.chosen).toBe('frozen');
  });

  it('makes no choice without candidates', () => {
    expect(IntentClassifier.train(corpus, normalise, {}).choice).toBeUndefined();
  });
});
