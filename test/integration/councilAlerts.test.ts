import type { Connection } from 'mongoose';
import { ServiceDirectory } from '../../src/content/serviceDirectory';
import { loadServiceProfiles, safeguardingDueAt } from '../../src/content/services';
import { AlertAllowance } from '../../src/hub/alertAllowance';
import { BreachSweep } from '../../src/hub/breachSweep';
import { ClinicianAlerts } from '../../src/hub/clinicianAlert';
import { CouncilAlertSweep } from '../../src/hub/councilAlerts';
import { councilReferralOf, loadCouncilReferralTexts } from '../../src/hub/councilReferral';
import type { QueueItem } from '../../src/hub/queueModel';
import { outboxModel, OutboxNotifier } from '../../src/integrations/notify/outbox';
import { loadSmsTexts } from '../../src/integrations/notify/smsTexts';
import { StoredSecureMail } from '../../src/integrations/notify/storedSecureMail';
import { Rota } from '../../src/integrations/rota/rota';
import { ServiceRotas } from '../../src/integrations/rota/serviceRotas';
import { createLogger } from '../../src/observability/logger';
import { councilView } from '../../src/console/pages/viewModels';
import { demoRecordSystem } from '../../src/record/demo/demoRecord';
import { RecordOutbox, RecordingTriageQueue } from '../../src/record/recordOutbox';
import { ensureIndexes } from '../../src/store/database';
import { FlakyMail, medwayConcern } from '../support/councilConcern';
import { closeTestDatabase, openTestDatabase } from '../support/testDatabase';

const targets = { emergency_999: 0, urgent_2h: 120, same_day: 1440, routine: 4320, self_care: 4320 };
const logger = createLogger({ level: 'silent' });
const services = new ServiceDirectory();
const medway = services.byId('medway')!;
const MINUTE = 60000;

describe('an alert when a safeguarding concern is not sent or not acknowledged within its service target (H78)', () => {
  let connection: Connection;
  let clock: Date;
  let mail: FlakyMail;
  let outbox: RecordOutbox;
  let queue: RecordingTriageQueue;
  const dutyRoute = new ServiceRotas(loadServiceProfiles(), Rota.fromContent());
  const smsTexts = loadSmsTexts();

  beforeAll(async () => {
    connection = await openTestDatabase();
    await ensureIndexes(connection);
  }, 120000);
  afterAll(() => closeTestDatabase(connection));

  beforeEach(async () => {
    // Each test starts with the clinicians' alert allowances unused.
    await connection.collection('alert_slots').deleteMany({});
    // 10:00 on a Wednesday in London: Medway's council office is open and its day shift is on.
    clock = new Date('2026-12-09T10:00:00Z');
    mail = new FlakyMail(new StoredSecureMail(connection));
    outbox = new RecordOutbox(connection, demoRecordSystem(connection), logger, () => clock, {
      port: mail,
      compose: (item) => councilReferralOf(item, services.profileOf(item.service), loadCouncilReferralTexts()),
    });
    queue = new RecordingTriageQueue(connection, targets, () => clock, outbox, logger);
  });

  const sweepWith = (allowance: AlertAllowance) =>
    new CouncilAlertSweep(
      queue,
      services,
      new ClinicianAlerts(dutyRoute, new OutboxNotifier(connection), allowance, logger),
      'http://localhost:3978/console',
      logger,
      smsTexts,
      () => clock,
    );

  async function concern(key: string): Promise<QueueItem> {
    const item = await medwayConcern(queue, key);
    await outbox.drain();
    return item;
  }
  const later = (minutes: number) => (clock = new Date(clock.getTime() + minutes * MINUTE));
  const alertsFor = (item: QueueItem) =>
    outboxModel(connection)
      .find({ idempotencyKey: { $regex: `^council-.*:${item._id}$` } })
      .lean();

  it('alerts Medway’s duty clinician once when the council’s mail has not taken it, then once when it is not acknowledged', async () => {
    const sweep = sweepWith(new AlertAllowance(connection, 6, 3600000));
    const item = await concern(`council-alert-${Date.now()}`);
    const { sentMinutes, acknowledgedMinutes } = medway.safeguarding.targets;
    const [dutyNow] = await dutyRoute.onDuty(clock, 'medway');

    // Within the target: nothing shown, nobody alerted.
    later(sentMinutes - 1);
    await sweep.sweep();
    expect((await queue.findById(item._id))!.council!.overdue).toBeUndefined();
    expect(await alertsFor(item)).toHaveLength(0);

    // Past it, still refused: marked on the item, shown on the console, the duty clinician texted once.
    later(2);
    expect(await sweep.sweep()).toMatchObject({ overdue: 1, alerted: 1 });
    await sweep.sweep();
    let stored = (await queue.findById(item._id))!;
    expect(stored.council!.overdue).toMatchObject({ stage: 'unsent', targetMinutes: sentMinutes });
    expect(stored.council!.overdue!.alertedAt).toEqual(clock);
    let sms = await alertsFor(item);
    expect(sms).toHaveLength(1);
    expect(sms[0].to).toBe(dutyNow.phone);
    expect(sms[0].body).toContain(item.reference);
    expect(sms[0].body).toContain(medway.safeguarding.name);
    // Medway counts the sending target in clock minutes: no "working" in the text.
    expect(sms[0].body).toContain(`after ${sentMinutes} minutes.`);
    // Only the reference and the council team: nothing about the adult or who raised it.
    expect(sms[0].body).not.toMatch(/pension|neighbour|son/i);
    let view = councilView(stored)!;
    expect(view.overdue?.tag).toBe('Council: not sent');
    expect(view.rows.find((r) => r.key.text === 'Overdue')?.value.text).toMatch(
      new RegExp(`within 1 h of being raised.*alerted at .*SMS to ${dutyNow.name}`),
    );

    // Accepted at last: no longer shown as unsent.
    mail.accepting = true;
    later(10);
    await outbox.drain();
    stored = (await queue.findById(item._id))!;
    expect(stored.council!.sentAt).toEqual(clock);
    expect(councilView(stored)!.overdue).toBeUndefined();

    // Not acknowledged within its target after it was sent (Medway's agreement: working hours, so 11:11 on Wednesday
    // is due at 11:11 on Thursday): a second, different alert, once.
    expect(medway.safeguarding.targets.counted.acknowledged).toBe('working_hours');
    const due = safeguardingDueAt(medway, stored.council!.sentAt!, acknowledgedMinutes, 'working_hours');
    expect(due).toEqual(new Date('2026-12-10T11:11:00Z'));
    later(acknowledgedMinutes + 1);
    expect(await sweep.sweep()).toMatchObject({ overdue: 0, alerted: 0 });
    clock = new Date(due.getTime() - MINUTE);
    expect(await sweep.sweep()).toMatchObject({ overdue: 0, alerted: 0 });
    clock = new Date(due.getTime() + MINUTE);
    expect(await sweep.sweep()).toMatchObject({ overdue: 1, alerted: 1 });
    await sweep.sweep();
    sms = await alertsFor(item);
    expect(sms.map((s) => s.idempotencyKey).sort()).toEqual([
      `council-unacknowledged:${item._id}`,
      `council-unsent:${item._id}`,
    ]);
    // The acknowledgement target is in working hours, and the text says so (content/notify/sms.yaml councilDuration).
    const unacknowledged = sms.find((s) => s.idempotencyKey.startsWith('council-unacknowledged'))!;
    expect(unacknowledged.body).toContain(`${acknowledgedMinutes} working minutes after it was sent`);
    stored = (await queue.findById(item._id))!;
    view = councilView(stored)!;
    expect(view.overdue?.tag).toBe('Council: not acknowledged');
    expect(stored.history.map((h) => h.action)).toEqual(expect.arrayContaining(['council_overdue', 'council_alerted']));

    // Acknowledged: no longer overdue, and the sweep leaves it alone.
    await queue.recordCouncilAcknowledged(item._id, { id: 'u-1', name: 'Priya Shah' }, 'MW-1');
    expect(councilView((await queue.findById(item._id))!)!.overdue).toBeUndefined();
    later(24 * 60);
    expect(await sweep.sweep()).toMatchObject({ overdue: 0, alerted: 0 });
    expect(await alertsFor(item)).toHaveLength(2);
  });

  it('shares the clinician’s hourly allowance with breach alerts: a full allowance holds the council alert back, shown on the item, sent later', async () => {
    const allowance = new AlertAllowance(connection, 1, 3600000);
    const sweep = sweepWith(allowance);
    const [dutyNow] = await dutyRoute.onDuty(clock, 'medway');
    const item = await concern(`council-limited-${Date.now()}`);
    later(medway.safeguarding.targets.sentMinutes + 1);
    // The clinician has had their hour's one alert already (a breach alert, say).
    expect(await allowance.take(dutyNow.phone, clock)).toBeDefined();
    expect(await sweep.sweep()).toMatchObject({ overdue: 1, alerted: 0, limited: 1 });
    const stored = (await queue.findById(item._id))!;
    expect(councilView(stored)!.overdue?.detail).toMatch(/has not been alerted yet/);
    expect(await alertsFor(item)).toHaveLength(0);
    // An hour on, the allowance is free again and the alert goes.
    later(61);
    expect(await sweep.sweep()).toMatchObject({ overdue: 0, alerted: 1 });
    expect(await alertsFor(item)).toHaveLength(1);
  });

  it('the breach sweep still alerts through the shared alert path', async () => {
    const allowance = new AlertAllowance(connection, 6, 3600000);
    const breach = new BreachSweep(
      queue,
      dutyRoute,
      new OutboxNotifier(connection),
      allowance,
      'http://localhost:3978/console',
      logger,
      smsTexts,
      () => clock,
    );
    const key = `breach-${Date.now()}`;
    const item = await queue.create({
      kind: 'escalation',
      disposition: 'urgent_2h',
      channel: 'webchat',
      service: 'medway',
      conversation: { channelId: 'webchat', conversationId: key },
      summary: { contact: { role: 'patient' }, problem: 'fall', answers: {}, redFlags: [] },
      idempotencyKey: key,
      createdBy: 'front-door-bot',
    });
    later(121);
    await breach.sweep();
    const sms = await outboxModel(connection)
      .find({ idempotencyKey: `breach:${item._id}` })
      .lean();
    expect(sms).toHaveLength(1);
    expect(sms[0].to).toBe((await dutyRoute.onDuty(clock, 'medway'))[0].phone);
  });
});
