import { normalisePhone, normalisePostcode, type Patient } from '../patients/patientModel';
import { DoubleMetaphone } from '../intents/naturalLib';

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

const metaphone = new DoubleMetaphone();

/** A name's sound: its Double Metaphone codes, with its first letter (so "Ellis" never sounds like "Wallis"). */
function soundOf(word: string): string[] {
  const [primary, secondary] = metaphone.process(word) as [string, string];
  return [primary, secondary].filter(Boolean).map((code) => `${word[0]}:${code}`);
}

/**
 * The words said as phone speech recognition may have split or spelt them: each word, and each two words run together
 * ("arthur ben it" for Arthur Bennett).
 */
function soundsSaid(said: string[]): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < said.length; i++) {
    for (const code of soundOf(said[i])) out.add(code);
    if (i + 1 < said.length) for (const code of soundOf(said[i] + said[i + 1])) out.add(code);
  }
  return out;
}

/**
 * Both the given and family name appear in what was said ("Mrs Edith Clarke", "edith clarke"), as written or as they
 * sound: phone speech recognition writes "Bennet" or "ben it" for Bennett and "Clark" for Clarke (set N). A name that
 * only sounds right still needs the exact date of birth and postcode or phone number with it (matchesPatient, H270).
 */
export function nameMatches(said: string | undefined, given: string, family: string): boolean {
  if (!said) return false;
  const spokenWords = words(said);
  const spoken = new Set(spokenWords);
  if (spoken.has(given.toLowerCase()) && spoken.has(family.toLowerCase())) return true;
  const sounds = soundsSaid(spokenWords);
  const soundsLike = (name: string) =>
    spoken.has(name.toLowerCase()) || soundOf(name.toLowerCase()).some((code) => sounds.has(code));
  return soundsLike(given) && soundsLike(family);
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
