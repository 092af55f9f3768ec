import { Schema, type Connection, type Model } from 'mongoose';
import { modelOn } from '../../store/modelOn';
import type { RotaContent } from './rota';

/** One saved rota. Never updated: an edit inserts the next version, so the history is the collection. */
export interface RotaVersion {
  /** 1, 2, 3…: the unique _id decides which of two concurrent saves of the same base version wins. */
  _id: number;
  content: RotaContent;
  at: Date;
  by: { id: string; name: string };
  source: 'file' | 'console';
}

const versionSchema = new Schema<RotaVersion>(
  {
    _id: { type: Number, required: true },
    content: { type: Schema.Types.Mixed, required: true },
    at: { type: Date, required: true },
    by: new Schema({ id: String, name: String }, { _id: false }),
    source: { type: String, required: true },
  },
  { versionKey: false, collection: 'rota_versions' },
);

const DUPLICATE_KEY = 11000;

/** A save against a version that is no longer the latest; carries the latest so the person can be told who changed it. */
export class RotaConflict extends Error {
  override name = 'RotaConflict';
  constructor(readonly latest: RotaVersion | null) {
    super('The rota has changed since it was opened.');
  }
}

/** Where a store-backed Rota reads the current version; an interface so the fail-safe can be tested without a store. */
export interface RotaSource {
  current(): Promise<RotaVersion | null>;
}

/**
 * The duty rota in the store, versioned. Saving inserts version `base + 1` with that number as _id: an insert is
 * atomic on every store we run on (README, "What we need from MongoDB"), so of two admins saving against the same
 * version exactly one succeeds and the other is refused, however the requests interleave across instances.
 */
export class RotaStore implements RotaSource {
  private readonly model: Model<RotaVersion>;

  /** `service`: a non-default service's rota, kept in its own `rota_versions_<service>`; the default's when absent. */
  constructor(connection: Connection, service?: string) {
    this.model = service
      ? modelOn(
          connection,
          `RotaVersion:${service}`,
          versionSchema.clone().set('collection', `rota_versions_${service}`),
        )
      : modelOn(connection, 'RotaVersion', versionSchema);
  }

  current(): Promise<RotaVersion | null> {
    return this.model.findOne().sort({ _id: -1 }).lean().exec();
  }

  /** Newest first, without the content: who changed the rota and when. */
  history(limit = 20): Promise<Omit<RotaVersion, 'content'>[]> {
    return this.model.find({}, { content: 0 }).sort({ _id: -1 }).limit(limit).lean().exec();
  }

  /** Version 1 from the ROTA_FILE content, once: instances starting together insert it at most once between them. */
  async seed(content: RotaContent, now = new Date()): Promise<boolean> {
    try {
      await this.model.create([
        { _id: 1, content, at: now, by: { id: 'rota-file', name: 'ROTA_FILE' }, source: 'file' },
      ]);
      return true;
    } catch (err) {
      if ((err as { code?: number }).code === DUPLICATE_KEY) return false;
      throw err;
    }
  }

  async save(
    baseVersion: number,
    content: RotaContent,
    by: { id: string; name: string },
    now = new Date(),
  ): Promise<RotaVersion> {
    const latest = await this.current();
    // A base that is not the latest would otherwise insert into a gap or behind it; refuse it before trying.
    if (!latest || latest._id !== baseVersion) throw new RotaConflict(latest);
    const version: RotaVersion = { _id: baseVersion + 1, content, at: now, by, source: 'console' };
    try {
      await this.model.create([version]);
      return version;
    } catch (err) {
      if ((err as { code?: number }).code !== DUPLICATE_KEY) throw err;
      throw new RotaConflict(await this.current());
    }
  }
}
