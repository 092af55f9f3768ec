import { loadGuidance } from '../../../src/dialogs/unwellDialog';
import { bestMatch, WordText } from '../../../src/triage/assessment/wordMatch';

describe('topics chosen by whole words and stems, never substrings', () => {
  const { topics } = loadGuidance();

  it('matches whole words and their stems', () => {
    const said = new WordText('She falls a lot and her ankles are puffy');
    expect(said.has('fall')).toBe(true);
    expect(said.has('ankle')).toBe(true);
    expect(said.has('wheez')).toBe(false);
    expect(new WordText('he is very wheezy').has('wheez')).toBe(true);
  });

  it('"weekend" does not pick the catheter topic, and "swollen tongue" does not pick leg swelling', () => {
    expect(bestMatch('what about the weekend', topics)).toBeUndefined();
    expect(bestMatch('my tongue is swollen', topics)).toBeUndefined();
    expect(bestMatch('my legs are swollen', topics)?.id).toBe('swelling');
    expect(bestMatch("my catheter isn't draining", topics)?.id).toBe('catheter');
  });

  it('matches phrases only with their words together and in order', () => {
    const said = new WordText('the bag was on the leg');
    expect(said.has('leg bag')).toBe(false);
    expect(new WordText('his leg bag is full').has('leg bag')).toBe(true);
  });
});
