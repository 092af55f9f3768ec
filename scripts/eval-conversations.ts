/**
 * `npm run -s eval:conversations -- --file F.jsonl [--verbose] [--transcripts]`: issue 17's figures for a blind set
 * of whole conversations (lines {id, channel, turns, outcome}). Starts the real service on an embedded store with the
 * demo record (reloaded for each conversation), plays each person's turns through their channel's real transport
 * (Direct Line for web chat, Twilio-signed webhooks for the phone line and SMS) and judges the outcome from the store and the transcript. Prints one JSON line
 * {n, completed, loops, repeatedQuestions, medianTurns, lostEscalations} and, to stderr with --verbose, each miss.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Connection } from 'mongoose';
import { startApp } from '../src/app';
import { loadConfig } from '../src/config';
import { seedDemoData } from '../src/demo/seedDemoData';
import { createLogger } from '../src/observability/logger';
import { EmbeddedStore } from '../src/store/embeddedStore';
import { TEST_TWILIO_AUTH_TOKEN } from '../test/support/appConfig';
import { TEST_PUBLIC_URL } from '../test/support/twilioWebhooks';
import { parseConversationSet, type ConversationCase } from './conversations/conversationCase';
import {
  gatherEvidence,
  loopsIn,
  lostEscalation,
  reached,
  repeatedQuestions,
  type ConversationResult,
  type Exchange,
} from './conversations/judge';
import { CallerPerson, TexterPerson, WebChatPerson, type Person } from './conversations/people';
import { arg } from './cliArg';

function personFor(c: ConversationCase, base: string): Person {
  if (c.channel === 'voice') return new CallerPerson(base);
  if (c.channel === 'sms') return new TexterPerson(base);
  return new WebChatPerson(base);
}

async function play(c: ConversationCase, base: string, db: Parameters<typeof gatherEvidence>[0]) {
  const person = personFor(c, base);
  const since = new Date(Date.now() - 1000);
  const transcript: string[] = [];
  const botLines: string[] = [];
  // Each of the person's turns with the bot's answer: a fact they have given must not be asked for after it.
  const exchanges: Exchange[] = [];
  let dialled = false;
  let turnsToOutcome: number | undefined;
  try {
    const opening = await person.open();
    for (const t of opening.texts) transcript.push(`bot: ${t}`);
    botLines.push(...opening.texts);
    const turns = c.leavesAfter ? c.turns.slice(0, c.leavesAfter) : c.turns;
    for (const [i, said] of turns.entries()) {
      transcript.push(`person: ${said}`);
      const answer = await person.say(said);
      for (const t of answer.texts) transcript.push(`bot: ${t}`);
      botLines.push(...answer.texts);
      exchanges.push({ said, answer: answer.texts });
      dialled ||= answer.dialled;
      // The transcript logger writes after the turn: give it a moment before the store is read.
      await new Promise((r) => setTimeout(r, 150));
      const evidence = await gatherEvidence(db, person.conversationId(), since, botLines, dialled);
      if (turnsToOutcome === undefined && reached(c.expected, evidence)) turnsToOutcome = i + 1;
      if (answer.ended) {
        transcript.push(answer.dialled ? '(call put through)' : '(call ended)');
        break;
      }
    }
    await new Promise((r) => setTimeout(r, 300));
    const evidence = await gatherEvidence(db, person.conversationId(), since, botLines, dialled);
    if (turnsToOutcome === undefined && reached(c.expected, evidence)) turnsToOutcome = turns.length;
    return {
      case: c,
      completed: turnsToOutcome !== undefined,
      turnsToOutcome,
      loops: loopsIn(botLines),
      repeatedQuestions: repeatedQuestions(c, exchanges),
      lostEscalation: lostEscalation(c, evidence),
      transcript,
    } satisfies ConversationResult;
  } finally {
    person.close();
  }
}

/**
 * The demo record each conversation starts from: a test start loads no patients, and without them no visit can be
 * changed and no care plan read, whatever the bot understood. Reloaded for each conversation, so a visit one person
 * moved or cancelled is there again for the next.
 */
async function freshDemoRecord(db: Connection): Promise<void> {
  for (const name of ['patients', 'slots', 'appointments', 'slot_bookings']) await db.collection(name).deleteMany({});
  await seedDemoData(db);
}

function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function main(): Promise<void> {
  const file = arg('--file');
  if (!file) {
    console.error('usage: eval-conversations --file conversations.jsonl [--verbose] [--transcripts]');
    process.exit(2);
  }
  const cases = parseConversationSet(readFileSync(file, 'utf8'), file);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'front-door-eval-conv-'));
  const store = await EmbeddedStore.start({ dataDir });
  const logger = createLogger({ level: 'silent' });
  const app = await startApp(
    loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      MONGODB_URI: store.uri,
      MONGODB_DB: 'eval_conversations',
      PUBLIC_URL: TEST_PUBLIC_URL,
      SESSION_SECRET: 'eval-only-session-secret-0123456789abcdef',
      TWILIO_AUTH_TOKEN: TEST_TWILIO_AUTH_TOKEN,
      CHAT_RATE_PER_MINUTE: '100000',
    }),
    logger,
  );
  const base = `http://127.0.0.1:${app.port}`;
  const results: ConversationResult[] = [];
  try {
    for (const c of cases) {
      await freshDemoRecord(app.database.connection);
      results.push(await play(c, base, app.database.connection));
    }
  } finally {
    await app.database.connection.dropDatabase().catch(() => undefined);
    await app.stop();
    await store.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }

  const verbose = process.argv.includes('--verbose');
  for (const r of results) {
    const faults = [
      !r.completed && `did not reach ${r.case.expected}`,
      r.loops && `${r.loops} question(s) asked 3 times`,
      ...r.repeatedQuestions.map((q) => `asked again ${q}`),
      r.lostEscalation && 'escalation lost',
    ].filter(Boolean);
    if ((verbose && faults.length) || process.argv.includes('--transcripts')) {
      console.error(`--- ${r.case.id} [${r.case.channel}] ${faults.join('; ')}\n${r.transcript.join('\n')}`);
    }
  }
  const professionalsOver = results.filter(
    (r) => r.case.outcome.maxTurns && (r.turnsToOutcome ?? Infinity) > r.case.outcome.maxTurns,
  ).length;
  console.log(
    JSON.stringify({
      n: results.length,
      completed: results.filter((r) => r.completed).length,
      loops: results.filter((r) => r.loops > 0).length,
      repeatedQuestions: results.reduce((n, r) => n + r.repeatedQuestions.length, 0),
      medianTurns: median(results.flatMap((r) => (r.turnsToOutcome ? [r.turnsToOutcome] : []))),
      lostEscalations: results.filter((r) => r.lostEscalation).length,
      overMaxTurns: professionalsOver,
      at: new Date().toISOString(),
    }),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
