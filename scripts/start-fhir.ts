import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Patient } from '@medplum/fhirtypes';
import { FhirClient } from '../src/record/fhir/fhirClient';
import { demoTransactionBundle } from '../src/record/fhir/demoBundle';
import { NHS_NUMBER_SYSTEM } from '../src/record/fhir/terms';
import { buildFhirServer, startFhirServer } from './fhirServer';

/** FHIR_PORT as a port the FHIR server can listen on, or a one-line reason. */
function fhirPort(value: string | undefined): number {
  const port = Number(value ?? 8080);
  if (!/^\d+$/.test(value ?? '8080') || port < 1 || port > 65535) {
    throw new Error(`FHIR_PORT must be a whole number from 1 to 65535 (got "${value}")`);
  }
  return port;
}

/**
 * `npm run start:fhir`: the whole demo on a real FHIR record. Builds and starts HAPI FHIR (tools/fhir-server) on
 * FHIR_PORT (8080), on an H2 file under DATA_DIR/fhir (./data/fhir) or on DB_URL (e.g. jdbc:postgresql://…), seeds the
 * demo patients once with one transaction Bundle, then starts Front Door with RECORD_SYSTEM=fhir. A stop signal stops
 * Front Door gracefully, then the FHIR server; if the FHIR server fails to start, it is stopped and the reason given.
 */
async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..');
  const port = fhirPort(process.env.FHIR_PORT);
  const say = (line: string) => process.stdout.write(`${line}\n`);
  buildFhirServer(say);
  const h2Dir = path.resolve(root, process.env.DATA_DIR ?? 'data', 'fhir');
  if (!process.env.DB_URL) mkdirSync(h2Dir, { recursive: true });
  const dbUrl = process.env.DB_URL ?? `jdbc:h2:file:${path.join(h2Dir, 'hapi')}`;
  say(`starting the FHIR server on port ${port} (about half a minute)…`);
  const fhir = startFhirServer({ port, dbUrl });
  const stopAll = async () => {
    await fhir.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stopAll());
  process.once('SIGTERM', () => void stopAll());
  try {
    await fhir.ready;
    const client = new FhirClient(fhir.baseUrl, undefined, 60000);
    const edith = await client.search<Patient>('Patient', { identifier: `${NHS_NUMBER_SYSTEM}|9992345675` });
    if (edith.length === 0) {
      await client.transaction(demoTransactionBundle().entry);
      say('demo patients loaded into the FHIR server');
    }
  } catch (err) {
    await fhir.stop();
    throw err;
  }
  say(`FHIR server: ${fhir.baseUrl.replace('127.0.0.1', 'localhost')}`);

  const app = spawn(process.execPath, [path.join(root, 'dist', 'src', 'index.js')], {
    cwd: root,
    env: { ...process.env, RECORD_SYSTEM: 'fhir', FHIR_BASE_URL: fhir.baseUrl },
    stdio: 'inherit',
  });
  app.once('exit', (code) => {
    void fhir.stop().then(() => process.exit(code ?? 0));
  });
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  // Front Door shuts down gracefully on its own signal; the FHIR server follows it.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => app.kill(signal));
}

main().catch((err: Error) => {
  console.error(`front-door start:fhir: ${err.message}`);
  process.exit(2);
});
