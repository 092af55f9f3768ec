import { Schema, type Connection } from 'mongoose';
import { modelOn } from '../store/modelOn';
import type { Actor } from './appointmentBook';

/**
 * A change to a visit that touches several documents (its slot bookings, the visit, its audit entry), written before
 * any of them and deleted when all are done. The store has no multi-document transactions (README: "What we need from
 * MongoDB"), so a `kill -9` between two of those writes is completed or undone from this record by VisitRecovery.
 * Its _id is the visit's: one change to a visit at a time, which a unique _id enforces on every backend.
 */
export interface VisitOperation {
  /** The appointment's id. */
  _id: string;
  /** This operation, told apart from a later one on the same visit; also its audit entry's id. */
  opId: string;
  kind: 'change' | 'cancel';
  /** The caller's idempotency key, which the visit records among its operations when the change is made. */
  key: string;
  /** The slot the visit was in when the operation began. */
  fromSlot: string;
  /** The slot a change moves it to. */
  toSlot?: string;
  reason?: string;
  actor: { kind: Actor['kind']; id: string };
  channel?: string;
  at: Date;
}

const visitOperationSchema = new Schema<VisitOperation>(
  {
    _id: String,
    opId: { type: String, required: true },
    kind: { type: String, required: true },
    key: { type: String, required: true },
    fromSlot: { type: String, required: true },
    toSlot: String,
    reason: String,
    actor: { kind: String, id: String },
    channel: String,
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'visit_operations' },
);

export function visitOperationModel(connection: Connection) {
  return modelOn(connection, 'VisitOperation', visitOperationSchema);
}
