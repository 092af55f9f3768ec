import { randomUUID } from 'node:crypto';
import { Schema, type Connection, type mongo } from 'mongoose';
import { driverCollection } from './driverCollection';
import { modelOn } from './modelOn';

interface ClaimDocument {
  _id: string;
  owner: string;
  at: Date;
}

const claimSchema = new Schema<ClaimDocument>(
  {
    _id: { type: String, required: true },
    owner: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'claims' },
);

const DUPLICATE_KEY = 11000;

/**
 * Mutual exclusion by inserting a document with a unique _id.
 *
 * Why not a conditional update ({_id, eTag} → $set)? On MongoDB that is atomic, but the embedded store (FerretDB on
 * SQLite) evaluates the filter and applies the update in separate steps, so two concurrent writers can both "match"
 * (measured: 5 concurrent conditional updates → ~4.5 winners). A unique-key insert is atomic on every backend we
 * support, so every compare-and-set in Front Door is arbitrated here.
 */
export class Claims {
  /** Taken and released by every change to a visit: see driverCollection. */
  private readonly claims: mongo.Collection<ClaimDocument>;

  constructor(connection: Connection) {
    this.claims = driverCollection(modelOn(connection, 'Claim', claimSchema));
  }

  /**
   * Takes the claim `id` if nobody holds it. A claim older than `staleAfterMs` is treated as abandoned by a process
   * that died mid-operation and may be taken over (the insert still decides between competing takers).
   */
  async acquire(id: string, staleAfterMs = 30000): Promise<string | undefined> {
    const owner = randomUUID();
    if (await this.tryInsert(id, owner)) return owner;
    const removed = await this.claims.deleteOne({ _id: id, at: { $lt: new Date(Date.now() - staleAfterMs) } });
    if (removed.deletedCount === 1 && (await this.tryInsert(id, owner))) return owner;
    return undefined;
  }

  async release(id: string, owner: string): Promise<void> {
    await this.claims.deleteOne({ _id: id, owner });
  }

  private async tryInsert(id: string, owner: string): Promise<boolean> {
    try {
      await this.claims.insertOne({ _id: id, owner, at: new Date() });
      return true;
    } catch (err) {
      if ((err as { code?: number }).code === DUPLICATE_KEY) return false;
      throw err;
    }
  }
}
