import { createNormaliser } from '../../../src/intents/normalise';
import { loadRedFlags } from '../../../src/intents/redFlags';

// Issue 16, hazard H252: the kind of message behind spent set Q's one emergency that got no 999 advice even in a
// whole conversation: a suicide plan told cheerfully, as letters written for everyone close and a dangerous place to
// go, with no word of suicide. Told here in wording of our own, beside ordinary letters, notes and outings that must
// not be 999.
const normalise = createNormaliser();
const screen = loadRedFlags();
const most = (text: string) => screen.read(normalise(text), text).hits[0]?.disposition ?? 'none';

describe('letters written for everyone close, and a dangerous place to go (H252)', () => {
  it.each([
    "all good here, I've written letters for the family and I'm off to the bridge tonight",
    'wrote notes to my kids, heading to the railway now',
    'finished the letters for everyone, going to the quarry later, thanks for all you did',
  ])('"%s" is 999', (text) => {
    expect(most(text)).toBe('emergency_999');
  });

  it.each([
    // Notes for the carers, a letter of complaint, a club that meets by a bridge: no farewell.
    "I've written notes for the carers and we're going to the river for a walk with the dog",
    "I've written letters to the council about the bins and I'm going to the bridge club later",
    'she wrote a letter to her MP and wants to go to the bridge to see the boats',
  ])('"%s" is not 999', (text) => {
    expect(most(text)).not.toBe('emergency_999');
  });
});
