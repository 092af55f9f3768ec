import { FindingNet, netFeatures, netText } from '../../../scripts/finding-net/findingNet';

describe('the learned cross-lingual emergency screen (H240)', () => {
  it('reads a message without accents, Arabic vowel marks or punctuation, and keeps Indic vowel signs', () => {
    expect(netText('Nie mogę, ŁÓŻKO!')).toBe('nie moge lozko');
    expect(netText('أُمِّي')).toBe('امي');
    expect(netText('ırmak düştü')).toBe('irmak dustu');
    // Gujarati ી is a vowel sign of the word, not an accent.
    expect(netText('લોહી')).toBe('લોહી');
    expect(netFeatures('ab', { minN: 2, maxN: 3 }).sort()).toEqual([' a', ' ab', 'ab', 'ab ', 'b '].sort());
  });

  it('learns which n-grams go with emergencies, the same way every time', () => {
    const examples = [
      { text: 'nie oddycha', emergency: true },
      { text: 'mama nie oddycha', emergency: true },
      { text: 'wizyta jutro', emergency: false },
      { text: 'mama wizyta jutro', emergency: false },
    ];
    const settings = { minN: 2, maxN: 4, minCount: 1 };
    const net = FindingNet.train(examples, settings);
    expect(net.score('tata nie oddycha')).toBeGreaterThan(net.score('tata wizyta'));
    expect(FindingNet.train(examples, settings).score('tata nie oddycha')).toBe(net.score('tata nie oddycha'));
    expect(() => FindingNet.train([examples[0]], settings)).toThrow(/both kinds/);
  });
});
