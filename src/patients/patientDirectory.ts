import type { Connection, mongo } from 'mongoose';
import { driverCollection } from '../store/driverCollection';
import { isRecordedCarer, matchesPatient, nameMatches, type IdentityClaim } from '../identity/verifyIdentity';
import type { PatientDirectory, Verification } from '../record/ports';
import { normalisePostcode, patientModel, type Patient } from './patientModel';

/**
 * The demo record's patients, in our own collection. Finds a patient only when the whole claim matches; a partial
 * match is indistinguishable from no record at all.
 */
export class DemoPatientDirectory implements PatientDirectory {
  /** Read on the identity turn and again for the confirmation text of a change: see driverCollection. */
  private readonly patients: mongo.Collection<Patient>;
  constructor(connection: Connection) {
    this.patients = driverCollection(patientModel(connection));
  }

  async verify(claim: IdentityClaim, asCarer = false): Promise<Verification> {
    if (!claim.dateOfBirth) return { verified: false };
    const candidates: Patient[] = claim.nhsNumber
      ? await this.patients.find({ nhsNumber: claim.nhsNumber, dateOfBirth: claim.dateOfBirth }).toArray()
      : await this.patients
          .find({
            dateOfBirth: claim.dateOfBirth,
            ...(claim.postcode ? { postcode: normalisePostcode(claim.postcode) } : {}),
          })
          .limit(50)
          .toArray();
    for (const patient of candidates) {
      const result = matchesPatient(claim, patient);
      if (!result.verified) continue;
      if (asCarer && !isRecordedCarer(claim, patient)) continue;
      return { verified: true, patient, factors: result.factors };
    }
    return { verified: false };
  }

  findByNhsNumber(nhsNumber: string): Promise<Patient | null> {
    return this.patients.findOne({ nhsNumber });
  }

  async findByDemographics(query: { name: string; dateOfBirth: string; postcode: string }): Promise<Patient[]> {
    const candidates = await this.patients
      .find({ dateOfBirth: query.dateOfBirth, postcode: normalisePostcode(query.postcode) })
      .limit(50)
      .toArray();
    return candidates.filter((p) => nameMatches(query.name, p.givenName, p.familyName));
  }

  findById(id: string): Promise<Patient | null> {
    return this.patients.findOne({ _id: id });
  }

  /**
   * The patient's mobile number on record, for a confirmation text. Only the number is read: the care plan is four
   * fifths of a record (1.9 of 2.4 KB in the demo data), and the text needs none of it.
   */
  async mobileOf(id: string): Promise<string | undefined> {
    return (await this.patients.findOne({ _id: id }, { projection: { mobile: 1 } }))?.mobile;
  }
}
