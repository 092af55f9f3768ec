import type { PractitionerRole } from '@medplum/fhirtypes';
import { startApp, type RunningApp } from '../../src/app';
import { createLogger } from '../../src/observability/logger';
import type { FhirClient } from '../../src/record/fhir/fhirClient';
import { serviceOrganizationId } from '../../src/record/fhir/dutyRoster';
import { ROTA_VERSION_EXTENSION } from '../../src/record/fhir/terms';
import { configWithAdmin, TEST_ADMIN } from '../support/appConfig';
import { ConsoleClient } from '../support/consoleClient';
import { FHIR_START_TIMEOUT_MS, fhirTestServer } from '../support/fhirServer';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the rota as the API returns it
type RotaBody = any;

/** `id` first on every shift. */
const withFirst = (rota: RotaBody, id: string): RotaBody => ({
  ...rota,
  shifts: rota.shifts.map((s: { order: string[] }) => ({ ...s, order: [id, ...s.order.filter((o) => o !== id)] })),
});

/** With RECORD_SYSTEM=fhir, a rota edited in the console becomes the record's duty roster (West London's here). */
describe("the console's rota edits on the FHIR record's duty roster", () => {
  let fhir: FhirClient;
  let app: RunningApp;
  let admin: ConsoleClient;

  beforeAll(async () => {
    fhir = await fhirTestServer();
    app = await startApp(
      configWithAdmin({ RECORD_SYSTEM: 'fhir', FHIR_BASE_URL: fhir.baseUrl }),
      createLogger({ level: 'silent' }),
    );
    admin = await ConsoleClient.signedIn(`http://127.0.0.1:${app.port}`, TEST_ADMIN.email, TEST_ADMIN.password);
  }, FHIR_START_TIMEOUT_MS);
  afterAll(() => app?.stop());

  const activeRoles = async () =>
    (
      await fhir.search<PractitionerRole>(
        'PractitionerRole',
        { organization: `Organization/${serviceOrganizationId('west-london')}`, active: 'true' },
        { fresh: true },
      )
    ).map((r) => ({
      first: r.extension?.find((e) => e.url.endsWith('duty-order'))?.valueInteger === 1,
      practitioner: r.practitioner?.reference,
      version: r.extension?.find((e) => e.url === ROTA_VERSION_EXTENSION)?.valueInteger,
    }));

  it('writes each saved version to the record, by the API and by the rota page, and says so', async () => {
    const view = await admin.get('/api/console/rota?service=west-london');
    const [, second] = view.body.rota.clinicians as { id: string }[];
    const saved = await admin.request('PUT', '/api/console/rota?service=west-london', {
      baseVersion: view.body.version,
      rota: withFirst(view.body.rota, second.id),
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ version: 2, onRecord: 'updated' });
    expect(saved.body.onRecordNote).toMatch(/duty roster now says the same/);
    const roles = await activeRoles();
    expect(roles.length).toBeGreaterThan(0);
    expect(roles.every((r) => r.version === 2)).toBe(true);
    for (const r of roles.filter((x) => x.first)) expect(r.practitioner).toBe(`Practitioner/${second.id}`);
    const trail = await admin.get('/api/console/audit?limit=1000');
    const edit = trail.body.entries.find((e: { action: string }) => e.action === 'rota.edit');
    expect(edit.detail).toMatchObject({ service: 'west-london', onRecord: 'updated' });

    // The page's form: the same write, and the message after saving says the record has it.
    const page = await admin.page('/console/rota?service=west-london');
    const yamlText = /<textarea[^>]*name="rota"[^>]*>([\s\S]*?)<\/textarea>/
      .exec(page.text)![1]
      .replace(/&#39;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
    const posted = await admin.page('/console/rota', {
      csrf: admin.csrf,
      service: 'west-london',
      baseVersion: '2',
      rota: yamlText,
    });
    expect(decodeURIComponent(posted.location)).toMatch(
      /done=Saved as version 3\. The record system's duty roster now says the same\./,
    );
    expect((await activeRoles()).every((r) => r.version === 3)).toBe(true);
  });
});
