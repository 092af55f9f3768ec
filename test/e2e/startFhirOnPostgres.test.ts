import { describeStartFhir } from '../support/startFhirRun';

/** A PostgreSQL database for the FHIR server's `DB_URL` (`.ci/run` makes one; without it this run is skipped). */
const postgres = process.env.TEST_FHIR_DB_URL
  ? {
      DB_URL: process.env.TEST_FHIR_DB_URL,
      DB_USERNAME: process.env.TEST_FHIR_DB_USERNAME ?? '',
      DB_PASSWORD: process.env.TEST_FHIR_DB_PASSWORD ?? '',
    }
  : undefined;

if (postgres) describeStartFhir('PostgreSQL (DB_URL)', postgres);
else
  it.skip('npm run start:fhir on PostgreSQL (DB_URL): set TEST_FHIR_DB_URL, TEST_FHIR_DB_USERNAME, TEST_FHIR_DB_PASSWORD', () => {});
