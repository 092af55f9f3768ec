import { loadConfig, type Config } from '../../src/config';

/** Configuration for tests that never touch a store. */
export function testConfigWithoutStore(overrides: Record<string, string> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', PORT: '0', LOG_LEVEL: 'silent', ...overrides });
}
