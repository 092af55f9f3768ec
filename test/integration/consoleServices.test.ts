import { startApp, type RunningApp } from '../../src/app';
import { StaffDirectory } from '../../src/console/staffUsers';
import type { QueueItem } from '../../src/hub/queueModel';
import { createLogger } from '../../src/observability/logger';
import { testConfig } from '../support/appConfig';
import { ConsoleClient } from '../support/consoleClient';

const PASSWORD = 'partitioned-queue-pass-9417';

describe('a coordinator sees only their services’ items (API and pages)', () => {
  let app: RunningApp;
  let base: string;
  const items: Record<string, QueueItem> = {};

  beforeAll(async () => {
    app = await startApp(testConfig(), createLogger({ level: 'silent' }));
    base = `http://127.0.0.1:${app.port}`;
    const staff = new StaffDirectory(app.database.connection);
    await staff.ensure({
      email: 'medway@svc.test',
      name: 'Mo Medway',
      role: 'coordinator',
      password: PASSWORD,
      services: ['medway'],
    });
    await staff.ensure({
      email: 'wands@svc.test',
      name: 'Wyn Wandsworth',
      role: 'coordinator',
      password: PASSWORD,
      services: ['wandsworth'],
    });
    await staff.ensure({ email: 'all@svc.test', name: 'Al Everywhere', role: 'coordinator', password: PASSWORD });
    // One item per service, and one made before profiles (no service: the default service's).
    for (const service of ['medway', 'kent', undefined]) {
      items[service ?? 'none'] = await app.runtime.queue.create({
        kind: 'callback',
        disposition: 'routine',
        channel: 'directline',
        ...(service ? { service } : {}),
        conversation: { channelId: 'directline', conversationId: `svc-${service ?? 'none'}-${Date.now()}` },
        summary: { contact: { role: 'patient' }, problem: 'call me back', answers: {}, redFlags: [] },
        idempotencyKey: `svc-test-${service ?? 'none'}-${Date.now()}`,
        createdBy: 'test',
      });
    }
  });
  afterAll(() => app.stop());

  const signedIn = (email: string) => ConsoleClient.signedIn(base, email, PASSWORD);
  const references = async (client: ConsoleClient) =>
    ((await client.get('/api/console/queue')).body.items as { reference: string }[]).map((i) => i.reference);

  it('lists, shows and acts on only the services on their staff record', async () => {
    const medway = await signedIn('medway@svc.test');
    const listed = await references(medway);
    expect(listed).toContain(items.medway.reference);
    expect(listed).not.toContain(items.kent.reference);
    expect(listed).not.toContain(items.none.reference);

    expect((await medway.get(`/api/console/queue/${items.medway._id}`)).status).toBe(200);
    expect((await medway.get(`/api/console/queue/${items.kent._id}`)).status).toBe(404);
    expect((await medway.get(`/api/console/queue/${items.kent._id}/transcript`)).status).toBe(404);
    expect((await medway.post(`/api/console/queue/${items.kent._id}/claim`)).status).toBe(404);
    expect((await app.runtime.queue.findById(items.kent._id))?.status).toBe('new');

    const queuePage = await medway.page('/console?status=all');
    expect(queuePage.status).toBe(200);
    expect(queuePage.text).toContain(items.medway.reference);
    expect(queuePage.text).not.toContain(items.kent.reference);
    expect((await medway.page(`/console/items/${items.kent._id}`)).status).toBe(404);
    expect((await medway.page(`/console/items/${items.medway._id}`)).status).toBe(200);
  });

  it('lets an admin create a coordinator limited to services, refusing a service that does not exist', async () => {
    const admin = new ConsoleClient(base);
    await new StaffDirectory(app.database.connection).ensure({
      email: 'admin@svc.test',
      name: 'Ada Admin',
      role: 'admin',
      password: PASSWORD,
    });
    expect((await admin.login('admin@svc.test', PASSWORD)).status).toBe(200);
    const user = { email: 'kent@svc.test', name: 'Kit Kent', role: 'coordinator', password: PASSWORD };
    expect((await admin.post('/api/console/users', { ...user, services: ['nowhere'] })).status).toBe(400);
    expect((await admin.post('/api/console/users', { ...user, services: ['kent'] })).status).toBe(201);
    const kent = await references(await signedIn('kent@svc.test'));
    expect(kent).toContain(items.kent.reference);
    expect(kent).not.toContain(items.medway.reference);
  });

  it('gives the default service’s coordinator the items made before services; staff with none listed see all', async () => {
    const wandsworth = await references(await signedIn('wands@svc.test'));
    expect(wandsworth).toContain(items.none.reference);
    expect(wandsworth).not.toContain(items.medway.reference);
    const everyone = await references(await signedIn('all@svc.test'));
    expect(everyone).toEqual(
      expect.arrayContaining([items.medway.reference, items.kent.reference, items.none.reference]),
    );
  });
});
