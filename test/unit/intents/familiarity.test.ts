import { createUnderstander, type Understander } from '../../../src/intents';
import { IntentClassifier } from '../../../src/intents/intentClassifier';
import { createNormaliser } from '../../../src/intents/normalise';
import { loadTrainingData } from '../../../src/intents/trainingData';

// The defect these guard against: "purple monkey dishwasher" was read as a safeguarding concern with 0.94 confidence,
// because "monkey" spell-corrects to "money" and the model was sure on that one half-known word.
let understander: Understander;
let classifier: IntentClassifier;
beforeAll(() => {
  understander = createUnderstander({ now: () => new Date('2026-11-25T10:00:00Z') });
  classifier = IntentClassifier.train(loadTrainingData(), createNormaliser(), {
    threshold: 0.4,
    temperature: 'auto',
    familiarity: 'auto',
  });
});

describe('familiarity floor (nonsense is out of scope)', () => {
  it.each([
    'purple monkey dishwasher',
    'monkey dishwasher',
    'colorless green ideas sleep furiously',
    'the quick brown fox jumps over the lazy dog',
    'lorem ipsum dolor sit amet',
    'wibble wobble jelly on a plate',
    'giraffe trombone carpet',
  ])('%s → none, no disposition', (text) => {
    const u = understander.understand(text);
    expect(u.intent).toBe('none');
    expect(u.disposition).toBe('none');
    expect(u.redFlags).toEqual([]);
  });

  it('is chosen on the training phrases, and nonsense falls below it', () => {
    expect(classifier.familiarityFloor).toBeGreaterThan(0.2);
    const c = classifier.classify('purple monkey dishwasher');
    expect(c.familiarity).toBeLessThan(classifier.familiarityFloor);
    expect(c.intent).toBe('none');
  });

  it.each([
    ['i need to chnage my apointment', 'appointment.change'],
    ['canel apointmnet', 'appointment.cancel'],
    ['helo', 'greeting'],
  ])('typos are still familiar: %s → %s', (text, intent) => {
    const c = classifier.classify(text);
    expect(c.familiarity).toBeGreaterThanOrEqual(classifier.familiarityFloor);
    expect(understander.understand(text).intent).toBe(intent);
  });

  it.each([
    ['this is dr okonkwo from tooting broadway surgery referring mrs adebayo', 'referral.new'],
    ['can the nurse come to 14 acacia avenue wimbledon', 'appointment.change'],
  ])('names and places are unknown words but not nonsense: %s → %s', (text, intent) => {
    expect(classifier.classify(text).familiarity).toBeLessThan(classifier.familiarityFloor);
    expect(understander.understand(text).intent).toBe(intent);
  });

  it('a triage rule in unfamiliar words keeps the message in the domain', () => {
    const text = 'pressure sore zorblax quuxly frobnicate';
    expect(classifier.classify(text).familiarity).toBeLessThan(classifier.familiarityFloor);
    const u = understander.understand(text);
    expect(u.intent).toBe('unwell.guidance');
    expect(u.disposition).toBe('same_day');
  });

  it('a red flag in unfamiliar words is still an emergency about health', () => {
    const text = 'catheter blocked zorblax quuxly frobnicate';
    expect(classifier.classify(text).familiarity).toBeLessThan(classifier.familiarityFloor);
    const u = understander.understand(text);
    expect(u.intent).toBe('unwell.guidance');
    expect(u.redFlags.map((f) => f.id)).toContain('blocked_catheter');
    expect(u.disposition).toBe('urgent_2h');
  });
});
