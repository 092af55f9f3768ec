/**
 * understand() time with the other languages' screens (issue 22): p50 and p99 over the English held-out messages
 * and over the 300 messages of the language-ID benchmark. `npx tsx bench/language-id/understand.ts`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createUnderstander } from '../../src/intents';

const read = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { text: string }).text);

const understander = createUnderstander();
const sets = {
  'English held-out': read(join(__dirname, '..', '..', 'test', 'nlu', 'heldout.jsonl')),
  '15 languages (benchmark)': read(join(__dirname, 'messages.jsonl')),
};
for (const [name, texts] of Object.entries(sets)) {
  for (const t of texts) understander.understand(t);
  const times: number[] = [];
  for (let i = 0; i < 20000; i++) {
    const started = process.hrtime.bigint();
    understander.understand(texts[i % texts.length]);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.ceil(times.length * q) - 1].toFixed(3);
  console.log(`${name}: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms`);
}
