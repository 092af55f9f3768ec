import type { Communication, Flag, ServiceRequest } from '@medplum/fhirtypes';
import type { Connection } from 'mongoose';
import { AuditLog } from '../../src/hub/audit';
import { FhirClient } from '../../src/record/fhir/fhirClient';
import { fhirRecordSystem } from '../../src/record/fhir/fhirRecord';
import { NEED_KEY_SYSTEM } from '../../src/record/fhir/terms';
import { RecordOutbox, RecordingTriageQueue, retryDelayMs } from '../../src/record/recordOutbox';
import { createLogger } from '../../src/observability/logger';
import { freePort } from '../../src/store/freePort';
import { ensureIndexes } from '../../src/store/database';
import { FHIR_START_TIMEOUT_MS, fhirTestServer } from '../support/fhirServer';
import { closeTestDatabase, openTestDatabase } from '../support/testDatabase';

const targets = { emergency_999: 0, urgent_2h: 120, same_day: 1440, routine: 4320, self_care: 4320 };
const logger = createLogger({ level: 'silent' });

function handOff(verified: boolean, key: string) {
  return {
    kind: 'escalation' as const,
    disposition: 'urgent_2h',
    channel: 'webchat',
    conversation: { channelId: 'webchat', conversationId: key },
    summary: {
      contact: { role: 'patient' as const },
      patient: { id: 'pat-edith-clarke', name: 'Edith Clarke', verified },
      problem: 'much more breathless than usual',
      answers: { carePlan: 'breathlessness' },
      redFlags: [],
    },
    idempotencyKey: key,
    createdBy: 'front-door-bot',
  };
}

/** A send that waits to be let go, and says when it has started. */
function heldSend() {
  let entered!: () => void;
  let release!: () => void;
  const started = new Promise<void>((resolve) => (entered = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  return {
    entered: started,
    release,
    enter: () => {
      entered();
      return released;
    },
  };
}

describe('filing every hand-off of a verified patient to the FHIR record, through an outbox that retries', () => {
  let connection: Connection;
  let fhir: FhirClient;
  let clock: Date;

  beforeAll(async () => {
    fhir = await fhirTestServer();
    connection = await openTestDatabase();
    await ensureIndexes(connection);
  }, FHIR_START_TIMEOUT_MS);
  afterAll(() => closeTestDatabase(connection));
  beforeEach(() => (clock = new Date()));

  it('keeps the contact while the record is down, files it once it is back, and shows its FHIR id on the queue item', async () => {
    const down = fhirRecordSystem(
      new FhirClient(`http://127.0.0.1:${await freePort()}/fhir`, undefined, 2000),
      new AuditLog(connection),
    );
    const downOutbox = new RecordOutbox(connection, down, logger, () => clock);
    const queue = new RecordingTriageQueue(connection, targets, () => clock, downOutbox, logger);

    const item = await queue.create(handOff(true, `outbox-${Date.now()}`));
    // The hand-off itself never waits for the record: it is stored and answered whatever the record does.
    expect(item.reference).toMatch(/\S/);
    await downOutbox.drain();
    const waiting = await downOutbox.find(`contact:${item._id}`);
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1, lastError: 'RecordUnavailableError' });
    expect(waiting!.nextAttemptAt.getTime()).toBe(clock.getTime() + retryDelayMs(1));

    const upOutbox = new RecordOutbox(
      connection,
      fhirRecordSystem(fhir, new AuditLog(connection)),
      logger,
      () => clock,
    );
    expect(await upOutbox.drain()).toBe(0); // not due yet
    clock = new Date(clock.getTime() + retryDelayMs(1));
    expect(await upOutbox.drain()).toBe(2); // the contact and the referral

    const filed = await upOutbox.find(`contact:${item._id}`);
    expect(filed).toMatchObject({ status: 'done', attempts: 2 });
    const communication = await fhir.read<Communication>('Communication', filed!.recordId!);
    expect(communication).toMatchObject({
      status: 'completed',
      subject: { reference: 'Patient/pat-edith-clarke' },
      medium: [{ text: 'webchat' }],
    });
    expect(communication.payload![0].contentString).toContain(item.reference);
    expect(communication.payload![0].contentString).toContain('much more breathless than usual');

    const referral = await upOutbox.find(`referral:${item._id}`);
    const request = await fhir.read<ServiceRequest>('ServiceRequest', referral!.recordId!);
    expect(request).toMatchObject({ priority: 'asap', occurrencePeriod: { end: item.deadline.toISOString() } });

    const shown = await queue.findById(item._id);
    expect(shown!.history.map((h) => h.note)).toEqual(
      expect.arrayContaining([`Communication/${filed!.recordId}`, `ServiceRequest/${referral!.recordId}`]),
    );
  });

  it('keeps a need the patient agreed to while the record is down, then files it as a Flag and shows it on the item', async () => {
    const down = fhirRecordSystem(
      new FhirClient(`http://127.0.0.1:${await freePort()}/fhir`, undefined, 2000),
      new AuditLog(connection),
    );
    const downOutbox = new RecordOutbox(connection, down, logger, () => clock);
    const queue = new RecordingTriageQueue(connection, targets, () => clock, downOutbox, logger);
    const item = await queue.create(handOff(true, `need-${Date.now()}`));
    const label = 'Text only - do not phone';
    await queue.noteNeedsConsent(item._id, [{ id: 'text_only', label }], true);
    const key = `need:${item._id}:text_only`;
    await downOutbox.oweNeed(key, { patientId: 'pat-edith-clarke', need: 'text_only', label, at: clock }, item._id);
    // The hand-off's own drain may still be running, started before the need was stored: the next one sends it.
    await downOutbox.drain();
    await downOutbox.drain();
    expect(await downOutbox.find(key)).toMatchObject({ status: 'pending', lastError: 'RecordUnavailableError' });
    expect((await queue.findById(item._id))!.summary.needsOnRecord).toEqual({ text_only: { label, status: 'owed' } });

    const upOutbox = new RecordOutbox(
      connection,
      fhirRecordSystem(fhir, new AuditLog(connection)),
      logger,
      () => clock,
    );
    clock = new Date(clock.getTime() + retryDelayMs(1));
    await upOutbox.drain();
    const filed = await upOutbox.find(key);
    expect(filed).toMatchObject({ status: 'done', attempts: 2 });
    // Read back from HAPI: one active Flag for the patient and the need, whatever was filed before.
    const flags = await fhir.search<Flag>(
      'Flag',
      { subject: 'Patient/pat-edith-clarke', identifier: `${NEED_KEY_SYSTEM}|pat-edith-clarke:text_only` },
      { fresh: true },
    );
    expect(flags.map((f) => [f.id, f.status, f.code.text])).toEqual([[filed!.recordId, 'active', label]]);
    const shown = await queue.findById(item._id);
    expect(shown!.summary.needsOnRecord).toEqual({
      text_only: { label, status: 'on_record', recordId: filed!.recordId },
    });
    expect(shown!.history.map((h) => h.note)).toContain(`Flag/${filed!.recordId}`);
  });

  it('never files anything to the record of a patient who was not verified', async () => {
    const outbox = new RecordOutbox(connection, fhirRecordSystem(fhir, new AuditLog(connection)), logger, () => clock);
    const queue = new RecordingTriageQueue(connection, targets, () => clock, outbox, logger);
    const item = await queue.create(handOff(false, `unverified-${Date.now()}`));
    await outbox.drain();
    expect(await outbox.find(`contact:${item._id}`)).toBeNull();
    const referral = await outbox.find(`referral:${item._id}`);
    const request = await fhir.read<ServiceRequest>('ServiceRequest', referral!.recordId!);
    expect(request.subject).toEqual({ display: 'Patient not verified' });
  });

  it('re-sends a referral whose item is updated while its first send is in flight, and notes its FHIR id once', async () => {
    const record = fhirRecordSystem(fhir, new AuditLog(connection));
    // The first send is held open until the handover's update has been owed: the race, made certain. The second (the
    // update's) is held too, so what the first left behind can be read before it runs.
    const [first, second] = [heldSend(), heldSend()];
    const send = record.referrals.send.bind(record.referrals);
    let sends = 0;
    record.referrals.send = async (referral) => {
      await [first, second][sends++]?.enter();
      return send(referral);
    };
    const outbox = new RecordOutbox(connection, record, logger, () => clock);
    const queue = new RecordingTriageQueue(connection, targets, () => clock, outbox, logger);
    const item = await queue.create({ ...handOff(false, `piecemeal-${Date.now()}`), kind: 'referral' as const });
    await first.entered;
    await queue.updateSummary(
      item._id,
      { ...item.summary, problem: 'fall, more confused than usual' },
      'emergency_999',
      'given so far: problem',
    );
    first.release();
    await second.entered;
    // The old version reached the record, but the write is not marked done: the update is still owed.
    expect(await outbox.find(`referral:${item._id}`)).toMatchObject({ status: 'pending', version: 1 });
    second.release();
    await outbox.drain();
    const write = await outbox.find(`referral:${item._id}`);
    expect(write).toMatchObject({ status: 'done' });
    const request = await fhir.read<ServiceRequest>('ServiceRequest', write!.recordId!);
    expect([request.priority, request.reasonCode?.[0].text]).toEqual(['stat', 'fall, more confused than usual']);
    const stored = await connection.collection('queue_items').findOne({ _id: item._id as never });
    const noted = (stored!.history as { action: string }[]).filter((h) => h.action === 'referral sent to the record');
    expect(noted).toHaveLength(1);
  });

  it('sends a write owed while a drain is under way when asked, not at the next timer', async () => {
    const record = fhirRecordSystem(fhir, new AuditLog(connection));
    const held = heldSend();
    const file = record.contacts.file.bind(record.contacts);
    let files = 0;
    record.contacts.file = async (contact) => {
      if (files++ === 0) await held.enter();
      return file(contact);
    };
    const outbox = new RecordOutbox(connection, record, logger, () => clock);
    const queue = new RecordingTriageQueue(connection, targets, () => clock, outbox, logger);
    // The first hand-off's drain is under way, held in its first send, when the second hand-off is owed.
    const first = await queue.create(handOff(true, `during-a-drain-a-${Date.now()}`));
    await held.entered;
    const second = await queue.create(handOff(true, `during-a-drain-b-${Date.now()}`));
    const answered = outbox.drain();
    held.release();
    await answered;
    expect(await outbox.find(`contact:${first._id}`)).toMatchObject({ status: 'done' });
    expect(await outbox.find(`contact:${second._id}`)).toMatchObject({ status: 'done' });
  });
});
