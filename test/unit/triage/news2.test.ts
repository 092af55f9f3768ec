import { news2, type Observations } from '../../../src/triage/news2';

const normal: Required<Observations> = {
  respirationRate: 16,
  spo2: 97,
  onOxygen: false,
  systolicBp: 120,
  pulse: 70,
  temperature: 37,
  consciousness: 'A',
};
const scoreWith = (change: Partial<Observations>, scale2 = false) => news2({ ...normal, ...change }, { scale2 }).score;

describe('NEWS2 (RCP 2017)', () => {
  it('scores 0 for normal observations, with nothing missing', () => {
    expect(news2(normal)).toMatchObject({ score: 0, band: 'low', anySingleThree: false, missing: [] });
  });

  it.each([
    [8, 3],
    [9, 1],
    [11, 1],
    [12, 0],
    [20, 0],
    [21, 2],
    [24, 2],
    [25, 3],
  ])('respiration rate %d scores %d', (value, score) => expect(scoreWith({ respirationRate: value })).toBe(score));

  it.each([
    [91, 3],
    [92, 2],
    [93, 2],
    [94, 1],
    [95, 1],
    [96, 0],
  ])('SpO2 scale 1 %d%% scores %d', (value, score) => expect(scoreWith({ spo2: value })).toBe(score));

  it.each([
    [83, false, 3],
    [84, false, 2],
    [85, false, 2],
    [86, false, 1],
    [87, false, 1],
    [88, false, 0],
    [92, false, 0],
    [97, false, 0],
    [92, true, 2],
    [93, true, 3],
    [94, true, 3],
    [95, true, 4],
    [96, true, 4],
    [97, true, 5],
  ])('SpO2 scale 2 %d%% (on oxygen: %s) scores %d including the oxygen score', (value, onOxygen, score) =>
    expect(scoreWith({ spo2: value, onOxygen }, true)).toBe(score),
  );

  it('supplemental oxygen scores 2', () => expect(scoreWith({ onOxygen: true })).toBe(2));

  it.each([
    [90, 3],
    [91, 2],
    [100, 2],
    [101, 1],
    [110, 1],
    [111, 0],
    [219, 0],
    [220, 3],
  ])('systolic BP %d scores %d', (value, score) => expect(scoreWith({ systolicBp: value })).toBe(score));

  it.each([
    [40, 3],
    [41, 1],
    [50, 1],
    [51, 0],
    [90, 0],
    [91, 1],
    [110, 1],
    [111, 2],
    [130, 2],
    [131, 3],
  ])('pulse %d scores %d', (value, score) => expect(scoreWith({ pulse: value })).toBe(score));

  it.each([
    [35.0, 3],
    [35.1, 1],
    [36.0, 1],
    [36.1, 0],
    [38.0, 0],
    [38.1, 1],
    [39.0, 1],
    [39.1, 2],
  ])('temperature %d scores %d', (value, score) => expect(scoreWith({ temperature: value })).toBe(score));

  it.each([
    ['A', 0],
    ['C', 3],
    ['V', 3],
    ['P', 3],
    ['U', 3],
  ] as const)('consciousness %s scores %d', (value, score) => expect(scoreWith({ consciousness: value })).toBe(score));

  it.each([
    [{ pulse: 91 }, 1, 'low'],
    [{ respirationRate: 21, pulse: 111 }, 4, 'low'],
    [{ respirationRate: 21, pulse: 111, temperature: 38.1 }, 5, 'medium'],
    [{ respirationRate: 21, pulse: 111, systolicBp: 101, temperature: 38.1 }, 6, 'medium'],
    [{ respirationRate: 25, pulse: 111, systolicBp: 101, temperature: 38.1 }, 7, 'high'],
    [{ consciousness: 'V' }, 3, 'low_medium'],
  ] as [Partial<Observations>, number, string][])('%j → %d, band %s', (change, score, band) => {
    expect(news2({ ...normal, ...change })).toMatchObject({ score, band });
  });

  it('a single 3 makes the band low-medium until the total reaches medium', () => {
    expect(news2({ ...normal, respirationRate: 25 })).toMatchObject({ band: 'low_medium', anySingleThree: true });
    expect(news2({ ...normal, respirationRate: 25, pulse: 111 })).toMatchObject({ score: 5, band: 'medium' });
  });

  it('maps bands to dispositions: high is 999, medium and low-medium are urgent', () => {
    expect(news2({ ...normal, respirationRate: 25, pulse: 131, spo2: 91 }).disposition).toBe('emergency_999');
    expect(news2({ ...normal, consciousness: 'C' }).disposition).toBe('urgent_2h');
    expect(news2(normal).disposition).toBe('same_day');
  });

  it('lists what was not given and does not score it, and treats nonsense readings as not given', () => {
    const partial = news2({ pulse: 120, spo2: Number.NaN });
    expect(partial.score).toBe(2);
    expect(partial.missing.sort()).toEqual([
      'consciousness',
      'onOxygen',
      'respirationRate',
      'spo2',
      'systolicBp',
      'temperature',
    ]);
  });
});
