import type { Organization, Practitioner, PractitionerRole, Resource } from '@medplum/fhirtypes';
import { onDutyIn, type RotaContent } from '../../integrations/rota/rota';
import type { DutyClinicianOnRecord, DutyRoster } from '../ports';
import type { FhirClient } from './fhirClient';
import {
  BAND_EXTENSION,
  DUTY_CLINICIAN_CODE,
  DUTY_ORDER_EXTENSION,
  PRACTITIONER_ROLE_SYSTEM,
  ROTA_CLINICIAN_SYSTEM,
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

  async onDuty(at: Date, service: string): Promise<DutyClinicianOnRecord[]> {
    const roles = await this.fhir.search<PractitionerRole>('PractitionerRole', {
      organization: `Organization/${serviceOrganizationId(service)}`,
      role: `${PRACTITIONER_ROLE_SYSTEM}|${DUTY_CLINICIAN_CODE}`,
      active: 'true',
      _count: '200',
    });
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
}
