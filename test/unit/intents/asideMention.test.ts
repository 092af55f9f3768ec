import { createUnderstander } from '../../../src/intents';

const understander = createUnderstander();
const dispositionOf = (text: string) => understander.understand(text).disposition;

describe('an emergency word said in passing (content/red-flags/aside.yaml)', () => {
  it.each([
    'I would like to say thank you to the nurse who came when my husband had his fit last spring',
    'could the nurse come after lunch on friday, the seizure dog trainer visits in the morning',
  ])('a message about something else, naming one emergency finding, is not told 999: %s', (text) => {
    expect(dispositionOf(text)).not.toBe('emergency_999');
  });

  it('a hedge is still not told 999: its finding is not current, so there is nothing to set aside', () => {
    const read = understander.understand('if mum ever gets chest pain who do I ring, and can her visit be moved');
    expect(read.disposition).not.toBe('emergency_999');
    expect(read.findings.find((f) => f.id === 'chest_pain')?.current).toBe(false);
  });

  it('a message set aside stays clinical, so the danger-sign questions are still asked', () => {
    const read = understander.understand(
      'could the nurse come after lunch on friday, the seizure dog trainer visits in the morning',
    );
    expect(read.findings.find((f) => f.id === 'seizure')?.current).toBe(true);
    expect(read.redFlags.some((h) => h.disposition === 'emergency_999')).toBe(false);
    expect(read.clinical).toBe(true);
  });

  it.each([
    // Happening now, said inside a request about a visit.
    'please can you rearrange tomorrow visit to the afternoon, my wife has collapsed in the hall',
    "can you move the nurse visit to 2pm, mum's fitting",
    'can you move the nurse visit to 2pm, he is having a fit right now',
    // Two findings together are a description, not a word in passing.
    'cancel the visit please, he has collapsed and is not breathing',
    // A farewell dressed as thanks is never set aside.
    'I have saved up all my tablets and tonight is the night, thank you to the nurses for being so kind',
    // A short answer has no purpose of its own.
    'yes he collapsed',
    // A sign seen in the person now, said in passing in a request about a visit.
    'could the nurse come on friday instead of thursday, oh and his lips look blue',
    'can the nurse come friday afternoon instead, by the way his face looks droopy on one side',
    "oh and he's not breathing properly, anyway about the visit",
  ])('an emergency is still told 999: %s', (text) => {
    expect(dispositionOf(text)).toBe('emergency_999');
  });
});
