/**
 * `npx tsx scripts/build-finding-net-examples.ts`: writes content/red-flags/finding-net/examples.jsonl, the training
 * messages of the learned cross-lingual emergency screen (issue 22), from the spent multilingual blind sets listed
 * below, each labelled by its own writer. Only spent sets: a sealed set must never reach the model, or its figure
 * measures memory. When a set is spent, add its letter here and run this again.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const SPENT = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'];
const root = path.join(__dirname, '..');

const out: string[] = [];
for (const set of SPENT) {
  const file = path.join(root, 'test', 'blind', `multilingual-${set}.jsonl`);
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const c = JSON.parse(line) as { text: string; lang: string; disposition: string };
    // Only what the model learns from: the text, whether its writer labelled it a 999 emergency, its language, and
    // which writer (set) it came from, so the experiment can leave one writer out.
    out.push(JSON.stringify({ text: c.text, lang: c.lang, emergency: c.disposition === 'emergency_999', set }));
  }
}
writeFileSync(path.join(root, 'content', 'red-flags', 'finding-net', 'examples.jsonl'), `${out.join('\n')}\n`);
console.log(`${out.length} examples from multilingual-${SPENT.join(',')}`);
