import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import { PROJECT_ROOT } from '../content/readContentFile';
import { freePort } from './freePort';

export const DEFAULT_EMBEDDED_BINARY = path.join(PROJECT_ROOT, '.cache', 'embedded-mongo', 'embedded-mongo');

export interface EmbeddedStoreOptions {
  dataDir: string;
  binary?: string;
  port?: number;
  /** How long to wait for the store to answer `ping` after it starts. */
  startTimeoutMs?: number;
  /** Writes a Go CPU profile of the store here until it stops (`go tool pprof -top <binary> <file>`). */
  cpuProfile?: string;
  /** How long to wait for a store that is still stopping to let go of the data directory before refusing. */
  lockWaitMs?: number;
  /** Called once if the store exits without being asked to: the caller decides what to do; we never restart it. */
  onUnexpectedExit?: (code: number | null, signal: NodeJS.Signals | null) => void;
}

/** Thrown when the embedded store cannot be started; the message says what to do. */
export class EmbeddedStoreError extends Error {
  override name = 'EmbeddedStoreError';
}

/** A FerretDB-on-SQLite process owned by this one, reachable on loopback. */
export class EmbeddedStore {
  private stopping = false;
  private readonly exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    readonly uri: string,
    readonly port: number,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  static async start(options: EmbeddedStoreOptions): Promise<EmbeddedStore> {
    const binary = options.binary ?? DEFAULT_EMBEDDED_BINARY;
    if (!existsSync(binary)) {
      throw new EmbeddedStoreError(
        `The embedded store is not built (${path.relative(process.cwd(), binary) || binary} is missing). ` +
          'Install Go >= 1.24 and run `npm run build:store`, or set MONGODB_URI to a MongoDB server.',
      );
    }
    const port = options.port ?? (await freePort());
    const profile = options.cpuProfile ? ['--cpu-profile', path.resolve(options.cpuProfile)] : [];
    // The store exits when this process dies, however it dies: it watches the stdin pipe whose write end only this
    // process holds (issue 21 row 8: after `kill -9` of Front Door its store lived on as an orphan). It locks the data
    // directory, waiting a little for a store whose parent has just died to finish stopping.
    const lockWait = `${options.lockWaitMs ?? 5000}ms`;
    const args = ['--data-dir', path.resolve(options.dataDir), '--port', String(port), '--exit-with-parent'];
    const child = spawn(binary, [...args, '--lock-wait', lockWait, ...profile], { stdio: ['pipe', 'pipe', 'pipe'] });
    // Nothing is ever written to it; an error here only means the store has gone, which 'exit' reports.
    child.stdin?.on('error', () => undefined);
    const uri = `mongodb://127.0.0.1:${port}/`;
    const store = new EmbeddedStore(child, uri, port);

    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    // Only our child prints this line, so a ping cannot be answered by some other server already on the port.
    const listening = new Promise<void>((resolve) => {
      let stdout = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        if (stdout.length < 4000) stdout += chunk.toString();
        if (stdout.includes('embedded-mongo listening on')) resolve();
      });
    });

    const earlyExit = new Promise<never>((_, reject) => {
      child.once('error', (err) =>
        reject(new EmbeddedStoreError(`The embedded store could not be started: ${err.message}`)),
      );
      child.once('exit', (code) => reject(startUpExit(code, stderr)));
    });
    earlyExit.catch(() => undefined);

    try {
      const timeoutMs = options.startTimeoutMs ?? 15000;
      await Promise.race([listening.then(() => waitForPing(uri, timeoutMs)), earlyExit, rejectAfter(timeoutMs)]);
    } catch (err) {
      child.kill('SIGKILL');
      throw err;
    }

    child.once('exit', (code, signal) => {
      if (!store.stopping) options.onUnexpectedExit?.(code, signal);
    });
    return store;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Stops the store with SIGTERM so SQLite is closed cleanly; SIGKILL if it does not stop in time. */
  async stop(timeoutMs = 5000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.stopping = true;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }
}

async function waitForPing(uri: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    const client = new mongoose.mongo.MongoClient(uri, { serverSelectionTimeoutMS: 500, directConnection: true });
    try {
      await client.connect();
      await client.db('admin').command({ ping: 1 });
      return;
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      await client.close().catch(() => undefined);
    }
  }
  throw new EmbeddedStoreError(
    `The embedded store did not answer ping within ${timeoutMs} ms: ${(lastError as Error | undefined)?.message ?? 'no answer'}`,
  );
}

function rejectAfter(ms: number): Promise<never> {
  return new Promise((_, reject) => {
    setTimeout(() => reject(new EmbeddedStoreError(`The embedded store did not start within ${ms} ms`)), ms).unref();
  });
}

/** The store's own one-line reason when another store holds the data directory, else what it printed last. */
function startUpExit(code: number | null, stderr: string): EmbeddedStoreError {
  const reason = lastLine(stderr).replace(/^embedded-mongo: /, '');
  if (/^DATA_DIR .* is in use by another embedded store/.test(reason)) return new EmbeddedStoreError(reason);
  return new EmbeddedStoreError(`The embedded store exited during start-up (code ${code}): ${reason}`);
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1] || 'no output';
}
