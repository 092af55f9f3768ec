import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/content/readContentFile';

/**
 * `npm run bench:nlu [-- --dir ../shared/benchmarks/nlu] [--skip clinc150]`: runs `nlu:evaluate` (a fresh process,
 * training from scratch) on every public benchmark folder, then prints our scores beside the published ones from
 * that folder's README. Braun "overall" pools the three Braun test sets, as the published figure does.
 */
interface Score {
  n: number;
  accuracy: number;
  macroF1: number;
  inScopeAccuracy: number;
  oosRecall: number | null;
  trainMs: number;
  p50Ms: number;
  p99Ms: number;
  /** Which candidate training settings the corpus's own training (or validation) data chose, if it had a choice. */
  choice?: { chosen: string; by: string; scores: Record<string, number>; rows: number };
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** The README's results table as { system → { column → value } }, so the comparison is never typed in by hand. */
function publishedResults(readme: string): { columns: string[]; rows: Map<string, Record<string, string>> } {
  const lines = readme.split('\n').filter((l) => l.startsWith('|'));
  const headerIndex = lines.findIndex((l) => /\|\s*system\s*\|/i.test(l));
  const rows = new Map<string, Record<string, string>>();
  if (headerIndex < 0) return { columns: [], rows };
  const cells = (line: string) =>
    line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
  const columns = cells(lines[headerIndex]).slice(1);
  for (const line of lines.slice(headerIndex + 2)) {
    const [system, ...values] = cells(line);
    rows.set(system, Object.fromEntries(columns.map((c, i) => [c, values[i] ?? '–'])));
  }
  return { columns, rows };
}

function run(dir: string, corpus: string): Score {
  const folder = path.join(dir, corpus);
  const args = [
    'run',
    '-s',
    'nlu:evaluate',
    '--',
    '--train',
    path.join(folder, 'train.jsonl'),
    '--test',
    path.join(folder, 'test.jsonl'),
  ];
  const validation = path.join(folder, 'validation.jsonl');
  if (existsSync(validation)) args.push('--validation', validation);
  const result = spawnSync('npm', args, { cwd: PROJECT_ROOT, encoding: 'utf8', maxBuffer: 1 << 20 });
  const line = result.stdout.trim().split('\n').pop() ?? '';
  if (result.status !== 0 || !line.startsWith('{'))
    throw new Error(`${corpus}: nlu:evaluate failed: ${result.stderr.trim()}`);
  return JSON.parse(line) as Score;
}

function main(): void {
  const dir = path.resolve(option('--dir') ?? path.join(PROJECT_ROOT, '..', 'shared', 'benchmarks', 'nlu'));
  const skip = new Set((option('--skip') ?? '').split(',').filter(Boolean));
  const corpora = ['braun-chatbot', 'braun-askubuntu', 'braun-webapps', 'clinc150'].filter((c) => !skip.has(c));
  const scores = new Map<string, Score>();
  for (const corpus of corpora) {
    process.stderr.write(`training and scoring ${corpus}…\n`);
    scores.set(corpus, run(dir, corpus));
  }

  const pct = (x: number | null | undefined) => (x === null || x === undefined ? '–' : (x * 100).toFixed(1));
  console.log('corpus            n     accuracy  macro-F1  in-scope  oos recall  train ms  p50 ms  p99 ms');
  for (const [corpus, s] of scores) {
    console.log(
      `${corpus.padEnd(16)}${String(s.n).padStart(5)}${pct(s.accuracy).padStart(11)}${pct(s.macroF1).padStart(10)}` +
        `${pct(s.inScopeAccuracy).padStart(10)}${pct(s.oosRecall).padStart(12)}${String(s.trainMs).padStart(10)}` +
        `${s.p50Ms.toFixed(3).padStart(8)}${s.p99Ms.toFixed(3).padStart(8)}`,
    );
  }

  for (const [corpus, s] of scores) {
    if (s.choice) {
      const judged = Object.entries(s.choice.scores).map(([name, n]) => `${name} ${n}/${s.choice?.rows}`);
      console.log(`${corpus}: trained with ${s.choice.chosen} (chosen by ${s.choice.by}: ${judged.join(', ') || '–'})`);
    }
  }

  const braun = ['braun-chatbot', 'braun-askubuntu', 'braun-webapps'].map((c) => scores.get(c));
  const pooled = braun.every(Boolean)
    ? braun.reduce((sum, s) => sum + (s?.accuracy ?? 0) * (s?.n ?? 0), 0) /
      braun.reduce((sum, s) => sum + (s?.n ?? 0), 0)
    : undefined;
  const clinc = scores.get('clinc150');
  const ours: Record<string, string> = {
    Chatbot: pct(scores.get('braun-chatbot')?.accuracy ?? null),
    AskUbuntu: pct(scores.get('braun-askubuntu')?.accuracy ?? null),
    WebApps: pct(scores.get('braun-webapps')?.accuracy ?? null),
    'Braun overall': pct(pooled ?? null),
    'CLINC150 in-scope acc.': pct(clinc?.inScopeAccuracy ?? null),
    'CLINC150 out-of-scope recall': pct(clinc?.oosRecall ?? null),
  };

  const readme = path.join(dir, 'README.md');
  const { columns, rows } = existsSync(readme)
    ? publishedResults(readFileSync(readme, 'utf8'))
    : { columns: [], rows: new Map() };
  const shown = columns.length ? columns : Object.keys(ours);
  // Published Braun figures are fractions (0.93), CLINC150 ones percentages (91.5): show everything as percentages.
  const asPct = (v: string) => (/^0?\.\d+$/.test(v) || v === '1' ? (Number(v) * 100).toFixed(1) : v);
  console.log(`\n${'system'.padEnd(22)}${shown.map((c) => c.padStart(Math.max(9, c.length + 2))).join('')}`);
  console.log(
    `${'Front Door (measured)'.padEnd(22)}${shown.map((c) => (ours[c] ?? '–').padStart(Math.max(9, c.length + 2))).join('')}`,
  );
  for (const [system, values] of rows) {
    console.log(
      `${system.padEnd(22)}${shown.map((c) => asPct(values[c] ?? '–').padStart(Math.max(9, c.length + 2))).join('')}`,
    );
  }
  console.log(
    '\nAccuracy in %. Braun overall pools the three Braun test sets. Published figures from the benchmark README.',
  );
}

main();
