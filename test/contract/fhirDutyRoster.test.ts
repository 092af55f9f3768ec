import { randomUUID } from 'node:crypto';
import type { OperationOutcome, PractitionerRole, Resource } from '@medplum/fhirtypes';
import type { Connection } from 'mongoose';
import { ServiceDirectory } from '../../src/content/serviceDirectory';
import { Rota, type RotaContent } from '../../src/integrations/rota/rota';
import { RotaStore } from '../../src/integrations/rota/rotaStore';
import { ServiceRotas } from '../../src/integrations/rota/serviceRotas';
import { createLogger } from '../../src/observability/logger';
import { FhirClient } from '../../src/record/fhir/fhirClient';
import { dutyRosterResources, FhirDutyRoster, serviceOrganizationId } from '../../src/record/fhir/dutyRoster';
import { ROTA_VERSION_EXTENSION } from '../../src/record/fhir/terms';
import { RosterBehindError } from '../../src/record/ports';
import { freePort } from '../../src/store/freePort';
import { FHIR_START_TIMEOUT_MS, fhirTestServer } from '../support/fhirServer';
import { closeTestDatabase, openTestDatabase } from '../support/testDatabase';

/** The rota with `first` rung first on every shift. */
function withFirst(rota: RotaContent, first: string): RotaContent {
  return {
    ...rota,
    shifts: rota.shifts.map((s) => ({ ...s, order: [first, ...s.order.filter((id) => id !== first)] })),
  };
}

const stamp = (role: PractitionerRole) => role.extension?.find((e) => e.url === ROTA_VERSION_EXTENSION)?.valueInteger;

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

  describe('a rota edited in the console, written to the record', () => {
    let connection: Connection;
    const dorset = services.byId('dorset')!;
    const dorsetRota = () => Rota.fromContent(dorset.rota).current().content;
    const roles = (service: string) =>
      fhir.search<PractitionerRole>(
        'PractitionerRole',
        { organization: `Organization/${serviceOrganizationId(service)}` },
        { fresh: true },
      );

    beforeAll(async () => {
      connection = await openTestDatabase();
    });
    afterAll(async () => {
      await closeTestDatabase(connection);
    });

    it('replaces the roster from the version read, retires dropped roles, and never puts an older rota over a newer', async () => {
      // A service of this test's own, so no other test's roster is touched.
      const service = { id: `roster-${randomUUID().slice(0, 8)}`, name: 'Roster test service' };
      const roster = new FhirDutyRoster(fhir);
      const rota = dorsetRota();
      expect(await roster.replace(service, withFirst(rota, 'clin-lucy-hart'), 2)).toBe('updated');
      expect(names(await roster.onDuty(MONDAY_10AM, service.id, 2))).toEqual([
        'Lucy Hart',
        'Ellen Frost',
        'Kofi Mensah',
      ]);
      // The night shift dropped: its roles are made inactive, not left to be rung.
      const dayOnly = { ...rota, shifts: [rota.shifts[0]] };
      expect(await roster.replace(service, dayOnly, 3)).toBe('updated');
      const after = await roles(service.id);
      expect(after.filter((r) => r.active).map(stamp)).toEqual([3, 3, 3]);
      expect(after.filter((r) => !r.active)).toHaveLength(3);
      expect(await roster.onDuty(MONDAY_9PM, service.id, 3)).toEqual([]);
      // Two instances writing two versions at once: both land through If-Match, the newer last.
      const results = await Promise.all([
        roster.replace(service, withFirst(rota, 'clin-kofi-mensah'), 5),
        roster.replace(service, withFirst(rota, 'clin-sean-doyle'), 4),
      ]);
      expect(results[0]).toBe('updated');
      expect(['updated', 'newer_on_record']).toContain(results[1]);
      expect(names(await roster.onDuty(MONDAY_10AM, service.id, 5))[0]).toBe('Kofi Mensah');
      expect((await roles(service.id)).filter((r) => r.active).map(stamp)).toEqual([5, 5, 5, 5, 5, 5]);
      // A late write of an older version changes nothing.
      expect(await roster.replace(service, withFirst(rota, 'clin-lucy-hart'), 4)).toBe('newer_on_record');
      expect(names(await roster.onDuty(MONDAY_10AM, service.id, 5))[0]).toBe('Kofi Mensah');
      // A roster behind the console's version is refused, so the console's rota answers instead.
      await expect(roster.onDuty(MONDAY_10AM, service.id, 6)).rejects.toBeInstanceOf(RosterBehindError);
      const written = (await roles(service.id)).find((r) => r.active)!;
      const outcome: OperationOutcome = await fhir.validate(written);
      expect((outcome.issue ?? []).filter((i) => i.severity === 'error' || i.severity === 'fatal')).toEqual([]);
    });

    it('rings the rota just saved: from the record once written, from the console while the record is behind', async () => {
      const store = new RotaStore(connection, 'dorset');
      await store.seed(dorsetRota());
      const rotas = new ServiceRotas(services.profiles, Rota.fromContent(services.default.rota));
      rotas.rotaFor('dorset').useStore(store);
      rotas.useRecord(new FhirDutyRoster(fhir), createLogger({ level: 'silent' }));
      const by = { id: 'staff-1', name: 'Ann Coordinator' };

      const v2 = await store.save(1, withFirst(dorsetRota(), 'clin-lucy-hart'), by);
      expect(await rotas.writeToRecord('dorset', v2.content, v2._id)).toBe('updated');
      expect((await roles('dorset')).filter((r) => r.active).map(stamp)).toEqual([2, 2, 2, 2, 2, 2]);
      rotas.rotaFor('dorset').invalidate();
      expect(names(await rotas.onDuty(MONDAY_10AM, 'dorset'))[0]).toBe('Lucy Hart');

      // Saved while the record could not be written: the record still has version 2, and must not be rung from.
      const v3 = await store.save(2, withFirst(dorsetRota(), 'clin-kofi-mensah'), by);
      const down = new ServiceRotas(services.profiles, Rota.fromContent(services.default.rota));
      down.useRecord(
        new FhirDutyRoster(new FhirClient(`http://127.0.0.1:${await freePort()}/fhir`, undefined, 2000)),
        createLogger({ level: 'silent' }),
      );
      expect(await down.writeToRecord('dorset', v3.content, v3._id)).toBe('not_updated');
      rotas.rotaFor('dorset').invalidate();
      expect(names(await rotas.onDuty(MONDAY_10AM, 'dorset'))).toEqual(['Kofi Mensah', 'Ellen Frost', 'Lucy Hart']);
      // Written once the record answers again: the record's roster says the same and is rung from again.
      expect(await rotas.writeToRecord('dorset', v3.content, v3._id)).toBe('updated');
      expect(names(await new FhirDutyRoster(fhir).onDuty(MONDAY_10AM, 'dorset', 3))[0]).toBe('Kofi Mensah');
    });
  });
});
