import argon2 from 'argon2';
import bcrypt from 'bcryptjs';
import { availableParallelism } from 'node:os';

/**
 * Argon2id with OWASP's Password Storage Cheat Sheet minimum (19 MiB, 2 iterations, 1 lane). The native library hashes
 * on libuv's thread pool, so a burst of sign-ins never stops the event loop that answers patients.
 */
export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/**
 * Hashes at once: one fewer than the cores, so a burst of sign-ins (each hash is ~19 MiB and tens of milliseconds of
 * CPU) queues here instead of taking every core from the thread that answers patients.
 */
const MAX_CONCURRENT = Math.max(1, availableParallelism() - 1);
let running = 0;
const waiting: Array<() => void> = [];

async function limited<T>(work: () => Promise<T>): Promise<T> {
  // A finished hash hands its place straight to the next in line, so none can slip in between.
  if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

export function hashPassword(password: string): Promise<string> {
  return limited(() => argon2.hash(password, ARGON2_OPTIONS));
}

export interface Verified {
  matches: boolean;
  /** The hash is an older kind (bcryptjs) or weaker parameters: store a new one now that we have the password. */
  rehash: boolean;
}

/** Checks a password against an Argon2id hash, or a bcrypt hash stored before Front Door moved to Argon2id. */
export async function verifyPassword(hash: string, password: string): Promise<Verified> {
  if (/^\$2[aby]\$/.test(hash)) return { matches: await bcrypt.compare(password, hash), rehash: true };
  try {
    const matches = await limited(() => argon2.verify(hash, password));
    return { matches, rehash: matches && argon2.needsRehash(hash, ARGON2_OPTIONS) };
  } catch {
    return { matches: false, rehash: false };
  }
}
