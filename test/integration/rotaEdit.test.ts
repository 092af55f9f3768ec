import { startApp, type RunningApp } from '../../src/app';
import { createLogger } from '../../src/observability/logger';
import { testConfig } from '../support/appConfig';
import { ConsoleClient } from '../support/consoleClient';

const logger = createLogger({ level: 'silent' });
const ADMIN = { email: 'admin@hub.example', password: 'admin-password-123' };
const PASSWORD = 'coordinator-password-1';

async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the rota as the API returns it
type Rota = any;

/** A new clinician first in every shift, so whoever is on duty now changes whatever the time of day. */
function withNewFirst(rota: Rota, name: string): Rota {
  const id = `clin-${name.toLowerCase().replace(/\W+/g, '-')}`;
  return {
    ...rota,
    clinicians: [...rota.clinicians, { id, name, role: 'Community Nurse', band: 6, phone: '07700900899' }],
    shifts: rota.shifts.map((s: { order: string[] }) => ({ ...s, order: [id, ...s.order] })),
  };
}

describe('duty rota: stored, versioned, edited by admins', () => {
  let app: RunningApp;
  let other: RunningApp;
  let base: string;
  let admin: ConsoleClient;
  const config = testConfig({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });

  beforeAll(async () => {
    app = await startApp(config, logger);
    // A second instance on the same database: it must not seed again, and must see edits made on the first.
    other = await startApp({ ...config }, logger);
    base = `http://127.0.0.1:${app.port}`;
    admin = new ConsoleClient(base);
    expect((await admin.login(ADMIN.email, ADMIN.password)).status).toBe(200);
    for (const [email, name, role] of [
      ['ann@hub.example', 'Ann Coordinator', 'coordinator'],
      ['ada@hub.example', 'Ada Admin', 'admin'],
    ]) {
      expect((await admin.post('/api/console/users', { email, name, role, password: PASSWORD })).status).toBe(201);
    }
  });
  afterAll(async () => {
    await other.stop();
    await app.stop();
  });

  const signIn = async (email: string, at = base) => {
    const client = new ConsoleClient(at);
    expect((await client.login(email, PASSWORD)).status).toBe(200);
    return client;
  };

  it('is seeded once from ROTA_FILE and shown to everyone, editable only by admins', async () => {
    const ann = await signIn('ann@hub.example');
    const view = await ann.get('/api/console/rota');
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ version: 1, canEdit: false });
    expect(view.body.history).toEqual([expect.objectContaining({ version: 1, by: 'ROTA_FILE', source: 'file' })]);
    expect(view.body.rota.clinicians.map((c: { name: string }) => c.name)).toContain('Tom Okoro');
    expect(await app.database.connection.collection('rota_versions').countDocuments()).toBe(1);

    const refused = await ann.request('PUT', '/api/console/rota', { baseVersion: 1, rota: view.body.rota });
    expect(refused.status).toBe(403);
    const noCsrf = await admin.request(
      'PUT',
      '/api/console/rota',
      { baseVersion: 1, rota: view.body.rota },
      {
        'x-csrf-token': 'wrong',
      },
    );
    expect(noCsrf.status).toBe(403);
    expect((await admin.get('/api/console/rota')).body.canEdit).toBe(true);
  });

  it('refuses a bad rota with a 400 naming the field, as the content file would be refused', async () => {
    const { rota, version } = (await admin.get('/api/console/rota')).body;
    const put = (body: unknown) => admin.request('PUT', '/api/console/rota', body);
    const cases: [unknown, RegExp][] = [
      [{ rota }, /^baseVersion: baseVersion is required/],
      [
        {
          baseVersion: version,
          rota: { ...rota, clinicians: [{ ...rota.clinicians[0], phone: '12345' }, ...rota.clinicians.slice(1)] },
        },
        /^rota\.clinicians\.0\.phone: must be a UK number/,
      ],
      [
        {
          baseVersion: version,
          rota: { ...rota, clinicians: [{ ...rota.clinicians[0], band: 5 }, ...rota.clinicians.slice(1)] },
        },
        /^rota\.clinicians\.0\.band: duty clinicians must be Band 6 or above/,
      ],
      [
        { baseVersion: version, rota: { ...rota, shifts: [{ ...rota.shifts[0], order: ['clin-nobody'] }] } },
        /^rota\.shifts\.0\.order\.0: names unknown clinician clin-nobody/,
      ],
      [
        { baseVersion: version, rota: { ...rota, shifts: [{ ...rota.shifts[0], from: '25:00' }] } },
        /^rota\.shifts\.0\.from: /,
      ],
      [
        {
          baseVersion: version,
          rota: { ...rota, clinicians: [rota.clinicians[0], rota.clinicians[0], rota.clinicians[1]] },
        },
        /is used twice/,
      ],
    ];
    for (const [body, message] of cases) {
      const res = await put(body);
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(message);
    }
    expect(await app.database.connection.collection('rota_versions').countDocuments()).toBe(1);
  });

  it('lets one of two admins saving the same version win; the other gets 409 naming who changed it', async () => {
    const ada = await signIn('ada@hub.example');
    const { rota, version } = (await admin.get('/api/console/rota')).body;
    const results = await Promise.all([
      admin.request('PUT', '/api/console/rota', { baseVersion: version, rota: withNewFirst(rota, 'Nia Patel') }),
      ada.request('PUT', '/api/console/rota', { baseVersion: version, rota: withNewFirst(rota, 'Kim Lee') }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const lost = results.find((r) => r.status === 409)!;
    expect(lost.body.message).toMatch(
      new RegExp(
        `^The rota was changed by (Administrator|Ada Admin) \\(version ${version + 1}\\) after you opened version ${version}\\.`,
      ),
    );
    const won = results.find((r) => r.status === 200)!;
    expect(won.body.version).toBe(version + 1);
    // The demo record keeps no duty roster: nothing is written to it, and the coordinator is told nothing about it.
    expect(won.body.onRecord).toBe('no_record');
    expect(won.body.onRecordNote).toBeUndefined();
    const stale = await admin.request('PUT', '/api/console/rota', { baseVersion: version, rota });
    expect(stale.status).toBe(409);
    expect(await app.database.connection.collection('rota_versions').countDocuments()).toBe(version + 1);

    // This instance uses the new version at once; the transfer route reads the same Rota.
    const winner = won === results[0] ? 'Nia Patel' : 'Kim Lee';
    const after = await admin.get('/api/console/rota');
    expect(after.body.version).toBe(version + 1);
    expect(after.body.onDutyNow[0].name).toBe(winner);
    const trail = await admin.get('/api/console/audit?limit=1000');
    const edit = trail.body.entries.find((e: { action: string }) => e.action === 'rota.edit');
    expect(edit).toMatchObject({ subject: { kind: 'rota', id: String(version + 1) }, detail: { basedOn: version } });

    // Another instance on the same store sees it within its cache period, and never seeded a second version 1.
    const elsewhere = await signIn('ann@hub.example', `http://127.0.0.1:${other.port}`);
    const seen = await waitFor(async () => {
      const res = await elsewhere.get('/api/console/rota');
      return res.body.version === version + 1 ? res.body : undefined;
    }, 7000);
    expect(seen.onDutyNow[0].name).toBe(winner);
  });
});
