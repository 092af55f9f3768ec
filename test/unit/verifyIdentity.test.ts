import { isRecordedCarer, matchesPatient, nameMatches } from '../../src/identity/verifyIdentity';
import type { Patient } from '../../src/patients/patientModel';

const edith = {
  _id: 'pat-edith-clarke',
  nhsNumber: '9992345675',
  givenName: 'Edith',
  familyName: 'Clarke',
  dateOfBirth: '1939-03-14',
  postcode: 'SW170QT',
  mobile: '07700900123',
  carers: [{ name: 'Joan Clarke', relationship: 'daughter', phone: '07700900456' }],
} as Patient;

describe('identity verification', () => {
  it('accepts NHS number with date of birth', () => {
    expect(matchesPatient({ nhsNumber: '9992345675', dateOfBirth: '1939-03-14' }, edith)).toMatchObject({
      verified: true,
    });
  });

  it('accepts name, date of birth and postcode', () => {
    expect(
      matchesPatient({ name: 'Mrs Edith Clarke', dateOfBirth: '1939-03-14', postcode: 'sw17 0qt' }, edith).verified,
    ).toBe(true);
  });

  it("counts the caller's number as one factor on the phone", () => {
    const result = matchesPatient(
      { name: 'edith clarke', dateOfBirth: '1939-03-14', callerNumber: '+447700900123' },
      edith,
    );
    expect(result).toEqual({
      verified: true,
      patientId: 'pat-edith-clarke',
      factors: ['dateOfBirth', 'name', 'callerNumber'],
    });
  });

  it.each([
    ['a wrong date of birth', { nhsNumber: '9992345675', dateOfBirth: '1939-03-15' }],
    ['no date of birth', { nhsNumber: '9992345675' }],
    ['name and date of birth only', { name: 'Edith Clarke', dateOfBirth: '1939-03-14' }],
    ['the wrong postcode', { name: 'Edith Clarke', dateOfBirth: '1939-03-14', postcode: 'SW18 2PU' }],
    ['only the family name', { name: 'Clarke', dateOfBirth: '1939-03-14', postcode: 'SW17 0QT' }],
    ['the caller number alone with date of birth', { dateOfBirth: '1939-03-14', callerNumber: '07700900123' }],
  ])('refuses %s', (_what, claim) => {
    expect(matchesPatient(claim, edith)).toEqual({ verified: false });
  });

  it('recognises a recorded carer by name or by the number they call from, and nobody else', () => {
    expect(isRecordedCarer({ carerName: 'Joan Clarke' }, edith)).toBe(true);
    expect(isRecordedCarer({ callerNumber: '07700 900456' }, edith)).toBe(true);
    expect(isRecordedCarer({ carerName: 'Jane Smith', callerNumber: '07700900999' }, edith)).toBe(false);
  });

  it('matches names by whole words regardless of case and accents', () => {
    expect(nameMatches('EDITH CLARKE', 'Edith', 'Clarke')).toBe(true);
    expect(nameMatches('Editha Clarkeson', 'Edith', 'Clarke')).toBe(false);
  });

  // Set N (spent): phone speech recognition writes a name as it sounds, or splits it (H270).
  it.each([
    ['Arthur Bennet', 'Arthur', 'Bennett'],
    ['arthur ben it', 'Arthur', 'Bennett'],
    ['edith clark', 'Edith', 'Clarke'],
  ])('matches "%s" to %s %s by how it sounds', (said, given, family) => {
    expect(nameMatches(said, given, family)).toBe(true);
  });

  it.each([
    ['Edna Clarke', 'Edith', 'Clarke'],
    ['Arthur Bennett', 'Arthur', 'Barnett'],
    ['Mary Ellis', 'Mary', 'Wallis'],
    ['Arthur', 'Arthur', 'Bennett'],
  ])('does not match "%s" to %s %s', (said, given, family) => {
    expect(nameMatches(said, given, family)).toBe(false);
  });

  it('still needs the exact date of birth and a postcode or number with a name that only sounds right', () => {
    expect(
      matchesPatient({ name: 'edith clark', dateOfBirth: '1939-03-14', postcode: 'SW17 0QT' }, edith).verified,
    ).toBe(true);
    expect(
      matchesPatient({ name: 'edith clark', dateOfBirth: '1939-03-15', postcode: 'SW17 0QT' }, edith).verified,
    ).toBe(false);
    expect(matchesPatient({ name: 'edith clark', dateOfBirth: '1939-03-14' }, edith).verified).toBe(false);
  });
});
