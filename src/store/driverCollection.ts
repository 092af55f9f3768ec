import type { Model, mongo } from 'mongoose';

/**
 * The MongoDB driver's own collection behind a model, for the paths conversations take turn after turn: bot state, the
 * Direct Line activity log, and identity and visits (patients, appointments, slots, bookings, claims, the audit entry
 * and the confirmation a change writes). Mongoose's collection wraps each call with command buffering and operation
 * events, and its queries add casting and document building: more CPU than the command itself for these documents.
 * What goes in is built by our own typed code, not taken from a request. The model stays registered, so its schema
 * still defines the collection's indexes. A field left undefined is left out, as mongoose leaves it, not stored as null.
 */
export function driverCollection<T extends mongo.Document>(model: Model<T>): mongo.Collection<T> {
  return model.db
    .getClient()
    .db(model.db.name)
    .collection<T>(model.collection.collectionName, { ignoreUndefined: true });
}
