import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createUnderstander } from '../../../src/intents';
import {
  FindingNet,
  LEARNED_EMERGENCY,
  learnedLift,
  netFeatures,
  netText,
} from '../../../src/intents/language/findingNet';
import { loadLocaleScreens } from '../../../src/intents/language/localeScreen';

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

  it('keeps its trained weights between starts, and a kept model scores as a fresh one', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'finding-net-'));
    try {
      const fresh = FindingNet.load(dir);
      expect(readdirSync(dir).filter((f) => f.startsWith('finding-net-'))).toHaveLength(1);
      const kept = FindingNet.load(dir);
      const text = 'brat napisał, że to już koniec, przeprosił i nie odbiera telefonu';
      expect(kept.net.score(text)).toBeCloseTo(fresh.net.score(text), 9);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const learned = FindingNet.load();
  const screens = loadLocaleScreens();
  // A farewell and a phone not answered: no rule's words, and the kind of message the net learnt is an emergency.
  const farewell = 'brat napisał, że to już koniec, przeprosił i nie odbiera telefonu';

  it('lifts a message in another language to 999 with the advice in that language, then English', () => {
    const hit = learnedLift(learned, farewell, () => 'pl', screens);
    expect(hit).toMatchObject({ id: LEARNED_EMERGENCY, disposition: 'emergency_999', language: 'pl', because: [] });
    expect(hit?.message).toMatch(/Zadzwoń teraz pod 999/);
    expect(hit?.message).toContain(screens.englishEmergency.text);
  });

  it('never lifts a message identified as English, and gives the English advice when no screen serves the language', () => {
    expect(learnedLift(learned, farewell, () => 'en', screens)).toBeUndefined();
    expect(learnedLift(learned, farewell, () => 'tl', screens)?.message).toBe(screens.englishEmergency.text);
  });

  it('does not identify the language of a message it would not lift', () => {
    const languageOf = jest.fn(() => 'pl');
    expect(learnedLift(learned, 'mama nie ma bólu w klatce, tylko kaszel', languageOf, screens)).toBeUndefined();
    expect(languageOf).not.toHaveBeenCalled();
  });

  it('raises only what the rules left below 999, through understand()', () => {
    const understander = createUnderstander();
    const lifted = understander.understand(farewell);
    expect(lifted.disposition).toBe('emergency_999');
    expect(lifted.redFlags[0]).toMatchObject({ id: LEARNED_EMERGENCY, language: 'pl' });
    // A rule's own 999 keeps its own finding (the net adds nothing where the rules already found the emergency).
    expect(understander.understand('tata nie oddycha').redFlags.map((h) => h.id)).not.toContain(LEARNED_EMERGENCY);
    expect(understander.understand('mama nie ma bólu w klatce, tylko kaszel').disposition).not.toBe('emergency_999');
  });
});
