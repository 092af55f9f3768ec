import { extractEntities } from '../../../src/intents/entities';
import { findDateOfBirth, findDateTime } from '../../../src/intents/entities/dates';
import { findNhsNumber, isValidNhsNumber } from '../../../src/intents/entities/nhsNumber';
import { digitsFromSpeech } from '../../../src/intents/entities/spokenDigits';

// Wednesday 25 November 2026, 10:00 in London (GMT).
const now = new Date('2026-11-25T10:00:00Z');
// A summer morning, when London is an hour ahead of UTC.
const summer = new Date('2026-07-15T09:00:00Z');

describe('NHS number', () => {
  it('accepts a valid check digit and rejects a wrong one', () => {
    expect(isValidNhsNumber('9434765919')).toBe(true);
    expect(isValidNhsNumber('9434765918')).toBe(false);
    expect(isValidNhsNumber('123456789')).toBe(false);
  });

  it.each([
    ['my NHS number is 943 476 5919', '9434765919'],
    ['943-476-5919', '9434765919'],
    ['9434765919', '9434765919'],
    ['nhs number nine four three four seven six five nine one nine', '9434765919'],
    ['nine four three, four seven six, five nine one nine', '9434765919'],
  ])('%s → %s', (text, expected) => expect(extractEntities(text, now).nhsNumber).toBe(expected));

  it('rejects ten digits that fail the modulus 11 check', () => {
    expect(findNhsNumber('943 476 5918')).toBeUndefined();
  });
});

describe('spoken digits', () => {
  it.each([
    ['nine nine nine', '999'],
    ['double nine two three four', '99234'],
    ['triple oh one', '0001'],
    ['nine for three four', '9434'],
    ['one of the nurses', 'one of the nurses'],
    ['from two to four', 'from two to four'],
  ])('%s → %s', (text, expected) => expect(digitsFromSpeech(text)).toBe(expected));
});

describe('date of birth', () => {
  it.each([
    ['14/03/1939', '1939-03-14'],
    ['my date of birth is 3.4.52', '1952-04-03'],
    ['born on 14 March 1939', '1939-03-14'],
    ['the fourteenth of march nineteen thirty nine', '1939-03-14'],
    ['dob 1st February 1945', '1945-02-01'],
    ['14 March 1939', '1939-03-14'],
    ['March 14, 1939', '1939-03-14'],
    ['the 3rd of June 1950', '1950-06-03'],
    ['my date of birth is 1 May. 1945', '1945-05-01'],
    // A birth date in a message about something else: old enough that it cannot be an event we would be told about.
    ['please cancel the nurse coming on Friday, Rosa Lindqvist 2/7/1950 and postcode SW11 1AA', '1950-07-02'],
    ['hello my visit this week has to move, this is for Ken Adeyemi 9 October 1948, thanks', '1948-10-09'],
    // Said on the phone: ordinal days, the month as a number, a year of two figures, run on with other details.
    ['the twenty first of may forty four', '1944-05-21'],
    ['Rosa Lindqvist I am ninety one second of the seventh thirty five', '1935-07-02'],
    ['dob nine twelve forty one', '1941-12-09'],
    ['Ken Adeyemi thirty one eight nineteen forty eight N W three six P Q', '1948-08-31'],
    // Typed with the month's name and a year of two figures, as people write their own.
    ['21 sept 44', '1944-09-21'],
    ['3rd Jan 52', '1952-01-03'],
    // Typed bare numbers said to be a date of birth.
    ['dob 9 12 41, postcode sw18 2pu', '1941-12-09'],
    ['born 22 7 51', '1951-07-22'],
  ])('%s → %s', (text, expected) => expect(findDateOfBirth(text, now)).toBe(expected));

  it.each([
    '31/02/1950',
    '14/03/2030',
    '14/03/1850',
    '30 February 1950',
    '14 March 2030',
    'the nurse came on 14/03/2025 and changed the dressing on my leg again',
    // Old dates said as events are not births.
    'he has had the catheter in since 3/4/1998 and it has never blocked like this before today',
    'she was diagnosed in March 2001 and had her hip operation on 12 May 2001 at the local hospital',
    // Numbers said in words that are not a birth: a time, a count, a year too recent to be an adult's.
    'the nurse came at two ten fifteen',
    'she has had it three times in the last two weeks',
    'the ninth of june twenty',
    // A typed month's name with two figures that would be a child's year, or typed bare numbers (a time, a count).
    'can you come on 9 june 20',
    'she takes 2 10 15 units',
  ])('rejects %s', (text) => expect(findDateOfBirth(text, now)).toBeUndefined());
});

describe('dates and times', () => {
  it('reads "next Tuesday afternoon" forwards from now', () => {
    expect(findDateTime('can the nurse come next Tuesday afternoon', now)).toMatchObject({ date: '2026-12-01' });
  });

  it('reads day-first UK dates', () => {
    expect(findDateTime('can you come on 3/12', now)?.date).toBe('2026-12-03');
  });

  it('means 3pm in London, winter and summer', () => {
    expect(findDateTime('tomorrow at 3pm', now)).toMatchObject({ start: '2026-11-26T15:00:00.000Z', hasTime: true });
    expect(findDateTime('tomorrow at 3pm', summer)).toMatchObject({ start: '2026-07-16T14:00:00.000Z', hasTime: true });
  });

  it('finds nothing in a message without a date', () => {
    expect(findDateTime('I need to cancel', now)).toBeUndefined();
  });

  it('is among the entities of a message whenever it is read, and absent from them when there is none', () => {
    const entities = extractEntities('can the nurse come next Tuesday afternoon', now);
    expect(entities.dateTime).toEqual(findDateTime('can the nurse come next Tuesday afternoon', now));
    expect(JSON.parse(JSON.stringify(entities))).toEqual({ dateTime: expect.objectContaining({ date: '2026-12-01' }) });
    expect(JSON.stringify(extractEntities('I need to cancel', now))).toBe('{}');
  });
});

describe('phone numbers and postcodes', () => {
  it.each([
    ['call me on 07700 900123', '07700900123'],
    ['+44 7700 900123', '07700900123'],
    ['020 7946 0018', '02079460018'],
    ['oh seven seven oh oh nine oh oh one two three', '07700900123'],
  ])('%s → %s', (text, expected) => expect(extractEntities(text, now).phoneNumber).toBe(expected));

  it('does not take an NHS number for a phone number', () => {
    expect(extractEntities('943 476 5919', now).phoneNumber).toBeUndefined();
  });

  it.each([
    ['I live at SW17 0QT', 'SW17 0QT'],
    ['postcode sw170qt', 'SW17 0QT'],
    ['ec1a 1bb', 'EC1A 1BB'],
    // As phone speech recognition writes a postcode said letter by letter.
    ['my postcode is n w three, six p q', 'NW3 6PQ'],
    ['it is T N one five, two A B', 'TN15 2AB'],
    ['postcode s w one seven zero q t I need to move my visit', 'SW17 0QT'],
    // Letters as speech recognition writes their names, and "double": "tea" is T, "you" is U, "queue" is Q.
    ['N W three six pea queue', 'NW3 6PQ'],
    ['T N fifteen two double B', 'TN15 2BB'],
    ['E fourteen three jay el', 'E14 3JL'],
    ['S E one five oh tea you are you still there', 'SE15 0TU'],
    // A figure written as the word it sounds like ("to" for two, "for" for four), inside a whole postcode only.
    ['n w eleven to b d', 'NW11 2BD'],
    ['its s e nine for j l please', 'SE9 4JL'],
    // An area's two letters written together in capitals, the rest said ("SW eighteen two P U").
    ['SW eighteen two P U', 'SW18 2PU'],
    ['date of birth fourteen three thirty nine postcode SW seventeen oh QT um can we move', 'SW17 0QT'],
    // Set N (spent): half written, half said ("SW18 to PU"), and two letters heard as a word ("cutie" for Q T).
    ['postcode SW18 to PU I have got a nurse coming', 'SW18 2PU'],
    ['sw17 oh q t', 'SW17 0QT'],
    ['SW 18 2PU', 'SW18 2PU'],
    ['S W seventeen zero cutie', 'SW17 0QT'],
  ])('%s → %s', (text, expected) => expect(extractEntities(text, now).postcode).toBe(expected));

  it.each([
    'I take 2 a day',
    'she is 91 and on her own',
    'a b c',
    'room 4 b',
    'see you at two',
    'why are you late',
    'a to b',
    'go to s w for tea',
    'is it ok to go up to two',
    'OK to see TV at one',
    // Set L (spent): a pulse and a blood pressure are not HR8 8BP; a postcode's halves split between words.
    'Obs this morning: RR 18, sats 96%, HR 88, BP 130/78, temp 37.4',
    'RR 16 sats 97 HR 76 BP 150/84 T 36.5 NEWS2 0',
  ])('finds no postcode in "%s"', (text) => expect(extractEntities(text, now).postcode).toBeUndefined());
});

describe('observations', () => {
  it('reads a crew handover', () => {
    expect(
      extractEntities('resp rate 22, sats 95% on air, BP 105/60, pulse 98, temp 38.1, alert', now).observations,
    ).toEqual({
      respirationRate: 22,
      spo2: 95,
      onOxygen: false,
      systolicBp: 105,
      pulse: 98,
      temperature: 38.1,
      consciousness: 'A',
    });
  });

  it('reads oxygen and consciousness', () => {
    expect(extractEntities('sats 91 on 2 litres of oxygen, responds to voice', now).observations).toEqual({
      spo2: 91,
      onOxygen: true,
      consciousness: 'V',
    });
  });

  it('finds none in ordinary text', () => {
    expect(extractEntities('I need to change my appointment', now).observations).toBeUndefined();
  });
});
