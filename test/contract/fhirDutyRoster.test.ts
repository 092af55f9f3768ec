import type { OperationOutcome, PractitionerRole, Resource } from '@medplum/fhirtypes';
import { ServiceDirectory } from '../../src/content/serviceDirectory';
import { Rota } from '../../src/integrations/rota/rota';
import { ServiceRotas } from '../../src/integrations/rota/serviceRotas';
import { createLogger } from '../../src/observability/logger';
import { FhirClient } from '../../src/record/fhir/fhirClient';
import { dutyRosterResources, FhirDutyRoster, serviceOrganizationId } from '../../src/record/fhir/dutyRoster';
import { freePort } from '../../src/store/freePort';
import { FHIR_START_TIMEOUT_MS, fhirTestServer } from '../support/fhirServer';

/** Europe/London is on GMT in December: these are the times on the rota. */
const MONDAY_10AM = new Date('2026-12-07T10:00:00Z');
const MONDAY_9PM = new Date('2026-12-07T21:00:00Z');
const TUESDAY_3AM = new Date('2026-12-08T03:00:00Z');

describe('the duty clinician from the FHIR record: PractitionerRoles of the service, the content rota otherwise', () => {
  let fhir: FhirClient;
  const services = new ServiceDirectory();
  const names = (list: { name: string }[]) => list.map((c) => c.name);

  beforeAll(async () => {
    fhir = await fhirTestServer();
  }, FHIR_START_TIMEOUT_MS);

  it("reads the default service's seeded roster as the rota in content says, day, evening and past midnight", async () => {
    const roster = new FhirDutyRoster(fhir);
    const rota = Rota.fromContent(services.default.rota);
    for (const at of [MONDAY_10AM, MONDAY_9PM, TUESDAY_3AM]) {
      const onRecord = await roster.onDuty(at, services.default.id);
      expect(onRecord.length).toBeGreaterThan(0);
      expect(onRecord).toEqual(rota.onDutySync(at));
    }
    expect(names(await roster.onDuty(MONDAY_9PM, services.default.id))).toEqual([
      'Tom Okoro',
      'Priya Desai',
      'Alex Morgan',
    ]);
  });

  it('rings whom the record has on duty before the content rota, and the content rota where the record has nobody', async () => {
    // The record's roster for Kent differs from Kent's rota in content: the day shift in the opposite order.
    const kent = services.byId('kent')!;
    const content = Rota.fromContent(kent.rota).current().content;
    const [day, ...rest] = content.shifts;
    const onRecord = { clinicians: content.clinicians, shifts: [{ ...day, order: [...day.order].reverse() }, ...rest] };
    await fhir.transaction(
      dutyRosterResources(kent, onRecord).map((resource) => ({
        resource,
        request: { method: 'PUT' as const, url: `${resource.resourceType}/${resource.id}` },
      })),
    );
    const rotas = new ServiceRotas(services.profiles, Rota.fromContent(services.default.rota));
    rotas.useRecord(new FhirDutyRoster(fhir), createLogger({ level: 'silent' }));

    expect(names(await rotas.onDuty(MONDAY_10AM, 'kent'))).toEqual(['Jo Baker', 'Ravi Patel', 'Hannah Cole']);
    expect(names(rotas.onDutySync(MONDAY_10AM, 'kent'))).toEqual(['Hannah Cole', 'Ravi Patel', 'Jo Baker']);
    // Medway's record holds no roster: its rota in content answers.
    const medway = services.byId('medway')!;
    expect(await rotas.onDuty(MONDAY_10AM, 'medway')).toEqual(Rota.fromContent(medway.rota).onDutySync(MONDAY_10AM));
    const roles = await fhir.search<PractitionerRole>('PractitionerRole', {
      organization: `Organization/${serviceOrganizationId('medway')}`,
    });
    expect(roles).toEqual([]);
  });

  it('rings from the content rota, without waiting long, when the record cannot be reached', async () => {
    const down = new FhirClient(`http://127.0.0.1:${await freePort()}/fhir`, undefined, 5000);
    const rotas = new ServiceRotas(services.profiles, Rota.fromContent(services.default.rota));
    rotas.useRecord(new FhirDutyRoster(down), createLogger({ level: 'silent' }));
    const started = Date.now();
    expect(names(await rotas.onDuty(MONDAY_10AM))).toEqual(['Sam Rivers', 'Alex Morgan', 'Priya Desai']);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("writes the roster's Organization, Practitioners and PractitionerRoles as valid R4", async () => {
    const kent = services.byId('kent')!;
    const written: Resource[] = dutyRosterResources(kent, Rota.fromContent(kent.rota).current().content);
    const kinds = new Set(written.map((r) => r.resourceType));
    expect([...kinds].sort()).toEqual(['Organization', 'Practitioner', 'PractitionerRole']);
    for (const resource of [written[0], written[1], written.find((r) => r.resourceType === 'PractitionerRole')!]) {
      const outcome: OperationOutcome = await fhir.validate(resource);
      const errors = (outcome.issue ?? []).filter((i) => i.severity === 'error' || i.severity === 'fatal');
      expect({ resource: resource.resourceType, errors }).toEqual({ resource: resource.resourceType, errors: [] });
    }
  });
});
