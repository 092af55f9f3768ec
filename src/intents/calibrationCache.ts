import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { installedVersion, PROJECT_ROOT } from '../content/readContentFile';
import { IntentClassifier, type ClassifierOptions, type LabelledText } from './intentClassifier';
import type { Normaliser } from './normalise';

/** Where the calibrations are kept: with the other built artefacts, never in git. */
export const CALIBRATION_CACHE_DIR = path.join(PROJECT_ROOT, '.cache', 'understander');

/** What 'auto' settings resolved to for one set of inputs. */
interface Calibration {
  threshold: number;
  temperature: number;
  familiarity: number;
}

/**
 * Trains the intent classifier as `IntentClassifier.train` does, keeping what its 'auto' settings resolve to (the
 * temperature and `none` threshold fitted on held-back phrases, the familiarity floor found by leave-one-out) under
 * `.cache/understander/`. Those searches train extra models and cost more than the final model itself, and every start
 * of Front Door and every test file that builds an understander repeated them on the same inputs. With the resolved
 * numbers given as settings, training makes the very same model (its training is seeded) and skips the searches.
 *
 * The cache is keyed by a hash of everything the searches read: the training phrases, their normalised forms (so a
 * change to the normalisation lists counts), the settings, the source of this folder (the model, features, speller
 * and calibration code) and the stemmer's package version. Any change makes a new key, so a stale calibration is
 * never used. A cache that cannot be read or written costs only the time: the classifier is trained in full.
 */
export function trainWithCachedCalibration(
  examples: LabelledText[],
  normalise: Normaliser,
  settings: ClassifierOptions,
  cacheDir = CALIBRATION_CACHE_DIR,
): IntentClassifier {
  const auto = settings.threshold === 'auto' || settings.temperature === 'auto' || settings.familiarity === 'auto';
  // Choosing between candidate settings, or calibrating on a validation split, is not cached: train as asked.
  if (!auto || settings.candidates?.length || settings.validation) {
    return IntentClassifier.train(examples, normalise, settings);
  }
  const file = path.join(cacheDir, `classifier-${calibrationKey(examples, normalise, settings)}.json`);
  const cached = readCalibration(file);
  if (cached) return IntentClassifier.train(examples, normalise, { ...settings, ...cached });
  const classifier = IntentClassifier.train(examples, normalise, settings);
  writeCalibration(file, {
    threshold: classifier.threshold,
    temperature: classifier.temperature,
    familiarity: classifier.familiarityFloor,
  });
  return classifier;
}

function calibrationKey(examples: LabelledText[], normalise: Normaliser, settings: ClassifierOptions): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ settings, examples: examples.map((e) => [e.intent, e.text, normalise(e.text)]) }));
  for (const name of readdirSync(__dirname).sort()) {
    if (/\.(ts|js)$/.test(name) && !name.endsWith('.d.ts'))
      hash.update(name).update(readFileSync(path.join(__dirname, name)));
  }
  hash.update(installedVersion('natural'));
  return hash.digest('hex').slice(0, 32);
}

function readCalibration(file: string): Calibration | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  const c = parsed as Partial<Calibration> | null;
  const valid =
    c !== null &&
    typeof c === 'object' &&
    [c.threshold, c.temperature, c.familiarity].every((n) => typeof n === 'number' && Number.isFinite(n)) &&
    c.temperature! > 0;
  return valid ? { threshold: c.threshold!, temperature: c.temperature!, familiarity: c.familiarity! } : undefined;
}

function writeCalibration(file: string, calibration: Calibration): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    // Written aside and renamed, so a test file or start reading it at the same moment never sees half a file.
    const aside = `${file}.${process.pid}.tmp`;
    writeFileSync(aside, JSON.stringify(calibration));
    renameSync(aside, file);
  } catch {
    // A read-only install trains in full at each start, as before the cache.
  }
}
