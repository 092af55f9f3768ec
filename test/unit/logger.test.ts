import { Writable } from 'node:stream';
import { createLogger } from '../../src/observability/logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { logger: createLogger({ level: 'info', destination }), lines };
}

describe('logger', () => {
  it('writes structured JSON with the service name', () => {
    const { logger, lines } = capture();
    logger.info({ event: 'turn', channel: 'webchat' }, 'turn handled');
    expect(lines[0]).toMatchObject({ service: 'front-door', event: 'turn', channel: 'webchat', msg: 'turn handled' });
  });

  it('redacts patient-identifiable fields at any depth', () => {
    const { logger, lines } = capture();
    logger.info({
      nhsNumber: '9992345675',
      patient: { name: 'Edith Clarke', dateOfBirth: '1939-03-14', contact: { mobile: '07700900123' } },
      activity: { from: { id: 'user-1' }, text: 'my NHS number is 999 234 5675' },
      twilio: { From: '+447700900123', SpeechResult: 'chest pains' },
    });
    const out = JSON.stringify(lines[0]);
    for (const secret of [
      '9992345675',
      'Edith',
      '1939-03-14',
      '07700900123',
      '999 234 5675',
      '+447700900123',
      'chest',
    ]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('user-1');
  });
});
