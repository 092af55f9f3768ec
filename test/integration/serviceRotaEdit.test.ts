import { startApp, type RunningApp } from '../../src/app';
import { StaffDirectory } from '../../src/console/staffUsers';
import { createLogger } from '../../src/observability/logger';
import { testConfig } from '../support/appConfig';
import { ConsoleClient } from '../support/consoleClient';

const PASSWORD = 'service-rota-pass-5521';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the rota as the API returns it
type RotaBody = any;

/** A new clinician first in every shift, so whoever is on duty now changes whatever the time of day. */
function withNewFirst(rota: RotaBody, name: string): RotaBody {
  const id = `clin-${name.toLowerCase().replace(/\W+/g, '-')}`;
  return {
    ...rota,
    clinicians: [...rota.clinicians, { id, name, role: 'Urgent Response Nurse', band: 7, phone: '07700900898' }],
    shifts: rota.shifts.map((s: { order: string[] }) => ({ ...s, order: [id, ...s.order] })),
  };
}

describe('every service’s rota in the console: its own coordinators and admins edit it, nobody else', () => {
  let app: RunningApp;
  let base: string;

  beforeAll(async () => {
    app = await startApp(testConfig(), createLogger({ level: 'silent' }));
    base = `http://127.0.0.1:${app.port}`;
    const staff = new StaffDirectory(app.database.connection);
    const people = [
      ['medway@rota.test', 'Mo Medway', 'coordinator', ['medway']],
      ['medclin@rota.test', 'Cy Clinician', 'duty_clinician', ['medway']],
      ['all@rota.test', 'Al Everywhere', 'coordinator', undefined],
      ['admin@rota.test', 'Ada Admin', 'admin', undefined],
    ] as const;
    for (const [email, name, role, services] of people) {
      await staff.ensure({ email, name, role, password: PASSWORD, ...(services ? { services: [...services] } : {}) });
    }
  });
  afterAll(() => app.stop());

  const signedIn = (email: string) => ConsoleClient.signedIn(base, email, PASSWORD);
  const versions = (collection: string) => app.database.connection.collection(collection).countDocuments();

  it('seeds each service’s rota from its profile’s file into its own versions', async () => {
    expect(await versions('rota_versions')).toBe(1);
    for (const id of ['medway', 'kent', 'west-london', 'dorset']) expect(await versions(`rota_versions_${id}`)).toBe(1);
  });

  it('lets a Medway coordinator change Medway’s rota, used at once, and refuses them every other service’s', async () => {
    const medway = await signedIn('medway@rota.test');
    const view = await medway.get('/api/console/rota');
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ service: 'medway', version: 1, canEdit: true });
    expect(view.body.rota.clinicians.map((c: { name: string }) => c.name)).toContain('Ada Okafor');

    const saved = await medway.request('PUT', '/api/console/rota?service=medway', {
      baseVersion: 1,
      rota: withNewFirst(view.body.rota, 'Mina Patel'),
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ service: 'medway', version: 2, by: 'Mo Medway' });
    // The rota the phone line, the dialogs and the breach sweep read for Medway has the edit now.
    const now = await medway.get('/api/console/rota?service=medway');
    expect(now.body.onDutyNow[0].name).toBe('Mina Patel');
    expect(await versions('rota_versions_medway')).toBe(2);
    expect(await versions('rota_versions')).toBe(1);

    const kentView = await medway.get('/api/console/rota?service=kent');
    expect(kentView.status).toBe(403);
    const kent = await signedIn('admin@rota.test').then((a) => a.get('/api/console/rota?service=kent'));
    const refused = await medway.request('PUT', '/api/console/rota?service=kent', {
      baseVersion: 1,
      rota: withNewFirst(kent.body.rota, 'Mina Patel'),
    });
    expect(refused.status).toBe(403);
    expect((await medway.request('PUT', '/api/console/rota?service=nowhere', { baseVersion: 1 })).status).toBe(400);
    expect(await versions('rota_versions_kent')).toBe(1);

    const admin = await signedIn('admin@rota.test');
    const trail = await admin.get('/api/console/audit?limit=1000');
    const edit = trail.body.entries.find((e: { action: string }) => e.action === 'rota.edit');
    expect(edit).toMatchObject({ subject: { kind: 'rota', id: '2' }, detail: { service: 'medway', basedOn: 1 } });
  });

  it('lets only admins and a service’s own coordinators edit: not its duty clinicians, not coordinators of all', async () => {
    for (const email of ['medclin@rota.test', 'all@rota.test']) {
      const client = await signedIn(email);
      const view = await client.get('/api/console/rota?service=medway');
      expect(view.status).toBe(200);
      expect(view.body.canEdit).toBe(false);
      const put = await client.request('PUT', '/api/console/rota?service=medway', {
        baseVersion: view.body.version,
        rota: view.body.rota,
      });
      expect(put.status).toBe(403);
    }
    const admin = await signedIn('admin@rota.test');
    const kent = (await admin.get('/api/console/rota?service=kent')).body;
    expect(kent.canEdit).toBe(true);
    const saved = await admin.request('PUT', '/api/console/rota?service=kent', {
      baseVersion: kent.version,
      rota: withNewFirst(kent.rota, 'Kit Brown'),
    });
    expect(saved.status).toBe(200);
    expect(await versions('rota_versions_kent')).toBe(2);
  });

  it('on the page: the coordinator sees and saves their service’s rota; another service’s form is refused', async () => {
    const medway = await signedIn('medway@rota.test');
    const view = await medway.page('/console/rota');
    expect(view.status).toBe(200);
    expect(view.text).toContain('Medway and Swale Adult Community Services');
    expect(view.text).toContain('name="service" value="medway"');
    const version = Number(/name="baseVersion" value="(\d+)"/.exec(view.text)?.[1]);
    const yamlText = /<textarea[^>]*name="rota"[^>]*>([\s\S]*?)<\/textarea>/
      .exec(view.text)![1]
      .replace(/&#39;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
    const edited = yamlText.replace('07700900831', '07700900997');
    expect(edited).not.toBe(yamlText);

    const toKent = await medway.page('/console/rota', {
      csrf: medway.csrf,
      service: 'kent',
      baseVersion: '2',
      rota: edited,
    });
    expect(toKent.status).toBe(403);
    expect((await medway.page('/console/rota?service=kent')).status).toBe(403);

    const saved = await medway.page('/console/rota', {
      csrf: medway.csrf,
      service: 'medway',
      baseVersion: String(version),
      rota: edited,
    });
    expect(saved.location).toMatch(/^\/console\/rota\?service=medway&done=/);
    expect(decodeURIComponent(saved.location)).toContain(`Saved as version ${version + 1}`);
    const latest = await app.database.connection
      .collection('rota_versions_medway')
      .find({})
      .sort({ _id: -1 })
      .limit(1)
      .next();
    expect(latest).toMatchObject({ _id: version + 1, by: { name: 'Mo Medway' } });

    // An admin who sees every service chooses which rota to look at.
    const admin = await signedIn('admin@rota.test');
    const chooser = await admin.page('/console/rota?service=dorset');
    expect(chooser.text).toMatch(/<option value="dorset" selected>/);
    expect(chooser.text).toContain('name="service" value="dorset"');
  });
});
