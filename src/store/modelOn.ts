import type { Connection, Model, Schema } from 'mongoose';

/** Many classes share one connection and tests build them repeatedly; registering twice throws OverwriteModelError. */
export function modelOn<T>(connection: Connection, name: string, schema: Schema<T>): Model<T> {
  return (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, schema);
}
