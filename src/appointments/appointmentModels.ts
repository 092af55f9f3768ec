import { Schema, type Connection } from 'mongoose';
import { modelOn } from '../store/modelOn';

/** A bookable home-visit window for one visit (a team's capacity is several slots in the same window). */
export interface Slot {
  _id: string;
  team: string;
  start: Date;
  end: Date;
  window: string;
  label: string;
}

export interface Appointment {
  _id: string;
  patientId: string;
  slotId: string;
  team: string;
  visitType: string;
  start: Date;
  end: Date;
  label: string;
  status: 'booked' | 'cancelled';
  cancelReason?: string;
  /** How many changes it has had; a change is stored only from the revision it read (AppointmentBook). */
  revision?: number;
  /** The latest changes made to it, oldest first: a retried request finds its outcome here (see AppointmentBook). */
  operations?: AppointmentOperation[];
  /** The last operation recovery gave up on: a write from it must not land afterwards (see VisitOperations). */
  fencedOp?: string;
}

/** One document per booked slot: its unique _id is what stops two callers booking the same slot. */
export interface SlotBooking {
  _id: string;
  appointmentId: string;
  /** The operation that took it, so undoing that operation releases only a booking it made. */
  opId?: string;
  at: Date;
}

/** A change or cancellation made to an appointment, under the caller's idempotency key, so a retry returns it again. */
export interface AppointmentOperation {
  key: string;
  kind: 'change' | 'cancel';
  outcome: string;
  at: Date;
  /** The operation record it was made under: how recovery tells that the visit was written (VisitOperations). */
  opId?: string;
}

const slotSchema = new Schema<Slot>(
  {
    _id: String,
    team: { type: String, required: true },
    start: { type: Date, required: true },
    end: { type: Date, required: true },
    window: String,
    label: String,
  },
  { versionKey: false, collection: 'slots' },
);
slotSchema.index({ team: 1, start: 1 });

const appointmentSchema = new Schema<Appointment>(
  {
    _id: String,
    patientId: { type: String, required: true },
    slotId: { type: String, required: true },
    team: String,
    visitType: String,
    start: { type: Date, required: true },
    end: { type: Date, required: true },
    label: String,
    status: { type: String, required: true },
    cancelReason: String,
    revision: Number,
    operations: [{ _id: false, key: String, kind: String, outcome: String, at: Date, opId: String }],
    fencedOp: String,
  },
  { versionKey: false, collection: 'appointments' },
);
appointmentSchema.index({ patientId: 1, start: 1 });

const bookingSchema = new Schema<SlotBooking>(
  { _id: String, appointmentId: { type: String, required: true }, opId: String, at: Date },
  { versionKey: false, collection: 'slot_bookings' },
);

export function appointmentModels(connection: Connection) {
  return {
    slots: modelOn(connection, 'Slot', slotSchema),
    appointments: modelOn(connection, 'Appointment', appointmentSchema),
    bookings: modelOn(connection, 'SlotBooking', bookingSchema),
  };
}
