import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { trainWithCachedCalibration } from '../../../src/intents/calibrationCache';
import { loadClassifierSettings } from '../../../src/intents/classifierSettings';
import { IntentClassifier, type LabelledText } from '../../../src/intents/intentClassifier';
import { createNormaliser } from '../../../src/intents/normalise';
import { loadTrainingData } from '../../../src/intents/trainingData';

const normalise = createNormaliser();
const training = loadTrainingData();
const settings = loadClassifierSettings();

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'front-door-calibration-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const cacheFiles = () => readdirSync(dir).filter((name) => name.endsWith('.json'));

/** Puts a calibration no training would give into the one cache file, so using it shows. */
function tamperWithCache(): void {
  const [file] = cacheFiles();
  const calibration = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Record<string, number>;
  writeFileSync(path.join(dir, file), JSON.stringify({ ...calibration, temperature: 4.25, familiarity: 0.99 }));
}

/** The training phrases, their first halves (what the model has not seen whole), and things that are not requests. */
function messages(examples: LabelledText[]): string[] {
  const halves = examples.map((e) =>
    e.text
      .split(' ')
      .slice(0, Math.ceil(e.text.split(' ').length / 2))
      .join(' '),
  );
  return [...examples.map((e) => e.text), ...halves, 'asdf qwerty', 'what is the capital of peru', 'my nan has fallen'];
}

describe('the intent classifier with its calibration cached', () => {
  test('one read from the cache answers exactly as one trained in full', () => {
    const fresh = IntentClassifier.train(training, normalise, settings);
    trainWithCachedCalibration(training, normalise, settings, dir);
    expect(cacheFiles()).toHaveLength(1);
    const cached = trainWithCachedCalibration(training, normalise, settings, dir);

    expect([cached.threshold, cached.temperature, cached.familiarityFloor]).toEqual([
      fresh.threshold,
      fresh.temperature,
      fresh.familiarityFloor,
    ]);
    const texts = messages(training);
    expect(texts.map((t) => cached.classify(t))).toEqual(texts.map((t) => fresh.classify(t)));
  });

  test('the cached calibration is the one used', () => {
    trainWithCachedCalibration(training, normalise, settings, dir);
    tamperWithCache();
    const cached = trainWithCachedCalibration(training, normalise, settings, dir);
    expect([cached.temperature, cached.familiarityFloor]).toEqual([4.25, 0.99]);
  });

  test('a changed training phrase, or changed settings, is calibrated afresh under a new key', () => {
    trainWithCachedCalibration(training, normalise, settings, dir);
    tamperWithCache();

    const changed = training.map((e, i) => (i === 0 ? { ...e, text: `${e.text} please` } : e));
    const retrained = trainWithCachedCalibration(changed, normalise, settings, dir);
    const fresh = IntentClassifier.train(changed, normalise, settings);
    expect([retrained.temperature, retrained.familiarityFloor]).toEqual([fresh.temperature, fresh.familiarityFloor]);
    expect(cacheFiles()).toHaveLength(2);

    const otherMargin = trainWithCachedCalibration(training, normalise, { ...settings, margin: 0.2 }, dir);
    expect(otherMargin.temperature).not.toBe(4.25);
    expect(cacheFiles()).toHaveLength(3);
  });

  test('a cache file that is not a calibration is ignored and written again', () => {
    trainWithCachedCalibration(training, normalise, settings, dir);
    const [file] = cacheFiles();
    writeFileSync(path.join(dir, file), '{"temperature": "hot"');
    const fresh = IntentClassifier.train(training, normalise, settings);

    const retrained = trainWithCachedCalibration(training, normalise, settings, dir);
    expect([retrained.temperature, retrained.familiarityFloor]).toEqual([fresh.temperature, fresh.familiarityFloor]);
    expect(JSON.parse(readFileSync(path.join(dir, file), 'utf8'))).toEqual({
      threshold: fresh.threshold,
      temperature: fresh.temperature,
      familiarity: fresh.familiarityFloor,
    });
  });
});
