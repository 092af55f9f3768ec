import { startApp, type RunningApp } from '../../src/app';
import { StaffDirectory } from '../../src/console/staffUsers';
import { queueModel, type QueueItem } from '../../src/hub/queueModel';
import { createLogger } from '../../src/observability/logger';
import { testConfig } from '../support/appConfig';
import { ConsoleClient } from '../support/consoleClient';

const PASSWORD = 'by-service-console-pass-5530';
const NAMES = {
  medway: 'Medway and Swale Adult Community Services',
  kent: 'Kent Locality Integrated Health and Social Care Service',
};

describe('the console by service: a filter for staff who see several, counts per service, the service on each item', () => {
  let app: RunningApp;
  let base: string;
  const items: Record<string, QueueItem> = {};

  beforeAll(async () => {
    app = await startApp(testConfig(), createLogger({ level: 'silent' }));
    base = `http://127.0.0.1:${app.port}`;
    const staff = new StaffDirectory(app.database.connection);
    await staff.ensure({
      email: 'two@svc.test',
      name: 'Tam Two',
      role: 'coordinator',
      password: PASSWORD,
      services: ['medway', 'kent'],
    });
    await staff.ensure({
      email: 'one@svc.test',
      name: 'Olu One',
      role: 'coordinator',
      password: PASSWORD,
      services: ['medway'],
    });
    for (const [key, service, kind] of [
      ['medway', 'medway', 'callback'],
      ['kent', 'kent', 'callback'],
      ['dorset', 'dorset', 'callback'],
      ['kentSafeguarding', 'kent', 'safeguarding'],
    ] as const) {
      items[key] = await app.runtime.queue.create({
        kind,
        disposition: kind === 'safeguarding' ? 'same_day' : 'routine',
        channel: 'directline',
        service,
        conversation: { channelId: 'directline', conversationId: `by-svc-${key}-${Date.now()}` },
        summary: {
          contact: { role: 'carer' },
          problem: kind === 'safeguarding' ? 'safeguarding concern disclosed' : 'call me back',
          answers: kind === 'safeguarding' ? { disclosure: 'her son takes her pension', immediateDanger: 'no' } : {},
          redFlags: [],
        },
        idempotencyKey: `by-svc-${key}-${Date.now()}`,
        createdBy: 'test',
      });
    }
  });
  afterAll(() => app.stop());

  const signedIn = (email: string) => ConsoleClient.signedIn(base, email, PASSWORD);
  const listed = async (client: ConsoleClient, query = '') =>
    (await client.get(`/api/console/queue${query}`)).body.items as { reference: string; serviceName: string }[];

  it('filters the queue by one of their services (API and page), names each item’s service, and refuses others', async () => {
    const two = await signedIn('two@svc.test');
    const all = await listed(two);
    expect(all.map((i) => i.reference)).toEqual(expect.arrayContaining([items.medway.reference, items.kent.reference]));
    expect(all.find((i) => i.reference === items.kent.reference)!.serviceName).toBe(NAMES.kent);
    const kentOnly = (await listed(two, '?service=kent')).map((i) => i.reference);
    expect(kentOnly).toContain(items.kent.reference);
    expect(kentOnly).not.toContain(items.medway.reference);
    expect((await two.get('/api/console/queue?service=dorset')).status).toBe(403);
    expect((await two.get('/api/console/queue?service=nowhere')).status).toBe(400);
    expect((await two.get('/api/console/queue?service=Not%20an%20id')).status).toBe(400);

    const filtered = await two.page('/console?service=kent');
    expect(filtered.status).toBe(200);
    expect(filtered.text).toContain(items.kent.reference);
    expect(filtered.text).not.toContain(items.medway.reference);
    expect(filtered.text).toContain(`<span class="fd-hint fd-service">${NAMES.kent}</span>`);
    // The choice is theirs only: both their services, no other.
    expect(filtered.text).toMatch(/<select[^>]*id="service"/);
    expect(filtered.text).toMatch(new RegExp(`<option value="medway"[^>]*>\\s*${NAMES.medway}\\s*</option>`));
    expect(filtered.text).not.toContain('Dorset Integrated Community');
    expect(filtered.text).not.toContain('undefined');
    expect((await two.page('/console?service=dorset')).status).toBe(403);

    // One service: nothing to choose between.
    const one = await (await signedIn('one@svc.test')).page('/console');
    expect(one.text).not.toMatch(/<select[^>]*id="service"/);
    expect(one.text).toContain(NAMES.medway);
  });

  it('counts items per service on the dashboard, only their services, matching the store', async () => {
    const two = await signedIn('two@svc.test');
    const since = new Date(Date.now() - 7 * 86400000);
    const stored = await queueModel(app.database.connection)
      .find({ createdAt: { $gte: since }, service: { $in: ['medway', 'kent'] } })
      .lean();
    const expected: Record<string, number> = {};
    for (const i of stored) expected[i.service!] = (expected[i.service!] ?? 0) + 1;
    const body = (await two.get('/api/console/dashboard')).body as { queueByService: Record<string, number> };
    expect(body.queueByService).toEqual(expected);
    const medwayOnly = (await two.get('/api/console/dashboard?service=medway')).body as {
      queueByService: Record<string, number>;
    };
    expect(medwayOnly.queueByService).toEqual({ medway: expected.medway });
    expect((await two.get('/api/console/dashboard?service=dorset')).status).toBe(403);

    const dashboard = await two.page('/console/dashboard?service=kent');
    expect(dashboard.status).toBe(200);
    expect(dashboard.text).toContain('Queue items by service');
    expect(dashboard.text).toContain(NAMES.kent);
    expect(dashboard.text).toContain('contacts are every service');
    expect(dashboard.text).not.toMatch(/undefined|NaN/);
  });

  it('shows a safeguarding concern sent to the council and records the council’s acknowledgement once', async () => {
    const item = items.kentSafeguarding;
    for (let i = 0; i < 50 && !(await app.runtime.queue.findById(item._id))!.council?.sentAt; i++) {
      await app.runtime.recordOutbox.drain();
      await new Promise((r) => setTimeout(r, 100));
    }
    const two = await signedIn('two@svc.test');
    const before = await two.page(`/console/items/${item._id}`);
    expect(before.text).toContain('Passed to the council');
    expect(before.text).toContain('Central Referral Unit (adults), cru.adults@kent.example.gov.uk');
    expect(before.text).toContain('Acknowledged');
    expect(before.text).toContain(NAMES.kent);
    expect(before.text).toMatch(/id="action-council-acknowledged"/);

    const tooLong = await two.post(`/api/console/queue/${item._id}/council-acknowledged`, {
      councilReference: 'x'.repeat(101),
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.message).toMatch(/councilReference/);

    const form = await two.page(`/console/items/${item._id}/council-acknowledged`, {
      csrf: two.csrf,
      councilReference: 'CRU-4471',
    });
    expect(form.status).toBe(303);
    expect(decodeURIComponent(form.location)).toContain('the council has the concern');
    const again = await two.post(`/api/console/queue/${item._id}/council-acknowledged`, {});
    expect(again.status).toBe(409);

    const after = await two.page(`/console/items/${item._id}`);
    expect(after.text).toContain('recorded by Tam Two; their reference CRU-4471');
    expect(after.text).not.toMatch(/id="action-council-acknowledged"/);
    expect(after.text).not.toContain('undefined');
    const stored = (await app.runtime.queue.findById(item._id))!;
    expect(stored.council).toMatchObject({ acknowledgedBy: 'Tam Two', councilReference: 'CRU-4471' });
  });
});
