/**
 * `npm run -s eval:answers -- --file F.jsonl` (lines {question, answer, label: yes|no|not_sure}): how well answers to
 * the assessment's yes / no questions are read. Prints one JSON line per reader: the buttons alone (what the
 * bot understood before the recogniser: "Yes", "No", "Not sure" exactly), botbuilder's ConfirmPrompt recogniser, and
 * ours. An answer a reader cannot place counts as wrong; `asAssessed` counts it as not sure, which is what the
 * assessment does after asking once more.
 */
import { readFileSync } from 'node:fs';
import { recognizeBoolean } from '@microsoft/recognizers-text-choice';
import { z } from 'zod';
import { AnswerRecogniser, type Answer } from '../src/intents/answers/answerRecogniser';
import { arg } from './cliArg';

const row = z.object({ question: z.string(), answer: z.string(), label: z.enum(['yes', 'no', 'not_sure']) });

const file = arg('--file');
if (!file) {
  console.error('usage: eval-answers --file answers.jsonl [--verbose]');
  process.exit(2);
}
const rows = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => row.parse(JSON.parse(l)));

const BUTTONS: Record<string, Answer> = { yes: 'yes', no: 'no', 'not sure': 'not_sure' };
const readers: [string, (answer: string, question: string) => Answer | undefined][] = [
  [
    'buttons',
    (a) =>
      BUTTONS[
        a
          .trim()
          .toLowerCase()
          .replace(/[.!]+$/, '')
      ],
  ],
  [
    'botbuilderConfirm',
    (a) => {
      const value = recognizeBoolean(a, 'en-us')[0]?.resolution?.value as boolean | undefined;
      return value === undefined ? undefined : value ? 'yes' : 'no';
    },
  ],
  [
    'recogniser',
    (
      (r) => (a: string, q: string) =>
        r.recognise(a, q)
    )(AnswerRecogniser.load()),
  ],
];

for (const [reader, read] of readers) {
  let right = 0;
  let rightAsAssessed = 0;
  let unplaced = 0;
  const perLabel: Record<string, { n: number; right: number }> = {};
  const confusion: Record<string, number> = {};
  for (const r of rows) {
    const said = read(r.answer, r.question);
    if (!said) unplaced++;
    const assessed = said ?? 'not_sure';
    perLabel[r.label] ??= { n: 0, right: 0 };
    perLabel[r.label].n++;
    if (said === r.label) {
      right++;
      perLabel[r.label].right++;
    } else {
      const key = `${r.label}->${said ?? 'unplaced'}`;
      confusion[key] = (confusion[key] ?? 0) + 1;
      if (process.argv.includes('--verbose') && reader === 'recogniser') console.error(`${key}\t${r.answer}`);
    }
    if (assessed === r.label) rightAsAssessed++;
  }
  const share = (x: number) => Math.round((x / rows.length) * 1000) / 1000;
  console.log(
    JSON.stringify({
      reader,
      n: rows.length,
      accuracy: share(right),
      asAssessed: share(rightAsAssessed),
      unplaced,
      recall: Object.fromEntries(
        Object.entries(perLabel).map(([k, v]) => [k, Math.round((v.right / v.n) * 1000) / 1000]),
      ),
      confusion,
    }),
  );
}
