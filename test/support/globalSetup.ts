import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EmbeddedStore } from '../../src/store/embeddedStore';
import { freePort } from '../../src/store/freePort';
import { buildFhirServer, startFhirServer, type FhirServerProcess } from '../../scripts/fhirServer';

declare global {
  var __EMBEDDED_STORE__: EmbeddedStore | undefined;
  var __FHIR_SERVER__: FhirServerProcess | undefined;
}

/**
 * Starts one real embedded store for the whole run unless TEST_MONGODB_URI points at another server, and one HAPI FHIR
 * server unless TEST_FHIR_BASE_URL does. The FHIR server takes half a minute to start, so it is only launched here:
 * the tests that use it wait for it (test/support/fhirServer.ts) while the others run.
 */
export default async function globalSetup(): Promise<void> {
  if (!process.env.TEST_FHIR_BASE_URL) {
    buildFhirServer((line) => console.error(line));
    const fhir = startFhirServer({ port: await freePort() });
    globalThis.__FHIR_SERVER__ = fhir;
    process.env.TEST_FHIR_BASE_URL = fhir.baseUrl;
  }
  if (process.env.TEST_MONGODB_URI) return;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'front-door-test-'));
  const store = await EmbeddedStore.start({ dataDir });
  globalThis.__EMBEDDED_STORE__ = store;
  process.env.TEST_MONGODB_URI = store.uri;
}
