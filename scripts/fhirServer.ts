import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Builds and runs tools/fhir-server (HAPI FHIR JPA 8.8.0): for the tests' global setup and `npm run start:fhir`. */

export const FHIR_SERVER_DIR = path.resolve(__dirname, '..', 'tools', 'fhir-server');
export const FHIR_SERVER_JAR = path.join(FHIR_SERVER_DIR, 'target', 'front-door-fhir-server.jar');

/** The settings measured to start HAPI on this machine kind in about 30 s with about 650 MB resident. */
const JVM_OPTIONS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xmx512m'];

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'target') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds the server jar with Maven unless it is newer than every source file. Throws with Maven's own words. */
export function buildFhirServer(log: (line: string) => void = () => undefined): void {
  if (existsSync(FHIR_SERVER_JAR) && statSync(FHIR_SERVER_JAR).mtimeMs >= newestSource(FHIR_SERVER_DIR)) return;
  log('building the FHIR server (tools/fhir-server) with Maven…');
  // Debian's Maven is older than HAPI's enforcer rules ask for; the build itself does not need a newer one.
  const result = spawnSync('mvn', ['-B', '-q', '-Denforcer.skip=true', 'package'], {
    cwd: FHIR_SERVER_DIR,
    encoding: 'utf8',
  });
  if (result.error) {
    throw new Error(`Maven could not be run (${result.error.message}); install a JDK 17+ and Maven, see README.`);
  }
  if (result.status !== 0) {
    throw new Error(`The FHIR server did not build:\n${(result.stdout + result.stderr).slice(-3000)}`);
  }
}

export interface FhirServerProcess {
  baseUrl: string;
  child: ChildProcess;
  /** Resolves when /fhir/metadata answers; rejects if the process exits first or the time runs out. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

/** Starts the built server on the port; `dbUrl` is a JDBC URL (H2 in memory when absent). Does not wait for it. */
export function startFhirServer(options: { port: number; dbUrl?: string; readyTimeoutMs?: number }): FhirServerProcess {
  const child = spawn('java', [...JVM_OPTIONS, '-jar', FHIR_SERVER_JAR], {
    cwd: FHIR_SERVER_DIR,
    env: {
      PATH: process.env.PATH ?? '',
      JAVA_HOME: process.env.JAVA_HOME ?? '',
      FHIR_PORT: String(options.port),
      ...(options.dbUrl ? { DB_URL: options.dbUrl } : {}),
      ...(process.env.DB_USERNAME ? { DB_USERNAME: process.env.DB_USERNAME } : {}),
      ...(process.env.DB_PASSWORD ? { DB_PASSWORD: process.env.DB_PASSWORD } : {}),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const baseUrl = `http://127.0.0.1:${options.port}/fhir`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = (async () => {
    const deadline = Date.now() + (options.readyTimeoutMs ?? 240000);
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`The FHIR server exited (code ${child.exitCode}): ${stderr}`);
      try {
        const res = await fetch(`${baseUrl}/metadata`, { signal: AbortSignal.timeout(5000) });
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`The FHIR server did not answer ${baseUrl}/metadata in time: ${stderr}`);
  })();
  ready.catch(() => undefined);
  return {
    baseUrl,
    child,
    ready,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
      await exited;
      clearTimeout(timer);
    },
  };
}
