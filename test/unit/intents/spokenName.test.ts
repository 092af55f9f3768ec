import {
  spokenNameBeforeDate,
  spokenOwnName,
  spokenPatientName,
  withoutSpelledWords,
} from '../../../src/intents/entities/spokenName';

// Names as phone speech recognition writes them, in small letters: set H's voice calls gave both names in the first
// breath and were asked for them again.
describe('names said in small letters', () => {
  it.each([
    ["hello it's kwame osei ringing about my wife", 'Kwame Osei'],
    ['morning this is winifred okonkwo i need to rearrange my dressing', 'Winifred Okonkwo'],
    ['my name is doreen pike', 'Doreen Pike'],
    ["yes i'm harold finch, calling for my sister", 'Harold Finch'],
    // Issue 17, set J read: the name said last, after the question, or with a title first, or before the request.
    ['could you tell me when the dressing nurse comes its doreen pike', 'Doreen Pike'],
    ["is the physio still coming on friday it's harold finch.", 'Harold Finch'],
    ["hello there it's mr finch harold finch about my dressing", 'Harold Finch'],
    ["it's mrs doreen pike ringing", 'Doreen Pike'],
    ['hello love its winifred okonkwo', 'Winifred Okonkwo'],
    ['morning its kwame osei can someone move my visit', 'Kwame Osei'],
  ])('the speaker: %s → %s', (text, name) => expect(spokenOwnName(text)).toBe(name));

  it.each([
    ['hi i need to cancel for my dad stanley okafor i have his details', 'Stanley Okafor'],
    ['its about my husband, bernard lowe. he is in hospital', 'Bernard Lowe'],
  ])('the patient: %s → %s', (text, name) => expect(spokenPatientName(text)).toBe(name));

  it.each([
    ['bernard lowe second of june forty one', 'Bernard Lowe'],
    ['yes doreen pike born 4/5/1937', 'Doreen Pike'],
  ])('run into a date of birth: %s → %s', (text, name) => expect(spokenNameBeforeDate(text)).toBe(name));

  it.each([
    "it's really bad i need help",
    "i'm worried sick about my mum",
    'this is urgent please',
    "i'm calling about my dad",
    "it's heart failure nurse i want",
    'my mum is very confused today',
    'i am not sure',
    "i'm going away on friday",
    // A relative named last is the patient, not the speaker; "its" as a possessive is no cue.
    "i'm ringing about my mum it's doreen pike",
    'the pump is beeping its battery flat',
    'i miss my husband terribly',
  ])('not a name: %s', (text) => {
    expect(spokenOwnName(text)).toBeUndefined();
    expect(spokenPatientName(text)).toBeUndefined();
  });

  it.each(['the visit on tuesday 14 march', 'move it to next week 3 pm', 'district nurse 12 december'])(
    'not a name before a date: %s',
    (text) => expect(spokenNameBeforeDate(text)).toBeUndefined(),
  );

  // Set N (spent): "my name" without "is", and a name spelt out letter by letter.
  it('reads "my name Edith Clarke" as the speaker', () => {
    expect(spokenOwnName('pardon oh my name edith clarke')).toBe('Edith Clarke');
  });

  it.each([
    ["Edith Clarke that's E D I T H Clarke", "Edith Clarke that's Edith Clarke"],
    ['Joyce Palmer P A L M E R', 'Joyce Palmer '],
    ['S W eighteen two P U', 'S W eighteen two P U'],
    ['a b c', 'Abc'],
  ])('reads the spelt-out word in "%s"', (said, read) => {
    expect(withoutSpelledWords(said)).toBe(read);
  });
});
