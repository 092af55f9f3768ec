import { normalisePhone, normalisePostcode, type Patient } from '../patients/patientModel';

/** What the person told us (and, on the phone, the number they are calling from). */
export interface IdentityClaim {
  nhsNumber?: string;
  dateOfBirth?: string;
  name?: string;
  postcode?: string;
  callerNumber?: string;
  /** A carer: their own name, checked against the patient's recorded contacts. */
  carerName?: string;
}

export type IdentityResult = { verified: true; patientId: string; factors: string[] } | { verified: false };

function words(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z\s'-]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

/** Both the given and family name appear in what was said ("Mrs Edith Clarke", "edith clarke"). */
export function nameMatches(said: string | undefined, given: string, family: string): boolean {
  if (!said) return false;
  const spoken = new Set(words(said));
  return spoken.has(given.toLowerCase()) && spoken.has(family.toLowerCase());
}

/**
 * Decides whether a claim identifies this patient. The date of birth is always needed, with one of: the NHS number, or
 * the name plus the postcode or the phone number on record (a caller's number counts as one factor). The caller is
 * only ever told yes or no, never which part failed, so nobody can learn whether an NHS number exists.
 */
export function matchesPatient(claim: IdentityClaim, patient: Patient): IdentityResult {
  if (!claim.dateOfBirth || claim.dateOfBirth !== patient.dateOfBirth) return { verified: false };
  const factors = ['dateOfBirth'];
  if (claim.nhsNumber && claim.nhsNumber === patient.nhsNumber) factors.push('nhsNumber');
  const name = nameMatches(claim.name, patient.givenName, patient.familyName);
  const postcode = !!claim.postcode && normalisePostcode(claim.postcode) === patient.postcode;
  const phone = !!claim.callerNumber && normalisePhone(claim.callerNumber) === patient.mobile;
  if (name) factors.push('name');
  if (postcode) factors.push('postcode');
  if (phone) factors.push('callerNumber');
  const verified = factors.includes('nhsNumber') || (name && (postcode || phone));
  return verified ? { verified: true, patientId: patient._id, factors } : { verified: false };
}

/** A carer is recorded against the patient: by their name, or by the number they are calling from. */
export function isRecordedCarer(claim: IdentityClaim, patient: Patient): boolean {
  return patient.carers.some((carer) => {
    const byPhone = !!claim.callerNumber && normalisePhone(claim.callerNumber) === carer.phone;
    const [given, ...rest] = carer.name.split(' ');
    // A first name alone ("I'm his son Paul") is checked against the contact's first name: the patient's own details
    // have already identified the patient (H236).
    const firstOnly = !!claim.carerName && words(claim.carerName).length === 1;
    const byName = firstOnly
      ? words(claim.carerName!)[0] === given.toLowerCase()
      : nameMatches(claim.carerName, given, rest[rest.length - 1] ?? given);
    return byPhone || byName;
  });
}
