import { createUnderstander } from '../../src/intents';
import { contradictedByReadings } from '../../src/dialogs/readingsCheck';

describe("a professional's red flag against their own readings", () => {
  const understander = createUnderstander();
  const standing = (said: string) => {
    const u = understander.understand(said);
    return u.redFlags.filter((f) => !contradictedByReadings(f, u.entities.observations)).map((f) => f.id);
  };

  it.each([['probe says sats 96% and pulse 82'], ['BP 134/76, HR 72, RR 15, temp 36.9, alert']])(
    'does not keep a low-oxygen or shock flag that normal figures contradict: "%s"',
    (said) => {
      expect(standing(said)).not.toEqual(expect.arrayContaining(['low_oxygen']));
      expect(standing(said)).not.toEqual(expect.arrayContaining(['shock_signs']));
      expect(standing(said)).not.toEqual(expect.arrayContaining(['low_bp_or_fast_pulse']));
    },
  );

  it('keeps the flag when the reading meets the threshold', () => {
    expect(standing('sats 83 on air, pulse 90')).toContain('low_oxygen');
    expect(standing('BP 84/50 HR 124 and drowsy')).toEqual(expect.arrayContaining(['shock_signs']));
  });

  const flag = { id: 'x', category: 'x', disposition: 'emergency_999' as const, message: '', source: '' };

  it('drops a flag every reading of which was given and is normal', () => {
    expect(contradictedByReadings({ ...flag, because: ['low_oxygen'] }, { spo2: 95, pulse: 80 })).toBe(true);
    expect(
      contradictedByReadings({ ...flag, because: ['hypotension', 'tachycardia_high'] }, { systolicBp: 128, pulse: 76 }),
    ).toBe(true);
    expect(contradictedByReadings({ ...flag, because: ['hypotension', 'drowsy'] }, { systolicBp: 128 })).toBe(true);
    expect(
      contradictedByReadings(
        { ...flag, because: ['hypotension', 'tachycardia_high'] },
        { systolicBp: 128, pulse: 140 },
      ),
    ).toBe(false);
  });

  it('keeps a flag raised by no reading, and one whose reading was not parsed', () => {
    expect(contradictedByReadings({ ...flag, because: ['drowsy'] }, { pulse: 80 })).toBe(false);
    expect(contradictedByReadings({ ...flag, because: ['low_oxygen'] }, { pulse: 80 })).toBe(false);
    expect(contradictedByReadings({ ...flag, because: ['low_oxygen'] }, undefined)).toBe(false);
  });
});
