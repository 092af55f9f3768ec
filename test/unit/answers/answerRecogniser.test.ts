import { AnswerRecogniser } from '../../../src/intents/answers/answerRecogniser';

describe('answers to yes / no questions, as people give them', () => {
  const r = AnswerRecogniser.load();
  const breathing = 'Is anyone struggling to breathe, or are their lips going blue or grey?';

  it.each([
    ['Yes', 'yes'],
    ['yeah he is', 'yes'],
    ['I think so', 'yes'],
    ['y', 'yes'],
    ['No', 'no'],
    ['nah', 'no'],
    ['not that I know of', 'no'],
    ["I don't think so", 'no'],
    ["she isn't", 'no'],
    ['he is not', 'no'],
    ['Not sure', 'not_sure'],
    ['dunno', 'not_sure'],
    ['she might be', 'not_sure'],
    ["I'm not sure, maybe", 'not_sure'],
    ['erm, possibly', 'not_sure'],
  ])('"%s" is %s', (answer, label) => {
    expect(r.recognise(answer, breathing)).toBe(label);
  });

  it('reads "no, but" followed by the thing asked about as yes, and anything else after it as no', () => {
    expect(r.recognise('no but his lips are blue', breathing)).toBe('yes');
    expect(r.recognise("no, but he's been a bit tired", breathing)).toBe('no');
  });

  it('reads a description of the thing asked about as yes, even with a negative in it', () => {
    expect(r.recognise("he can't catch his breath", breathing)).toBe('yes');
  });

  it('reads a danger sign named only to say it is fine as no, and one named as a problem still as yes', () => {
    expect(r.recognise("she's awake and her breathing is fine, it's her hip that hurts", breathing)).toBe('no');
    expect(r.recognise('lips normal colour, he just has a sore back', breathing)).toBe('no');
    expect(r.recognise('breathing okay but lips going grey', breathing)).toBe('yes');
    expect(r.recognise('she is struggling to breathe, okay?', breathing)).toBe('yes');
  });

  it('does not take a shared little word such as "up" for the thing asked about', () => {
    const swelling = 'Is their face, lips, tongue or throat swelling up?';
    expect(r.recognise('I got up in the night twice to the loo', swelling)).toBeUndefined();
    expect(r.recognise('his tongue looks huge', swelling)).toBe('yes');
  });

  it('does not take the "back" of a call back for a back the question asks about', () => {
    const chest = 'Chest pain or pressure, or pain spreading to the arm, jaw or back?';
    expect(r.recognise('can someone call back on 07700 900123', chest)).toBeUndefined();
    expect(r.recognise('ring me back later please', chest)).toBeUndefined();
    expect(r.recognise('the pain goes through to his back', chest)).toBe('yes');
  });

  it('places nothing when the answer is about something else', () => {
    expect(r.recognise('what time is the nurse coming', breathing)).toBeUndefined();
  });

  it('does not take a shared "not" for the thing asked about', () => {
    const bleeding = 'Right now, is there any of these? Bleeding heavily that will not stop, or very hard to wake?';
    expect(r.recognise("He's settled at the moment, he's not distressed", bleeding)).toBeUndefined();
    expect(r.recognise('the bleeding will not stop', bleeding)).toBe('yes');
  });
  it('does not take a question word shared with the question ("when") for the thing asked about (issue 17, set F)', () => {
    const sepsis =
      'Any of these, new today? A rash that does not fade when you press a glass on it, or no wee all day?';
    expect(
      r.recognise('Ok. And when do I start the rescue tablets, is that the green phlegm?', sepsis),
    ).toBeUndefined();
    expect(r.recognise('she has a rash that will not fade', sepsis)).toBe('yes');
  });

  it('reads "he is safe", "I am ok" as no, unless what follows a "but" is the thing asked about', () => {
    const danger = 'Is anyone in immediate danger right now?';
    expect(r.recognise('he is safe right now', danger)).toBe('no');
    expect(r.recognise('I am ok', breathing)).toBe('no');
    expect(r.recognise('she is safe but her lips are blue', breathing)).toBe('yes');
    expect(r.recognise('he is struggling to breathe', breathing)).toBe('yes');
    expect(r.recognise('yes he is', danger)).toBe('yes');
  });
});

// Issue 16, over-triage (H135): a word of the question said to be all right after "but" is not a yes to it.
describe('a danger-sign word cleared in the same answer', () => {
  const r = AnswerRecogniser.load();
  const breathing = 'Is anyone struggling to breathe, or are their lips going blue or grey?';

  it.each(['no, he has a cold but no trouble breathing', 'nope, a runny nose but his breathing is fine'])(
    '"%s" is no',
    (answer) => {
      expect(r.recognise(answer, breathing)).toBe('no');
    },
  );

  it.each([
    'no, but he is breathing really fast now',
    'no but she can not breathe properly',
    'no, but his lips look grey',
  ])('"%s" is still yes', (answer) => {
    expect(r.recognise(answer, breathing)).toBe('yes');
  });
});

describe('unsure of something else, and descriptions that say all is well (issue 16, H185)', () => {
  const r = AnswerRecogniser.load();
  const breathing = 'Is anyone struggling to breathe, or are their lips going blue or grey?';

  it('reads "not sure of <something the question does not ask>" as no answer, so the question is asked again', () => {
    expect(r.recognise('not sure of her date of birth', breathing)).toBeUndefined();
    expect(r.recognise("I don't know his NHS number", breathing)).toBeUndefined();
  });

  it('still reads unsure of the thing asked, or unsure whether, as not sure', () => {
    expect(r.recognise('not sure about his breathing', breathing)).toBe('not_sure');
    expect(r.recognise('not sure if she is breathing properly', breathing)).toBe('not_sure');
    expect(r.recognise("I don't know", breathing)).toBe('not_sure');
    expect(r.recognise('not sure of the address but her lips look blue', breathing)).toBe('yes');
  });

  it('reads "she is breathing ok" as no, and "she is struggling" as yes', () => {
    expect(r.recognise('she is breathing ok', breathing)).toBe('no');
    expect(r.recognise('he is breathing fine but his lips are blue', breathing)).toBe('yes');
    expect(r.recognise('she is struggling', breathing)).toBe('yes');
  });
});
