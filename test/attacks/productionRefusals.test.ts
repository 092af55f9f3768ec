import { DEVELOPMENT_SESSION_SECRET, loadConfig } from '../../src/config';

const production = {
  NODE_ENV: 'production',
  SESSION_SECRET: 'a-real-production-secret-0123456789abcdef',
  ROTA_FILE: 'rota/duty-rota.yaml',
  TWILIO_AUTH_TOKEN: 'a-real-twilio-auth-token-0123456789',
};

/**
 * Issue 21 row 7 (and row 15's weak admin password): production started with the published development session
 * secret, and a token forged with it read a patient conversation; it also accepted the demo rota and
 * ADMIN_PASSWORD=aaaaaaaaaaaa.
 */
describe('attack: production on published or weak secrets', () => {
  it('starts with real values', () => {
    expect(loadConfig(production).NODE_ENV).toBe('production');
  });

  it('refuses the development session secret', () => {
    expect(() => loadConfig({ ...production, SESSION_SECRET: DEVELOPMENT_SESSION_SECRET })).toThrow(
      /^Configuration error: SESSION_SECRET must be set in production/,
    );
  });

  it.each(['demo/rota.yaml', './demo/rota.yaml'])('refuses the demo rota (%s)', (file) => {
    expect(() => loadConfig({ ...production, ROTA_FILE: file })).toThrow(
      /ROTA_FILE must not be the demo rota in production/,
    );
  });

  it.each([
    ['aaaaaaaaaaaa', /repeated character/],
    ['Password2026!', /passwords attackers try first/],
    ['123456789012', /simple run/],
    ['short', /at least 12/],
  ])('refuses ADMIN_PASSWORD=%s, naming the rule and never the value', (password, rule) => {
    const attempt = () => loadConfig({ ...production, ADMIN_EMAIL: 'admin@hub.example', ADMIN_PASSWORD: password });
    expect(attempt).toThrow(rule);
    expect(attempt).toThrow(/^(?!.*aaaaaaaaaaaa)(?!.*Password2026)/);
  });
});
