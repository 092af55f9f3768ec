/**
 * `npm run -s eval:safety -- --file F.jsonl [--channel webchat|voice|sms] [--at ISO-time] [--concurrency N]
 * [--verbose] [--transcripts] [--by FIELD] [--message-only]`: issue 16's safety figures for a file of cases (lines
 * {text, disposition, role?}). --by adds a message-alone line per value of another field of the lines (a language).
 * Prints two JSON lines: the message alone (`understand()`), and the whole conversation with the real bot (its real
 * dialogs over botbuilder's TestAdapter, on an embedded store started here) and a simulated person who answers its
 * questions truthfully for the case's label. --verbose prints each miss to stderr; --transcripts each conversation.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { createUnderstander } from '../src/intents';
import { EmbeddedStore } from '../src/store/embeddedStore';
import { botUnderTest, type Channel } from './safety/botUnderTest';
import {
  caseSchema,
  conversationOutcome,
  inPool,
  messageOutcome,
  missOf,
  summarise,
  type CaseOutcome,
} from './safety/safetyEval';
import { arg } from './cliArg';

function report(outcomes: CaseOutcome[], mode: string, transcripts: boolean) {
  for (const o of outcomes) {
    const miss = missOf(o);
    if (miss && process.argv.includes('--verbose')) {
      console.error(`[${mode}] ${miss} (label ${o.case.disposition}, ended ${o.ended}): ${o.case.text}`);
    }
    if (transcripts && o.transcript.length) console.error(`---\n${o.transcript.join('\n')}`);
  }
}

async function main(): Promise<void> {
  const file = arg('--file');
  if (!file) {
    console.error('usage: eval-safety --file cases.jsonl [--channel webchat|voice|sms] [--verbose]');
    process.exit(2);
  }
  const channel = (arg('--channel') ?? 'webchat') as Channel;
  if (!['webchat', 'voice', 'sms'].includes(channel)) throw new Error(`unknown channel ${channel}`);
  const at = arg('--at');
  const now = at ? () => new Date(at) : () => new Date();
  const concurrency = Number(arg('--concurrency') ?? 12);
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim());
  const cases = lines.map((l, i) => {
    const parsed = caseSchema.safeParse(JSON.parse(l));
    if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.issues[0].message}`);
    return parsed.data;
  });

  const understander = createUnderstander({ now });
  const alone = cases.map((c) => messageOutcome(understander, c));
  report(alone, 'message', false);
  console.log(JSON.stringify(summarise('message', alone)));
  const by = arg('--by');
  if (by) {
    const groups = new Map<string, CaseOutcome[]>();
    lines.forEach((l, i) => {
      const key = String((JSON.parse(l) as Record<string, unknown>)[by] ?? '');
      groups.set(key, [...(groups.get(key) ?? []), alone[i]]);
    });
    for (const [key, outcomes] of groups) console.log(JSON.stringify({ [by]: key, ...summarise('message', outcomes) }));
  }
  if (process.argv.includes('--message-only')) return;

  const dataDir = mkdtempSync(path.join(tmpdir(), 'front-door-eval-'));
  const store = await EmbeddedStore.start({ dataDir });
  const connection = mongoose.createConnection(store.uri, { dbName: 'eval_safety' });
  try {
    await connection.asPromise();
    const bot = await botUnderTest(connection, now);
    const whole = await inPool(cases, concurrency, (c, i) => conversationOutcome(bot, c, channel, i));
    report(whole, 'conversation', process.argv.includes('--transcripts'));
    console.log(JSON.stringify(summarise('conversation', whole, channel)));
  } finally {
    // The transcript logger writes after each turn without being awaited: let it finish before the store goes.
    await new Promise((r) => setTimeout(r, 500));
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
    await store.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
