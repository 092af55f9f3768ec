import { VisitReference } from '../../src/dialogs/visitReference';

/** Monday 7 December 2026 in London. */
const WHEN = { now: new Date('2026-12-07T10:00:00Z'), timeZone: 'Europe/London' };
const VISITS = [
  { label: 'Tuesday 8 December, morning (9am to 12 noon)', type: 'District nurse visit (catheter care)' },
  { label: 'Friday 11 December, afternoon (1pm to 5pm)', type: 'District nurse visit (diabetes review)' },
  { label: 'Wednesday 16 December, morning (9am to 12 noon)', type: 'District nurse visit (catheter change)' },
];

describe('which visit a person means, apart from the time they want', () => {
  const refs = VisitReference.load();

  it.each([
    ['could you move the second visit', 1],
    ['the last appointment please', 2],
    ["can Friday's visit be later", 1],
    ['I need to rearrange tomorrows nurse', 0],
    ['the visit on Wednesday', 2],
    ['the diabetes one', 1],
    ['the catheter change, not the catheter care', 2],
  ])('"%s" is visit %i as listed', (text, index) => {
    expect(refs.pick(text, VISITS, WHEN)).toBe(index);
  });

  it.each([
    ['the catheter one, is that tomorrow?', [0, 2]],
    ['what time is the diabetes nurse coming?', [1]],
    ["is tomorrow's nurse coming in the morning?", [0]],
    ['when is the nurse coming?', []],
  ])('a question "%s" is about visits %j', (text, indices) => {
    expect(refs.about(text, VISITS, WHEN)).toEqual(indices);
  });

  it.each(['I need to change my catheter visit', 'first thing in the morning', 'can you move it'])(
    '"%s" names no one visit',
    (text) => expect(refs.pick(text, VISITS, WHEN)).toBeUndefined(),
  );

  it('reads a day said with words of wanting as the time wanted, and a day naming a visit as not', () => {
    expect(refs.isWish('Friday would suit me', WHEN)).toBe(true);
    expect(refs.isWish('any time after 2 on Thursday is fine', WHEN)).toBe(true);
    expect(refs.isWish("Friday's visit", WHEN)).toBe(false);
    expect(refs.isWish('the matron one', WHEN)).toBe(false);
    expect(refs.withoutMention("move Friday's visit to Monday")).toBe('move to monday');
  });

  it.each([
    ['she wants to know when her leg clinic is', true],
    ['what time is his wound dressing clinic', true],
    ['ringing about his leg ulcer clinic, when is it', true],
    ['which is the next nurse visit please', true],
    ['my leg is sore, when can I get some cream', false],
  ])('"%s" asks when a visit is: %s', (text, asks) => {
    expect(refs.asksWhen(text)).toBe(asks);
  });

  it.each([
    ['please cancel it, I am going to my daughter’s in Leeds for the week', true],
    ['my son is taking me to my own GP for that check', true],
    ['cancel the Thursday one, she goes into respite from Saturday so she will be away', true],
    ['I want to cancel the diabetes one please', false],
  ])('"%s" gives a reason for cancelling: %s', (text, gives) => {
    expect(refs.givesCancelReason(text)).toBe(gives);
  });

  it('tells a member of staff described by a visit from a name', () => {
    expect(refs.namesStaff('is the nurse that saw mum on today')).toBe(true);
    expect(refs.namesStaff('the lady who does his dressing')).toBe(true);
    expect(refs.namesStaff('Edith Clarke')).toBe(false);
    expect(refs.namesStaff('the nurse is lovely')).toBe(false);
  });
});
