import { createNormaliser } from '../../../src/intents/normalise';
import { loadRedFlags } from '../../../src/intents/redFlags';
import { sharedWordNet } from '../../../src/intents/wordNet';

// Safety-m round (issue 16, hazards H199-H203): structural causes of false 999s and under-triage, each told here in
// wording of our own, with look-alikes that must not move.
const normalise = createNormaliser();
const screen = loadRedFlags();
const most = (text: string) => screen.read(normalise(text)).hits[0]?.disposition ?? 'none';
const hits = (text: string) => screen.read(normalise(text)).hits.map((h) => h.id);
const current = (text: string) =>
  screen
    .read(normalise(text))
    .findings.filter((f) => f.current)
    .map((f) => f.id);
const modifiersOf = (text: string, id: string) =>
  screen.read(normalise(text)).findings.find((f) => f.id === id)?.modifiers;

describe('a typed reading belongs to its own label (H199)', () => {
  it.each([
    ['obs: HR 82, RR 18, temp 36.8', 'tachycardia_high'],
    ['sats 96 and pulse 82', 'low_oxygen'],
    ['BP 132/74, HR 79, sats 96', 'hypotension'],
    ['pulse 88, RR 17', 'tachycardia_high'],
  ])('"%s" is not %s: the number is another sign\'s', (text, id) => {
    expect(current(text)).not.toContain(id);
    expect(most(text)).not.toBe('emergency_999');
  });

  it.each([
    ['her sats are 82 on air', 'low_oxygen'],
    ['sats 94 dropping to 83 now', 'low_oxygen'],
    ['BP 82/40 and pulse 90', 'hypotension'],
    ['heart rate 150 and sweaty', 'tachycardia_high'],
    ['RR 30, HR 145', 'tachycardia_high'],
  ])('"%s" is still %s', (text, id) => {
    expect(current(text)).toContain(id);
  });
});

describe('a finding said of a thing, or in a love note, is a figure of speech (H200)', () => {
  it.each([
    ['my laptop is having a seizure again, can I book by phone', 'seizure'],
    ['the website has collapsed, how else do I cancel', 'collapse'],
  ])('"%s": %s is figurative', (text, id) => {
    expect(modifiersOf(text, id)).toContain('figurative');
    expect(most(text)).not.toBe('emergency_999');
  });

  it('"can not breathe without you" is a love note; without an inhaler it is breathlessness', () => {
    expect(most('honestly I cant breathe without you x')).not.toBe('emergency_999');
    expect(most('I cant breathe without my inhaler and it has run out')).toBe('emergency_999');
  });

  it("keeps a person's emergency beside a thing, and a car with its engine running", () => {
    expect(hits('my phone is dying and my husband has collapsed')).toContain('unresponsive');
    expect(most('he is sitting in the car with the engine running')).toBe('emergency_999');
  });
});

describe('a past event told with its date first, or already taken to hospital, is not now (H200)', () => {
  it.each([
    ['a few years ago I had a seizure at work, can you update my notes', 'seizure'],
    ['back in 2015 my dad took an overdose, he is doing well', 'overdose'],
    ['Mrs K who rang with chest pain was taken to hospital by ambulance, just letting you know', 'chest_pain'],
  ])('"%s": %s is historical', (text, id) => {
    expect(modifiersOf(text, id)).toContain('historical');
  });

  it('keeps what is happening now after an old date, and a recent past', () => {
    expect(most('years ago I had a stroke and now his face has dropped again')).toBe('emergency_999');
    expect(most('last night he had crushing chest pain')).toBe('emergency_999');
  });
});

describe('word senses that are not the finding (H201)', () => {
  it('a dictionary word is heard as a finding only when about its length', () => {
    expect(sharedWordNet().knows('pound')).toBe(true);
    expect(hits('the parking is 4 pound an hour')).not.toContain('poisoning');
    expect(most('he is not breeding')).toBe('emergency_999');
  });

  it.each([
    ['I have a dentist appointment I cant change it', 'neglect'],
    ["she's not there when the nurse calls, she's at her sister's", 'confusion'],
    ['when is the stairlift fitting happening', 'seizure'],
    ["the pharmacy run's on Tuesday", 'vomiting_or_diarrhoea'],
  ])('"%s" is not %s', (text, id) => {
    expect(current(text)).not.toContain(id);
  });

  it.each([
    ['she has not been changed since this morning', 'neglect'],
    ['he keeps talking to a man who is not there', 'confusion'],
    ['he is fitting and will not stop', 'seizure'],
    ['she has had the runs all day', 'vomiting_or_diarrhoea'],
  ])('"%s" is still %s', (text, id) => {
    expect(current(text)).toContain(id);
  });
});

describe('a catheter draining blood, and a child or baby with sepsis signs (H202)', () => {
  it.each([['the catheter bag is filling up with blood'], ['clots in his catheter bag and it looks bright red']])(
    '"%s" is urgent catheter care',
    (text) => {
      expect(hits(text)).toContain('catheter_bleeding');
      expect(most(text)).toMatch(/urgent_2h|emergency_999/);
    },
  );

  it('a catheter change booked after blood tests is not, nor blood that has cleared', () => {
    expect(hits('can you move the catheter change to after her blood tests')).not.toContain('catheter_bleeding');
    expect(hits('the blood in her catheter bag from monday has cleared up')).not.toContain('catheter_bleeding');
  });

  it.each([
    ['my 3 week old has a temperature of 38.2'],
    ['newborn feels hot, temp 38.4'],
    ['my 4yo is very sleepy and his hands and feet are freezing cold'],
    ['our toddler is really drowsy and ice cold to touch'],
    ['my 5yr old is unusually sleepy and her hands are ice cold'],
  ])('"%s" is 999', (text) => {
    expect(most(text)).toBe('emergency_999');
  });

  it('an older child with a temperature, or a sleepy child who is warm, is not 999 on those words alone', () => {
    expect(most('my 9 year old has a temperature of 38.2')).not.toBe('emergency_999');
    expect(most('my 4yo is sleepy after nursery')).not.toBe('emergency_999');
  });
});

describe('a belief, a soap scene, idle curiosity and life after a stroke are not an event now (H200)', () => {
  it.each([
    ['my dad reckons every chest twinge is a heart attack, can you remind him when his check up is'],
    ['that scene in Hollyoaks with the overdose was hard to watch'],
    ['can you really overdose on paracetamol? only wondering, not about me'],
    ['where can I get information on driving after a stroke'],
  ])('"%s" is not 999', (text) => {
    expect(most(text)).not.toBe('emergency_999');
  });

  it('keeps an event now beside such words', () => {
    expect(most('she thinks every pain is nothing, but now she has crushing chest pain')).toBe('emergency_999');
    expect(most('after a fit he is not waking up')).toBe('emergency_999');
    expect(most('I think he is having a stroke after a fall')).toBe('emergency_999');
  });
});

describe('the carer taken to hospital, told with words between (H203)', () => {
  it.each([
    ['the crew have just taken me into A&E and my wife has dementia and cannot be left alone'],
    ['I got rushed in to A&E last night, my son is bedbound and nobody is with him'],
  ])('"%s" is a carer breakdown', (text) => {
    expect(hits(text)).toContain('carer_unavailable');
  });

  it('a trip to a hospital appointment is not', () => {
    expect(hits('I took mum to the hospital for her appointment, she has dementia')).not.toContain('carer_unavailable');
  });
});

describe('a goodbye sent as a message, then no answer (H202)', () => {
  it('is 999, as "texted me goodbye" was', () => {
    expect(hits('my sister messaged us goodbye last night and now she will not pick up')).toContain(
      'goodbye_then_silence',
    );
  });

  it('a goodbye with an answer, or no goodbye, is not', () => {
    expect(hits('he texted goodbye when he left for work, he is fine')).not.toContain('goodbye_then_silence');
    expect(hits('can you look after the dog for him, he is not answering his phone')).not.toContain(
      'goodbye_then_silence',
    );
  });
});
