import { describeStartFhir } from '../support/startFhirRun';

// The PostgreSQL run is its own file (startFhirOnPostgres.test.ts), so that the two cold HAPI starts can run side by
// side on two test workers instead of one after the other.
describeStartFhir('an H2 file under DATA_DIR', undefined);
