import path from 'node:path';
import { PROJECT_ROOT } from '../../content/readContentFile';

/** The part of eld (Efficient Language Detector, github.com/nitotm/efficient-language-detector-js) we use. */
export interface EldResult {
  language: string;
  getScores(): Record<string, number>;
  isReliable(): boolean;
}
export interface Eld {
  detect(text: string): EldResult;
}

/** Where scripts/build-language-id.js puts eld's "large" build as CommonJS (eld ships ESM only). */
export const ELD_BUNDLE = path.join(PROJECT_ROOT, '.cache', 'eld', 'eld-large.cjs');

let loaded: { eld: Eld } | undefined;

/** Loads eld once; a missing bundle stops start-up with what to run. */
export function loadEld(): { eld: Eld } {
  if (loaded) return loaded;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a built CommonJS bundle, found at run time
    loaded = require(ELD_BUNDLE) as { eld: Eld };
  } catch (err) {
    throw new Error(
      `language identification: cannot load ${path.relative(PROJECT_ROOT, ELD_BUNDLE)} (run npm run build): ${(err as Error).message}`,
      { cause: err },
    );
  }
  return loaded;
}
