import { ChoiceRecogniser } from '../../../src/intents/answers/choiceRecogniser';

// The answers README's "Answers in people's own words" says are understood, each read against the options as the
// buttons label them.

const recogniser = ChoiceRecogniser.load();
/** Monday 7 December 2026, 10:00 in London. */
const when = { now: new Date('2026-12-07T10:00:00Z'), timeZone: 'Europe/London' };
const ROLES = ['Myself', "I'm a carer", "I'm a professional"];
const SLOTS = [
  'Tuesday 8 December, morning (9am to 12 noon)',
  'Tuesday 8 December, afternoon (1pm to 5pm)',
  'Thursday 10 December, morning (9am to 12 noon)',
  'Friday 11 December, afternoon (1pm to 5pm)',
  'Keep my visit',
];
const NEEDS = ['Advice', 'Rapid response', 'Admission avoidance'];

function chosen(text: string, options: string[], promptId: string): string | undefined {
  const reading = recogniser.recognise(text, options, promptId, when);
  return reading?.kind === 'choice' ? options[reading.index] : undefined;
}

describe('choice recogniser', () => {
  it.each([
    ["I'm the patient", 'Myself'],
    ["it's for me", 'Myself'],
    ['me', 'Myself'],
    ['MYSELF!', 'Myself'],
    ['1', 'Myself'],
    ['my mum', "I'm a carer"],
    ["I'm her daughter", "I'm a carer"],
    ['I look after my husband', "I'm a carer"],
    ["I'm the patient's son", "I'm a carer"],
    ["it's not for me", "I'm a carer"],
    ['carrer', "I'm a carer"],
    ['paramedic', "I'm a professional"],
    ['GP', "I'm a professional"],
    ['number 3', "I'm a professional"],
  ])('role: "%s" is %s', (text, option) => {
    expect(chosen(text, ROLES, 'identity.role')).toBe(option);
  });

  it.each([
    ['the first', SLOTS[0]],
    ['the second one', SLOTS[1]],
    ['the last one', SLOTS[3]],
    ['option three', SLOTS[2]],
    ["Thursday's", SLOTS[2]],
    ['thursdy please', SLOTS[2]],
    ['friday afternoon', SLOTS[3]],
    ['tuesday at 2', SLOTS[1]],
    ['the 10th', SLOTS[2]],
    ['tomorrow afternoon', SLOTS[1]],
    ['leave it as it is', 'Keep my visit'],
    ['none of them', 'Keep my visit'],
  ])('slot: "%s" is %s', (text, option) => {
    expect(chosen(text, SLOTS, 'appointments.choose')).toBe(option);
  });

  it('narrows to the options that fit when a day fits several, and keeps out days said not to suit', () => {
    expect(recogniser.recognise('Tuesday', SLOTS, 'appointments.choose', when)).toEqual({
      kind: 'several',
      indices: [0, 1],
    });
    expect(recogniser.recognise('the 10 o clock', SLOTS, 'appointments.choose', when)).toEqual({
      kind: 'several',
      indices: [0, 2],
    });
    expect(recogniser.recognise('not Tuesday', SLOTS, 'appointments.choose', when)).toEqual({
      kind: 'several',
      indices: [2, 3],
    });
  });

  it('tells a time that was not offered from one that was, even after "none of those"', () => {
    expect(recogniser.recognise('what about next Monday?', SLOTS, 'appointments.choose', when)).toMatchObject({
      kind: 'other_time',
      features: { weekdays: [1] },
    });
    expect(recogniser.recognise('none of those, can it be Monday', SLOTS, 'appointments.choose', when)?.kind).toBe(
      'other_time',
    );
  });

  it.each([
    ['send someone out', 'Rapid response'],
    ['two hour response please', 'Rapid response'],
    ['we want to keep her at home', 'Admission avoidance'],
    ['just advice', 'Advice'],
  ])('need: "%s" is %s', (text, option) => {
    expect(chosen(text, NEEDS, 'professional.need')).toBe(option);
  });

  it.each([
    'Arthur Bennett 2/11/45 SW18 2PU',
    'Arthur Bennett SW18 2PU dob 2 nov 1945',
    'dob 14 3 39',
    'Arthur Bennett, 999 345 6780',
  ])('a date of birth or a number given instead of choosing is no place in the list: "%s"', (text) => {
    expect(recogniser.recognise(text, ROLES, 'identity.role', when)).toBeUndefined();
  });

  it('still reads a number said on its own as its place', () => {
    expect(chosen('2', ROLES, 'identity.role')).toBe("I'm a carer");
    expect(chosen('option 2 please', ROLES, 'identity.role')).toBe("I'm a carer");
  });

  it('reads not sure, and nothing from words that choose nothing', () => {
    expect(recogniser.recognise("I don't know", SLOTS, 'appointments.choose', when)).toEqual({ kind: 'not_sure' });
    expect(recogniser.recognise('dunno', ROLES, 'identity.role', when)).toEqual({ kind: 'not_sure' });
    expect(recogniser.recognise('purple monkey dishwasher', ROLES, 'identity.role', when)).toBeUndefined();
    expect(recogniser.recognise('the Friday one', SLOTS, 'appointments.choose', when)).toMatchObject({ index: 3 });
  });

  it('reads yes and no as the danger-sign answers do, and each prompt says what "not sure" means', () => {
    expect(recogniser.yesNo('yeah go on')).toBe('yes');
    expect(recogniser.yesNo('nope')).toBe('no');
    expect(recogniser.yesNo('definitely not')).toBe('no');
    expect(recogniser.confirmPolicy('safeguarding.danger').notSure).toBe('yes');
    expect(recogniser.confirmPolicy('appointments.confirm').notSure).toBe('no');
    expect(recogniser.confirmPolicy('feedback.complaint').notSure).toBe('ask');
    expect(recogniser.confirmPolicy('anything.else').notSure).toBe('ask');
  });

  it('knows when what was already said answers whether it is a formal complaint, and when it does not', () => {
    expect(recogniser.answeredAlready('feedback.complaint', 'I want to complain about the carer')).toBe('yes');
    expect(recogniser.answeredAlready('feedback.complaint', 'this is not acceptable')).toBe('yes');
    expect(recogniser.answeredAlready('feedback.complaint', 'just a compliment for the nurse')).toBe('no');
    expect(recogniser.answeredAlready('feedback.complaint', 'the visit times keep changing')).toBeUndefined();
    // Both said: the question is asked.
    expect(recogniser.answeredAlready('feedback.complaint', 'thanks, but I do want to complain')).toBeUndefined();
    expect(recogniser.answeredAlready('appointments.confirm', 'I want to complain')).toBeUndefined();
  });

  it('hears a thank-you to an offer to move or cancel a visit as taking it up, but not with a refusal in it', () => {
    expect(recogniser.acceptsOffer('appointments.move', 'Thank you very much')).toBe(true);
    expect(recogniser.acceptsOffer('appointments.move', "lovely, that's fine")).toBe(true);
    expect(recogniser.acceptsOffer('appointments.confirm', 'cheers')).toBe(true);
    expect(recogniser.acceptsOffer('appointments.move', 'thanks but not that day')).toBe(false);
    expect(recogniser.acceptsOffer('appointments.move', 'no thank you')).toBe(false);
    // Not on questions where a thank-you answers nothing.
    expect(recogniser.acceptsOffer('safeguarding.danger', 'thank you')).toBe(false);
    expect(recogniser.acceptsOffer('feedback.complaint', 'thanks')).toBe(false);
  });

  it('hears a change of mind', () => {
    expect(recogniser.changesTopic('actually, can I cancel it instead?')).toBe(true);
    expect(recogniser.changesTopic('the second one please')).toBe(false);
  });
});
