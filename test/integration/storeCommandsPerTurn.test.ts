import type { CommandStartedEvent } from 'mongodb';
import type { Activity } from 'botbuilder';
import { startApp, type RunningApp } from '../../src/app';
import { seedDemoData } from '../../src/demo/seedDemoData';
import { ActivityLog, sequenceOf } from '../../src/integrations/directline/activityLog';
import { createLogger } from '../../src/observability/logger';
import { testConfig } from '../support/appConfig';
import { directLineMessage } from '../support/activities';
import { choicesIn, PlainChat } from '../support/plainChat';
import { Call } from '../support/phoneCall';
import { closeTestDatabase, openTestDatabase } from '../support/testDatabase';
import { newMessageSid, OUR_NUMBER, postWebhook, TEST_PUBLIC_URL } from '../support/twilioWebhooks';

// Issue 16: the questions add no measurable turn latency, and a turn's largest cost was its store round trips. Each
// turn here is counted in store commands (the driver's commandStarted events), never timed: a change that adds a
// round trip to a turn fails this file, and says which collection and command it added.

/** How long the store must be quiet after a turn's answer before its commands are counted (SMS and phone transcripts
 *  are stored after the answer without waiting). */
const QUIET_MS = 400;

type Counts = Record<string, number>;

const seen: CommandStartedEvent[] = [];
let app: RunningApp;
let base: string;

/** `find bot_state`, `insert directline_activities`, …: the command and the collection it names. */
const nameOf = (e: CommandStartedEvent): string => {
  const target = (e.command as Record<string, unknown>)[e.commandName];
  return `${e.commandName} ${typeof target === 'string' ? target : ''}`.trim();
};

/** The periodic visit recovery (every 15 s, not a turn's) is the one timer left running; its read is not counted. */
const background = (e: CommandStartedEvent) => e.commandName === 'find' && nameOf(e) === 'find visit_operations';

/** Runs one turn (request and answer, and a web chat client's read of the replies) and counts what it sent. */
async function counted<T>(turn: () => Promise<T>): Promise<{ result: T; counts: Counts; total: number }> {
  const from = seen.length;
  const result = await turn();
  let quietSince = seen.length;
  for (;;) {
    await new Promise((r) => setTimeout(r, QUIET_MS));
    if (seen.length === quietSince) break;
    quietSince = seen.length;
  }
  const counts: Counts = {};
  for (const e of seen.slice(from)) if (!background(e)) counts[nameOf(e)] = (counts[nameOf(e)] ?? 0) + 1;
  return { result, counts, total: Object.values(counts).reduce((a, b) => a + b, 0) };
}

beforeAll(async () => {
  app = await startApp(
    testConfig({
      PUBLIC_URL: TEST_PUBLIC_URL,
      // The driver reports every command only when asked to, from the connection string.
      MONGODB_URI: `${process.env.TEST_MONGODB_URI}?monitorCommands=true`,
      // The hub's sweeps and the record outbox's retries are timers, not turns.
      HUB_SWEEP_INTERVAL_MS: '3600000',
      RECORD_RETRY_INTERVAL_MS: '3600000',
    }),
    createLogger({ level: 'silent' }),
  );
  await seedDemoData(app.database.connection);
  app.database.connection.getClient().on('commandStarted', (e) => seen.push(e));
  base = `http://127.0.0.1:${app.port}`;
});
afterAll(() => app.stop());

describe('store commands per turn (issue 16)', () => {
  it('a web chat visit change: the message, the replies and the state written, the replies read', async () => {
    // [what the person says, the most commands the turn may send]. Every turn writes the message, the replies
    // (one insert) and the bot state, and the client reads the replies (a GET reads the store: a client that posted
    // on another instance must see its post). The conversation and the state were written by this instance, so
    // neither is read back.
    const PICK = '(the first time offered)';
    const script: [string, number][] = [
      ['hello', 4],
      ['Myself', 4],
      ['I need to change my appointment', 4],
      ['999 234 5675', 4],
      // Identity: the patient and their visits are read; the contact summary is filed provisionally (record outbox).
      ['14/03/1939', 9],
      // The visit: it, the team's slots and which are booked are read.
      [PICK, 7],
      // The change (operation record, booking, visit, release, audit, close), the confirmation SMS, the contact.
      [PICK, 19],
      ['goodbye', 4],
    ];
    const since = Date.now();
    const started = await counted(() => PlainChat.start(base));
    // The conversation, the welcome's state and the welcome, and the client's read of it.
    expect(started.counts).toEqual({
      'insert directline_conversations': 1,
      'update bot_state': 1,
      'insert directline_activities': 1,
      'find directline_activities': 1,
    });
    const chat = started.result;
    let replies: Activity[] = [];
    const report: string[] = [];
    const over: string[] = [];
    const all: Counts = {};
    for (const [text, most] of script) {
      const said = text === PICK ? choicesIn(replies).filter((c) => c !== 'Keep my visit')[0] : text;
      const turn = await counted(() => chat.say(said));
      replies = turn.result;
      report.push(`${said}: ${turn.total} ${JSON.stringify(turn.counts)}`);
      // Counted apart, below: whether a turn reads the conversation depends on the time since the last read.
      const total = turn.total - (turn.counts['find directline_conversations'] ?? 0);
      if (total > most) over.push(`${said}: ${total} > ${most}`);
      for (const [k, n] of Object.entries(turn.counts)) all[k] = (all[k] ?? 0) + n;
    }
    expect(replies.map((r) => r.text).join(' ')).toMatch(/Take care/);
    // Each turn's commands are in the failure's message when a bound is passed.
    expect({ over, report }).toEqual({ over: [], report });
    expect(all['find directline_activities']).toBe(script.length);
    // A post checks the conversation has not ended, from what this instance saw at most 5 s ago (ActivityLog), and
    // the conversation this instance created is not read back: one read for each 5 s the script took, at most.
    const fiveSeconds = Math.floor((Date.now() - since) / 5000);
    expect(all['find directline_conversations'] ?? 0).toBeLessThanOrEqual(fiveSeconds);
    expect(all['find bot_state'] ?? 0).toBe(0);
    expect(all['update bot_state']).toBe(script.length);
    expect(all['insert directline_activities']).toBe(script.length * 2);
  });

  it('the danger-sign questions: four commands a turn, like any other question', async () => {
    const chat = await PlainChat.start(base);
    const asked = await counted(() => chat.say('my mum has a bit of a cough'));
    expect(asked.result.map((r) => r.text).join(' ')).toMatch(/Right now, is there any of these/);
    const first = await counted(() => chat.say('no'));
    expect(first.result.map((r) => r.text).join(' ')).toMatch(/new today/);
    const second = await counted(() => chat.say('no'));
    for (const turn of [asked, first, second]) {
      expect(turn.counts).toEqual({
        'insert directline_activities': 2,
        'update bot_state': 1,
        'find directline_activities': 1,
      });
    }
  });

  it('a phone call: the webhook ledger, the call step, the state read and written, the transcript: seven a turn', async () => {
    const call = new Call(base);
    await call.start();
    const turns = [
      await counted(() => call.press('1')),
      await counted(() => call.say('I need to change my appointment')),
      await counted(() => call.say('999 234 5675')),
    ];
    expect(turns[1].result.says.join(' ')).toMatch(/NHS number/);
    for (const turn of turns) {
      expect(turn.counts).toEqual({
        'find voice_steps': 1,
        'insert voice_steps': 1,
        'insert twilio_webhooks': 1,
        'update twilio_webhooks': 1,
        // Phone state is read each turn: no channel position vouches that another instance did not take a turn.
        'find bot_state': 1,
        'update bot_state': 1,
        'insert transcript_activities': 1,
      });
    }
  });

  it("an SMS: the webhook ledger, the texter's conversation, the state read and written, the transcript", async () => {
    const text = (body: string) =>
      postWebhook(base, '/api/sms', { MessageSid: newMessageSid(), From: '+447700900931', To: OUR_NUMBER, Body: body });
    const first = await counted(() => text('hello'));
    // The transcript is opened once, on the first message.
    expect(first.counts['update transcripts']).toBe(1);
    const turns = [first, await counted(() => text('1')), await counted(() => text('I need to change my appointment'))];
    expect(turns[2].result.body).toMatch(/NHS number/);
    for (const turn of turns) {
      const counts = { ...turn.counts };
      delete counts['update transcripts'];
      expect(counts).toEqual({
        'insert twilio_webhooks': 1,
        'update twilio_webhooks': 1,
        'find sms_conversations': 1,
        'update sms_conversations': 1,
        'find bot_state': 1,
        'update bot_state': 1,
        'insert transcript_activities': 1,
      });
    }
  });
});

describe("a WebSocket's read of what this instance just stored", () => {
  it('comes from memory, stops where another instance wrote, and the next read goes on from the store', async () => {
    const connection = await openTestDatabase();
    try {
      const a = new ActivityLog(connection);
      const b = new ActivityLog(connection);
      const id = `fresh-${Date.now().toString(36)}`;
      // Kept only for a conversation a WebSocket on the instance follows: b has none.
      a.keepFreshFor = (conversationId) => conversationId === id;
      await a.start(id, 'dl_user');
      const message = await a.append(id, directLineMessage(id, 'hello'));
      await a.appendAll(id, [directLineMessage(id, 'reply one'), directLineMessage(id, 'reply two')]);
      // Another instance (a coordinator's message) writes after them.
      await b.appendAll(id, [directLineMessage(id, 'Hello, this is a nurse.')]);
      const seq = sequenceOf(message.id)!;
      const fromMemory = a.fresh(id, seq - 1)!;
      expect(fromMemory.activities.map((x) => x.text)).toEqual(['hello', 'reply one', 'reply two']);
      expect(fromMemory).toEqual(await a.since(id, seq - 1, 3));
      // Handed out once: the next read is the store's, from the watermark returned, and finds the nurse's message.
      expect(a.fresh(id, seq - 1)).toBeUndefined();
      expect(a.fresh(id, fromMemory.watermark)).toBeUndefined();
      const next = await a.since(id, fromMemory.watermark);
      expect(next.activities.map((x) => x.text)).toEqual(['Hello, this is a nurse.']);
      // What another instance stored is never served from this one's memory.
      expect(b.fresh(id, seq - 1)).toBeUndefined();
      // Nor does an instance keep its own for a conversation no WebSocket of its follows (a GET reads the store).
      expect(b.fresh(id, seq + 2)).toBeUndefined();
      expect((await b.since(id, seq + 2)).activities.map((x) => x.text)).toEqual(['Hello, this is a nurse.']);
    } finally {
      await closeTestDatabase(connection);
    }
  });
});
