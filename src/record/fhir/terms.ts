/** The identifier systems and extensions the FHIR adapter writes and reads. */

/** SNOMED CT, and its concept 160689007 |Housebound (finding)|, coded on the patient's Flag. */
export const SNOMED_SYSTEM = 'http://snomed.info/sct';
export const HOUSEBOUND_CODE = '160689007';

/** UK Core: the NHS number. */
export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';

/** Front Door's own identifiers: the key a referral or a contact was sent under, so a retry creates nothing new. */
const OWN = 'https://front-door.nhs.example/fhir';
export const REFERRAL_KEY_SYSTEM = `${OWN}/Id/referral-key`;
export const HUB_REFERENCE_SYSTEM = `${OWN}/Id/hub-reference`;
export const CONTACT_KEY_SYSTEM = `${OWN}/Id/contact-key`;
export const PLAN_ID_SYSTEM = `${OWN}/Id/care-plan-entry`;
export const ZONE_SYSTEM = `${OWN}/CodeSystem/care-plan-zone`;
/** The words that tie what a person describes to one of their plans. */
export const PLAN_TRIGGERS_EXTENSION = `${OWN}/StructureDefinition/care-plan-triggers`;
/** Who to call in a zone ("Call 999", "the hub today"). */
export const ZONE_CALL_EXTENSION = `${OWN}/StructureDefinition/care-plan-zone-call`;
/** The last change made to a visit, under its idempotency key, so a retried request gets the same answer. */
export const OPERATION_EXTENSION = `${OWN}/StructureDefinition/visit-operation`;
