import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '../src/store/freePort';

export const ROOT = path.resolve(__dirname, '..', '..');

export interface Server {
  name: string;
  base: string;
  pid: number;
  /** Resident memory now, in KB (Linux /proc). */
  rssKB(): number;
  /** The V8 inspector port when started with `inspect`, for heap measurements. */
  inspectorPort?: number;
  stop(): Promise<void>;
}

/**
 * Starts a server process from the compiled code (`dist/`), as production runs it, and waits for its start-up line.
 * `--cpu-prof` in PROFILE writes a CPU profile per process into bench/results/ for finding the cause of a missed target.
 */
export async function startServer(
  name: string,
  script: string,
  env: Record<string, string>,
  ready: RegExp,
  inspect = false,
): Promise<Server> {
  const port = await freePort();
  const inspectorPort = inspect ? await freePort() : undefined;
  const base = `http://127.0.0.1:${port}`;
  const profile = process.env.PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.join(ROOT, 'bench', 'results')}`] : [];
  const inspector = inspectorPort ? [`--inspect=127.0.0.1:${inspectorPort}`] : [];
  const child: ChildProcess = spawn(process.execPath, [...profile, ...inspector, path.join(ROOT, 'dist', script)], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: base,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-4000)));
  const deadline = Date.now() + 60000;
  while (!ready.test(out)) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}: ${err}`);
    if (Date.now() > deadline) throw new Error(`${name} did not start: ${err}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    name,
    base,
    pid: child.pid!,
    inspectorPort,
    rssKB: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0),
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
