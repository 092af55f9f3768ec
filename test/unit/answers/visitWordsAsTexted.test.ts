import { ChoiceRecogniser } from '../../../src/intents/answers/choiceRecogniser';
import { dateFeatures } from '../../../src/intents/answers/dateFeatures';
import { VisitReference } from '../../../src/dialogs/visitReference';

// Issue 17, sets K and L read: days as people text them ("tmrw", "2moro", "in a couple of days", "one day later"),
// a visit picked by its kind and its day when two visits share the kind, no preference among free times ("any",
// "whichever is easier"), and offers taken up in people's words ("that'll do", "thx"). Wording here is our own.

/** Monday 7 December 2026, 10:00 in London. */
const WHEN = { now: new Date('2026-12-07T10:00:00Z'), timeZone: 'Europe/London' };
const features = (text: string) => dateFeatures(text, WHEN.now, WHEN.timeZone);

describe('days as people text them', () => {
  it.each(['tmrw', '2moro', 'tomoz', 'tommorow', "tmrw's"])('"%s" is tomorrow, Tuesday 8 December', (word) => {
    expect(features(`the nurse ${word} am I right`)).toMatchObject({ day: 8, month: 12, weekdays: [2] });
  });

  it.each([
    ['can they come the day after tomorrow', 9],
    ['the one in a couple of days', 9],
    ['in 3 days time', 10],
  ])('"%s" counts from today, never from the visit', (said, day) => {
    const f = features(said);
    expect(f).toMatchObject({ day });
    expect(f?.fromVisit).toBeUndefined();
  });

  it.each([
    ['a day later would be better, mornings only', 1],
    ['could it be two days later', 2],
  ])('"%s" counts from the visit being moved', (said, days) => {
    expect(features(said)?.fromVisit).toEqual({ days, exact: true });
  });

  it.each([
    ['could her visit be moved from the morning to the afternoon', 'afternoon'],
    ['from the afternoon, to the morning if they can', 'morning'],
    ['can it go from mornings into afternoons', 'afternoon'],
  ])('"%s" wants the part of the day it moves to, not from', (said, part) => {
    expect(features(said)?.part).toBe(part);
  });

  it('a part of the day with nothing after "from" is still the one said', () => {
    expect(features('any time from the morning is fine')?.part).toBe('morning');
  });

  it('does not read "today" into words that only start like it', () => {
    expect(features('tdyson called')).toBeUndefined();
  });
});

describe('a visit picked by its kind and its day', () => {
  const refs = VisitReference.load();
  const VISITS = [
    { label: 'Tuesday 8 December, morning (9am to 12 noon)', type: 'District nurse visit (catheter care)' },
    { label: 'Friday 11 December, afternoon (1pm to 5pm)', type: 'District nurse visit (diabetes review)' },
    { label: 'Wednesday 16 December, morning (9am to 12 noon)', type: 'District nurse visit (catheter change)' },
  ];

  it.each([
    ['its the catheter nurse 2moro', 0],
    ['catheter, the wednesday one', 2],
    ['the tmrw nurse', 0],
  ])('"%s" picks visit %i', (said, index) => {
    expect(refs.pick(said, VISITS, WHEN)).toBe(index);
  });

  it('leaves a tie when the day said is the time wanted, not the visit', () => {
    expect(refs.pick('the catheter one, could it be moved to wednesday instead', VISITS, WHEN)).toBeUndefined();
  });
});

describe('no preference and offers taken up', () => {
  const recogniser = ChoiceRecogniser.load();
  const SLOTS = [
    'Tuesday 8 December, morning (9am to 12 noon)',
    'Tuesday 8 December, afternoon (1pm to 5pm)',
    'Wednesday 9 December, afternoon (1pm to 5pm)',
    'Keep my visit',
  ];

  it.each([
    ['honestly any afternoon will do', 1],
    ["I don't mind, whichever the nurse prefers", 0],
    ['the earliest afternoon you have', 1],
  ])('"%s" at a list of free times is the soonest that fits (%i)', (said, index) => {
    expect(recogniser.recognise(said, SLOTS, 'appointments.choose', WHEN)).toMatchObject({ kind: 'choice', index });
  });

  it('"any" chooses nothing from a list of visits', () => {
    expect(recogniser.recognise('any', SLOTS.slice(0, 3), 'appointments.choose', WHEN, false)).toBeUndefined();
  });

  const offered = 'Thursday 10 December, morning (9am to 12 noon) is free. Shall I move your visit to then?';
  it.each([
    "that'll do nicely",
    'gr8 thx',
    'mornings or afternoons, either suits us, whatever is easier',
    'confirm it please',
  ])('"%s" takes up the offer', (said) => {
    expect(recogniser.acceptsOffer('appointments.move', said, offered, WHEN)).toBe(true);
  });

  it.each(['nah thanks', 'Friday is fine thanks', 'thanks, it is fine as it is', 'afternoon would be great thanks'])(
    '"%s" does not',
    (said) => {
      expect(recogniser.acceptsOffer('appointments.move', said, offered, WHEN)).toBe(false);
    },
  );
});
