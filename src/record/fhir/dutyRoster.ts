import type { Organization, Practitioner, PractitionerRole, Resource } from '@medplum/fhirtypes';
import { onDutyIn, type RotaContent } from '../../integrations/rota/rota';
import {
  RecordUnavailableError,
  RosterBehindError,
  type DutyClinicianOnRecord,
  type DutyRoster,
  type RosterWrite,
} from '../ports';
import { FhirRequestError, type FhirClient, type Typed } from './fhirClient';
import { put } from './fhirRecord';
import {
  BAND_EXTENSION,
  DUTY_CLINICIAN_CODE,
  DUTY_ORDER_EXTENSION,
  PRACTITIONER_ROLE_SYSTEM,
  ROTA_CLINICIAN_SYSTEM,
  ROTA_VERSION_EXTENSION,
} from './terms';

type Day = RotaContent['shifts'][number]['days'][number];
const DAYS: Day[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
/** FHIR's days of the week are their first three letters. */
const fhirDay = (day: Day) => day.slice(0, 3) as 'mon';
const rotaDay = (day: string) => DAYS.find((d) => d.startsWith(day));

/** A commissioned service as an Organization: its duty clinicians' PractitionerRoles belong to it. */
export const serviceOrganizationId = (service: string) => `service-${service}`;

/**
 * A service's rota as the record would hold it: the service as an Organization, each clinician as a Practitioner, and
 * one PractitionerRole per clinician per shift with the shift's days and hours (`availableTime`; an end not after the
 * start runs past midnight) and their place in its order. How the demo record is seeded with the content rota.
 */
export function dutyRosterResources(
  service: { id: string; name: string },
  rota: Pick<RotaContent, 'clinicians' | 'shifts'>,
  /** The console's rota version it is written from; none for a roster the record keeps itself (the demo seed). */
  consoleVersion?: number,
): (Resource & { id: string })[] {
  const organization = serviceOrganizationId(service.id);
  const resources: (Resource & { id: string })[] = [
    { resourceType: 'Organization', id: organization, name: service.name, active: true } satisfies Organization,
  ];
  for (const c of rota.clinicians) {
    resources.push({
      resourceType: 'Practitioner',
      id: c.id,
      active: true,
      identifier: [{ system: ROTA_CLINICIAN_SYSTEM, value: c.id }],
      name: [{ text: c.name, family: c.name.split(' ').pop() }],
      telecom: [{ system: 'phone', value: c.phone, use: 'work' }],
    } satisfies Practitioner);
  }
  for (const [s, shift] of rota.shifts.entries()) {
    for (const [n, id] of shift.order.entries()) {
      const c = rota.clinicians.find((x) => x.id === id)!;
      resources.push({
        resourceType: 'PractitionerRole',
        id: `duty-${service.id}-${s + 1}-${n + 1}`,
        active: true,
        practitioner: { reference: `Practitioner/${c.id}`, display: c.name },
        organization: { reference: `Organization/${organization}`, display: service.name },
        code: [
          {
            coding: [{ system: PRACTITIONER_ROLE_SYSTEM, code: DUTY_CLINICIAN_CODE, display: 'Duty clinician' }],
            text: c.role,
          },
        ],
        telecom: [{ system: 'phone', value: c.phone, use: 'work' }],
        availableTime: [
          {
            daysOfWeek: shift.days.map(fhirDay),
            availableStartTime: `${shift.from}:00`,
            availableEndTime: `${shift.to}:00`,
          },
        ],
        extension: [
          { url: DUTY_ORDER_EXTENSION, valueInteger: n + 1 },
          { url: BAND_EXTENSION, valueInteger: c.band },
          ...(consoleVersion === undefined ? [] : [{ url: ROTA_VERSION_EXTENSION, valueInteger: consoleVersion }]),
        ],
      } satisfies PractitionerRole);
    }
  }
  return resources;
}

const extensionInteger = (role: PractitionerRole, url: string) =>
  role.extension?.find((e) => e.url === url)?.valueInteger;

/**
 * The duty clinicians the record has for a service: its Organization's active duty-clinician PractitionerRoles, their
 * shifts and order rebuilt and read as the content rota is (the same shift rules). A role without a phone number or
 * hours cannot be rung, so it is left out.
 */
export class FhirDutyRoster implements DutyRoster {
  constructor(private readonly fhir: FhirClient) {}

  async onDuty(at: Date, service: string, consoleVersion?: number): Promise<DutyClinicianOnRecord[]> {
    const roles = await this.dutyRoles(service, { activeOnly: true });
    // Version 1 is the rota file: until a person edits the rota in the console, the record's own roster stands.
    if (consoleVersion !== undefined && consoleVersion > 1 && roles.some((r) => stampOf(r) < consoleVersion)) {
      throw new RosterBehindError(`The record's roster is behind the console's rota version ${consoleVersion}.`);
    }
    const clinicians = new Map<string, RotaContent['clinicians'][number]>();
    const shifts = new Map<string, { shift: RotaContent['shifts'][number]; ranks: Map<string, number> }>();
    for (const role of roles) {
      const id = role.practitioner?.reference?.split('/')[1];
      const phone = role.telecom?.find((t) => t.system === 'phone')?.value;
      if (!id || !phone) continue;
      clinicians.set(id, {
        id,
        name: role.practitioner?.display ?? '',
        role: role.code?.[0]?.text ?? 'Duty clinician',
        band: extensionInteger(role, BAND_EXTENSION) ?? 0,
        phone,
      });
      for (const time of role.availableTime ?? []) {
        const days = (time.daysOfWeek ?? []).map(rotaDay).filter((d): d is Day => !!d);
        const from = time.availableStartTime?.slice(0, 5);
        const to = time.availableEndTime?.slice(0, 5);
        if (days.length === 0 || !from || !to) continue;
        const key = `${[...days].sort().join(',')}|${from}|${to}`;
        const entry = shifts.get(key) ?? { shift: { days, from, to, order: [] }, ranks: new Map() };
        entry.ranks.set(id, extensionInteger(role, DUTY_ORDER_EXTENSION) ?? Number.MAX_SAFE_INTEGER);
        shifts.set(key, entry);
      }
    }
    const rebuilt = [...shifts.values()].map(({ shift, ranks }) => ({
      ...shift,
      order: [...ranks.entries()].sort((a, b) => a[1] - b[1]).map(([id]) => id),
    }));
    return onDutyIn({ clinicians: [...clinicians.values()], shifts: rebuilt }, at);
  }

  /**
   * The service's roster replaced by a rota saved in the console, in one transaction: its Organization, each
   * clinician's Practitioner, one PractitionerRole per clinician per shift stamped with the console's version, and
   * the duty roles it no longer has made inactive. Every resource that exists is written from the version just read
   * (If-Match): a change made in between fails the whole write, which is tried again from a fresh reading, and a
   * roster already written from a later console version is never overwritten with an older one.
   */
  async replace(
    service: { id: string; name: string },
    rota: Pick<RotaContent, 'clinicians' | 'shifts'>,
    consoleVersion: number,
  ): Promise<RosterWrite> {
    for (let attempt = 0; attempt < ROSTER_WRITE_ATTEMPTS; attempt++) {
      const roles = await this.dutyRoles(service.id, { activeOnly: false });
      const active = roles.filter((r) => r.active);
      const newest = Math.max(0, ...active.map(stampOf));
      if (newest > consoleVersion) return 'newer_on_record';
      if (active.length > 0 && active.every((r) => stampOf(r) === consoleVersion)) return 'updated';
      const wanted = dutyRosterResources(service, rota, consoleVersion);
      const read = new Map<string, Typed<Resource>>(roles.map((r) => [`PractitionerRole/${r.id}`, r]));
      const others = await Promise.all(
        wanted
          .filter((r) => r.resourceType !== 'PractitionerRole')
          .map((r) => this.fhir.readIfExists(r.resourceType, r.id)),
      );
      for (const r of others) if (r) read.set(`${r.resourceType}/${r.id}`, r);
      const kept = new Set(wanted.map((r) => `${r.resourceType}/${r.id}`));
      const entries = [
        ...wanted.map((r) => put(r, read.get(`${r.resourceType}/${r.id}`)?.meta.versionId)),
        ...active
          .filter((r) => !kept.has(`PractitionerRole/${r.id}`))
          .map((r) => put({ ...r, active: false }, r.meta.versionId)),
      ];
      try {
        await this.fhir.transaction(entries);
        return 'updated';
      } catch (err) {
        if (!(err instanceof FhirRequestError && err.isConflict)) throw err;
      }
    }
    throw new RecordUnavailableError("The record's roster kept changing while the rota was being written.");
  }

  /** The service's duty-clinician roles, read fresh: a roster just written must be seen by the next urgent call. */
  private dutyRoles(service: string, { activeOnly }: { activeOnly: boolean }) {
    return this.fhir.search<PractitionerRole>(
      'PractitionerRole',
      {
        organization: `Organization/${serviceOrganizationId(service)}`,
        role: `${PRACTITIONER_ROLE_SYSTEM}|${DUTY_CLINICIAN_CODE}`,
        ...(activeOnly ? { active: 'true' } : {}),
        _count: '200',
      },
      { fresh: true },
    );
  }
}

/** How many times a roster that keeps changing under us is read and written again before the console is told. */
const ROSTER_WRITE_ATTEMPTS = 3;

/** The console version a role was written from; 0 for one the record keeps itself. */
const stampOf = (role: PractitionerRole) => extensionInteger(role, ROTA_VERSION_EXTENSION) ?? 0;
