import type {
  Appointment as FhirAppointment,
  BundleEntry,
  CarePlan as FhirCarePlan,
  Flag,
  HealthcareService,
  Organization,
  Patient as FhirPatient,
  Practitioner,
  PractitionerRole,
  Resource,
  Schedule,
  Slot as FhirSlot,
} from '@medplum/fhirtypes';
import { demoRecordData } from '../../demo/seedDemoData';
import { FlagCodes } from '../flagCodes';
import { alertFlagFor } from './alertFlags';
import { HOUSEBOUND_CODE, NHS_NUMBER_SYSTEM, PLAN_ID_SYSTEM, PLAN_TRIGGERS_EXTENSION, SNOMED_SYSTEM } from './terms';
import { zoneActivities } from './fhirRecord';
import { dutyRosterResources } from './dutyRoster';
import { ServiceDirectory } from '../../content/serviceDirectory';
import { Rota } from '../../integrations/rota/rota';

/** FHIR ids allow letters, digits, - and . up to 64 characters. */
export const fhirId = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 64);

/** A team's HealthcareService and its Schedule share this id ("Wandsworth South community nursing" → wandsworth-south). */
export const teamId = (team: string) => fhirId(team.split(' ').slice(0, 2).join(' '));

/** "wandsworth-south-community-nursing:2026-12-05:morning:1" → "slot-wandsworth-south-20261205-morning-1". */
export const slotId = (demoSlotId: string, team: string) => {
  const [, date, window, n] = demoSlotId.split(':');
  return `slot-${teamId(team)}-${date.replace(/-/g, '')}-${window}-${n}`;
};

const prettyPostcode = (postcode: string) => `${postcode.slice(0, -3)} ${postcode.slice(-3)}`;

function put(resource: Resource & { id: string }): BundleEntry {
  return { resource, request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` } };
}

/**
 * The demo patients, their key workers, plans, teams, slots and visits as one transaction Bundle of PUTs with fixed
 * ids: loading it twice leaves one copy. Dates are relative to `now`, as in the demo collections.
 */
export function demoTransactionBundle(now = new Date()): {
  resourceType: 'Bundle';
  type: 'transaction';
  entry: BundleEntry[];
} {
  const data = demoRecordData(now);
  const codes = FlagCodes.load();
  const entries: BundleEntry[] = [];
  const teams = new Set([...data.slots.map((s) => s.team), ...data.patients.map((p) => p.team)]);
  for (const team of teams) {
    const id = teamId(team);
    entries.push(
      put({ resourceType: 'Organization', id, name: team, active: true } satisfies Organization),
      put({
        resourceType: 'HealthcareService',
        id,
        active: true,
        name: team,
        providedBy: { reference: `Organization/${id}` },
      } satisfies HealthcareService),
      put({
        resourceType: 'Schedule',
        id,
        active: true,
        actor: [{ reference: `HealthcareService/${id}`, display: team }],
        comment: `Home visits by ${team}`,
      } satisfies Schedule),
    );
  }
  const booked = new Set(data.appointments.map((a) => a.slotId));
  for (const slot of data.slots) {
    entries.push(
      put({
        resourceType: 'Slot',
        id: slotId(slot._id, slot.team),
        schedule: { reference: `Schedule/${teamId(slot.team)}` },
        status: booked.has(slot._id) ? 'busy' : 'free',
        start: slot.start.toISOString(),
        end: slot.end.toISOString(),
        comment: slot.label,
      } satisfies FhirSlot),
    );
  }
  for (const patient of data.patients) {
    const gp = fhirId(patient.gpPractice);
    const worker = fhirId(patient.keyWorker.name);
    entries.push(
      put({ resourceType: 'Organization', id: gp, name: patient.gpPractice, active: true } satisfies Organization),
      put({
        resourceType: 'Practitioner',
        id: worker,
        active: true,
        name: [{ text: patient.keyWorker.name, family: patient.keyWorker.name.split(' ').pop() }],
      } satisfies Practitioner),
      put({
        resourceType: 'PractitionerRole',
        id: worker,
        active: true,
        practitioner: { reference: `Practitioner/${worker}`, display: patient.keyWorker.name },
        organization: { reference: `Organization/${teamId(patient.team)}`, display: patient.team },
        code: [{ text: patient.keyWorker.role }],
        telecom: [{ system: 'phone', value: patient.keyWorker.phone, use: 'work' }],
      } satisfies PractitionerRole),
      put({
        resourceType: 'Patient',
        id: patient._id,
        identifier: [{ system: NHS_NUMBER_SYSTEM, value: patient.nhsNumber }],
        name: [{ use: 'official', family: patient.familyName, given: [patient.givenName] }],
        birthDate: patient.dateOfBirth,
        address: [{ use: 'home', postalCode: prettyPostcode(patient.postcode) }],
        telecom: [{ system: 'phone', use: 'mobile', value: patient.mobile }],
        generalPractitioner: [{ reference: `Organization/${gp}`, display: patient.gpPractice }],
        managingOrganization: { reference: `Organization/${teamId(patient.team)}`, display: patient.team },
        contact: patient.carers.map((carer) => ({
          relationship: [{ text: carer.relationship }],
          name: { text: carer.name },
          telecom: [{ system: 'phone' as const, value: carer.phone }],
        })),
      } satisfies FhirPatient),
    );
    if (patient.housebound) {
      entries.push(
        put({
          resourceType: 'Flag',
          id: `${patient._id}-housebound`,
          status: 'active',
          category: [{ text: 'Communication needs and access' }],
          code: {
            coding: [{ system: SNOMED_SYSTEM, code: HOUSEBOUND_CODE, display: 'Housebound' }],
            text: 'Housebound: visits at home',
          },
          subject: { reference: `Patient/${patient._id}` },
        } satisfies Flag),
      );
    }
    for (const [n, alert] of (patient.alerts ?? []).entries()) {
      entries.push(put(alertFlagFor(`${patient._id}-alert-${n + 1}`, patient._id, alert, codes)));
    }
    for (const plan of patient.carePlan.plans) {
      entries.push(
        put({
          resourceType: 'CarePlan',
          id: fhirId(`${patient._id}-${plan.id}`),
          identifier: [{ system: PLAN_ID_SYSTEM, value: plan.id }],
          extension: [{ url: PLAN_TRIGGERS_EXTENSION, valueString: plan.triggers.join(' ') }],
          status: 'active',
          intent: 'plan',
          title: plan.title,
          description: 'What to do when I am unwell',
          subject: { reference: `Patient/${patient._id}` },
          period: { start: patient.carePlan.reviewedOn, end: patient.carePlan.reviewDue },
          author: { reference: `PractitionerRole/${worker}`, display: patient.keyWorker.name },
          activity: zoneActivities(plan),
        } satisfies FhirCarePlan),
      );
    }
  }
  for (const visit of data.appointments) {
    entries.push(
      put({
        resourceType: 'Appointment',
        id: visit._id,
        status: 'booked',
        description: visit.visitType,
        start: visit.start.toISOString(),
        end: visit.end.toISOString(),
        comment: visit.label,
        slot: [{ reference: `Slot/${slotId(visit.slotId, visit.team)}` }],
        participant: [
          { actor: { reference: `Patient/${visit.patientId}` }, status: 'accepted' },
          { actor: { reference: `HealthcareService/${teamId(visit.team)}` }, status: 'accepted' },
        ],
      } satisfies FhirAppointment),
    );
  }
  // The default service's duty rota, as its record would hold it; the other services' stay in content only.
  const service = new ServiceDirectory().default;
  entries.push(...dutyRosterResources(service, Rota.fromContent(service.rota).current().content).map(put));
  return { resourceType: 'Bundle', type: 'transaction', entry: entries };
}
