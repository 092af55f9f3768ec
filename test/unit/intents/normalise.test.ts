import { createNormaliser } from '../../../src/intents/normalise';
import { SpellingCorrector } from '../../../src/intents/spelling';

const normalise = createNormaliser();

describe('normaliser', () => {
  it.each([
    ["I can't breathe", 'i can not breathe'],
    ['cant breath', 'can not breath'],
    ["He's collapsed!", 'he is collapsed !'],
    ["me mum's had a fall", 'me mum had a fall'],
    ['um yeah I need to change my appointment', 'i need to change my appointment'],
    ['my mom has diarrhea', 'my mum has diarrhoea'],
    ['temp 38.5. No rash', 'temp 38.5 . no rash'],
    ['Café RÉSUMÉ', 'cafe resume'],
    // "Will" cut short is read in full (H249); "shell" and "hell" typed as words stay themselves.
    ["She'll give me a stroke", 'she will give me a stroke'],
    ["he'll ring back, they'll be fine", 'he will ring back , they will be fine'],
    ['a shell on the beach, hurts like hell', 'a shell on the beach , hurts like hell'],
  ])('%j → %j', (text, expected) => expect(normalise(text)).toBe(expected));

  it('never normalises a message away entirely: "yeah" alone is an answer', () => {
    expect(normalise('yeah')).toBe('yeah');
  });
});

describe('spelling corrector', () => {
  const speller = new SpellingCorrector(['appointment', 'cancel', 'breathing', 'catheter']);
  it.each([
    ['apointment', 'appointment'],
    ['braething', 'breathing'],
    ['cathater', 'catheter'],
    ['cancel', 'cancel'],
    ['pizza', 'pizza'],
    ['cat', 'cat'],
  ])('%s → %s', (word, expected) => expect(speller.correct(word)).toBe(expected));
});
