import pino, { type Logger } from 'pino';

/**
 * Keys that can carry patient-identifiable data. Logs are operational, not clinical records, so these are censored
 * wherever they appear (top level and up to three levels deep) rather than trusting every call site to remember.
 */
export const PATIENT_IDENTIFIABLE_KEYS = [
  'name',
  'givenName',
  'familyName',
  'firstName',
  'lastName',
  'nhsNumber',
  'dateOfBirth',
  'dob',
  'phone',
  'mobile',
  'phoneNumber',
  'email',
  'address',
  'postcode',
  'text',
  'speak',
  'transcript',
  'From',
  'To',
  'Caller',
  'Called',
  'Body',
  'SpeechResult',
  'Digits',
  'password',
  'authorization',
  'cookie',
] as const;

function redactPaths(): string[] {
  const paths: string[] = [];
  for (const key of PATIENT_IDENTIFIABLE_KEYS) {
    paths.push(key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`);
  }
  return paths;
}

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'front-door' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactPaths(), censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err },
    },
    options.destination,
  );
}

export type { Logger };
