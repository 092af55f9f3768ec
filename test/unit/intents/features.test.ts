import { featuresOf } from '../../../src/intents/features';

describe('featuresOf', () => {
  it('adds stemmed pairs one word apart only when asked', () => {
    const tokens = ['cancel', 'my', 'appointment'];
    expect(featuresOf(tokens, { skipBigrams: true })).toContain('k:cancel_appoint');
    expect(featuresOf(tokens).some((f) => f.startsWith('k:'))).toBe(false);
  });
});
