import { readFileSync } from 'node:fs';
import type { Connection } from 'mongoose';
import type { Config } from '../config';
import { AuditLog } from '../hub/audit';
import { demoRecordSystem } from './demo/demoRecord';
import { FhirClient } from './fhir/fhirClient';
import { fhirRecordSystem } from './fhir/fhirRecord';
import { ClientCredentialsTokens, NO_AUTH } from './fhir/tokenProvider';
import type { RecordSystem } from './ports';

/** The record system the configuration names: the demo collections (default) or a FHIR R4 server. */
export function createRecordSystem(config: Config, connection: Connection): RecordSystem {
  if (config.RECORD_SYSTEM === 'demo') return demoRecordSystem(connection);
  const tokens = config.FHIR_TOKEN_URL
    ? new ClientCredentialsTokens({
        tokenUrl: config.FHIR_TOKEN_URL,
        clientId: config.FHIR_CLIENT_ID!,
        privateKey: readFileSync(config.FHIR_PRIVATE_KEY_FILE!, 'utf8'),
        keyId: config.FHIR_KEY_ID!,
      })
    : NO_AUTH;
  return fhirRecordSystem(new FhirClient(config.FHIR_BASE_URL!, tokens), new AuditLog(connection));
}
