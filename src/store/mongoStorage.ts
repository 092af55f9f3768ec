import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import mongoose, { Schema, type Connection, type Model, type mongo } from 'mongoose';
import { driverCollection } from './driverCollection';
import { modelOn } from './modelOn';
import { StateCache } from './stateCache';

interface StateDocument {
  _id: string;
  /** The item as JSON text: bot state may hold keys Mongo dislikes ('$instance', dots), and botbuilder's own
   *  MemoryStorage round-trips through JSON, so state behaves the same here as in botbuilder's tests. */
  json: string;
  eTag: string;
  updatedAt: Date;
}

const stateSchema = new Schema<StateDocument>(
  {
    _id: { type: String, required: true },
    json: { type: String, required: true },
    eTag: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'bot_state' },
);

/** A write whose eTag no longer matches the stored item: someone else changed it first. */
export class ETagConflictError extends Error {
  override name = 'ETagConflictError';
  constructor(readonly key: string) {
    super(`Storage: error writing "${key}" due to eTag conflict.`);
  }
}

const DUPLICATE_KEY = 11000;

/**
 * botbuilder Storage on MongoDB with optimistic concurrency. Uses only single-document operations, so it behaves the
 * same on MongoDB, Atlas, Cosmos DB and the embedded store, and across any number of instances.
 */
export class MongoStorage implements Storage {
  /** Read and written on every turn: see driverCollection. */
  private readonly collection: mongo.Collection<StateDocument>;

  constructor(
    connection: Connection = mongoose.connection,
    /** State a channel has vouched is still the stored one: see StateCache. None by default. */
    private readonly cache = new StateCache(0),
  ) {
    const model: Model<StateDocument> = modelOn(connection, 'BotState', stateSchema);
    this.collection = driverCollection(model);
  }

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    const missing: string[] = [];
    for (const key of keys) {
      const kept = this.cache.get(key);
      // Parsed afresh each time: the caller changes the object it is given.
      if (kept) items[key] = { ...JSON.parse(kept.json), eTag: kept.eTag };
      else if (kept === undefined) missing.push(key);
    }
    if (missing.length === 0) return items;
    // What is read is not kept: a turn on another instance that started before this one may still write after it.
    // Only this instance's own writes are kept, and then only while the channel can tell nobody else wrote since.
    const docs = await this.collection.find({ _id: { $in: missing } }).toArray();
    for (const doc of docs) items[doc._id] = { ...JSON.parse(doc.json), eTag: doc.eTag };
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    await Promise.all(Object.entries(changes).map(([key, item]) => this.writeOne(key, item)));
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    for (const key of keys) this.cache.drop(key);
    await this.collection.deleteMany({ _id: { $in: keys } });
  }

  private async writeOne(key: string, item: Record<string, unknown> & { eTag?: string }): Promise<void> {
    const { eTag: expected, ...rest } = item ?? {};
    const update = { json: JSON.stringify(rest), eTag: randomUUID(), updatedAt: new Date() };
    // Whatever happens below, the kept item is no longer known to be the stored one until the write succeeds.
    this.cache.drop(key);
    await this.store(key, expected, update);
    this.cache.set(key, { json: update.json, eTag: update.eTag });
  }

  /** Stores `update` as item `key` if `expected` is its eTag (or any: undefined, '*'); else ETagConflictError. */
  private async store(key: string, expected: string | undefined, update: Omit<StateDocument, '_id'>): Promise<void> {
    if (expected === undefined || expected === '*') {
      // A whole-document replace by _id: the embedded store writes it without reading the stored one first (README,
      // patched FerretDB), and botbuilder writes every state item whole ('*') on every turn that changes it.
      await this.collection.replaceOne({ _id: key }, update, { upsert: true });
      return;
    }
    // A compare-and-set on the eTag: of two writers moving the item on from the same one, exactly one matches.
    if ((await this.collection.replaceOne({ _id: key, eTag: expected }, update)).matchedCount === 1) return;
    // No match: either the item is new (the eTag came from elsewhere, as botbuilder's MemoryStorage allows)
    // or someone else changed it. The unique _id makes the insert the arbiter between the two.
    try {
      await this.collection.insertOne({ _id: key, ...update });
    } catch (err) {
      if ((err as { code?: number }).code === DUPLICATE_KEY) throw new ETagConflictError(key);
      throw err;
    }
  }
}
