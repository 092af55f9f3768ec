import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EmbeddedStore, EmbeddedStoreError } from '../../src/store/embeddedStore';
import { freePort } from '../../src/store/freePort';
import { eventually } from '../support/eventually';
import { errorLines, startFrontDoor, waitForOutput } from '../support/processes';

/** Whether a process is still running: gone, or a zombie waiting for whoever adopted it to reap it, is not. */
function alive(pid: number): boolean {
  try {
    return fieldsOf(pid)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** The fields after the command name in /proc/<pid>/stat (Linux, where CI runs): state, parent, ... */
function fieldsOf(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** The pid of the store holding DATA_DIR, as it wrote it into its lock file. */
function storePidIn(dataDir: string): number {
  return Number(readFileSync(path.join(dataDir, 'embedded-mongo.lock'), 'utf8').trim());
}

function parentOf(pid: number): number {
  return Number(fieldsOf(pid)[1]);
}

/**
 * Issue 21 row 8: after `kill -9` of Front Door its embedded store lived on as an orphan, and a second `npm start`
 * started a second store on the same files, which broke atomicity (40 concurrent `$inc` → 20). Now the store locks
 * DATA_DIR, so a second one refuses with one line, and it exits when its parent dies.
 */
describe('fault: two stores on one DATA_DIR, and Front Door killed under its store', () => {
  it('refuses a second Front Door on the same DATA_DIR with one line', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'front-door-lock-'));
    const first = startFrontDoor({ DATA_DIR: dataDir, PORT: String(await freePort()) });
    try {
      await waitForOutput(first, /Front Door is running/, 30000);
      const second = startFrontDoor({ DATA_DIR: dataDir, PORT: String(await freePort()) });
      expect(await second.exited).toBe(2);
      const lines = errorLines(second);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        new RegExp(
          `^front-door: DATA_DIR ${dataDir} is in use by another embedded store \\(pid ${storePidIn(dataDir)}\\)`,
        ),
      );
      // The first is untouched by the attempt.
      const port = Number(/localhost:(\d+)/.exec(first.stdout())![1]);
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    } finally {
      first.child.kill('SIGTERM');
      await first.exited;
    }
  }, 60000);

  it('refuses a second store process on the same files directly', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'front-door-lock-'));
    const store = await EmbeddedStore.start({ dataDir });
    try {
      const second = EmbeddedStore.start({ dataDir, lockWaitMs: 300 });
      await expect(second).rejects.toBeInstanceOf(EmbeddedStoreError);
      await expect(second).rejects.toThrow(
        `DATA_DIR ${dataDir} is in use by another embedded store (pid ${store.pid})`,
      );
    } finally {
      await store.stop();
    }
    // Released when its holder stops: the next start on the same files succeeds.
    const next = await EmbeddedStore.start({ dataDir });
    await next.stop();
  }, 30000);

  it('stops the store within seconds of kill -9 of Front Door, and the next start gets the files', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'front-door-orphan-'));
    const first = startFrontDoor({ DATA_DIR: dataDir, PORT: String(await freePort()) });
    await waitForOutput(first, /Front Door is running/, 30000);
    const storePid = storePidIn(dataDir);
    expect(parentOf(storePid)).toBe(first.child.pid);

    first.child.kill('SIGKILL');
    await first.exited;
    const killedAt = Date.now();
    await eventually(async () => (alive(storePid) ? undefined : true), 5000);
    const stoppedWithin = Date.now() - killedAt;
    expect(stoppedWithin).toBeLessThan(5000);
    console.log(`store stopped ${stoppedWithin} ms after kill -9 of Front Door`);

    // `npm start` straight after: no orphan holds the files, so it starts on them.
    const port = await freePort();
    const again = startFrontDoor({ DATA_DIR: dataDir, PORT: String(port) });
    try {
      await waitForOutput(again, /Front Door is running/, 30000);
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
      expect(storePidIn(dataDir)).not.toBe(storePid);
    } finally {
      again.child.kill('SIGTERM');
      await again.exited;
    }
  }, 60000);
});
