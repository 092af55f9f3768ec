import type { Entities } from '../intents';
import { findHandoverFacts, nameAnswered, type HandoverFacts, type HandoverNeed } from '../intents/entities/handover';
import { news2, type News2Result, type Observations } from '../triage/news2';

/** The questions a handover can ask, in the order they are asked; each is asked once, twice only after a correction. */
export const QUESTIONS = ['who', 'patient', 'practice', 'problem', 'observations', 'need'] as const;
export type Question = (typeof QUESTIONS)[number];

/** What a professional has told us so far: the handover's slots, filled from whatever they say in whatever order. */
export interface Handover {
  role?: string;
  organisation?: string;
  callSign?: string;
  nhsNumber?: string;
  patientName?: string;
  dateOfBirth?: string;
  age?: number;
  postcode?: string;
  location?: string;
  problem?: string;
  /**
   * Whether the problem came from words that describe one (a finding: "fall", "UTI", "leg ulcer") rather than what was
   * left of a message once the other facts were taken ("make a referral to the district nurses", "she's 79"): a
   * description said later replaces such a remainder, and the problem question is still asked of it once.
   */
  problemDescribed?: boolean;
  observations?: Observations;
  noObservations?: boolean;
  need?: HandoverNeed;
  /**
   * The patient's GP registration, which decides the service (eligibility is by GP practice, not address): asked with
   * the patient's details and read from anything said, never a question of its own unless a practice was named that
   * could not be placed, so it costs a crew who gives everything at once no turn.
   */
  practice?: PracticeOnHandover;
  /** The number they gave to be called back on (a crew's mobile, a GP's direct line). */
  callback?: string;
  /** An answer to a question that filled none of its slots, kept in the caller's words. */
  said: Partial<Record<Question, string>>;
  /** How many times each question has been asked. */
  asked: Partial<Record<Question, number>>;
  /** Whether the missing observations were asked for once (with another question). */
  missingObservationsAsked?: boolean;
}

/** What a handover knows of the GP practice: a listed one (with its service's id), none, or words we could not place. */
export type PracticeOnHandover =
  | { kind: 'practice'; name: string; service: string }
  | { kind: 'not_registered' }
  | { kind: 'dont_know' }
  /** Words that name no listed practice (`choices` empty), or several (`choices` the practices they fit). */
  | { kind: 'unplaced'; said: string; choices: string[] };

export function newHandover(): Handover {
  return { said: {}, asked: {} };
}

function hasReadings(o: Observations | undefined): boolean {
  return !!o && [o.respirationRate, o.spo2, o.systolicBp, o.pulse, o.temperature].some((v) => v !== undefined);
}

/** Ambulance roles and services have call signs; 111 and GPs do not. */
function isCrew(h: Handover): boolean {
  // A paramedic working for 111 or a GP service ("paramedic clinician at the 111 clinical assessment service") is not
  // on a vehicle.
  if (/NHS 111|GP/.test(h.organisation ?? '')) return false;
  return (
    /paramedic|crew|technician|emergency care/.test(h.role ?? '') || /LAS|SECAmb|ambulance/.test(h.organisation ?? '')
  );
}

/** Whether a question's slots are filled (or it was answered in words that fill none of them). */
export function answered(h: Handover, q: Question): boolean {
  if (h.said[q] !== undefined) return true;
  switch (q) {
    case 'who':
      return !!(h.role || h.organisation) && (!!h.callSign || !isCrew(h));
    case 'patient':
      return !!(h.nhsNumber || h.patientName || h.dateOfBirth) && !!(h.postcode || h.location);
    case 'practice':
      // Asked only to place a practice that was named but not recognised, and only once: after that the practice as
      // said is handed over and eligibility follows the words (or the hub checks).
      return h.practice?.kind !== 'unplaced' || (h.asked.practice ?? 0) >= 1;
    case 'problem':
      return !!h.problem && (h.problemDescribed !== false || (h.asked.problem ?? 0) >= 1);
    case 'observations':
      // A reading, not only "confused": the problem often says that, and the numbers must still be asked for.
      return hasReadings(h.observations) || !!h.noObservations;
    case 'need':
      return !!h.need;
  }
}

export function nextQuestion(h: Handover): Question | undefined {
  return QUESTIONS.find((q) => !answered(h, q));
}

/** The prompt for a question, chosen by what of it is already known, so nothing given is asked again. */
export function promptFor(h: Handover, q: Question): string {
  if (q === 'who') {
    if (h.role || h.organisation) return 'proCallSign';
    if (h.callSign) return 'proRole';
    return 'proWho';
  }
  if (q === 'patient') {
    if (h.nhsNumber || h.patientName || h.dateOfBirth) return 'proLocation';
    if (h.postcode || h.location) return 'proPatientId';
    return 'proPatient';
  }
  return { practice: 'proPractice', problem: 'proProblem', observations: 'proObservations', need: 'proNeed' }[q];
}

/** A snapshot to compare before and after a message, for the read-back of what it added or changed. */
export type Readable = Record<string, string>;

/**
 * Takes in one message: every fact it states fills or corrects its slot (a correction replaces the value; a new
 * observation replaces that reading and keeps the others). An answer to `asking` that filled none of its slots and
 * nothing else is kept in the caller's words, so the question is not asked again.
 */
export function absorb(
  h: Handover,
  text: string,
  entities: Entities,
  asking?: Question,
  clinical = false,
  described = clinical,
): HandoverFacts {
  const facts = findHandoverFacts(text);
  const before = JSON.stringify(readable(h)) + (h.callback ?? '');
  const set = <K extends keyof Handover>(key: K, value: Handover[K] | undefined) => {
    if (value !== undefined && value !== '') h[key] = value;
  };
  // A role mentioned later ("nobody's set up any district nurse follow up") is not the caller's: only one they give as
  // theirs replaces the role already known.
  if (!h.role || facts.selfIdentified) set('role', facts.role);
  set('organisation', facts.organisation);
  set('callSign', facts.callSign);
  set('nhsNumber', entities.nhsNumber);
  set('patientName', facts.patientName ?? (asking === 'patient' ? nameAnswered(text) : undefined));
  set('dateOfBirth', entities.dateOfBirth);
  set('age', facts.age);
  set('postcode', entities.postcode);
  set('location', facts.location);
  set('need', facts.need);
  if (entities.observations) {
    h.observations = { ...h.observations, ...entities.observations };
    h.noObservations = undefined;
  } else if (facts.noObservations && !h.observations) {
    h.noObservations = true;
  }
  if (entities.phoneNumber) h.callback = entities.phoneNumber;
  // The rest of a message is the problem, unless the question was about who, the patient or their practice; then only
  // a clinical description with no problem yet ("ninety two year old lady possible chest infection" at "the patient's
  // NHS number …?"), which would otherwise be asked for again.
  // A description (a finding in the message) replaces a remainder that described nothing, whatever was asked.
  const replacesRemainder = described && h.problemDescribed === false;
  const problemFromRest =
    (asking !== 'who' && asking !== 'patient' && asking !== 'practice' && asking !== 'need') ||
    (clinical && !h.problem) ||
    replacesRemainder;
  if (facts.problem && problemFromRest && (!h.problem || asking === 'problem' || replacesRemainder)) {
    h.problem = facts.problem;
    h.problemDescribed = described;
  }
  const changed = JSON.stringify(readable(h)) + (h.callback ?? '') !== before;
  if (asking && !answered(h, asking) && (!changed || (h.asked[asking] ?? 0) >= 2) && !facts.connectNow) {
    const words = text.trim().slice(0, 500);
    if (asking === 'problem' && words) {
      h.problem = words;
      h.problemDescribed = described;
    } else if (asking === 'observations' && words && !hasReadings(h.observations)) h.noObservations = true;
    if (words) h.said[asking] = words;
  }
  return facts;
}

const MISSING_WORDS: Record<keyof Observations, string> = {
  respirationRate: 'respiratory rate',
  spo2: 'SpO2',
  onOxygen: 'air or oxygen',
  systolicBp: 'systolic BP',
  pulse: 'pulse',
  temperature: 'temperature',
  consciousness: 'ACVPU',
};

/** NEWS2 once there is a reading to score: "confused" in the problem alone is not a set of observations. */
export function scoreOf(h: Handover): News2Result | undefined {
  return hasReadings(h.observations) ? news2(h.observations!) : undefined;
}

/** "NEWS2 3 (low), not given: systolic BP": a partial score is a floor, and says so. */
export function news2Words(score: News2Result): string {
  const missing = missingObservations(score);
  return `NEWS2 ${score.score} (${score.band.replace('_', '-')})${missing ? `, not given: ${missing}` : ''}`;
}

export function missingObservations(score: News2Result): string {
  return score.missing.map((k) => MISSING_WORDS[k]).join(', ');
}

export function whoWords(h: Handover): string | undefined {
  const parts = [h.role, h.organisation, h.callSign ? `call sign ${h.callSign}` : undefined].filter(Boolean);
  return parts.length ? parts.join(', ') : h.said.who;
}

export function patientWords(h: Handover): string | undefined {
  const nhs = h.nhsNumber ? `NHS ${h.nhsNumber.replace(/^(\d{3})(\d{3})(\d{4})$/, '$1 $2 $3')}` : undefined;
  const parts = [
    h.patientName,
    h.age !== undefined ? `${h.age} years` : undefined,
    h.dateOfBirth ? `born ${h.dateOfBirth}` : undefined,
    nhs,
    h.location,
    h.postcode,
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : h.said.patient;
}

/** The practice as handed over: a listed practice by name, or what was said of it. */
export function practiceWords(h: Handover): string | undefined {
  const p = h.practice;
  if (!p) return undefined;
  if (p.kind === 'practice') return `GP practice ${p.name}`;
  if (p.kind === 'not_registered') return 'not registered with a GP';
  if (p.kind === 'dont_know') return 'GP practice not known';
  return `GP practice "${p.said}" (not one we list)`;
}

export function observationWords(h: Handover): string | undefined {
  const o = h.observations;
  if (!o) return h.noObservations ? (h.said.observations ?? 'none taken') : undefined;
  const parts = [
    o.respirationRate !== undefined ? `RR ${o.respirationRate}` : undefined,
    o.spo2 !== undefined
      ? `SpO2 ${o.spo2}%${o.onOxygen ? ' on oxygen' : o.onOxygen === false ? ' on air' : ''}`
      : undefined,
    o.systolicBp !== undefined ? `systolic ${o.systolicBp}` : undefined,
    o.pulse !== undefined ? `pulse ${o.pulse}` : undefined,
    o.temperature !== undefined ? `temp ${o.temperature}` : undefined,
    o.consciousness
      ? { A: 'alert', C: 'new confusion', V: 'responds to voice', P: 'responds to pain', U: 'unresponsive' }[
          o.consciousness
        ]
      : undefined,
  ].filter(Boolean);
  return parts.join(', ');
}

/** Each slot in words, for the read-back, the queue item and the whisper. */
export function readable(h: Handover): Readable {
  const score = scoreOf(h);
  const out: Readable = {};
  const put = (key: string, value: string | undefined) => {
    if (value) out[key] = value;
  };
  put('who', whoWords(h));
  put('patient', patientWords(h));
  put('practice', practiceWords(h));
  put('problem', h.problem);
  put('observations', observationWords(h));
  put('news2', score ? `${score.score} (${score.band.replace('_', '-')})` : undefined);
  put('news2Missing', score ? missingObservations(score) : undefined);
  put('need', h.need ?? h.said.need);
  return out;
}

/** What a message added or changed, in the order of the handover, for "Noted: …"; observations with their NEWS2. */
export function changes(before: Readable, after: Readable): string[] {
  const out: string[] = [];
  for (const k of ['who', 'patient', 'practice', 'problem', 'observations', 'need']) {
    const changed = after[k] !== before[k] || (k === 'observations' && after.news2 !== before.news2);
    if (!after[k] || !changed) continue;
    if (k === 'need') out.push(after[k].toLowerCase());
    else if (k !== 'observations' || !after.news2) out.push(after[k]);
    else out.push(`${after[k]}: NEWS2 ${after.news2}${after.news2Missing ? `, not given: ${after.news2Missing}` : ''}`);
  }
  return out;
}
