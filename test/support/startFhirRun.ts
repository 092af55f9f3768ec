import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Appointment, Communication } from '@medplum/fhirtypes';
import { FhirClient } from '../../src/record/fhir/fhirClient';
import { ROOT } from './processes';
import { eventually } from './eventually';
import { DirectLine, Received, chatToken, freePort, fromBot, post, replyTo } from './directLine';

/** `npm run start:fhir` builds HAPI if needed and waits for it: a cold start on a busy machine takes a while. */
const START_TIMEOUT_MS = 300000;

/**
 * `npm run start:fhir` as an operator runs it (its script, on the build `npm test` made): a HAPI FHIR server of its
 * own on an H2 file under DATA_DIR, or on PostgreSQL with `DB_URL`, the demo patients loaded into it, and Front Door
 * on it, answering a web chat from what is in that FHIR server; then one stop signal stops both.
 */
export function describeStartFhir(database: string, db: Record<string, string> | undefined): void {
  describe(`npm run start:fhir on ${database}`, () => {
    let child: ChildProcess;
    let out = '';
    let exited: Promise<number | null>;
    let dataDir: string;
    let fhirPort: number;
    let base: string;
    let fhir: FhirClient;
    let client: InstanceType<typeof DirectLine> | undefined;

    beforeAll(async () => {
      dataDir = mkdtempSync(path.join(tmpdir(), 'front-door-start-fhir-'));
      fhirPort = await freePort();
      const port = await freePort();
      child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/start-fhir.ts'], {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          ...(process.env.JAVA_HOME ? { JAVA_HOME: process.env.JAVA_HOME } : {}),
          FHIR_PORT: String(fhirPort),
          PORT: String(port),
          DATA_DIR: dataDir,
          LOG_LEVEL: 'warn',
          ...db,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
        // Its own process group, so nothing it started can outlive the test (see afterAll).
        detached: true,
      });
      child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
      exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
      const deadline = Date.now() + START_TIMEOUT_MS - 20000;
      while (!/Front Door is running at (\S+)/.test(out)) {
        if (child.exitCode !== null) throw new Error(`start:fhir exited with ${child.exitCode}: ${out}`);
        if (Date.now() > deadline) throw new Error(`start:fhir did not start in time: ${out}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      base = out.match(/Front Door is running at (\S+)/)![1];
      fhir = new FhirClient(`http://127.0.0.1:${fhirPort}/fhir`, undefined, 30000);
    }, START_TIMEOUT_MS);

    afterAll(async () => {
      client?.end();
      // Whatever happened above, nothing it started (Java above all) outlives the test, even if the script has gone.
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // the whole group is gone already
      }
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('prints both addresses and keeps the FHIR record in its database: an H2 file under DATA_DIR unless DB_URL', () => {
      expect(out).toContain(`FHIR server: http://localhost:${fhirPort}/fhir`);
      expect(out).toContain('demo patients loaded into the FHIR server');
      expect(base).toMatch(/^http:\/\/localhost:\d+$/);
      expect(existsSync(path.join(dataDir, 'fhir', 'hapi.mv.db'))).toBe(!db);
    });

    it("serves a web chat from the FHIR record: Edith's visits are read from it and her contact is filed to it", async () => {
      // What only the FHIR server says: if the answer carries it, the visit was read from there.
      const visit = await fhir.read<Appointment>('Appointment', 'appt-edith-1');
      await fhir.update({ ...visit, description: 'Community matron home visit (as the FHIR record has it)' });

      const { token, userId, conversationId } = await chatToken(base);
      client = new DirectLine({ domain: `${base}/v3/directline`, token, webSocket: false, pollingInterval: 200 });
      const received = new Received(client);
      await received.next(fromBot, 20000);
      for (const said of ['when is the nurse coming?', 'Myself', '999 234 5675']) {
        await received.next(replyTo(await post(client, userId, said)), 20000);
      }
      const id = await post(client, userId, '14/03/1939');
      const listed = await received.next((a) => replyTo(id)(a) && /home visit/.test(a.text ?? ''), 20000);
      expect(listed.text).toMatch(/Community matron home visit \(as the FHIR record has it\)/);

      // The task ended with Edith verified: the outbox files its summary to her record on that server.
      const filed = await eventually(async () => {
        const found = await fhir.search<Communication>(
          'Communication',
          { subject: 'Patient/pat-edith-clarke' },
          { fresh: true },
        );
        const mine = found.find((c) => c.payload?.[0]?.contentString?.includes(conversationId));
        if (!mine) throw new Error('not filed yet');
        return mine;
      }, 20000);
      expect(filed).toMatchObject({ status: 'completed', medium: [{ text: 'directline' }] });
    });

    it('stops Front Door and the FHIR server on Ctrl-C, leaving no process behind', async () => {
      // Ctrl-C in a terminal signals the whole foreground process group: npm, tsx, the script, Front Door and Java.
      process.kill(-child.pid!, 'SIGINT');
      await exited;
      await expect(fetch(`http://127.0.0.1:${fhirPort}/fhir/metadata`)).rejects.toThrow();
      await expect(fetch(`${base}/healthz`)).rejects.toThrow();
      await eventually(async () => {
        try {
          process.kill(-child.pid!, 0);
          return undefined; // someone in the group is still running
        } catch {
          return true;
        }
      }, 30000);
    }, 60000);
  });
}
