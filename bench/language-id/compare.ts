/**
 * Language identification on short messages: compares maintained libraries on bench/language-id/messages.jsonl
 * (300 messages of 1–12 words, 20 in each of the 14 community languages and English, WRITTEN BY THE IMPLEMENTER of
 * issue 22 as a benchmark for choosing a library: not a blind set) and romanised.jsonl (South Asian languages typed
 * in Latin letters, reported apart: no library is trained on them). Prints accuracy per language and microseconds
 * per message; `npx tsx bench/language-id/compare.ts`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEld } from '../../src/intents/language/eld';
import { LanguageIdentifier } from '../../src/intents/language/identify';

interface Sample {
  lang: string;
  text: string;
}

const read = (file: string): Sample[] =>
  readFileSync(join(__dirname, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Sample);

/** ISO 639-3 (franc) to the ISO 639-1 codes the others use. */
const FROM_639_3: Record<string, string> = {
  eng: 'en',
  pol: 'pl',
  ron: 'ro',
  pan: 'pa',
  urd: 'ur',
  ben: 'bn',
  guj: 'gu',
  por: 'pt',
  spa: 'es',
  arb: 'ar',
  ara: 'ar',
  som: 'so',
  tam: 'ta',
  tur: 'tr',
  lit: 'lt',
  ita: 'it',
  pnb: 'pa',
};

type Detector = { name: string; detect: (text: string) => string };

async function detectors(): Promise<Detector[]> {
  const out: Detector[] = [];
  // The same bundle the service loads (scripts/build-language-id.js).
  const { eld } = loadEld();
  out.push({ name: 'eld 2.1 (large)', detect: (t) => eld.detect(t).language });
  const tinyld = (await import('tinyld')) as unknown as { detect(t: string): string };
  out.push({ name: 'tinyld 1.3 (normal)', detect: (t) => tinyld.detect(t) });
  const { loadModule } = (await import('cld3-asm')) as unknown as {
    loadModule(): Promise<{ create(min: number, max: number): { findLanguage(t: string): { language: string } } }>;
  };
  const cld = (await loadModule()).create(0, 1000);
  out.push({ name: 'cld3-asm 4.0', detect: (t) => cld.findLanguage(t).language.split('-')[0] });
  const francModule: string = 'franc'; // ESM only: imported at run time by tsx
  const { franc } = (await import(francModule)) as { franc(t: string, o?: { minLength?: number }): string };
  out.push({
    name: 'franc 6.2 (minLength 1)',
    detect: (t) => FROM_639_3[franc(t, { minLength: 1 })] ?? franc(t, { minLength: 1 }),
  });
  // What the service uses: the script, then eld, then Somali marker words (src/intents/language/identify.ts).
  const ours = new LanguageIdentifier();
  out.push({ name: 'Front Door: script + eld + markers', detect: (t) => ours.identify(t).code });
  return out;
}

async function main() {
  const samples = read('messages.jsonl');
  const romanised = read('romanised.jsonl');
  const langs = [...new Set(samples.map((s) => s.lang))];
  const summary: Record<string, unknown> = {};
  for (const d of await detectors()) {
    for (const s of samples.slice(0, 50)) d.detect(s.text); // warm up
    const perLang = new Map<string, number>();
    const wrong: string[] = [];
    const started = process.hrtime.bigint();
    const rounds = 20;
    let got: string[] = [];
    for (let r = 0; r < rounds; r++) got = samples.map((s) => d.detect(s.text));
    const micros = Number(process.hrtime.bigint() - started) / 1000 / rounds / samples.length;
    samples.forEach((s, i) => {
      if (got[i] === s.lang) perLang.set(s.lang, (perLang.get(s.lang) ?? 0) + 1);
      else wrong.push(`${s.lang}→${got[i] || '?'}`);
    });
    const correct = [...perLang.values()].reduce((a, b) => a + b, 0);
    const roman = romanised.filter((s) => d.detect(s.text) === s.lang).length;
    console.log(
      `\n${d.name}: ${correct}/${samples.length} (${((100 * correct) / samples.length).toFixed(1)}%), ` +
        `${micros.toFixed(1)} µs per message; romanised ${roman}/${romanised.length}`,
    );
    console.log('  ' + langs.map((l) => `${l} ${perLang.get(l) ?? 0}/20`).join('  '));
    console.log('  wrong: ' + wrong.join(' '));
    summary[d.name] = { correct, total: samples.length, micros: Math.round(micros * 10) / 10, romanised: roman };
  }
  console.log('\n' + JSON.stringify(summary));
}

void main();
