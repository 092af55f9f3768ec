import { randomUUID } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { Schema, type Connection, type Model } from 'mongoose';
import { modelOn } from '../store/modelOn';

export const STAFF_ROLES = ['coordinator', 'duty_clinician', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface StaffUser {
  _id: string;
  email: string;
  name: string;
  role: StaffRole;
  passwordHash: string;
  createdAt: Date;
}

interface LoginFailure {
  _id: string;
  email: string;
  at: Date;
}

const userSchema = new Schema<StaffUser>(
  {
    _id: { type: String, required: true },
    email: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    role: { type: String, required: true },
    passwordHash: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'staff_users' },
);

const failureSchema = new Schema<LoginFailure>(
  {
    _id: { type: String, required: true },
    email: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'login_failures' },
);
failureSchema.index({ email: 1, at: 1 });

/** bcrypt work factor: ~0.1-0.2 s per check in pure JS, slow enough for stolen hashes, fast enough for a login. */
const COST = 11;
export const LOCKOUT = { failures: 5, windowMs: 15 * 60000 };
const DUPLICATE_KEY = 11000;
// Compared against when the email is unknown, so a wrong email takes as long as a wrong password.
const DUMMY_HASH = bcrypt.hashSync('not-a-real-password', COST);

export type LoginResult =
  | { ok: true; user: StaffUser }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; retryAfterMs: number };

/**
 * Console users and their passwords. Lock-out counts failed attempts as separate inserted documents rather than an
 * `$inc` on the user, because the embedded store loses concurrent increments (README): every failure is kept, so a
 * burst of parallel guesses is counted exactly. Unknown emails are counted too, so lock-out does not reveal who exists.
 */
export class StaffDirectory {
  private readonly users: Model<StaffUser>;
  private readonly failures: Model<LoginFailure>;

  constructor(
    connection: Connection,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.users = modelOn(connection, 'StaffUser', userSchema);
    this.failures = modelOn(connection, 'LoginFailure', failureSchema);
  }

  /** Creates the user unless one with this email exists (start-up seeding is idempotent, also across instances). */
  async ensure(input: { email: string; name: string; role: StaffRole; password: string }): Promise<boolean> {
    const user: StaffUser = {
      _id: randomUUID(),
      email: normaliseEmail(input.email),
      name: input.name,
      role: input.role,
      passwordHash: await bcrypt.hash(input.password, COST),
      createdAt: this.now(),
    };
    try {
      await this.users.create([user]);
      return true;
    } catch (err) {
      if ((err as { code?: number }).code === DUPLICATE_KEY) return false;
      throw err;
    }
  }

  list(): Promise<Omit<StaffUser, 'passwordHash'>[]> {
    return this.users.find({}, { passwordHash: 0 }).sort({ name: 1 }).lean().exec();
  }

  /** One user, without the password hash; for checking who an item is being given to. */
  findById(id: string): Promise<Omit<StaffUser, 'passwordHash'> | null> {
    return this.users.findById(id, { passwordHash: 0 }).lean().exec();
  }

  async authenticate(email: string, password: string): Promise<LoginResult> {
    const key = normaliseEmail(email);
    const since = new Date(this.now().getTime() - LOCKOUT.windowMs);
    const recent = await this.failures
      .find({ email: key, at: { $gt: since } })
      .sort({ at: -1 })
      .lean()
      .exec();
    if (recent.length >= LOCKOUT.failures) {
      // Locked until the oldest failure that still counts leaves the window.
      const oldest = recent[LOCKOUT.failures - 1].at.getTime();
      return { ok: false, reason: 'locked', retryAfterMs: oldest + LOCKOUT.windowMs - this.now().getTime() };
    }
    const user = await this.users.findOne({ email: key }).lean().exec();
    const matches = await bcrypt.compare(password, user?.passwordHash ?? DUMMY_HASH);
    if (user && matches) {
      await this.failures.deleteMany({ email: key }).exec();
      return { ok: true, user };
    }
    await this.failures.create([{ _id: randomUUID(), email: key, at: this.now() }]);
    return { ok: false, reason: 'invalid' };
  }
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
