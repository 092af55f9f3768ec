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
