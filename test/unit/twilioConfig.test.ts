import { DEVELOPMENT_TWILIO_AUTH_TOKEN, loadConfig } from '../../src/config';

const production = { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32), ROTA_FILE: 'rota/duty-rota.yaml' };

describe('Twilio configuration', () => {
  it('signs with a labelled development token by default and needs a real one in production', () => {
    expect(loadConfig({}).TWILIO_AUTH_TOKEN).toBe(DEVELOPMENT_TWILIO_AUTH_TOKEN);
    expect(DEVELOPMENT_TWILIO_AUTH_TOKEN).toMatch(/^development-only-/);
    expect(() => loadConfig(production)).toThrow(/^Configuration error: TWILIO_AUTH_TOKEN must be set in production$/);
    expect(() => loadConfig({ ...production, TWILIO_AUTH_TOKEN: DEVELOPMENT_TWILIO_AUTH_TOKEN })).toThrow(
      /TWILIO_AUTH_TOKEN must be set in production \(got a hidden value\)/,
    );
    expect(loadConfig({ ...production, TWILIO_AUTH_TOKEN: 'a-real-token-0123456789' }).NODE_ENV).toBe('production');
  });

  it('has a British neural voice and a dial timeout by default, and checks numbers and SIDs', () => {
    const config = loadConfig({});
    expect(config.TWILIO_VOICE).toMatch(/en-GB.*Neural/);
    expect(config.DIAL_TIMEOUT_SECONDS).toBe(20);
    expect(() => loadConfig({ DIAL_TIMEOUT_SECONDS: '2' })).toThrow(/DIAL_TIMEOUT_SECONDS must be a whole number/);
    expect(() => loadConfig({ TWILIO_FROM_NUMBER: '07700 900000' })).toThrow(/TWILIO_FROM_NUMBER must be .*E\.164/);
    expect(() => loadConfig({ TWILIO_ACCOUNT_SID: 'AC123' })).toThrow(
      /TWILIO_ACCOUNT_SID must be a Twilio account SID/,
    );
    expect(() => loadConfig({ TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}` })).toThrow(
      /TWILIO_FROM_NUMBER must be set together/,
    );
    expect(() => loadConfig({ VOICE_MIN_CONFIDENCE: '2' })).toThrow(
      /VOICE_MIN_CONFIDENCE must be a number from 0 to 1/,
    );
  });
});
