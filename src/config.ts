import { z } from 'zod';
import { passwordProblem } from './console/passwordRules';
import { parseTrustProxy } from './http/clientAddress';

const wholeNumber = (min: number, max: number) =>
  z.coerce
    .number({ error: `must be a whole number from ${min} to ${max}` })
    .int({ error: `must be a whole number from ${min} to ${max}` })
    .min(min, { error: `must be a whole number from ${min} to ${max}` })
    .max(max, { error: `must be a whole number from ${min} to ${max}` });
// 0 asks the OS for a free port (tests, benchmarks).
const port = wholeNumber(0, 65535);
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === '' ? undefined : v));

/** Development and test only: production refuses to start without SESSION_SECRET. */
export const DEVELOPMENT_SESSION_SECRET = 'development-only-session-secret-not-for-production';

/** Development and test only: lets the phone simulator and tests sign webhooks; refused in production. */
export const DEVELOPMENT_TWILIO_AUTH_TOKEN = 'development-only-twilio-auth-token';

/** Every environment variable Front Door reads. The README's configuration table mirrors this schema. */
export const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().min(1).default('0.0.0.0'),
    PORT: port.default(3978),
    PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    MONGODB_URI: z
      .string()
      .regex(/^mongodb(\+srv)?:\/\/.+/, 'must start with mongodb:// or mongodb+srv://')
      .optional(),
    MONGODB_DB: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,38}$/, 'must be 1-38 letters, digits, _ or -')
      .default('frontdoor'),
    MONGODB_CONNECT_TIMEOUT_MS: wholeNumber(100, 120000).default(5000),
    DATA_DIR: z.string().min(1).default('./data'),
    EMBEDDED_STORE_BINARY: optionalString,
    SHUTDOWN_TIMEOUT_MS: wholeNumber(100, 120000).default(10000),
    SHUTDOWN_DRAIN_MS: wholeNumber(0, 120000).optional(),
    MicrosoftAppId: optionalString,
    MicrosoftAppPassword: optionalString,
    MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
    MicrosoftAppTenantId: optionalString,
    ADMIN_EMAIL: z.email({ error: 'must be an email address' }).optional(),
    ADMIN_PASSWORD: z.string().min(12, { error: 'must be at least 12 characters' }).optional(),
    SESSION_SECRET: z.string().min(32, { error: 'must be at least 32 characters' }).optional(),
    CONSOLE_SESSION_HOURS: wholeNumber(1, 24).default(12),
    HUB_SWEEP_INTERVAL_MS: wholeNumber(1000, 3600000).default(15000),
    // Per safeguarding destination (service id): the secret the council's system sends with an acknowledgement,
    // as `medway=<secret>,kent=<secret>`. A destination without one cannot acknowledge by callback (401).
    COUNCIL_ACK_SECRETS: z
      .string()
      .default('')
      .transform((v, ctx) => {
        const secrets: Record<string, string> = {};
        for (const pair of v
          .split(',')
          .map((p) => p.trim())
          .filter(Boolean)) {
          const at = pair.indexOf('=');
          const service = pair.slice(0, at).trim();
          const secret = pair.slice(at + 1).trim();
          if (at <= 0 || !/^[a-z][a-z0-9-]*$/.test(service) || secret.length < 32) {
            ctx.addIssue({
              code: 'custom',
              message: 'must be service=secret pairs separated by commas, each secret at least 32 characters',
            });
            return z.NEVER;
          }
          secrets[service] = secret;
        }
        return secrets;
      }),
    ROTA_FILE: z
      .string()
      .regex(/^(?!.*\.\.)[\w./-]+\.ya?ml$/, 'must be a YAML file path under content/, e.g. rota/duty-rota.yaml')
      .optional(),
    DIRECTLINE_SECRET: z.string().min(32, { error: 'must be at least 32 characters' }).optional(),
    CHAT_TOKEN_MINUTES: wholeNumber(5, 60).default(30),
    CHAT_MAX_MESSAGE_CHARS: wholeNumber(100, 10000).default(2000),
    CHAT_RATE_PER_MINUTE: wholeNumber(1, 100000).default(30),
    CHAT_IP_RATE_PER_MINUTE: wholeNumber(1, 1000000).default(600),
    CHAT_STARTS_PER_IP_PER_HOUR: wholeNumber(1, 1000000).default(100),
    STREAM_POLL_MS: wholeNumber(100, 10000).default(1000),
    TRUST_PROXY: z
      .string()
      .default('false')
      .transform((v, ctx) => {
        const trust = parseTrustProxy(v);
        if (!trust) {
          ctx.addIssue({
            code: 'custom',
            message: "must be false, true (one proxy), a hop count, or the proxies' addresses separated by commas",
          });
          return z.NEVER;
        }
        return trust;
      }),
    BOT_SERVICE_URLS: z
      .string()
      .default('')
      .transform((v) =>
        v
          .split(',')
          .map((u) => u.trim().replace(/\/+$/, ''))
          .filter(Boolean),
      )
      .refine((urls) => urls.every((u) => /^https?:\/\/[^/]+$/.test(u)), {
        error: 'must be origins (https://host[:port]) separated by commas',
      }),
    TWILIO_AUTH_TOKEN: z.string().min(16, { error: 'must be at least 16 characters' }).optional(),
    TWILIO_ACCOUNT_SID: z
      .string()
      .regex(/^AC[0-9a-fA-F]{32}$/, 'must be a Twilio account SID (AC followed by 32 hex digits)')
      .optional(),
    TWILIO_FROM_NUMBER: z
      .string()
      .regex(/^\+[1-9]\d{6,14}$/, 'must be a phone number in E.164 form, e.g. +447700900000')
      .optional(),
    TWILIO_VOICE: z.string().min(1).default('Google.en-GB-Neural2-A'),
    WEBHOOK_RATE_PER_MINUTE: wholeNumber(1, 1000000).default(1200),
    SMS_PER_SENDER_PER_MINUTE: wholeNumber(1, 100000).default(20),
    DIAL_TIMEOUT_SECONDS: wholeNumber(5, 60).default(20),
    VOICE_MIN_CONFIDENCE: z.coerce
      .number({ error: 'must be a number from 0 to 1' })
      .min(0, { error: 'must be a number from 0 to 1' })
      .max(1, { error: 'must be a number from 0 to 1' })
      .default(0.3),
    // The record system (README: "The record system"): our own demo collections, or a FHIR R4 server.
    RECORD_SYSTEM: z.enum(['demo', 'fhir'], { error: 'must be demo or fhir' }).default('demo'),
    FHIR_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    FHIR_TOKEN_URL: z.url({ protocol: /^https$|^http$/, error: 'must be an http(s) URL' }).optional(),
    FHIR_CLIENT_ID: optionalString,
    FHIR_PRIVATE_KEY_FILE: optionalString,
    FHIR_KEY_ID: optionalString,
    RECORD_RETRY_INTERVAL_MS: wholeNumber(1000, 3600000).default(15000),
    CONTACT_IDLE_MINUTES: wholeNumber(1, 1440).default(30),
    // Retention (README: "Retention"): the record's content after the NHS Records Management Code of Practice,
    // operational data in days.
    RETENTION_RECORD_YEARS: wholeNumber(1, 100).default(8),
    RETENTION_COMPLAINT_YEARS: wholeNumber(1, 100).default(10),
    RETENTION_UNFILED_TRANSCRIPT_DAYS: wholeNumber(1, 36500).default(30),
    RETENTION_WEBHOOK_LEDGER_DAYS: wholeNumber(1, 36500).default(7),
    RETENTION_LOGIN_FAILURE_DAYS: wholeNumber(1, 36500).default(30),
    RETENTION_OPERATIONAL_DAYS: wholeNumber(1, 36500).default(30),
    RETENTION_SWEEP_INTERVAL_MS: wholeNumber(60000, 86400000).default(3600000),
  })
  .superRefine((c, ctx) => {
    if (c.RECORD_SYSTEM === 'fhir' && !c.FHIR_BASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['FHIR_BASE_URL'], message: 'must be set when RECORD_SYSTEM=fhir' });
    }
    // private_key_jwt needs all four, or none (a server that needs no authentication).
    const auth = ['FHIR_TOKEN_URL', 'FHIR_CLIENT_ID', 'FHIR_PRIVATE_KEY_FILE', 'FHIR_KEY_ID'] as const;
    const given = auth.filter((k) => !!c[k]);
    if (given.length > 0 && given.length < auth.length) {
      const missing = auth.find((k) => !c[k])!;
      ctx.addIssue({
        code: 'custom',
        path: [missing],
        message: 'must be set together with the other FHIR_ auth variables',
      });
    }
    // A session secret anyone can read in the source would let anyone forge console sessions and chat tokens.
    if (c.NODE_ENV === 'production' && (!c.SESSION_SECRET || c.SESSION_SECRET === DEVELOPMENT_SESSION_SECRET)) {
      ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'must be set in production' });
    }
    // The demo rota's clinicians are fictional: putting a real caller through to them would be a dead end.
    if (c.NODE_ENV === 'production' && !c.ROTA_FILE) {
      ctx.addIssue({
        code: 'custom',
        path: ['ROTA_FILE'],
        message: 'must name the duty rota under content/ in production',
      });
    }
    if (c.NODE_ENV === 'production' && c.ROTA_FILE && /^(\.\/)?demo\//.test(c.ROTA_FILE)) {
      ctx.addIssue({
        code: 'custom',
        path: ['ROTA_FILE'],
        message: 'must not be the demo rota in production: its clinicians and numbers are fictional',
      });
    }
    const weak = c.ADMIN_PASSWORD && passwordProblem(c.ADMIN_PASSWORD, c.ADMIN_EMAIL);
    if (weak) ctx.addIssue({ code: 'custom', path: ['ADMIN_PASSWORD'], message: weak });
    // Anyone could sign webhooks with a token published in the source, and so speak for any caller.
    if (
      c.NODE_ENV === 'production' &&
      (!c.TWILIO_AUTH_TOKEN || c.TWILIO_AUTH_TOKEN === DEVELOPMENT_TWILIO_AUTH_TOKEN)
    ) {
      ctx.addIssue({ code: 'custom', path: ['TWILIO_AUTH_TOKEN'], message: 'must be set in production' });
    }
    // Sending SMS needs both: the account to send from and the number texts come from.
    if (!!c.TWILIO_ACCOUNT_SID !== !!c.TWILIO_FROM_NUMBER) {
      const missing = c.TWILIO_ACCOUNT_SID ? 'TWILIO_FROM_NUMBER' : 'TWILIO_ACCOUNT_SID';
      ctx.addIssue({
        code: 'custom',
        path: [missing],
        message: 'must be set together with the other TWILIO_ variable',
      });
    }
    if (!!c.ADMIN_EMAIL !== !!c.ADMIN_PASSWORD) {
      const missing = c.ADMIN_EMAIL ? 'ADMIN_PASSWORD' : 'ADMIN_EMAIL';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'must be set together with the other ADMIN_ variable' });
    }
  })
  .transform((c) => ({
    ...c,
    PUBLIC_URL: (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/, ''),
    SESSION_SECRET: c.SESSION_SECRET ?? DEVELOPMENT_SESSION_SECRET,
    ROTA_FILE: c.ROTA_FILE ?? 'demo/rota.yaml',
    // Long enough for a load balancer's readiness checks to see 503 and stop sending before the listener closes.
    SHUTDOWN_DRAIN_MS: c.SHUTDOWN_DRAIN_MS ?? (c.NODE_ENV === 'production' ? 5000 : 0),
    TWILIO_AUTH_TOKEN: c.TWILIO_AUTH_TOKEN ?? DEVELOPMENT_TWILIO_AUTH_TOKEN,
  }));

export type Config = z.infer<typeof configSchema>;

/** Thrown for a bad environment; the message names the variable and what it must be, in one line. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const known = Object.fromEntries(
    Object.keys(configSchema.in.shape).map((key) => [key, env[key] === undefined ? undefined : env[key]]),
  );
  const result = configSchema.safeParse(known);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = String(issue.path[0] ?? 'configuration');
  const value = env[name];
  const shown = value === undefined ? '' : ` (got ${isSecret(name) ? 'a hidden value' : JSON.stringify(value)})`;
  const reason = issue.message.startsWith('must') ? issue.message : `is invalid: ${issue.message}`;
  throw new ConfigError(`Configuration error: ${name} ${reason}${shown}`);
}

function isSecret(name: string): boolean {
  return /PASSWORD|SECRET|TOKEN|URI/i.test(name);
}
