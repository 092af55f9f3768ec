import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Connection } from 'mongoose';
import { label } from '../../src/console/pages/labels';
import { FeedbackBox } from '../../src/hub/feedback';
import { loadOutcomes } from '../../src/hub/outcomes';
import type { QueueItem } from '../../src/hub/queueModel';
import { loadResponseTargets } from '../../src/hub/responseTargets';
import { TriageQueue } from '../../src/hub/triageQueue';
import { loadReportContent } from '../../src/reports/reportContent';
import { reportCsv } from '../../src/reports/reportCsv';
import { serviceReport } from '../../src/reports/serviceReport';
import { closeTestDatabase, openTestDatabase } from '../support/testDatabase';

const outcomes = loadOutcomes();
const content = loadReportContent();
const staff = { id: 'user-1', name: 'Ann Coordinator' };
const MINUTE = 60000;

/** A small deterministic generator, so a failure can be run again exactly. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

/** Who contacted us, and the source the test expects for them (decided here, not by the report's rules). */
const CONTACTS: { contact: QueueItem['summary']['contact']; answers: Record<string, string>; source: string }[] = [
  { contact: { role: 'patient' }, answers: {}, source: 'self' },
  { contact: { role: 'carer', relationship: 'son' }, answers: {}, source: 'carer' },
  { contact: { role: 'professional', organisation: 'LAS', callSign: 'K21' }, answers: {}, source: 'las' },
  { contact: { role: 'professional' }, answers: { who: 'paramedic, SECAmb' }, source: 'las' },
  { contact: { role: 'professional', organisation: 'NHS 111' }, answers: {}, source: 'nhs111' },
  { contact: { role: 'professional' }, answers: { who: 'GP, Balham Park Surgery' }, source: 'gp' },
  { contact: { role: 'professional' }, answers: { who: 'ward sister, St George’s Hospital' }, source: 'hospital' },
  { contact: { role: 'professional' }, answers: { who: 'occupational therapist' }, source: 'other_professional' },
  { contact: { role: 'unknown' }, answers: {}, source: 'unknown' },
];
const KINDS = ['escalation', 'referral', 'callback', 'safeguarding'] as const;
const DISPOSITIONS = ['emergency_999', 'urgent_2h', 'same_day', 'routine', 'self_care', 'none'];
// Either side of each month's edge (London is on GMT in November and December), and through the month.
const NOV = { from: Date.UTC(2026, 10, 1), to: Date.UTC(2026, 11, 1) };
const EDGES = [NOV.from - MINUTE, NOV.from, NOV.to - MINUTE, NOV.to];

describe('the monthly service report against the real store', () => {
  let connection: Connection;
  let clock: Date;
  const expectedSource = new Map<string, string>();
  const asOf = new Date(Date.UTC(2026, 10, 30, 12));

  beforeAll(async () => {
    connection = await openTestDatabase();
    const queue = new TriageQueue(connection, loadResponseTargets(), () => clock);
    const box = new FeedbackBox(connection);
    for (const model of Object.values(connection.models)) await model.createIndexes();
    const next = random(20);
    const pick = <T>(values: readonly T[]) => values[Math.floor(next() * values.length)];
    for (let n = 0; n < 160; n++) {
      const created = n < EDGES.length ? EDGES[n] : NOV.from - 3 * 86400000 + Math.floor(next() * 36 * 86400000);
      clock = new Date(created);
      const who = pick(CONTACTS);
      const item = await queue.create({
        kind: pick(KINDS),
        disposition: pick(DISPOSITIONS),
        channel: 'directline',
        conversation: { channelId: 'directline', conversationId: `c${n}` },
        summary: { contact: who.contact, problem: 'test', answers: who.answers, redFlags: [] },
        idempotencyKey: `k${n}`,
        createdBy: 'front-door-bot',
        // No service (stored before services were told apart) counts as the default, wandsworth.
        service: pick([undefined, 'wandsworth', 'medway', 'kent']),
      });
      expectedSource.set(item._id, who.source);
      const fate = pick(['open', 'claimed', 'contact', 'resolve', 'resolve', 'resolve', 'refer', 'close', 'close999']);
      if (fate === 'open') continue;
      const later = (minutes: number) => (clock = new Date(clock.getTime() + minutes * MINUTE));
      later(Math.floor(next() * 200));
      await queue.claim(item._id, staff);
      if (fate === 'claimed') continue;
      if (fate === 'close' || fate === 'close999') {
        later(Math.floor(next() * 240));
        await queue.close(item._id, staff, 'closed', fate === 'close999' ? outcomes.handedTo999 : undefined);
        continue;
      }
      // First contact somewhere either side of a 2-hour target (and of the longer ones, now and then).
      later(next() < 0.1 ? 3000 : Math.floor(next() * 240));
      await queue.start(item._id, staff, 'called_back');
      if (fate === 'contact') continue;
      later(30);
      if (fate === 'refer') await queue.referOn(item._id, staff, 'Memory clinic');
      else await queue.resolve(item._id, staff, pick(outcomes.list));
    }
    // Complaints: in and out of November, replied in time, late, or not yet.
    for (let n = 0; n < 30; n++) {
      const at = new Date(NOV.from - 5 * 86400000 + Math.floor(next() * 40 * 86400000));
      const complaint = await box.record(
        { complaint: true, text: 'late visit', channel: 'directline', service: pick([undefined, 'medway']) },
        at,
      );
      const reply = pick([undefined, 5, 14, 30]);
      if (reply !== undefined) {
        const when = new Date(at.getTime() + reply * 86400000);
        await box.markReplied(complaint._id, staff, when, 'waiting for the ward’s account');
      }
    }
    // Feedback that is not a complaint is not counted.
    await box.record({ complaint: false, text: 'thank you', channel: 'directline' }, new Date(NOV.from + 86400000));
  });
  afterAll(() => closeTestDatabase(connection));

  /** The report's CSV as a map of "section.measure" to its value. */
  const csvValues = (csv: string) => {
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('service,month,section,measure,label,value');
    const entries = lines.slice(1).map((line): [string, string] => {
      const cells = line.split(',');
      return [`${cells[2]}.${cells[3]}`, cells.at(-1)!];
    });
    // Every measure once: a repeated key would hide one count behind another.
    expect(new Set(entries.map(([key]) => key)).size).toBe(entries.length);
    return new Map(entries);
  };

  /** What the report must say, counted here from the stored documents with the test's own simple loops. */
  async function expectedFor(service: string) {
    const inMonth = (at: Date) => at.getTime() >= NOV.from && at.getTime() < NOV.to;
    const ours = (s: unknown) => (s ?? 'wandsworth') === service;
    const items = (await connection.collection('queue_items').find({}).toArray()).filter(
      (i) => ours(i.service) && inMonth(i.createdAt),
    );
    const expected = new Map<string, string>();
    const put = (key: string, value: number | null) => expected.set(key, value === null ? '' : String(value));
    put('items.total', items.length);
    for (const k of KINDS) put(`items.${k}`, items.filter((i) => i.kind === k).length);
    for (const s of new Set(CONTACTS.map((c) => c.source))) {
      put(`source.${s}`, items.filter((i) => expectedSource.get(i._id as unknown as string) === s).length);
    }
    for (const d of DISPOSITIONS) put(`disposition.${d}`, items.filter((i) => i.disposition === d).length);
    const functions: Record<string, string[]> = {
      emergency_follow_up: ['emergency_999'],
      urgent_response: ['urgent_2h'],
      unplanned_care: ['same_day'],
      planned_care: ['routine', 'self_care', 'none'],
    };
    for (const [fn, dispositions] of Object.entries(functions)) {
      let met = 0;
      let missed = 0;
      let open = 0;
      let closedEarly = 0;
      for (const i of items.filter((x) => dispositions.includes(x.disposition))) {
        const deadline = i.deadline.getTime();
        if (i.firstResponseAt) {
          if (i.firstResponseAt.getTime() <= deadline) met++;
          else missed++;
        } else if (i.status === 'closed') {
          const closedAt = i.history.find((e: { action: string }) => e.action === 'closed').at.getTime();
          if (closedAt > deadline) missed++;
          else closedEarly++;
        } else if (deadline <= asOf.getTime()) missed++;
        else open++;
      }
      put(`response_target.${fn}.met`, met);
      put(`response_target.${fn}.missed`, missed);
      put(`response_target.${fn}.open`, open);
      put(`response_target.${fn}.closed_without_contact`, closedEarly);
      put(`response_target.${fn}.met_percent`, met + missed ? Math.round((met / (met + missed)) * 1000) / 10 : null);
    }
    for (const o of outcomes.list) put(`outcome.${o.code}`, items.filter((i) => i.outcomeCode === o.code).length);
    put('outcome.status.referred_on', items.filter((i) => i.status === 'referred_on').length);
    put('outcome.status.closed', items.filter((i) => i.status === 'closed' && !i.outcomeCode).length);
    put('outcome.status.open', items.filter((i) => ['new', 'claimed', 'in_progress'].includes(i.status)).length);

    const complaints = (await connection.collection('feedback').find({ complaint: true }).toArray()).filter(
      (c) => ours(c.service) && inMonth(c.createdAt),
    );
    const replied = complaints.filter((c) => c.repliedAt);
    put('complaints.received', complaints.length);
    put('complaints.replied_in_time', replied.filter((c) => c.repliedAt <= c.responseDue).length);
    put('complaints.replied_late', replied.filter((c) => c.repliedAt > c.responseDue).length);
    put('complaints.awaiting_overdue', complaints.filter((c) => !c.repliedAt && asOf > c.responseDue).length);
    put('complaints.awaiting_in_time', complaints.filter((c) => !c.repliedAt && asOf <= c.responseDue).length);
    const days = replied
      .map((c) => {
        let count = 0;
        for (let d = new Date(c.createdAt); ;) {
          d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1));
          if (d.getTime() > c.repliedAt.getTime()) break;
          if (d.getUTCDay() % 6 !== 0) count++;
        }
        return count;
      })
      .sort((a, b) => a - b);
    const mid = Math.floor(days.length / 2);
    put(
      'complaints.median_reply_working_days',
      !days.length ? null : days.length % 2 ? days[mid] : (days[mid - 1] + days[mid]) / 2,
    );
    return { expected, items: items.length, complaints: complaints.length };
  }

  it.each(['wandsworth', 'medway', 'kent', 'dorset'])(
    'reproduces the counts for %s in November 2026 from the stored items',
    async (service) => {
      const report = await serviceReport({ connection, content, outcomes, label }, { service, month: '2026-11' }, asOf);
      const { expected, items } = await expectedFor(service);
      expect(Object.fromEntries(csvValues(reportCsv(report)))).toEqual(Object.fromEntries(expected));
      if (service !== 'dorset') expect(items).toBeGreaterThan(10);
    },
  );

  it('counts every November item once across the services, and none from the months either side', async () => {
    const totals = await Promise.all(
      ['wandsworth', 'medway', 'kent'].map(async (service) => {
        const report = await serviceReport(
          { connection, content, outcomes, label },
          { service, month: '2026-11' },
          asOf,
        );
        return report.sections[0].lines[0].value!;
      }),
    );
    const november = await connection
      .collection('queue_items')
      .countDocuments({ createdAt: { $gte: new Date(NOV.from), $lt: new Date(NOV.to) } });
    expect(totals.reduce((a, b) => a + b, 0)).toBe(november);
    expect(november).toBeLessThan(160);
  });

  it('writes the same CSV from the command line', async () => {
    const uri = process.env.TEST_MONGODB_URI!;
    const run = promisify(execFile);
    const root = path.resolve(__dirname, '../..');
    const { stdout } = await run(
      path.join(root, 'node_modules/.bin/tsx'),
      ['src/reports/reportCommand.ts', '--service', 'medway', '--month', '2026-11'],
      { cwd: root, env: { ...process.env, MONGODB_URI: uri, MONGODB_DB: connection.name, LOG_LEVEL: 'warn' } },
    );
    // Every November deadline has passed by now: the report as of now is the one the command writes.
    const now = await serviceReport(
      { connection, content, outcomes, label },
      { service: 'medway', month: '2026-11' },
      new Date(),
    );
    expect(stdout).toBe(reportCsv(now));
    const bad = await run(
      path.join(root, 'node_modules/.bin/tsx'),
      ['src/reports/reportCommand.ts', '--month', '2026-13'],
      {
        cwd: root,
      },
    ).catch((err: { code: number; stderr: string }) => err);
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringMatching(/^service is required/) });
  }, 60000);
});
