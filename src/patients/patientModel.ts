import { Schema, type Connection, type Model } from 'mongoose';
import { modelOn } from '../store/modelOn';

export type Zone = 'green' | 'amber' | 'red';

export interface ZoneAdvice {
  when: string;
  do: string;
  call: string;
}

export interface CarePlanEntry {
  id: string;
  title: string;
  /** Word stems that tie a described problem to this plan. */
  triggers: string[];
  zones: Record<Zone, ZoneAdvice>;
}

export const ALERT_CATEGORIES = ['risk', 'safeguarding', 'lone-worker'] as const;
export interface PatientAlert {
  category: (typeof ALERT_CATEGORIES)[number];
  text: string;
  /** Which known risk it is (content/risk-alerts.yaml), so the record can code it; its text says the rest. */
  risk?: string;
}

export interface Patient {
  _id: string;
  nhsNumber: string;
  givenName: string;
  familyName: string;
  /** YYYY-MM-DD */
  dateOfBirth: string;
  /** Upper case without spaces, for matching. */
  postcode: string;
  /** UK national format without spaces, for matching a caller's number. */
  mobile: string;
  housebound: boolean;
  /** Risk, safeguarding and lone-worker alerts on the record, for whoever picks up the patient's item or visits. */
  alerts?: PatientAlert[];
  conditions: string[];
  gpPractice: string;
  team: string;
  keyWorker: { name: string; role: string; phone: string };
  carers: { name: string; relationship: string; phone: string }[];
  carePlan: { reviewedOn: string; reviewDue: string; plans: CarePlanEntry[] };
}

const zone = { when: String, do: String, call: String };

const patientSchema = new Schema<Patient>(
  {
    _id: { type: String, required: true },
    nhsNumber: { type: String, required: true, unique: true },
    givenName: { type: String, required: true },
    familyName: { type: String, required: true },
    dateOfBirth: { type: String, required: true },
    postcode: { type: String, required: true },
    mobile: { type: String, required: true },
    housebound: { type: Boolean, required: true },
    alerts: { type: [{ _id: false, category: String, text: String, risk: String }], default: undefined },
    conditions: [String],
    gpPractice: String,
    team: String,
    keyWorker: { name: String, role: String, phone: String },
    carers: [{ _id: false, name: String, relationship: String, phone: String }],
    carePlan: {
      reviewedOn: String,
      reviewDue: String,
      plans: [
        { _id: false, id: String, title: String, triggers: [String], zones: { green: zone, amber: zone, red: zone } },
      ],
    },
  },
  { versionKey: false, collection: 'patients' },
);
patientSchema.index({ dateOfBirth: 1 });
patientSchema.index({ mobile: 1 });

export function patientModel(connection: Connection): Model<Patient> {
  return modelOn(connection, 'Patient', patientSchema);
}

export function normalisePostcode(postcode: string): string {
  return postcode.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** +44 7700 900123, 07700-900123 and 447700900123 are the same number. */
export function normalisePhone(phone: string): string {
  const digits = phone.replace(/[^\d+]/g, '');
  if (digits.startsWith('+44')) return `0${digits.slice(3)}`;
  if (digits.startsWith('44') && digits.length === 12) return `0${digits.slice(2)}`;
  return digits.replace(/\+/g, '');
}
