import type { Model, mongo } from 'mongoose';

/**
 * The MongoDB driver's own collection behind a model, for the few paths every turn takes (bot state, the Direct Line
 * activity log). Mongoose's collection wraps each call with command buffering and operation events, and its queries
 * add casting and document building: more CPU than the command itself for these flat documents, on every turn.
 * The model stays registered, so its schema still defines the collection's indexes.
 */
export function driverCollection<T extends mongo.Document>(model: Model<T>): mongo.Collection<T> {
  return model.db.getClient().db(model.db.name).collection<T>(model.collection.collectionName);
}
