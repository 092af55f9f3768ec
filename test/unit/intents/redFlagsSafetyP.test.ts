import { createNormaliser } from '../../../src/intents/normalise';
import { loadRedFlags } from '../../../src/intents/redFlags';

// Issue 16, hazards H248-H251: the kinds of message the English screen got wrong on the spent set P (non-urgent told
// 999; two professionals' emergencies not told 999), each told here in wording of our own, beside emergencies that use
// the same cue words and must stay 999.
const normalise = createNormaliser();
const screen = loadRedFlags();
const most = (text: string) => screen.read(normalise(text), text).hits[0]?.disposition ?? 'none';

describe('a past event dated by a decade, a war, an age or a diagnosis given since (H248)', () => {
  it.each([
    'grandma keeps talking about her brother who drowned in the 50s, she gets upset but she is fine',
    'my uncle was stabbed in the war and likes to show the carers his scar',
    'my cousin had a heart attack at 45 and recovered fully, does it run in families?',
    'my face went numb for a bit in January, the hospital called it a TIA, I have been fine ever since, can I rebook my podiatry',
  ])('"%s" is not 999', (text) => {
    expect(most(text)).not.toBe('emergency_999');
  });

  it.each([
    // A recovery after minutes, with no date, is a TIA: still 999 (NHS.UK stroke).
    'my face went numb for a few minutes and I have been fine since',
    // A clock hour is not an age.
    'he had a fit at 10 and recovered fully',
    'he was stabbed in the leg outside the pub',
    'she is drowning in the bath, I can not get her out',
  ])('"%s" stays 999', (text) => {
    expect(most(text)).toBe('emergency_999');
  });
});

describe('what is left of a past event, told with "still" (H248)', () => {
  it.each([
    'she had a stroke in 2018, left leg still weak, can we book the physio',
    'dad had his stroke three years ago and his speech is still slurred, he wants the speech therapist again',
  ])('"%s" is not 999', (text) => {
    expect(most(text)).not.toBe('emergency_999');
  });

  it.each([
    // Not dated in the past: the "still" is of today's symptom.
    'his arm went weak an hour ago and it is still weak',
    // Something has changed.
    'she had a stroke in 2018, left leg still weak but today her face has dropped',
    'had a stroke in 2019, right arm still weak and now it is much worse',
    'he had a stroke years ago, arm still weak and suddenly he can not speak',
  ])('"%s" stays 999', (text) => {
    expect(most(text)).toBe('emergency_999');
  });
});

describe('a figure of speech said with "will" cut short, and a threat laughed off (H249)', () => {
  it.each([
    "the kids will be the death of me, they'll give me a heart attack, can we move Tuesday's visit",
    "my wife says she'll kill me if I phone you again haha but the new mattress has come",
  ])('"%s" is not 999', (text) => {
    expect(most(text)).not.toBe('emergency_999');
  });

  it.each(["he says he'll kill me if I tell anyone", "he's going to kill me lol he is hitting me"])(
    '"%s" stays 999',
    (text) => {
      expect(most(text)).toBe('emergency_999');
    },
  );
});

describe('someone else: an animal with its owner named, a relative’s teacher, a stranger on television (H250)', () => {
  it.each([
    "my sister's cat had a fit this morning, the vet has seen it, just so you know why mum is upset",
    "my son's coach collapsed at football on Saturday, the paramedics took him in, how do I explain it to him",
    'we watched a documentary last night and a woman collapsed on a train and was not breathing, it upset dad, can the nurse talk to him',
  ])('"%s" is not 999', (text) => {
    expect(most(text)).not.toBe('emergency_999');
  });

  it.each([
    // A named relative in front of the television is a person now.
    'we were watching a film and dad collapsed and is not breathing',
    // A stranger here, with no story being watched, is someone to help now.
    'a man has collapsed outside our house and is not breathing',
    'my dog walker collapsed in the park and is not breathing',
    'my son collapsed at football and is not breathing',
  ])('"%s" stays 999', (text) => {
    expect(most(text)).toBe('emergency_999');
  });
});

describe("a professional's emergency in their own shorthand (H251)", () => {
  it.each([
    'district nurse here, pt found on floor approx 3 days, cold, confused',
    'crew on scene: ?leaking AAA, abdo pain, conveying',
    'known AAA under surveillance, BP 80 systolic, pale and sweaty',
  ])('"%s" is 999', (text) => {
    expect(most(text)).toBe('emergency_999');
  });

  it.each([
    'his AAA was repaired in 2015 and the last scan was stable, please update the record',
    'known AAA, not leaking on the last scan, routine surveillance letter attached',
  ])('"%s" is not 999', (text) => {
    expect(most(text)).not.toBe('emergency_999');
  });
});
