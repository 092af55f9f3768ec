import type { Connection } from 'mongoose';
import { ServiceDirectory } from '../../src/content/serviceDirectory';
import { councilReferralOf, loadCouncilReferralTexts } from '../../src/hub/councilReferral';
import { StoredSecureMail, secureMessageModel } from '../../src/integrations/notify/storedSecureMail';
import { createLogger } from '../../src/observability/logger';
import { demoRecordSystem } from '../../src/record/demo/demoRecord';
import { RecordOutbox, RecordingTriageQueue, retryDelayMs } from '../../src/record/recordOutbox';
import { ensureIndexes } from '../../src/store/database';
import { FlakyMail, medwayConcern } from '../support/councilConcern';
import { closeTestDatabase, openTestDatabase } from '../support/testDatabase';

const targets = { emergency_999: 0, urgent_2h: 120, same_day: 1440, routine: 4320, self_care: 4320 };
const logger = createLogger({ level: 'silent' });
const services = new ServiceDirectory();
const texts = loadCouncilReferralTexts();
const staff = { id: 'u-1', name: 'Priya Shah' };

describe('a safeguarding concern passed to the council, retried until accepted and acknowledged once', () => {
  let connection: Connection;
  let clock: Date;
  beforeAll(async () => {
    connection = await openTestDatabase();
    await ensureIndexes(connection);
  });
  afterAll(() => closeTestDatabase(connection));

  it('keeps the message while the council refuses it, shows the attempts, sends it when accepted, then records the acknowledgement', async () => {
    clock = new Date('2026-12-09T11:00:00Z');
    const mail = new FlakyMail(new StoredSecureMail(connection));
    const outbox = new RecordOutbox(connection, demoRecordSystem(connection), logger, () => clock, {
      port: mail,
      compose: (item) => councilReferralOf(item, services.profileOf(item.service), texts),
    });
    const queue = new RecordingTriageQueue(connection, targets, () => clock, outbox, logger);
    const key = `council-${Date.now()}`;
    const created = await medwayConcern(queue, key);
    await outbox.drain();
    let item = (await queue.findById(created._id))!;
    expect(item.council).toMatchObject({
      destination: 'Medway Council adult safeguarding',
      secureEmail: 'safeguarding.adults@medway.example.gov.uk',
      attempts: 1,
      lastError: 'MailRefused',
    });
    expect(item.council!.sentAt).toBeUndefined();
    // Nobody can record an acknowledgement of a message the council never received.
    await expect(queue.recordCouncilAcknowledged(created._id, staff)).rejects.toThrow(/Not sent to the council yet/);

    mail.accepting = true;
    expect(await outbox.drain()).toBe(0); // not due yet: the back-off holds
    clock = new Date(clock.getTime() + retryDelayMs(1));
    await outbox.drain();
    item = (await queue.findById(created._id))!;
    expect(item.council!.sentAt).toEqual(clock);
    expect(item.council!.lastError).toBeUndefined();
    const sent = await secureMessageModel(connection)
      .find({ idempotencyKey: `council:${created._id}` })
      .lean();
    expect(sent).toHaveLength(1);
    expect(sent[0].body).toContain('Her son takes her pension');
    expect(sent[0].body).toContain('Raised by: carer, neighbour');

    // A retried drain, or the same item owed again, sends nothing more.
    await outbox.owe(item);
    clock = new Date(clock.getTime() + retryDelayMs(5));
    await outbox.drain();
    expect(await secureMessageModel(connection).countDocuments({ idempotencyKey: `council:${created._id}` })).toBe(1);

    const acknowledged = await queue.recordCouncilAcknowledged(created._id, staff, 'MW-ASC-2231');
    expect(acknowledged.council).toMatchObject({
      acknowledgedBy: 'Priya Shah',
      councilReference: 'MW-ASC-2231',
      sentAt: item.council!.sentAt,
    });
    await expect(queue.recordCouncilAcknowledged(created._id, { id: 'u-2', name: 'Ola Bello' })).rejects.toThrow(
      /Already recorded by Priya Shah/,
    );
  });

  it('owes the council nothing for items that are not safeguarding concerns', async () => {
    const outbox = new RecordOutbox(connection, demoRecordSystem(connection), logger, () => new Date(), {
      port: new StoredSecureMail(connection),
      compose: (item) => councilReferralOf(item, services.profileOf(item.service), texts),
    });
    const queue = new RecordingTriageQueue(connection, targets, () => new Date(), outbox, logger);
    const key = `not-council-${Date.now()}`;
    const item = await queue.create({
      kind: 'callback',
      disposition: 'routine',
      channel: 'webchat',
      conversation: { channelId: 'webchat', conversationId: key },
      summary: { contact: { role: 'patient' }, problem: 'a question about a visit', answers: {}, redFlags: [] },
      idempotencyKey: key,
      createdBy: 'front-door-bot',
    });
    await outbox.drain();
    expect((await queue.findById(item._id))!.council).toBeUndefined();
    expect(await outbox.find(`council:${item._id}`)).toBeNull();
  });
});
