import { DEVELOPMENT_SESSION_SECRET, loadConfig } from '../../src/config';

describe('console configuration', () => {
  it('uses a labelled development session secret outside production', () => {
    expect(loadConfig({}).SESSION_SECRET).toBe(DEVELOPMENT_SESSION_SECRET);
    expect(DEVELOPMENT_SESSION_SECRET).toMatch(/development-only/);
  });

  it('refuses to start in production without SESSION_SECRET, without echoing secrets', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /^Configuration error: SESSION_SECRET must be set in production$/,
    );
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'short' })).toThrow(
      /^Configuration error: SESSION_SECRET must be at least 32 characters \(got a hidden value\)$/,
    );
  });

  it('needs ADMIN_EMAIL and ADMIN_PASSWORD together, and a long enough password', () => {
    expect(() => loadConfig({ ADMIN_EMAIL: 'admin@hub.example' })).toThrow(/ADMIN_PASSWORD must be set together/);
    expect(() => loadConfig({ ADMIN_EMAIL: 'admin@hub.example', ADMIN_PASSWORD: 'short' })).toThrow(
      /ADMIN_PASSWORD must be at least 12 characters \(got a hidden value\)/,
    );
    expect(() => loadConfig({ ADMIN_EMAIL: 'nope', ADMIN_PASSWORD: 'long-enough-password' })).toThrow(
      /ADMIN_EMAIL must be an email address/,
    );
  });
});
