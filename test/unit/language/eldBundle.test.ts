import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../../src/content/readContentFile';
import { ELD_BUNDLE } from '../../../src/intents/language/eld';

// Our own examples (the implementer's), not a blind set: several scripts, served languages and not.
const TEXTS = [
  'my husband is not breathing',
  'mi madre no puede respirar',
  'mój mąż nie oddycha',
  'soțul meu nu respiră',
  'kocam nefes almıyor',
  'mano vyras nekvėpuoja',
  'waxaan u baahanahay kalkaaliso',
  'mera beta bahut bimar hai',
  'ਮੇਰੇ ਪਤੀ ਸਾਹ ਨਹੀਂ ਲੈ ਰਹੇ',
  'میرے شوہر سانس نہیں لے رہے',
  'زوجي لا يتنفس',
  'Мой муж не дышит',
  'ich brauche einen Termin',
  'ok',
  '<script>alert(1)</script>',
];

/** eld's answers for TEXTS, from its ESM entry (the table as eld ships it) or from our bundle. */
function answers(source: 'eld' | 'bundle'): unknown {
  const load =
    source === 'eld'
      ? `(await import(${JSON.stringify(path.join(PROJECT_ROOT, 'node_modules/eld/src/entries/static.large.js'))})).eld`
      : `createRequire(import.meta.url)(${JSON.stringify(ELD_BUNDLE)}).eld`;
  const script = `import { createRequire } from 'node:module';
    const eld = ${load};
    const texts = ${JSON.stringify(TEXTS)};
    console.log(JSON.stringify({ info: eld.info(), answers: texts.map((t) => {
      const r = eld.detect(t);
      return [r.language, r.isReliable(), r.getScores()];
    }) }));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout);
}

describe("the language identifier's bundle (scripts/build-language-id.js)", () => {
  test("carries eld's n-gram table as JSON text, which loads about three times faster than the object literal", () => {
    expect(readFileSync(ELD_BUNDLE, 'utf8')).toMatch(/var ngramsData = JSON\.parse\([`"']\{/);
  });

  test('answers exactly as eld does with the table it ships', () => {
    expect(answers('bundle')).toEqual(answers('eld'));
  }, 60000);
});
