import { startApp, type RunningApp } from '../../src/app';
import { queueModel, type QueueItem } from '../../src/hub/queueModel';
import { createLogger } from '../../src/observability/logger';
import { testConfig } from '../support/appConfig';

const MEDWAY_SECRET = 'medway-council-ack-secret-0123456789abcdef';
const KENT_SECRET = 'kent-council-ack-secret-0123456789abcdefgh';

describe("the council's system acknowledges a safeguarding concern by callback (real app, real store)", () => {
  let app: RunningApp;
  let base: string;

  beforeAll(async () => {
    app = await startApp(
      testConfig({ COUNCIL_ACK_SECRETS: `medway=${MEDWAY_SECRET}, kent=${KENT_SECRET}` }),
      createLogger({ level: 'silent' }),
    );
    base = `http://127.0.0.1:${app.port}`;
  });
  afterAll(() => app.stop());

  /** A Medway concern as the bot queues it, with its message accepted by the council's mail (sent). */
  async function sentConcern(): Promise<QueueItem> {
    const key = `ack-${Date.now()}-${Math.random()}`;
    const item = await app.runtime.queue.create({
      kind: 'safeguarding',
      disposition: 'same_day',
      channel: 'webchat',
      service: 'medway',
      conversation: { channelId: 'webchat', conversationId: key },
      summary: { contact: { role: 'carer' }, problem: 'concern', answers: {}, redFlags: [], callbackNumber: '' },
      idempotencyKey: key,
      createdBy: 'test',
    });
    const council = {
      destination: 'Medway Council adult safeguarding',
      secureEmail: 'safeguarding.adults@medway.example.gov.uk',
      owedAt: new Date(),
      sentAt: new Date(),
    };
    await queueModel(app.database.connection).updateOne({ _id: item._id }, { $set: { council } });
    return item;
  }

  const acknowledge = (service: string, body: unknown, secret?: string) =>
    fetch(`${base}/api/council/${service}/acknowledgements`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(secret ? { authorization: `Bearer ${secret}` } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));

  it('marks the concern acknowledged once, with the council’s reference, shown as by their system', async () => {
    const item = await sentConcern();
    const ok = await acknowledge('medway', { reference: item.reference, councilReference: 'MC-2291' }, MEDWAY_SECRET);
    expect(ok.status).toBe(200);
    expect(ok.body.reference).toBe(item.reference);
    const stored = await app.runtime.queue.findById(item._id);
    expect(stored!.council).toMatchObject({
      acknowledgedVia: 'callback',
      acknowledgedBy: 'Medway Council adult safeguarding',
      councilReference: 'MC-2291',
    });
    expect(stored!.council!.acknowledgedAt).toBeInstanceOf(Date);
    const again = await acknowledge('medway', { reference: item.reference }, MEDWAY_SECRET);
    expect(again.status).toBe(409);
  });

  it('refuses a wrong or missing secret, another destination’s secret, and another service’s concern', async () => {
    const item = await sentConcern();
    expect((await acknowledge('medway', { reference: item.reference })).status).toBe(401);
    expect((await acknowledge('medway', { reference: item.reference }, `${MEDWAY_SECRET}x`)).status).toBe(401);
    expect((await acknowledge('medway', { reference: item.reference }, KENT_SECRET)).status).toBe(401);
    // Kent's own secret, but a Medway concern: not Kent's to acknowledge.
    expect((await acknowledge('kent', { reference: item.reference }, KENT_SECRET)).status).toBe(404);
    // A destination with no secret configured can never acknowledge.
    expect((await acknowledge('dorset', { reference: item.reference }, MEDWAY_SECRET)).status).toBe(401);
    // The one valid-looking service id every object answers to (found by the fuzzer: it was a 500).
    expect((await acknowledge('constructor', { reference: item.reference }, MEDWAY_SECRET)).status).toBe(401);
    expect((await acknowledge('constructor', { reference: item.reference }, 'x')).status).toBe(401);
    expect((await app.runtime.queue.findById(item._id))!.council!.acknowledgedAt).toBeUndefined();
  });

  it('answers a bad body with a 400 naming the field, never a stack trace', async () => {
    const bad = await acknowledge('medway', { reference: 'not a reference' }, MEDWAY_SECRET);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^reference: /);
    const extra = await acknowledge('medway', { reference: 'FD-AAA-AAA', patient: 'x' }, MEDWAY_SECRET);
    expect(extra.status).toBe(400);
    const long = await acknowledge(
      'medway',
      { reference: 'FD-AAA-AAA', councilReference: 'x'.repeat(101) },
      MEDWAY_SECRET,
    );
    expect(long.status).toBe(400);
    const broken = await acknowledge('medway', '{"reference":', MEDWAY_SECRET);
    expect(broken.status).toBeGreaterThanOrEqual(400);
    expect(broken.status).toBeLessThan(500);
    expect(JSON.stringify(broken.body)).not.toMatch(/at .*\.ts:\d+/);
  });
});
