import type { Patient } from '@medplum/fhirtypes';
import { FhirClient } from '../../src/record/fhir/fhirClient';
import { demoTransactionBundle } from '../../src/record/fhir/demoBundle';
import { NHS_NUMBER_SYSTEM } from '../../src/record/fhir/terms';

/** How long a test file may wait for the FHIR server global setup started (cold start on a busy machine). */
export const FHIR_START_TIMEOUT_MS = 240000;

/**
 * The HAPI FHIR server of this run, answering and seeded with the demo record (one transaction Bundle, loaded by
 * whichever test file gets here first; its PUTs with fixed ids make a second load harmless).
 */
export async function fhirTestServer(): Promise<FhirClient> {
  const baseUrl = process.env.TEST_FHIR_BASE_URL;
  if (!baseUrl) throw new Error('TEST_FHIR_BASE_URL is not set: run through jest, whose global setup starts HAPI.');
  const deadline = Date.now() + FHIR_START_TIMEOUT_MS - 10000;
  for (;;) {
    try {
      const res = await fetch(`${baseUrl}/metadata`, { signal: AbortSignal.timeout(5000) });
      if (res.ok) break;
    } catch {
      // still starting
    }
    if (Date.now() > deadline) throw new Error(`The FHIR server at ${baseUrl} did not start in time.`);
    await new Promise((r) => setTimeout(r, 500));
  }
  const fhir = new FhirClient(baseUrl, undefined, 60000);
  const edith = await fhir.search<Patient>(
    'Patient',
    { identifier: `${NHS_NUMBER_SYSTEM}|9992345675` },
    { fresh: true },
  );
  if (edith.length === 0) await fhir.transaction(demoTransactionBundle().entry);
  return fhir;
}
