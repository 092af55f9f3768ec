import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');

export interface Started {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Runs the built server (`npm start` without the rebuild) as a user would, with only the given environment. */
export function startFrontDoor(env: Record<string, string>): Started {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'src', 'index.js')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

export async function waitForOutput(started: Started, pattern: RegExp, timeoutMs = 20000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = started.stdout().match(pattern);
    if (match) return match;
    if (started.child.exitCode !== null) {
      throw new Error(`exited with ${started.child.exitCode}: ${started.stderr()}`);
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; stderr: ${started.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** What a start-up printed on stderr, without Node's deprecation warnings from dependencies: the one-line errors. */
export function errorLines(started: Started): string[] {
  return started
    .stderr()
    .trim()
    .split('\n')
    .filter((l) => !/DeprecationWarning|trace-deprecation/.test(l));
}
