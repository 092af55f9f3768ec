import { randomUUID } from 'node:crypto';
import { loadConfig, type Config } from '../../src/config';

/** Tests sign Twilio webhooks with this; production refuses to start without a real one. */
export const TEST_TWILIO_AUTH_TOKEN = 'test-only-twilio-auth-token-0123456789';

/** Configuration for an in-process app on the run's embedded store, in a database of its own. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    MONGODB_URI: process.env.TEST_MONGODB_URI,
    MONGODB_DB: `app_${randomUUID().replace(/-/g, '').slice(0, 24)}`,
    // Production refuses to start without one; tests that run as production need a value.
    SESSION_SECRET: 'test-only-session-secret-0123456789abcdef',
    TWILIO_AUTH_TOKEN: TEST_TWILIO_AUTH_TOKEN,
    ...overrides,
  });
}

/**
 * Production as loadConfig checks it, then run on the demo rota, which production refuses: tests have no real one.
 */
export function productionOnDemoRota(overrides: Record<string, string> = {}): Config {
  return {
    ...testConfig({ NODE_ENV: 'production', ROTA_FILE: 'rota/real-rota.yaml', SHUTDOWN_DRAIN_MS: '0', ...overrides }),
    ROTA_FILE: 'demo/rota.yaml',
  };
}

/** A console admin created at start-up, for tests that sign in. */
export const TEST_ADMIN = { email: 'admin@hub.example', password: 'admin-password-123' };

/** testConfig with TEST_ADMIN as the first console admin. */
export function configWithAdmin(overrides: Record<string, string> = {}): Config {
  return testConfig({ ADMIN_EMAIL: TEST_ADMIN.email, ADMIN_PASSWORD: TEST_ADMIN.password, ...overrides });
}
