import { randomUUID } from 'node:crypto';
import { Schema, type Connection, type Model, type mongo } from 'mongoose';
import { driverCollection } from '../store/driverCollection';
import { modelOn } from '../store/modelOn';

/** Who did what to which record, when and from where. Append-only: nothing updates or deletes these. */
export interface AuditEntry {
  _id: string;
  at: Date;
  /** `system`: another organisation's system calling us, such as a council acknowledging a concern. */
  actor: { kind: 'bot' | 'user' | 'staff' | 'system'; id: string };
  action: string;
  subject: { kind: string; id: string };
  channel?: string;
  /** Where a person acted from: the client address the console request came from. */
  from?: string;
  detail?: Record<string, unknown>;
}

const auditSchema = new Schema<AuditEntry>(
  {
    _id: String,
    at: { type: Date, required: true },
    actor: { kind: String, id: String },
    action: { type: String, required: true },
    subject: { kind: String, id: String },
    channel: String,
    from: String,
    detail: Schema.Types.Mixed,
  },
  { versionKey: false, collection: 'audit' },
);
auditSchema.index({ 'subject.kind': 1, 'subject.id': 1, at: 1 });
auditSchema.index({ at: -1 });

export function auditModel(connection: Connection): Model<AuditEntry> {
  return modelOn(connection, 'AuditEntry', auditSchema);
}

export class AuditLog {
  /** Written by every change to a visit, in the turn that makes it: see driverCollection. */
  private readonly entries: mongo.Collection<AuditEntry>;
  constructor(connection: Connection) {
    this.entries = driverCollection(auditModel(connection));
  }

  async record(entry: Omit<AuditEntry, '_id' | 'at'>): Promise<void> {
    await this.entries.insertOne({ _id: randomUUID(), at: new Date(), ...entry });
  }

  /**
   * Writes the entry under an id the caller chose, once: a second write of the same id (a recovery finishing a change
   * whose entry may or may not have been written before a crash) is a no-op.
   */
  async recordOnce(id: string, at: Date, entry: Omit<AuditEntry, '_id' | 'at'>): Promise<void> {
    try {
      await this.entries.insertOne({ _id: id, at, ...entry });
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
    }
  }

  async forSubject(kind: string, id: string): Promise<AuditEntry[]> {
    return this.entries.find({ 'subject.kind': kind, 'subject.id': id }).sort({ at: 1 }).toArray();
  }

  /** Newest first, optionally one person's actions; for the admins' audit view. */
  async recent(filter: { actorId?: string; limit?: number } = {}): Promise<AuditEntry[]> {
    const query = filter.actorId ? { 'actor.id': filter.actorId } : {};
    return this.entries
      .find(query)
      .sort({ at: -1 })
      .limit(filter.limit ?? 200)
      .toArray();
  }
}
