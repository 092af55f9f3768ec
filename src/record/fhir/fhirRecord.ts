import type {
  Appointment as FhirAppointment,
  BundleEntry,
  CarePlan as FhirCarePlan,
  Communication,
  Extension,
  Flag,
  Organization,
  Patient as FhirPatient,
  PractitionerRole,
  RelatedPerson,
  ServiceRequest,
  Slot as FhirSlot,
  Task,
} from '@medplum/fhirtypes';
import { auditVisitChange, type AuditTrail } from '../../appointments/visitAudit';
import { isRecordedCarer, matchesPatient, nameMatches, type IdentityClaim } from '../../identity/verifyIdentity';
import { normalisePhone, normalisePostcode, type CarePlanEntry, type Zone } from '../../patients/patientModel';
import type {
  Actor,
  Appointment,
  CarePlan,
  CarePlans,
  CommunicationNeedsRecord,
  ContactRecord,
  ContactSummary,
  NeedToFile,
  OutgoingReferral,
  Patient,
  PatientDirectory,
  RecordedNeed,
  RecordSystem,
  ReferralOutbox,
  Slot,
  Verification,
  VisitBook,
} from '../ports';
import { RecordUnavailableError } from '../ports';
import { FlagCodes } from '../flagCodes';
import { alertOf } from './alertFlags';
import { FhirDutyRoster } from './dutyRoster';
import { FhirClient, FhirRequestError, type Typed } from './fhirClient';
import {
  CALL_SIGN_SYSTEM,
  CONTACT_KEY_SYSTEM,
  FLAG_CATEGORY_SYSTEM,
  HOUSEBOUND_CODE,
  HUB_REFERENCE_SYSTEM,
  INTERPRETER_REQUIRED_EXTENSION,
  LANGUAGE_SYSTEM,
  NEED_CONTACT_BY_EXTENSION,
  NEED_KEY_SYSTEM,
  NEED_LANGUAGE_EXTENSION,
  NEED_SYSTEM,
  NHS_NUMBER_SYSTEM,
  OPERATION_EXTENSION,
  PLAN_ID_SYSTEM,
  PLAN_TRIGGERS_EXTENSION,
  REFERRAL_KEY_SYSTEM,
  SNOMED_SYSTEM,
  ZONE_CALL_EXTENSION,
  ZONE_SYSTEM,
} from './terms';

const idOf = (reference: string | undefined) => reference?.split('/')[1] ?? '';
const ZONES: Zone[] = ['green', 'amber', 'red'];

/** A UK Core Patient as the domain's patient; the plan and key worker are added by `findById`. */
function toPatient(resource: Typed<FhirPatient>): Patient {
  const name = resource.name?.find((n) => n.use === 'official') ?? resource.name?.[0];
  const mobile = resource.telecom?.find((t) => t.system === 'phone' && t.use === 'mobile')?.value ?? '';
  return {
    _id: resource.id,
    nhsNumber: resource.identifier?.find((i) => i.system === NHS_NUMBER_SYSTEM)?.value ?? '',
    givenName: name?.given?.[0] ?? '',
    familyName: name?.family ?? '',
    dateOfBirth: resource.birthDate ?? '',
    postcode: normalisePostcode(resource.address?.find((a) => a.use === 'home')?.postalCode ?? ''),
    mobile: normalisePhone(mobile),
    housebound: false,
    conditions: [],
    gpPractice: resource.generalPractitioner?.[0]?.display ?? '',
    team: resource.managingOrganization?.display ?? '',
    keyWorker: { name: '', role: '', phone: '' },
    carers: (resource.contact ?? []).map((c) => ({
      name: c.name?.text ?? [c.name?.given?.[0], c.name?.family].filter(Boolean).join(' '),
      relationship: c.relationship?.[0]?.text ?? '',
      phone: normalisePhone(c.telecom?.find((t) => t.system === 'phone')?.value ?? ''),
    })),
    carePlan: { reviewedOn: '', reviewDue: '', plans: [] },
  };
}

export class FhirPatientDirectory implements PatientDirectory {
  constructor(
    private readonly fhir: FhirClient,
    private readonly carePlans: CarePlans,
    private readonly codes: FlagCodes,
  ) {}

  async verify(claim: IdentityClaim, asCarer = false): Promise<Verification> {
    if (!claim.dateOfBirth) return { verified: false };
    // Everyone born that day (with that NHS number, when given), every page: a name and postcode, or a name and phone,
    // are matched here, as the whole claim must be, and the one meant may be anywhere in the list.
    const candidates = await this.fhir.searchAll<FhirPatient>('Patient', {
      birthdate: claim.dateOfBirth,
      ...(claim.nhsNumber ? { identifier: `${NHS_NUMBER_SYSTEM}|${claim.nhsNumber}` } : {}),
      _count: '100',
    });
    for (const resource of candidates) {
      const patient = toPatient(resource);
      const result = matchesPatient(claim, patient);
      if (!result.verified) continue;
      if (asCarer && !isRecordedCarer(claim, patient)) continue;
      return { verified: true, patient, factors: result.factors };
    }
    return { verified: false };
  }

  async findByNhsNumber(nhsNumber: string): Promise<Patient | null> {
    const [found] = await this.fhir.search<FhirPatient>('Patient', { identifier: `${NHS_NUMBER_SYSTEM}|${nhsNumber}` });
    return found ? toPatient(found) : null;
  }

  async findByDemographics(query: { name: string; dateOfBirth: string; postcode: string }): Promise<Patient[]> {
    // The server narrows by date of birth and the postcode's outward code (a prefix, so "SW18 1AA" and "SW181AA" on
    // the record both match), every page; the whole postcode and the names, said in any order, are matched here.
    const postcode = normalisePostcode(query.postcode);
    const found = await this.fhir.searchAll<FhirPatient>('Patient', {
      birthdate: query.dateOfBirth,
      ...(postcode.length >= 5 ? { 'address-postalcode': postcode.slice(0, -3) } : {}),
      _count: '100',
    });
    return found
      .map(toPatient)
      .filter(
        (p) => p.postcode === normalisePostcode(query.postcode) && nameMatches(query.name, p.givenName, p.familyName),
      );
  }

  /** The whole record: the patient, their plan and key worker, and what their active Flags say (housebound). */
  async findById(id: string): Promise<Patient | null> {
    const [resource, plan, flags] = await Promise.all([
      this.fhir.readIfExists<FhirPatient>('Patient', id),
      this.carePlans.planOf(id),
      // R4 has no search parameter for Flag.status: the active ones are picked out here.
      this.fhir.search<Flag>('Flag', { subject: `Patient/${id}` }),
    ]);
    if (!resource) return null;
    const patient = toPatient(resource);
    patient.housebound = flags.some(
      (flag) =>
        flag.status === 'active' &&
        flag.code.coding?.some((c) => c.system === SNOMED_SYSTEM && c.code === HOUSEBOUND_CODE),
    );
    const alerts = flags.filter((f) => f.status === 'active').flatMap((flag) => alertOf(flag, this.codes));
    if (alerts.length > 0) patient.alerts = alerts;
    if (plan) {
      patient.carePlan = { reviewedOn: plan.reviewedOn, reviewDue: plan.reviewDue, plans: plan.plans };
      patient.keyWorker = plan.keyWorker;
    }
    return patient;
  }

  async mobileOf(id: string): Promise<string | undefined> {
    const resource = await this.fhir.readIfExists<FhirPatient>('Patient', id);
    return resource ? toPatient(resource).mobile || undefined : undefined;
  }
}

export class FhirCarePlans implements CarePlans {
  constructor(private readonly fhir: FhirClient) {}

  async planOf(patientId: string): Promise<CarePlan | null> {
    const plans = await this.fhir.search<FhirCarePlan>('CarePlan', {
      subject: `Patient/${patientId}`,
      status: 'active',
    });
    if (plans.length === 0) return null;
    // R4 has no search parameter for CarePlan.author, so the key worker's role is read by its reference.
    const author = plans.find((p) => p.author?.reference?.startsWith('PractitionerRole/'))?.author?.reference;
    const role = author ? await this.fhir.readIfExists<PractitionerRole>('PractitionerRole', idOf(author)) : null;
    const earliest = (values: (string | undefined)[]) => values.filter(Boolean).sort()[0] ?? '';
    return {
      reviewedOn: earliest(plans.map((p) => p.period?.start)),
      reviewDue: earliest(plans.map((p) => p.period?.end)),
      plans: plans.map(toPlanEntry),
      keyWorker: {
        name: role?.practitioner?.display ?? '',
        role: role?.code?.[0]?.text ?? '',
        phone: role?.telecom?.find((t) => t.system === 'phone')?.value ?? '',
      },
    };
  }
}

function extensionString(extensions: Extension[] | undefined, url: string): string {
  return extensions?.find((e) => e.url === url)?.valueString ?? '';
}

function toPlanEntry(plan: FhirCarePlan): CarePlanEntry {
  const zones = {} as CarePlanEntry['zones'];
  for (const zone of ZONES) {
    const detail = plan.activity?.find((a) => a.detail?.code?.coding?.some((c) => c.code === zone))?.detail;
    zones[zone] = {
      when: detail?.reasonCode?.[0]?.text ?? '',
      do: detail?.description ?? '',
      call: extensionString(detail?.extension, ZONE_CALL_EXTENSION),
    };
  }
  return {
    id: plan.identifier?.find((i) => i.system === PLAN_ID_SYSTEM)?.value ?? plan.id ?? '',
    title: plan.title ?? '',
    triggers: extensionString(plan.extension, PLAN_TRIGGERS_EXTENSION).split(' ').filter(Boolean),
    zones,
  };
}

/** The zone activities of one plan entry, for writing (the seed bundle) and reading back. */
export function zoneActivities(entry: CarePlanEntry): FhirCarePlan['activity'] {
  return ZONES.map((zone) => ({
    detail: {
      status: 'not-started' as const,
      code: { coding: [{ system: ZONE_SYSTEM, code: zone, display: zone }], text: zone },
      reasonCode: [{ text: entry.zones[zone].when }],
      description: entry.zones[zone].do,
      extension: [{ url: ZONE_CALL_EXTENSION, valueString: entry.zones[zone].call }],
    },
  }));
}

export { PLAN_TRIGGERS_EXTENSION };

interface Operation {
  key: string;
  outcome: string;
}

function lastOperation(appointment: FhirAppointment): Operation | undefined {
  const ext = appointment.extension?.find((e) => e.url === OPERATION_EXTENSION);
  if (!ext) return undefined;
  const part = (name: string) => ext.extension?.find((e) => e.url === name)?.valueString ?? '';
  return { key: part('key'), outcome: part('outcome') };
}

function withOperation(appointment: FhirAppointment, op: Operation): FhirAppointment {
  return {
    ...appointment,
    extension: [
      ...(appointment.extension ?? []).filter((e) => e.url !== OPERATION_EXTENSION),
      {
        url: OPERATION_EXTENSION,
        extension: [
          { url: 'key', valueString: op.key },
          { url: 'outcome', valueString: op.outcome },
        ],
      },
    ],
  };
}

function toSlot(slot: Typed<FhirSlot>): Slot {
  return {
    _id: slot.id,
    team: idOf(slot.schedule.reference),
    start: new Date(slot.start),
    end: new Date(slot.end),
    window: slot.comment ?? '',
    label: slot.comment ?? '',
  };
}

function toAppointment(appointment: Typed<FhirAppointment>): Appointment {
  const actor = (type: string) =>
    appointment.participant.find((p) => p.actor?.reference?.startsWith(`${type}/`))?.actor?.reference;
  return {
    _id: appointment.id,
    patientId: idOf(actor('Patient')),
    slotId: idOf(appointment.slot?.[0]?.reference),
    // A team's Schedule has the id of the team's HealthcareService.
    team: idOf(actor('HealthcareService')),
    visitType: appointment.description ?? '',
    start: new Date(appointment.start ?? 0),
    end: new Date(appointment.end ?? 0),
    label: appointment.comment ?? '',
    status: appointment.status === 'booked' ? 'booked' : 'cancelled',
    cancelReason: appointment.cancelationReason?.text,
    revision: Number(appointment.meta.versionId),
  };
}

/** A transaction entry writing the resource; with `version`, only if the server still holds that version. */
export function put<T extends { resourceType: string; id?: string }>(resource: T, version?: string): BundleEntry {
  return {
    resource: resource as unknown as BundleEntry['resource'],
    request: {
      method: 'PUT',
      url: `${resource.resourceType}/${resource.id}`,
      ...(version ? { ifMatch: `W/"${version}"` } : {}),
    },
  };
}

/**
 * Home visits as Schedule + Slot + Appointment. A change is one transaction that books the new slot, frees the old
 * one and moves the visit, each entry with If-Match on the version read: all or nothing, and of two people taking
 * the last slot from the same reading, the server lets exactly one through.
 */
export class FhirVisitBook implements VisitBook {
  constructor(
    private readonly fhir: FhirClient,
    private readonly audit: AuditTrail,
  ) {}

  async upcoming(patientId: string, now = new Date()): Promise<Appointment[]> {
    const found = await this.fhir.search<FhirAppointment>(
      'Appointment',
      { patient: `Patient/${patientId}`, status: 'booked', date: `ge${now.toISOString()}`, _sort: 'date' },
      { fresh: true },
    );
    return found.map(toAppointment);
  }

  async freeSlots(appointment: Appointment, now = new Date(), limit = 4): Promise<Slot[]> {
    const from = new Date(now.getTime() + 12 * 3600 * 1000);
    const found = await this.fhir.search<FhirSlot>(
      'Slot',
      {
        schedule: `Schedule/${appointment.team}`,
        status: 'free',
        start: `ge${from.toISOString()}`,
        _sort: 'start',
        _count: '200',
      },
      { fresh: true },
    );
    const seen = new Set<string>();
    const offers: Slot[] = [];
    for (const slot of found.map(toSlot)) {
      const window = `${slot.start.toISOString()}|${slot.window}`;
      if (seen.has(window) || slot.start.getTime() === appointment.start.getTime()) continue;
      seen.add(window);
      offers.push(slot);
      if (offers.length === limit) break;
    }
    return offers;
  }

  async freeSlotInWindow(slot: Slot): Promise<Slot | undefined> {
    const found = await this.fhir.search<FhirSlot>(
      'Slot',
      { schedule: `Schedule/${slot.team}`, status: 'free', start: `eq${slot.start.toISOString()}` },
      { fresh: true },
    );
    return found.map(toSlot)[0];
  }

  async change(appointmentId: string, toSlotId: string, idempotencyKey: string, actor: Actor) {
    const [appointment, slot] = await Promise.all([
      this.fhir.readIfExists<FhirAppointment>('Appointment', appointmentId),
      this.fhir.readIfExists<FhirSlot>('Slot', toSlotId),
    ]);
    const done = appointment && lastOperation(appointment);
    if (appointment && done?.key === idempotencyKey) {
      return { outcome: done.outcome as 'changed', appointment: toAppointment(appointment) };
    }
    if (!appointment || appointment.status !== 'booked') return { outcome: 'not_found' as const };
    const current = toAppointment(appointment);
    if (!slot || idOf(slot.schedule.reference) !== current.team) return { outcome: 'not_found' as const };
    if (current.slotId === toSlotId) return { outcome: 'unchanged' as const, appointment: current };
    if (slot.status !== 'free') return { outcome: 'slot_taken' as const };
    const oldSlot = await this.fhir.readIfExists<FhirSlot>('Slot', current.slotId);
    const moved = withOperation(
      {
        ...appointment,
        slot: [{ reference: `Slot/${slot.id}` }],
        start: slot.start,
        end: slot.end,
        comment: slot.comment,
      },
      { key: idempotencyKey, outcome: 'changed' },
    );
    try {
      await this.fhir.transaction([
        put({ ...slot, status: 'busy' }, slot.meta.versionId),
        ...(oldSlot ? [put({ ...oldSlot, status: 'free' }, oldSlot.meta.versionId)] : []),
        put(moved, appointment.meta.versionId),
      ]);
    } catch (err) {
      if (!(err instanceof FhirRequestError && err.isConflict)) throw err;
      return this.afterConflict(appointmentId, idempotencyKey, toSlotId);
    }
    await auditVisitChange(this.audit, 'appointment.changed', appointmentId, actor, {
      fromSlot: current.slotId,
      toSlot: toSlotId,
    });
    const changed = (await this.fhir.read<FhirAppointment>('Appointment', appointmentId)) as Typed<FhirAppointment>;
    return { outcome: 'changed' as const, appointment: toAppointment(changed) };
  }

  async cancel(appointmentId: string, reason: string, idempotencyKey: string, actor: Actor) {
    const appointment = await this.fhir.readIfExists<FhirAppointment>('Appointment', appointmentId);
    const done = appointment && lastOperation(appointment);
    if (appointment && done?.key === idempotencyKey) {
      return { outcome: done.outcome as 'cancelled', appointment: toAppointment(appointment) };
    }
    if (!appointment || appointment.status !== 'booked') return { outcome: 'not_found' as const };
    const slotId = idOf(appointment.slot?.[0]?.reference);
    const slot = slotId ? await this.fhir.readIfExists<FhirSlot>('Slot', slotId) : null;
    const cancelled = withOperation(
      { ...appointment, status: 'cancelled', cancelationReason: { text: reason } },
      { key: idempotencyKey, outcome: 'cancelled' },
    );
    try {
      await this.fhir.transaction([
        put(cancelled, appointment.meta.versionId),
        ...(slot ? [put({ ...slot, status: 'free' }, slot.meta.versionId)] : []),
      ]);
    } catch (err) {
      if (!(err instanceof FhirRequestError && err.isConflict)) throw err;
      const again = await this.afterConflict(appointmentId, idempotencyKey);
      return again as { outcome: 'cancelled' | 'busy'; appointment?: Appointment };
    }
    await auditVisitChange(this.audit, 'appointment.cancelled', appointmentId, actor, { reason });
    const after = await this.fhir.read<FhirAppointment>('Appointment', appointmentId);
    return { outcome: 'cancelled' as const, appointment: toAppointment(after) };
  }

  /** A write that lost: its own earlier success (a retry), the slot gone to someone else, or the visit changed. */
  private async afterConflict(appointmentId: string, idempotencyKey: string, toSlotId?: string) {
    const appointment = await this.fhir.read<FhirAppointment>('Appointment', appointmentId);
    const done = lastOperation(appointment);
    if (done?.key === idempotencyKey) {
      return { outcome: done.outcome as 'changed', appointment: toAppointment(appointment) };
    }
    if (toSlotId) {
      const slot = await this.fhir.readIfExists<FhirSlot>('Slot', toSlotId);
      if (slot?.status !== 'free') return { outcome: 'slot_taken' as const };
    }
    return { outcome: 'busy' as const };
  }

  async find(appointmentId: string): Promise<Appointment | null> {
    const found = await this.fhir.readIfExists<FhirAppointment>('Appointment', appointmentId);
    return found ? toAppointment(found) : null;
  }

  async findSlot(slotId: string): Promise<Slot | null> {
    const found = await this.fhir.readIfExists<FhirSlot>('Slot', slotId);
    return found ? toSlot(found) : null;
  }
}

const locationId = (location: string | undefined) => location?.split('/')[1] ?? '';

/**
 * A referral as ServiceRequest + Task (NHS Booking and Referral Standard shape), one pair per key: conditional updates
 * on the key identifier create them the first time and replace them after, so a retry creates nothing new and a
 * handover given piecemeal ends as one referral with everything said.
 */
export class FhirReferralOutbox implements ReferralOutbox {
  constructor(private readonly fhir: FhirClient) {}

  async send(referral: OutgoingReferral): Promise<{ id: string }> {
    const request = serviceRequestFor(referral);
    const bundle = await this.fhir.transaction([
      {
        fullUrl: 'urn:uuid:8b0c3b6c-0f1e-4b5a-9c1d-2f0e1a3b4c5d',
        resource: request,
        request: { method: 'PUT', url: `ServiceRequest?identifier=${REFERRAL_KEY_SYSTEM}|${referral.key}` },
      },
      {
        resource: taskFor(referral, 'urn:uuid:8b0c3b6c-0f1e-4b5a-9c1d-2f0e1a3b4c5d'),
        request: { method: 'PUT', url: `Task?identifier=${REFERRAL_KEY_SYSTEM}|${referral.key}` },
      },
    ]);
    return { id: locationId(bundle.entry?.[0]?.response?.location) };
  }
}

const authoredOn = (referral: OutgoingReferral) => (referral.authoredAt ?? new Date()).toISOString();

export function serviceRequestFor(referral: OutgoingReferral): ServiceRequest {
  return {
    resourceType: 'ServiceRequest',
    identifier: [
      { system: REFERRAL_KEY_SYSTEM, value: referral.key },
      { system: HUB_REFERENCE_SYSTEM, value: referral.reference },
    ],
    status: 'active',
    intent: 'order',
    category: [
      { text: referral.kind === 'escalation' ? 'Escalation to the duty clinician' : 'Community health referral' },
    ],
    priority: referral.priority,
    code: { text: 'Community health services' },
    subject: referral.patientId ? { reference: `Patient/${referral.patientId}` } : { display: 'Patient not verified' },
    occurrencePeriod: { start: authoredOn(referral), end: referral.occurrenceBy.toISOString() },
    authoredOn: authoredOn(referral),
    ...requesterOf(referral),
    reasonCode: [{ text: referral.reason }],
    note: [{ text: referral.summary }],
  };
}

/**
 * Who asked, as a reference: the Patient when it is the verified patient themselves; a professional as a contained
 * PractitionerRole with their call sign as its identifier and their organisation as a contained Organization (what they
 * told us names no record of ours, so nothing is created for them); a carer of a verified patient as a contained
 * RelatedPerson. Anyone else by name only.
 */
function requesterOf(referral: OutgoingReferral): Pick<ServiceRequest, 'requester' | 'contained'> {
  const by = referral.requestedBy;
  const display = referral.requester;
  if (by?.role === 'patient' && referral.patientId) {
    return { requester: { reference: `Patient/${referral.patientId}`, display } };
  }
  if (by?.role === 'carer' && referral.patientId) {
    const carer: RelatedPerson = {
      resourceType: 'RelatedPerson',
      id: 'requester',
      patient: { reference: `Patient/${referral.patientId}` },
      relationship: [{ text: 'carer' }],
    };
    return { contained: [carer], requester: { reference: '#requester', display } };
  }
  if (by?.role !== 'professional') return { requester: { display } };
  const organisation: Organization | undefined = by.organisation
    ? { resourceType: 'Organization', id: 'requester-organisation', name: by.organisation }
    : undefined;
  const role: PractitionerRole = {
    resourceType: 'PractitionerRole',
    id: 'requester',
    code: [{ text: 'professional referrer' }],
    ...(by.callSign ? { identifier: [{ system: CALL_SIGN_SYSTEM, value: by.callSign }] } : {}),
    ...(organisation ? { organization: { reference: '#requester-organisation', display: by.organisation } } : {}),
  };
  return {
    contained: [role, ...(organisation ? [organisation] : [])],
    requester: { reference: '#requester', display },
  };
}

export function taskFor(referral: OutgoingReferral, focus: string): Task {
  return {
    resourceType: 'Task',
    identifier: [{ system: REFERRAL_KEY_SYSTEM, value: referral.key }],
    status: 'requested',
    intent: 'order',
    priority: referral.priority,
    focus: { reference: focus },
    ...(referral.patientId ? { for: { reference: `Patient/${referral.patientId}` } } : {}),
    authoredOn: authoredOn(referral),
    restriction: { period: { end: referral.occurrenceBy.toISOString() } },
    description: referral.reason,
  };
}

/** Each contact as a Communication about the patient, created once per key. */
export class FhirContactRecord implements ContactRecord {
  constructor(private readonly fhir: FhirClient) {}

  async file(summary: ContactSummary): Promise<{ id: string }> {
    const created = await this.fhir.create(
      communicationFor(summary),
      `identifier=${encodeURIComponent(`${CONTACT_KEY_SYSTEM}|${summary.key}`)}`,
    );
    if (created?.id) return { id: created.id };
    // A contact filed before: the server answers 200 without a body for a conditional create that matched.
    const [existing] = await this.fhir.search<Communication>(
      'Communication',
      { identifier: `${CONTACT_KEY_SYSTEM}|${summary.key}` },
      { fresh: true },
    );
    return { id: existing.id };
  }

  async contactsOf(patientId: string): Promise<(ContactSummary & { id: string })[]> {
    const found = await this.fhir.search<Communication>(
      'Communication',
      { subject: `Patient/${patientId}`, identifier: `${CONTACT_KEY_SYSTEM}|`, _sort: '-sent' },
      { fresh: true },
    );
    return found.map((c) => ({
      id: c.id,
      key: c.identifier?.find((i) => i.system === CONTACT_KEY_SYSTEM)?.value ?? '',
      patientId,
      at: new Date(c.sent ?? 0),
      channel: c.medium?.[0]?.text ?? '',
      reference: c.identifier?.find((i) => i.system === HUB_REFERENCE_SYSTEM)?.value,
      text: c.payload?.[0]?.contentString ?? '',
    }));
  }
}

export function communicationFor(summary: ContactSummary): Communication {
  return {
    resourceType: 'Communication',
    identifier: [
      { system: CONTACT_KEY_SYSTEM, value: summary.key },
      ...(summary.reference ? [{ system: HUB_REFERENCE_SYSTEM, value: summary.reference }] : []),
    ],
    status: 'completed',
    category: [{ text: 'Front Door contact summary' }],
    medium: [{ text: summary.channel }],
    subject: { reference: `Patient/${summary.patientId}` },
    sent: summary.at.toISOString(),
    payload: [{ contentString: summary.text }],
  };
}

/** How many times a language is added to a Patient that keeps changing under us before the outbox tries again later. */
const PATIENT_UPDATE_ATTEMPTS = 3;

/**
 * Communication needs as Flags on the patient (one per patient and need, by a conditional update on our identifier, so
 * a retry or a second telling replaces it), and an interpreter's language also as the patient's own language with the
 * core `patient-interpreterRequired` extension, where every system that reads the Patient will see it.
 */
export class FhirCommunicationNeeds implements CommunicationNeedsRecord {
  constructor(
    private readonly fhir: FhirClient,
    private readonly codes: FlagCodes,
  ) {}

  async file(need: NeedToFile): Promise<{ id: string }> {
    const flag = await this.fhir.updateWhere(
      needFlagFor(need),
      `identifier=${encodeURIComponent(`${NEED_KEY_SYSTEM}|${needKey(need)}`)}`,
    );
    if (need.language) await this.recordLanguage(need.patientId, need.language, need.languageName ?? need.language);
    return { id: flag.id };
  }

  async needsOf(patientId: string): Promise<(RecordedNeed & { id: string })[]> {
    // Every Flag of the patient, not only ours: a need another system recorded, coded with a concept content knows,
    // must be honoured too. R4 has no search parameter for Flag.status: the active ones are picked out here.
    const flags = await this.fhir.search<Flag>(
      'Flag',
      { subject: `Patient/${patientId}`, _count: '200' },
      { fresh: true },
    );
    const ours = (flag: Flag) => flag.identifier?.some((i) => i.system === NEED_KEY_SYSTEM) ?? false;
    const needs = new Map<string, RecordedNeed & { id: string }>();
    // Ours first, so a need both we and another system recorded is shown as ours (with its language and contact).
    for (const flag of [...flags.filter(ours), ...flags.filter((f) => !ours(f))]) {
      if (flag.status !== 'active') continue;
      for (const need of recordedNeedOf(flag, this.codes)) if (!needs.has(need.need)) needs.set(need.need, need);
    }
    return [...needs.values()].sort((a, b) => a.need.localeCompare(b.need));
  }

  /** The language among the patient's, marked as needing an interpreter; from the version read (If-Match). */
  private async recordLanguage(patientId: string, code: string, name: string): Promise<void> {
    for (let attempt = 0; attempt < PATIENT_UPDATE_ATTEMPTS; attempt++) {
      const patient = await this.fhir.read<FhirPatient>('Patient', patientId);
      const known = patient.communication?.some((c) =>
        c.language.coding?.some((l) => l.system === LANGUAGE_SYSTEM && l.code === code),
      );
      const flagged = patient.extension?.some((e) => e.url === INTERPRETER_REQUIRED_EXTENSION && e.valueBoolean);
      if (known && flagged) return;
      const updated: FhirPatient & { id: string } = {
        ...patient,
        extension: [
          ...(patient.extension ?? []).filter((e) => e.url !== INTERPRETER_REQUIRED_EXTENSION),
          { url: INTERPRETER_REQUIRED_EXTENSION, valueBoolean: true },
        ],
        communication: known
          ? patient.communication
          : [
              ...(patient.communication ?? []),
              {
                language: { coding: [{ system: LANGUAGE_SYSTEM, code, display: name }], text: name },
                preferred: !patient.communication?.some((c) => c.preferred),
              },
            ],
      };
      try {
        await this.fhir.update(updated, patient.meta.versionId);
        return;
      } catch (err) {
        if (!(err instanceof FhirRequestError && err.isConflict)) throw err;
      }
    }
    throw new RecordUnavailableError('The patient record kept changing while the language was being added.');
  }
}

const needKey = (need: NeedToFile) => `${need.patientId}:${need.need}`;

export function needFlagFor(need: NeedToFile): Flag {
  const text = need.languageName ? `${need.label}: ${need.languageName}` : need.label;
  return {
    resourceType: 'Flag',
    identifier: [{ system: NEED_KEY_SYSTEM, value: needKey(need) }],
    status: 'active',
    category: [
      {
        coding: [{ system: FLAG_CATEGORY_SYSTEM, code: 'admin', display: 'Administrative' }],
        text: 'Communication needs (Accessible Information Standard)',
      },
    ],
    code: {
      coding: [
        ...(need.snomed ? [{ system: SNOMED_SYSTEM, code: need.snomed.code, display: need.snomed.display }] : []),
        { system: NEED_SYSTEM, code: need.need, display: need.label },
      ],
      text: need.contactBy ? `${text}. Contact by: ${need.contactBy}` : text,
    },
    subject: { reference: `Patient/${need.patientId}` },
    period: { start: need.at.toISOString() },
    extension: [
      ...(need.language
        ? [
            {
              url: NEED_LANGUAGE_EXTENSION,
              valueCoding: { system: LANGUAGE_SYSTEM, code: need.language, display: need.languageName },
            },
          ]
        : []),
      ...(need.contactBy ? [{ url: NEED_CONTACT_BY_EXTENSION, valueString: need.contactBy }] : []),
    ],
  };
}

/**
 * The need an active need Flag records: by our need code, or else by the SNOMED CT concept content codes a need with
 * (a Flag another system wrote); a Flag that says neither is not a need we can honour, so it is left out.
 */
export function recordedNeedOf(flag: Typed<Flag>, codes: FlagCodes): (RecordedNeed & { id: string })[] {
  const coding = flag.code.coding?.find((c) => c.system === NEED_SYSTEM && c.code);
  const snomed = flag.code.coding?.find((c) => c.system === SNOMED_SYSTEM && c.code);
  const need = coding?.code ?? (snomed?.code ? codes.needWithConcept(snomed.code) : undefined);
  if (!need) return [];
  const language = flag.extension?.find((e) => e.url === NEED_LANGUAGE_EXTENSION)?.valueCoding;
  const contactBy = extensionString(flag.extension, NEED_CONTACT_BY_EXTENSION);
  return [
    {
      id: flag.id,
      need,
      label: coding?.display ?? flag.code.text ?? snomed?.display ?? '',
      ...(language?.code ? { language: language.code, languageName: language.display } : {}),
      ...(contactBy ? { contactBy } : {}),
      ...(snomed ? { snomed: { code: snomed.code!, display: snomed.display ?? '' } } : {}),
    },
  ];
}

/** The record on a FHIR R4 server; changes to visits are audited in our own audit trail, as with the demo record. */
export function fhirRecordSystem(fhir: FhirClient, audit: AuditTrail, codes = FlagCodes.load()): RecordSystem {
  const carePlans = new FhirCarePlans(fhir);
  return {
    kind: 'fhir',
    directory: new FhirPatientDirectory(fhir, carePlans, codes),
    visits: new FhirVisitBook(fhir, audit),
    carePlans,
    referrals: new FhirReferralOutbox(fhir),
    contacts: new FhirContactRecord(fhir),
    needs: new FhirCommunicationNeeds(fhir, codes),
    duty: new FhirDutyRoster(fhir),
  };
}
