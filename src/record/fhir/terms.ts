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
/** A professional's call sign as they gave it (an ambulance crew's "Romeo 12"), on the referral's requester. */
export const CALL_SIGN_SYSTEM = `${OWN}/Id/call-sign`;
export const PLAN_ID_SYSTEM = `${OWN}/Id/care-plan-entry`;
export const ZONE_SYSTEM = `${OWN}/CodeSystem/care-plan-zone`;
/** The words that tie what a person describes to one of their plans. */
export const PLAN_TRIGGERS_EXTENSION = `${OWN}/StructureDefinition/care-plan-triggers`;
/** Who to call in a zone ("Call 999", "the hub today"). */
export const ZONE_CALL_EXTENSION = `${OWN}/StructureDefinition/care-plan-zone-call`;
/** The last change made to a visit, under its idempotency key, so a retried request gets the same answer. */
export const OPERATION_EXTENSION = `${OWN}/StructureDefinition/visit-operation`;

/** A communication need's Flag is known by `<patient id>:<need id>`: one per patient and need, replaced when filed again. */
export const NEED_KEY_SYSTEM = `${OWN}/Id/communication-need`;
/** Our need ids (content/communication-needs.yaml) as codes; the label is the Flag's text. */
export const NEED_SYSTEM = `${OWN}/CodeSystem/communication-need`;
/** The interpreter's language on the need's Flag. */
export const NEED_LANGUAGE_EXTENSION = `${OWN}/StructureDefinition/communication-need-language`;
/** How to reach the person this way (the BSL video relay link). */
export const NEED_CONTACT_BY_EXTENSION = `${OWN}/StructureDefinition/communication-need-contact-by`;
/** FHIR R4 Flag categories: `admin` is "the subject's dealings with the health care institution". */
export const FLAG_CATEGORY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/flag-category';
/** Which of a patient's Flags are alerts for staff (risk, safeguarding, lone worker): our own codes, beside R4's `safety`. */
export const ALERT_CATEGORY_SYSTEM = `${OWN}/CodeSystem/alert-category`;
/** Languages as BCP 47 tags, as Patient.communication.language requires. */
export const LANGUAGE_SYSTEM = 'urn:ietf:bcp:47';
/** The core extension saying the patient needs an interpreter; its context is the Patient, not Patient.communication. */
export const INTERPRETER_REQUIRED_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/patient-interpreterRequired';

/** The duty clinician's role on a PractitionerRole: our own code (SNOMED CT has no concept for the duty rota). */
export const PRACTITIONER_ROLE_SYSTEM = `${OWN}/CodeSystem/practitioner-role`;
export const DUTY_CLINICIAN_CODE = 'duty-clinician';
/** Where a duty clinician stands in their shift's order: 1 is rung first. */
export const DUTY_ORDER_EXTENSION = `${OWN}/StructureDefinition/duty-order`;
/** A duty clinician's Agenda for Change band (the specs ask for Band 6 or above on duty). */
export const BAND_EXTENSION = `${OWN}/StructureDefinition/agenda-for-change-band`;
/** The console's rota version a duty PractitionerRole was written from: a roster behind the console's is not rung. */
export const ROTA_VERSION_EXTENSION = `${OWN}/StructureDefinition/rota-version`;
/** A clinician's id on the rota, on their Practitioner. */
export const ROTA_CLINICIAN_SYSTEM = `${OWN}/Id/rota-clinician`;
/** Our risk ids (content/risk-alerts.yaml) as codes on a risk alert's Flag, beside its SNOMED CT concept if any. */
export const RISK_SYSTEM = `${OWN}/CodeSystem/risk`;
