import type { Actor, CancelOutcome, ChangeOutcome } from '../appointments/appointmentBook';
import type { Appointment, Slot } from '../appointments/appointmentModels';
import type { IdentityClaim } from '../identity/verifyIdentity';
import type { RotaContent } from '../integrations/rota/rota';
import type { CarePlanEntry, Patient } from '../patients/patientModel';

/**
 * The record system's ports: what Front Door reads from and writes to the patient's community record. The dialogs
 * and the hub see only these; `demo` (our own collections) and `fhir` (FHIR R4, UK Core) implement them.
 */

export type { Actor, Appointment, CancelOutcome, ChangeOutcome, Patient, Slot };

export type Verification = { verified: true; patient: Patient; factors: string[] } | { verified: false };

/** PDS-style lookups: by NHS number, or by name, date of birth and postcode; `verify` says yes or no, never why. */
export interface PatientDirectory {
  verify(claim: IdentityClaim, asCarer?: boolean): Promise<Verification>;
  findByNhsNumber(nhsNumber: string): Promise<Patient | null>;
  /** Every patient born on that day at that postcode whose given and family names both appear in `name`. */
  findByDemographics(query: { name: string; dateOfBirth: string; postcode: string }): Promise<Patient[]>;
  findById(id: string): Promise<Patient | null>;
  /** The mobile number on record, for a confirmation text. */
  mobileOf(id: string): Promise<string | undefined>;
}

/** Home visits. Every change is from the version read (optimistic concurrency): of two, one wins, one is told. */
export interface VisitBook {
  upcoming(patientId: string, now?: Date): Promise<Appointment[]>;
  freeSlots(appointment: Appointment, now?: Date, limit?: number): Promise<Slot[]>;
  freeSlotInWindow(slot: Slot): Promise<Slot | undefined>;
  change(
    appointmentId: string,
    toSlotId: string,
    idempotencyKey: string,
    actor: Actor,
  ): Promise<{ outcome: ChangeOutcome; appointment?: Appointment }>;
  cancel(
    appointmentId: string,
    reason: string,
    idempotencyKey: string,
    actor: Actor,
  ): Promise<{ outcome: CancelOutcome; appointment?: Appointment }>;
  find(appointmentId: string): Promise<Appointment | null>;
  findSlot(slotId: string): Promise<Slot | null>;
}

/** The "what to do when I am unwell" plan: one entry per problem, each with its green, amber and red zones. */
export interface CarePlan {
  reviewedOn: string;
  reviewDue: string;
  plans: CarePlanEntry[];
  keyWorker: Patient['keyWorker'];
}

export interface CarePlans {
  planOf(patientId: string): Promise<CarePlan | null>;
}

/** A referral or escalation sent to the team, shaped like the NHS Booking and Referral Standard. */
export interface OutgoingReferral {
  /** Idempotency: one referral per key; sent again under its key, it replaces what the record holds (a handover
   * given piecemeal is filed with everything said, not as first heard). */
  key: string;
  /** The hub's reference for it (the queue item's), quoted to the person. */
  reference: string;
  patientId?: string;
  kind: 'referral' | 'escalation';
  priority: 'routine' | 'urgent' | 'asap' | 'stat';
  reason: string;
  /** Who asked: a patient, a carer, a 111 call handler, an ambulance crew. */
  requester: string;
  /** The same, as the record can hold it: their role, and a professional's organisation and call sign. */
  requestedBy?: { role: string; organisation?: string; callSign?: string };
  /** The response target: the team must act by then. */
  occurrenceBy: Date;
  /** When it was first made (the queue item's creation): a later update keeps it. */
  authoredAt?: Date;
  summary: string;
}

export interface ReferralOutbox {
  send(referral: OutgoingReferral): Promise<{ id: string }>;
}

/** One conversation's summary, filed to a verified patient's record. */
export interface ContactSummary {
  /** Idempotency: filing the same contact twice leaves one record. */
  key: string;
  patientId: string;
  at: Date;
  channel: string;
  /** The hub's reference, when the contact became a queue item. */
  reference?: string;
  text: string;
}

export interface ContactRecord {
  file(summary: ContactSummary): Promise<{ id: string }>;
  /** The filed summaries of a patient, newest first (for the contract tests and the console). */
  contactsOf(patientId: string): Promise<(ContactSummary & { id: string })[]>;
}

/**
 * A communication need (NHS England Accessible Information Standard) on a patient's record, so every team that contacts
 * them knows it: one per patient and need, filed only for a verified patient who agreed to it.
 */
export interface RecordedNeed {
  /** The need's id in content/communication-needs.yaml ("bsl", "text_only", "interpreter"). */
  need: string;
  /** What any team must do, readable: "British Sign Language user (offer a BSL interpreter or video relay)". */
  label: string;
  /** For an interpreter: the language, as an ISO 639-1 code ("pl"), also recorded as the patient's language. */
  language?: string;
  /** The language's name in English ("Polish"), for the people who read the record. */
  languageName?: string;
  /** How to reach the person this way (the BSL video relay link), from content. */
  contactBy?: string;
  /** The SNOMED CT concept for the need (content/communication-needs.yaml), where there is one. */
  snomed?: { code: string; display: string };
}

export interface NeedToFile extends RecordedNeed {
  patientId: string;
  /** When the person told us and agreed to it being recorded. */
  at: Date;
}

export interface CommunicationNeedsRecord {
  /** Files a need; filed again (a retry, or said again in another conversation) it replaces the one record. */
  file(need: NeedToFile): Promise<{ id: string }>;
  /** The needs on a patient's record now (active ones only). */
  needsOf(patientId: string): Promise<(RecordedNeed & { id: string })[]>;
}

/** A clinician on duty, first to be rung first. */
export interface DutyClinicianOnRecord {
  id: string;
  name: string;
  role: string;
  band: number;
  phone: string;
}

/** What became of a rota edited in the console, on the record's roster. */
export type RosterWrite = 'updated' | 'newer_on_record';

/** The service's duty roster as the record holds it; none on record (an empty list) leaves the rota in content. */
export interface DutyRoster {
  /**
   * `consoleVersion`: the rota version the console has saved for the service. Once the console has edited a rota
   * (a version after the first, which is the rota file), a roster on record not written from that version or a later
   * one is behind it and is refused (RosterBehindError), so nobody is rung from a rota the hub has since changed.
   */
  onDuty(at: Date, service: string, consoleVersion?: number): Promise<DutyClinicianOnRecord[]>;
  /**
   * Writes a rota saved in the console as the service's roster, from the version of each resource read (If-Match),
   * all or nothing. A roster already written from a later version is left as it is (`newer_on_record`).
   */
  replace(
    service: { id: string; name: string },
    rota: Pick<RotaContent, 'clinicians' | 'shifts'>,
    consoleVersion: number,
  ): Promise<RosterWrite>;
}

/** The record's roster was written from an older rota than the console's: the console's rota answers instead. */
export class RosterBehindError extends Error {
  override name = 'RosterBehindError';
}

/** The whole record system, chosen once at start-up (RECORD_SYSTEM). */
export interface RecordSystem {
  kind: 'demo' | 'fhir';
  directory: PatientDirectory;
  visits: VisitBook;
  carePlans: CarePlans;
  referrals: ReferralOutbox;
  contacts: ContactRecord;
  needs: CommunicationNeedsRecord;
  /** Only where the record keeps the duty roster (FHIR); the demo's rota stays in content. */
  duty?: DutyRoster;
}

/** Thrown by an adapter when the record system cannot be reached or refuses a request: the caller fails safe. */
export class RecordUnavailableError extends Error {
  override name = 'RecordUnavailableError';
}
