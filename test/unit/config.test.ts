import { ConfigError, loadConfig } from '../../src/config';

describe('configuration', () => {
  it('has working defaults for development', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3978,
      PUBLIC_URL: 'http://localhost:3978',
      DATA_DIR: './data',
      MONGODB_DB: 'frontdoor',
      MONGODB_URI: undefined,
    });
  });

  it('derives PUBLIC_URL from PORT and strips a trailing slash from a given one', () => {
    expect(loadConfig({ PORT: '8080' }).PUBLIC_URL).toBe('http://localhost:8080');
    expect(loadConfig({ PUBLIC_URL: 'https://frontdoor.example.nhs.uk/' }).PUBLIC_URL).toBe(
      'https://frontdoor.example.nhs.uk',
    );
  });

  it('treats an empty optional variable as unset', () => {
    expect(loadConfig({ MicrosoftAppId: '' }).MicrosoftAppId).toBeUndefined();
  });

  it.each([
    ['PORT', 'abc', /^Configuration error: PORT must be a whole number from 0 to 65535 \(got "abc"\)$/],
    ['PORT', '70000', /PORT must be a whole number/],
    ['NODE_ENV', 'prod', /^Configuration error: NODE_ENV is invalid: .*"production".*\(got "prod"\)$/],
    [
      'MONGODB_URI',
      'http://db',
      /^Configuration error: MONGODB_URI must start with mongodb:\/\/ .*\(got a hidden value\)$/,
    ],
    ['PUBLIC_URL', 'ftp://x', /PUBLIC_URL is invalid/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL is invalid/],
    ['MONGODB_DB', 'bad name', /MONGODB_DB must be 1-38 letters/],
    ['SHUTDOWN_TIMEOUT_MS', '5', /SHUTDOWN_TIMEOUT_MS must be a whole number from 100/],
  ])('rejects %s=%s with one line naming the variable', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('refuses production without a real duty rota, and uses the demo rota in development', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) })).toThrow(
      /^Configuration error: ROTA_FILE must name the duty rota under content\/ in production$/,
    );
    expect(loadConfig({}).ROTA_FILE).toBe('demo/rota.yaml');
    expect(() => loadConfig({ ROTA_FILE: '../secrets.yaml' })).toThrow(/ROTA_FILE must be a YAML file path/);
  });

  it('never echoes a secret back', () => {
    expect(() => loadConfig({ MONGODB_URI: 'postgres://user:hunter2@db' })).toThrow(/^(?!.*hunter2)/);
  });
});
