import type { Connection } from 'mongoose';
import { AlertAllowance } from '../../src/hub/alertAllowance';
import { ALERT_WINDOW_MS, ALERTS_PER_CLINICIAN_PER_HOUR, BreachSweep, riskOf } from '../../src/hub/breachSweep';
import { QueueTransitionError, TriageQueue, type NewQueueItem } from '../../src/hub/triageQueue';
import { loadOutcomes } from '../../src/hub/outcomes';
import { loadResponseTargets } from '../../src/hub/responseTargets';
import { OutboxNotifier } from '../../src/integrations/notify/outbox';
import { loadSmsTexts } from '../../src/integrations/notify/smsTexts';
import { createLogger } from '../../src/observability/logger';
import { closeTestDatabase, openTestDatabase } from '../support/testDatabase';

const logger = createLogger({ level: 'silent' });
const sms = loadSmsTexts();
const T0 = new Date('2026-11-25T10:00:00Z');
const coordinator = (n: number) => ({ id: `user-${n}`, name: `Coordinator ${n}` });
const VISIT = { code: 'visit_arranged', label: 'Visit arranged' };
const ADVICE = { code: 'advice_only', label: 'Advice only' };
const TURNED_AWAY = loadOutcomes().turnedAway;

function newItem(overrides: Partial<NewQueueItem> = {}): NewQueueItem {
  return {
    kind: 'escalation',
    disposition: 'urgent_2h',
    channel: 'directline',
    conversation: { channelId: 'directline', conversationId: `conv-${Math.random()}` },
    summary: { contact: { role: 'patient' }, problem: 'short of breath', answers: {}, redFlags: [] },
    idempotencyKey: `key-${Math.random()}`,
    createdBy: 'front-door-bot',
    ...overrides,
  };
}

describe('triage queue on the embedded store', () => {
  let connection: Connection;
  let clock: Date;
  let queue: TriageQueue;

  beforeAll(async () => {
    connection = await openTestDatabase();
    queue = new TriageQueue(connection, loadResponseTargets(), () => clock);
    for (const model of Object.values(connection.models)) await model.createIndexes();
  });
  beforeEach(() => (clock = T0));
  afterAll(() => closeTestDatabase(connection));

  it.each([
    ['emergency_999', 60],
    ['urgent_2h', 120],
    ['same_day', 24 * 60],
    ['routine', 72 * 60],
  ])('sets the deadline for %s from content (%i minutes; 999 is its follow-up)', async (disposition, minutes) => {
    const item = await queue.create(newItem({ disposition }));
    expect(item.deadline.getTime() - item.createdAt.getTime()).toBe(minutes * 60000);
  });

  it('keeps what others added to a provisional item when the bot rewrites its summary', async () => {
    // Routine, so it is not one more breach for the sweep tests below, whose clinician has an hourly alert allowance.
    const item = await queue.create(newItem({ provisional: 'assessment', disposition: 'routine' }));
    await queue.updateContact(item._id, {
      contactRoute: 'text',
      callbackNumber: '07700900123',
      communicationNeeds: ['Text only'],
    });
    await queue.noteNeedsConsent(item._id, [{ id: 'text_only', label: 'Text only' }], true);
    const later = {
      contact: { role: 'patient' as const },
      problem: 'short of breath, worse',
      answers: { a: 'b' },
      redFlags: [],
    };
    const updated = await queue.updateSummary(item._id, later, 'routine', 'answered: a', { settle: true });
    expect(updated.summary).toMatchObject({
      problem: 'short of breath, worse',
      answers: { a: 'b' },
      contactRoute: 'text',
      callbackNumber: '07700900123',
      communicationNeeds: ['Text only'],
      needsOnRecord: { text_only: { label: 'Text only', status: 'owed' } },
    });
  });

  it('refuses a disposition with no response target', async () => {
    await expect(queue.create(newItem({ disposition: 'whenever' }))).rejects.toThrow(/No response target/);
  });

  it('makes one item for concurrent retries with the same idempotency key', async () => {
    const input = newItem();
    const made = await Promise.all(Array.from({ length: 5 }, () => queue.create(input)));
    expect(new Set(made.map((i) => i._id)).size).toBe(1);
    expect(await connection.collection('queue_items').countDocuments({ idempotencyKey: input.idempotencyKey })).toBe(1);
  });

  it('tracks referrer feedback due 24 hours after a referral', async () => {
    const item = await queue.create(newItem({ kind: 'referral', disposition: 'same_day', feedbackDueHours: 24 }));
    expect(item.feedbackDue!.getTime() - T0.getTime()).toBe(24 * 3600000);
    const given = await queue.recordFeedback(item._id, coordinator(1));
    expect(given.feedbackGivenAt).toBeTruthy();
    await expect(queue.recordFeedback(item._id, coordinator(2))).rejects.toThrow(/already recorded/);
  });

  it('lets exactly one of ten concurrent claims win, and tells the others who has it', async () => {
    const item = await queue.create(newItem());
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, n) => queue.claim(item._id, coordinator(n))),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(9);
    for (const r of lost) {
      expect(r.reason).toBeInstanceOf(QueueTransitionError);
      expect(r.reason.reason).toBe('already_taken');
      expect(r.reason.message).toMatch(/Already claimed by Coordinator \d/);
    }
    const stored = (await queue.findById(item._id))!;
    expect(stored.status).toBe('claimed');
    expect(stored.history.filter((e) => e.action === 'claimed')).toHaveLength(1);
    expect(stored.claimedBy).toEqual((won[0] as PromiseFulfilledResult<{ claimedBy: unknown }>).value.claimedBy);
  });

  it('records every step with who and when, and only the claimant may act', async () => {
    const item = await queue.create(newItem());
    await queue.claim(item._id, coordinator(1));
    await expect(queue.start(item._id, coordinator(2), 'called_back')).rejects.toMatchObject({ reason: 'not_yours' });
    clock = new Date(T0.getTime() + 30 * 60000);
    const started = await queue.start(item._id, coordinator(1), 'called_back', 'spoke to daughter');
    expect(started.status).toBe('in_progress');
    expect(started.firstResponseAt).toEqual(clock);
    const resolved = await queue.resolve(item._id, coordinator(1), VISIT, 'visit booked for today');
    expect(resolved).toMatchObject({
      status: 'resolved',
      outcomeCode: 'visit_arranged',
      outcome: 'visit booked for today',
    });
    expect(resolved.history.at(-1)?.note).toBe('Visit arranged: visit booked for today');
    expect(resolved.history.map((e) => [e.action, e.by])).toEqual([
      ['created', 'front-door-bot'],
      ['claimed', 'Coordinator 1'],
      ['called_back', 'Coordinator 1'],
      ['resolved', 'Coordinator 1'],
    ]);
    expect(resolved.history.every((e) => e.at instanceof Date)).toBe(true);
    await expect(queue.close(item._id, coordinator(1), 'dup')).rejects.toMatchObject({ reason: 'wrong_status' });
  });

  it('finishes an item once when resolve, refer on and close race', async () => {
    const item = await queue.create(newItem());
    await queue.claim(item._id, coordinator(1));
    const results = await Promise.allSettled([
      queue.resolve(item._id, coordinator(1), ADVICE),
      queue.referOn(item._id, coordinator(1), 'Rapid Response'),
      queue.close(item._id, coordinator(1), 'duplicate'),
      queue.resolve(item._id, coordinator(1), ADVICE, 'done again'),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const stored = (await queue.findById(item._id))!;
    expect(stored.history.filter((e) => ['resolved', 'referred_on', 'closed'].includes(e.action))).toHaveLength(1);
  });

  it('releases a claim back to the queue, after which exactly one of ten claims wins again', async () => {
    const item = await queue.create(newItem());
    await queue.claim(item._id, coordinator(1));
    await expect(queue.release(item._id, coordinator(2))).rejects.toMatchObject({ reason: 'not_yours' });
    clock = new Date(T0.getTime() + 60000);
    const released = await queue.release(item._id, coordinator(1), 'going off shift');
    expect(released).toMatchObject({ status: 'new', claimGeneration: 1 });
    expect(released.claimedBy).toBeUndefined();
    expect(released.history.at(-1)).toMatchObject({ action: 'released', by: 'Coordinator 1', note: 'going off shift' });
    expect(released.history.at(-1)!.at).toEqual(clock);

    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, n) => queue.claim(item._id, coordinator(n + 10))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const stored = (await queue.findById(item._id))!;
    expect(stored.status).toBe('claimed');
    expect(stored.history.filter((e) => e.action === 'claimed')).toHaveLength(2);
  });

  it('reassigns a held item, keeping its status, and the old holder can no longer act', async () => {
    const item = await queue.create(newItem());
    await queue.claim(item._id, coordinator(1));
    await queue.start(item._id, coordinator(1), 'called_back');
    const duty = { id: 'duty-1', name: 'Duty Clinician' };
    const moved = await queue.reassign(item._id, duty, coordinator(2), 'needs a nurse');
    expect(moved).toMatchObject({ status: 'in_progress', claimedBy: coordinator(2), claimGeneration: 1 });
    expect(moved.history.at(-1)).toMatchObject({
      action: 'reassigned',
      by: 'Duty Clinician',
      byId: 'duty-1',
      note: 'from Coordinator 1 to Coordinator 2 needs a nurse',
    });
    await expect(queue.resolve(item._id, coordinator(1), ADVICE)).rejects.toMatchObject({ reason: 'not_yours' });
    await expect(queue.reassign(item._id, duty, coordinator(2))).rejects.toThrow(/already holds/);
    // The new holder can give it back and it is claimable again.
    await queue.release(item._id, coordinator(2));
    expect((await queue.claim(item._id, coordinator(3))).claimedBy).toEqual(coordinator(3));
  });

  it('assigns an unclaimed item fairly against someone claiming it at the same moment', async () => {
    const item = await queue.create(newItem());
    const duty = { id: 'duty-1', name: 'Duty Clinician' };
    const results = await Promise.allSettled([
      queue.claim(item._id, coordinator(1)),
      queue.reassign(item._id, duty, coordinator(2)),
      queue.claim(item._id, coordinator(3)),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const stored = (await queue.findById(item._id))!;
    expect(stored.status).toBe('claimed');
    expect(stored.history.filter((e) => ['claimed', 'reassigned'].includes(e.action))).toHaveLength(1);
  });

  it('lets exactly one of a release, two reassignments and a resolve made at once happen', async () => {
    for (let round = 0; round < 5; round++) {
      const item = await queue.create(newItem());
      await queue.claim(item._id, coordinator(1));
      const duty = { id: 'duty-1', name: 'Duty Clinician' };
      const results = await Promise.allSettled([
        queue.release(item._id, coordinator(1)),
        queue.reassign(item._id, duty, coordinator(2)),
        queue.reassign(item._id, { id: 'admin-1', name: 'Admin' }, coordinator(3)),
        queue.resolve(item._id, coordinator(1), ADVICE),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results) {
        if (r.status === 'rejected') expect(r.reason.message).toMatch(/^Already (released|reassigned|resolved) by /);
      }
      const stored = (await queue.findById(item._id))!;
      const ends = stored.history.filter((e) => ['released', 'reassigned', 'resolved'].includes(e.action));
      expect(ends).toHaveLength(1);
    }
  });

  describe('breach sweep', () => {
    const allowance = () => new AlertAllowance(connection, ALERTS_PER_CLINICIAN_PER_HOUR, ALERT_WINDOW_MS);
    const oneSweep = () => {
      const dutyRoute = { onDuty: async () => [{ name: 'Nurse Duty', phone: '07700900001' }] };
      const outbox = new OutboxNotifier(connection);
      return new BreachSweep(queue, dutyRoute, outbox, allowance(), 'http://hub/console', logger, sms, () => clock);
    };
    // Each sweep test sees only its own items: the items the tests above left open breach at the same moment, and
    // which of them got the clinician's six alerts an hour depended on their random ids (a flaky test).
    beforeEach(async () => {
      for (const name of ['queue_items', 'outbox', 'alert_slots']) await connection.collection(name).deleteMany({});
    });

    it('classifies risk by the share of the window left, and not once a person has responded', () => {
      const item = { createdAt: T0, deadline: new Date(T0.getTime() + 120 * 60000) };
      expect(riskOf(item, new Date(T0.getTime() + 60 * 60000))).toBe('on_track');
      expect(riskOf(item, new Date(T0.getTime() + 95 * 60000))).toBe('at_risk');
      expect(riskOf(item, new Date(T0.getTime() + 120 * 60000))).toBe('breached');
      expect(riskOf({ ...item, firstResponseAt: T0 }, new Date(T0.getTime() + 999 * 60000))).toBe('on_track');
    });

    it('marks at risk, then breached, and alerts the duty clinician once even when sweeps overlap', async () => {
      const outbox = new OutboxNotifier(connection);
      const dutyRoute = { onDuty: async () => [{ name: 'Nurse Duty', phone: '07700900001' }] };
      const sweeps = [1, 2].map(
        () => new BreachSweep(queue, dutyRoute, outbox, allowance(), 'http://hub/console', logger, sms, () => clock),
      );
      const item = await queue.create(newItem({ disposition: 'urgent_2h' }));

      clock = new Date(T0.getTime() + 100 * 60000);
      await Promise.all(sweeps.map((s) => s.sweep()));
      expect((await queue.findById(item._id))!.risk).toBe('at_risk');

      clock = new Date(T0.getTime() + 121 * 60000);
      await Promise.all([...sweeps, ...sweeps].map((s) => s.sweep()));
      await sweeps[0].sweep();
      const stored = (await queue.findById(item._id))!;
      expect(stored.risk).toBe('breached');
      expect(stored.breachAlertedAt).toBeTruthy();
      expect(stored.history.filter((e) => e.action === 'at_risk')).toHaveLength(1);
      expect(stored.history.filter((e) => e.action === 'breached')).toHaveLength(1);
      const alerts = await connection
        .collection('outbox')
        .find({ idempotencyKey: `breach:${item._id}` })
        .toArray();
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatchObject({ to: '07700900001', purpose: 'clinician.alert' });
      expect(alerts[0].body).toContain(item.reference);
      expect(alerts[0].body).not.toContain('short of breath');
    });

    it('closes a referral Front Door turned away with its outcome, and never alerts a breach for it (issue 20)', async () => {
      const sweep = oneSweep();
      const item = await queue.create(newItem({ kind: 'referral', provisional: 'handover' }));
      const closed = await queue.turnAway(item._id, TURNED_AWAY, 'told where to refer (own gp)');
      expect(closed).toMatchObject({ status: 'closed', outcomeCode: 'not_accepted' });
      expect(closed!.provisional).toBeUndefined();
      expect(closed!.history.at(-1)).toMatchObject({ by: 'Front Door', action: 'closed' });
      clock = new Date(T0.getTime() + 500 * 60000);
      await sweep.sweep();
      const stored = (await queue.findById(item._id))!;
      expect(stored.risk).toBe('on_track');
      expect(await connection.collection('outbox').countDocuments({ idempotencyKey: `breach:${item._id}` })).toBe(0);
      // Nobody can claim it after: it is finished.
      await expect(queue.claim(item._id, coordinator(1))).rejects.toThrow(QueueTransitionError);
    });

    it('leaves a turned-away referral to the person who claimed it, even when both happen at once', async () => {
      const held = await queue.create(newItem({ kind: 'referral' }));
      await queue.claim(held._id, coordinator(1));
      expect(await queue.turnAway(held._id, TURNED_AWAY, 'told where to refer')).toBeUndefined();
      expect((await queue.findById(held._id))!.status).toBe('claimed');

      for (let i = 0; i < 5; i++) {
        const item = await queue.create(newItem({ kind: 'referral' }));
        const [claim, turned] = await Promise.allSettled([
          queue.claim(item._id, coordinator(2)),
          queue.turnAway(item._id, TURNED_AWAY, 'told where to refer'),
        ]);
        const stored = (await queue.findById(item._id))!;
        const claimWon = claim.status === 'fulfilled';
        const turnedAway = turned.status === 'fulfilled' && turned.value !== undefined;
        // Exactly one decides, and the stored item says which.
        expect(claimWon).not.toBe(turnedAway);
        expect(stored.status).toBe(claimWon ? 'claimed' : 'closed');
      }
    });

    it('leaves an item alone once a person has made contact', async () => {
      const sweep = oneSweep();
      const item = await queue.create(newItem());
      await queue.claim(item._id, coordinator(1));
      await queue.start(item._id, coordinator(1), 'took_over');
      clock = new Date(T0.getTime() + 500 * 60000);
      await sweep.sweep();
      const stored = (await queue.findById(item._id))!;
      expect(stored.risk).toBe('on_track');
      expect(await connection.collection('outbox').countDocuments({ idempotencyKey: `breach:${item._id}` })).toBe(0);
    });
  });
});
