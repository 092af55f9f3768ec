import { properNames } from '../../../src/intents/findings/properNames';

describe('names read as written (H52, H64)', () => {
  it.each([
    ['my son will is not breathing properly', 'will'],
    ['nurse grace said his sats were fine', 'grace'],
    ['our daughter hope has a rash', 'hope'],
    ['Rita Malone wants to move her visit', 'malone'],
    ['can Nurse Grace come tomorrow', 'grace'],
  ])('a name in "%s": %s', (text, name) => {
    expect(properNames(text)).toContain(name);
  });

  it.each([
    ['my son will not wake up', 'will'],
    ['the nurse never came', 'never'],
    ['my son just said he feels dizzy', 'just'],
    ['by the grace of god he is fine', 'grace'],
    ['I hope he is ok', 'hope'],
  ])('not a name in "%s": %s', (text, word) => {
    expect(properNames(text)).not.toContain(word);
  });
});
