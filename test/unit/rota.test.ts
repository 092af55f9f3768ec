import { Rota } from '../../src/integrations/rota/rota';

const rota = Rota.fromContent();

describe('duty rota', () => {
  it('has at least three Band 6+ clinicians with drama-range numbers', () => {
    expect(rota.clinicians().length).toBeGreaterThanOrEqual(3);
    for (const c of rota.clinicians()) {
      expect(c.band).toBeGreaterThanOrEqual(6);
      expect(c.phone).toMatch(/^07700900\d{3}$/);
    }
  });

  it('covers every hour of every day of a year (both clock changes included) with a fallback', () => {
    const start = Date.UTC(2026, 0, 1);
    for (let hour = 0; hour < 366 * 24; hour++) {
      const at = new Date(start + hour * 3600000 + 30 * 60000);
      expect(rota.onDutySync(at).length).toBeGreaterThanOrEqual(2);
    }
  });

  it('puts the day clinician first by day and the night clinician first by night, London time', () => {
    expect(rota.onDutySync(new Date('2026-11-25T12:00:00Z'))[0].name).toBe('Sam Rivers');
    expect(rota.onDutySync(new Date('2026-11-25T21:00:00Z'))[0].name).toBe('Tom Okoro');
    expect(rota.onDutySync(new Date('2026-11-26T07:59:00Z'))[0].name).toBe('Tom Okoro');
    // 07:30 UTC in July is 08:30 in London: the day shift.
    expect(rota.onDutySync(new Date('2026-07-01T07:30:00Z'))[0].name).toBe('Sam Rivers');
  });

  it('refuses a rota that names a clinician it does not list', () => {
    expect(
      () =>
        new Rota({
          review: { owner: 'x', approvedBy: 'x', approvedOn: '2026-01-01', reviewDue: '2027-01-01' },
          clinicians: [],
          shifts: [{ days: ['monday'], from: '08:00', to: '20:00', order: ['ghost'] }],
        }),
    ).toThrow(/unknown clinician ghost/);
  });
});
