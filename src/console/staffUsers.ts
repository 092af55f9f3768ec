import { randomUUID } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import { z } from 'zod';
import { readContentFile } from '../content/readContentFile';
import { modelOn } from '../store/modelOn';
import { passwordProblem, WeakPasswordError } from './passwordRules';
import { hashPassword, verifyPassword } from './passwords';

export const STAFF_ROLES = ['coordinator', 'duty_clinician', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface StaffUser {
  _id: string;
  email: string;
  name: string;
  role: StaffRole;
  /** The services whose items they see (profile ids); every service's when absent. */
  services?: string[];
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
    // Absent, not empty, when none are listed: absent is every service, an empty list would be none.
    services: { type: [String], default: undefined },
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

/** A password hash no password matches. */
const DISABLED = '!disabled';
export const LOCKOUT = { failures: 5, windowMs: 15 * 60000 };
const DUPLICATE_KEY = 11000;
// Compared against when the email is unknown, so a wrong email takes as long as a wrong password.
let dummyHash: Promise<string> | undefined;

export type LoginResult =
  | { ok: true; user: StaffUser }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; retryAfterMs: number };

/**
 * Console users and their passwords (Argon2id, see passwords.ts). Lock-out holds under parallel guesses: each attempt
 * must first take one of an account's five attempt slots, `<email>#0` to `#4`, by inserting it (a unique `_id`, atomic
 * on every backend, where `$inc` is not on the embedded store) or by taking over one older than the window (a
 * compare-and-set on its time). The password is checked only with a slot held; a failure keeps it, a success frees
 * them all. So at most five guesses per account are ever checked in a window, however many arrive at once. Unknown
 * emails have slots too, so lock-out does not reveal who exists.
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
  async ensure(input: {
    email: string;
    name: string;
    role: StaffRole;
    password: string;
    services?: string[];
  }): Promise<boolean> {
    const problem = passwordProblem(input.password, input.email);
    if (problem) throw new WeakPasswordError(`The password ${problem}.`);
    const user: StaffUser = {
      _id: randomUUID(),
      email: normaliseEmail(input.email),
      name: input.name,
      role: input.role,
      ...(input.services ? { services: input.services } : {}),
      passwordHash: await hashPassword(input.password),
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

  /**
   * Production: the demo staff's sign-ins (content/demo/staff.yaml, whose password is published) are made unusable,
   * in case the store was used in development first. Returns how many were disabled.
   */
  async disableDemoLogins(): Promise<number> {
    const demo = readContentFile('demo/staff.yaml', z.object({ staff: z.array(z.object({ email: z.string() })) }));
    const emails = demo.staff.map((s) => normaliseEmail(s.email));
    const result = await this.users
      .updateMany({ email: { $in: emails }, passwordHash: { $ne: DISABLED } }, { $set: { passwordHash: DISABLED } })
      .exec();
    return result.modifiedCount;
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
    const attempt = await this.takeAttemptSlot(key);
    if (!attempt.ok) return { ok: false, reason: 'locked', retryAfterMs: attempt.retryAfterMs };
    const user = await this.users.findOne({ email: key }).lean().exec();
    const { matches, rehash } = await verifyPassword(
      user?.passwordHash ?? (await (dummyHash ??= hashPassword('not-a-real-password'))),
      password,
    );
    if (user && matches) {
      await this.failures.deleteMany({ email: key }).exec();
      // A hash from before Argon2id (bcryptjs), or weaker parameters: replaced now that we have the password.
      if (rehash) {
        await this.users.updateOne({ _id: user._id }, { $set: { passwordHash: await hashPassword(password) } }).exec();
      }
      return { ok: true, user };
    }
    // The slot stays taken: it is this failure.
    return { ok: false, reason: 'invalid' };
  }

  private async takeAttemptSlot(key: string): Promise<{ ok: true } | { ok: false; retryAfterMs: number }> {
    const now = this.now();
    const since = new Date(now.getTime() - LOCKOUT.windowMs);
    for (let n = 0; n < LOCKOUT.failures; n++) {
      const _id = `${key}#${n}`;
      try {
        await this.failures.create([{ _id, email: key, at: now }]);
        return { ok: true };
      } catch (err) {
        if ((err as { code?: number }).code !== DUPLICATE_KEY) throw err;
      }
      const reclaimed = await this.failures.updateOne({ _id, at: { $lte: since } }, { $set: { at: now } }).exec();
      if (reclaimed.modifiedCount === 1) return { ok: true };
    }
    // Locked until the oldest slot leaves the window.
    const oldest = await this.failures
      .findOne({ email: key, at: { $gt: since } })
      .sort({ at: 1 })
      .lean()
      .exec();
    const retryAfterMs = (oldest?.at.getTime() ?? now.getTime()) + LOCKOUT.windowMs - now.getTime();
    return { ok: false, retryAfterMs: Math.max(1000, retryAfterMs) };
  }
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
