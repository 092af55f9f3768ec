import { findObservations } from '../../../src/intents/entities/observations';
import { numbersFromSpeech } from '../../../src/intents/entities/spokenDigits';

describe('observations said as words on the phone', () => {
  it('reads each vital sign when speech recognition writes the figures as words', () => {
    expect(
      findObservations(
        'sats ninety two on air, resp rate twenty four, BP a hundred and ten over sixty, pulse one hundred and four, temp thirty eight point five, alert',
      ),
    ).toEqual({
      spo2: 92,
      respirationRate: 24,
      systolicBp: 110,
      pulse: 104,
      temperature: 38.5,
      onOxygen: false,
      consciousness: 'A',
    });
  });

  it('reads figures as before', () => {
    expect(findObservations('RR 22 sats 93% pulse 98 temp 37.9')).toEqual({
      respirationRate: 22,
      spo2: 93,
      pulse: 98,
      temperature: 37.9,
    });
  });

  it.each([
    ['ninety two', '92'],
    ['a hundred', '100'],
    ['one hundred and nineteen', '119'],
    ['thirty six point nought', '36.0'],
    ['fifteen', '15'],
  ])('%s → %s', (words, figures) => {
    expect(numbersFromSpeech(words)).toBe(figures);
  });
});
