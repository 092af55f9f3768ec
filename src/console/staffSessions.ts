import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import { modelOn } from '../store/modelOn';
import type { StaffRole, StaffUser } from './staffUsers';

export interface StaffSession {
  /** HMAC of the cookie's token: someone reading the store cannot use what they read as a cookie. */
  _id: string;
  userId: string;
  email: string;
  name: string;
  role: StaffRole;
  /** From their staff record at sign-in: the services whose items they see; every service's when absent. */
  services?: string[];
  createdAt: Date;
  expiresAt: Date;
}

const sessionSchema = new Schema<StaffSession>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    email: { type: String, required: true },
    name: { type: String, required: true },
    role: { type: String, required: true },
    services: { type: [String], default: undefined },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'staff_sessions' },
);
sessionSchema.index({ expiresAt: 1 });

/**
 * Console sessions in the store, so any instance recognises a cookie another issued. Expiry is checked on every use and
 * expired sessions are deleted by our own sweep (the embedded store has no TTL indexes). The CSRF token is derived
 * from the session token with the secret, so it needs no storage and changes with every login.
 */
export class StaffSessions {
  private readonly model: Model<StaffSession>;

  constructor(
    connection: Connection,
    private readonly secret: string,
    private readonly lifetimeMs: number,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.model = modelOn(connection, 'StaffSession', sessionSchema);
  }

  async create(user: StaffUser): Promise<{ token: string; session: StaffSession }> {
    const token = randomBytes(32).toString('base64url');
    const now = this.now();
    const session: StaffSession = {
      _id: this.hash(`session:${token}`),
      userId: user._id,
      email: user.email,
      name: user.name,
      role: user.role,
      ...(user.services ? { services: user.services } : {}),
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.lifetimeMs),
    };
    await this.model.create([session]);
    return { token, session };
  }

  async find(token: string): Promise<StaffSession | undefined> {
    const session = await this.model
      .findById(this.hash(`session:${token}`))
      .lean()
      .exec();
    if (!session) return undefined;
    if (session.expiresAt <= this.now()) {
      await this.model.deleteOne({ _id: session._id }).exec();
      return undefined;
    }
    return session;
  }

  async destroy(token: string): Promise<void> {
    await this.model.deleteOne({ _id: this.hash(`session:${token}`) }).exec();
  }

  async purgeExpired(): Promise<void> {
    await this.model.deleteMany({ expiresAt: { $lte: this.now() } }).exec();
  }

  csrfFor(token: string): string {
    return this.hash(`csrf:${token}`);
  }

  csrfMatches(token: string, presented: string | undefined): boolean {
    if (!presented) return false;
    const expected = Buffer.from(this.csrfFor(token));
    const given = Buffer.from(presented);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private hash(value: string): string {
    return createHmac('sha256', this.secret).update(value).digest('base64url');
  }
}
