/**
 * `npx tsx scripts/build-urgency-examples.ts`: writes content/triage/urgency-examples/examples.jsonl, the labelled
 * messages the learned urgency safety net trains on (issue 16, H225), from the spent blind sets safety-a … safety-m
 * (their text) and multilingual-a … i (their `english` field). Never from a set still sealed or kept for measuring:
 * safety-n and later, multilingual-j and later. Run again only when a newly spent set is added to the lists below.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isDisposition } from '../src/triage/dispositions';

const ROOT = path.join(__dirname, '..');
const SAFETY = 'abcdefghijklm'.split('').map((l) => `safety-${l}`);
const MULTILINGUAL = 'abcdefghi'.split('').map((l) => `multilingual-${l}`);

const lines: string[] = [];
for (const [sets, field] of [
  [SAFETY, 'text'],
  [MULTILINGUAL, 'english'],
] as const) {
  for (const set of sets) {
    const file = path.join(ROOT, 'test', 'blind', `${set}.jsonl`);
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const j = JSON.parse(line) as Record<string, unknown>;
      const text = j[field];
      if (typeof text !== 'string' || !text.trim() || !isDisposition(j.disposition)) continue;
      lines.push(JSON.stringify({ text: text.trim(), disposition: j.disposition, from: set }));
    }
  }
}
writeFileSync(path.join(ROOT, 'content', 'triage', 'urgency-examples', 'examples.jsonl'), `${lines.join('\n')}\n`);
console.log(`${lines.length} examples`);
