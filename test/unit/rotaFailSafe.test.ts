import { Rota, type RotaContent } from '../../src/integrations/rota/rota';
import type { RotaSource, RotaVersion } from '../../src/integrations/rota/rotaStore';

const review = { owner: 'o', approvedBy: 'a', approvedOn: '2026-11-25', reviewDue: '2027-05-25' };
const allWeek = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
const rotaWith = (first: string): RotaContent => ({
  review,
  clinicians: ['a', 'b', 'c'].map((id) => ({
    id,
    name: id === 'a' ? first : `Clinician ${id}`,
    role: 'Nurse',
    band: 6,
    phone: '07700900801',
  })),
  shifts: [{ days: [...allWeek], from: '00:00', to: '00:00', order: ['a', 'b', 'c'] }],
});
const version = (n: number, first: string): RotaVersion => ({
  _id: n,
  content: rotaWith(first),
  at: new Date(),
  by: { id: 'x', name: 'x' },
  source: 'console',
});

describe('a store-backed rota fails safe to the last rota it knew', () => {
  const at = new Date('2026-11-25T21:30:00Z');

  it('uses the stored version, caches it, and keeps it when the store fails or hangs', async () => {
    let answer: () => Promise<RotaVersion | null> = async () => version(2, 'Stored First');
    let reads = 0;
    const source: RotaSource = { current: () => (reads++, answer()) };
    const rota = new Rota(rotaWith('File First'));
    expect(rota.onDutySync(at)[0].name).toBe('File First');
    rota.useStore(source, { cacheMs: 60000, timeoutMs: 50 });
    expect((await rota.onDuty(at))[0].name).toBe('Stored First');
    await rota.onDuty(at);
    expect(reads).toBe(1); // cached

    answer = () => Promise.reject(new Error('store down'));
    rota.invalidate();
    expect((await rota.onDuty(at))[0].name).toBe('Stored First');
    answer = () => new Promise(() => undefined); // never answers
    rota.invalidate();
    const started = Date.now();
    expect((await rota.onDuty(at))[0].name).toBe('Stored First');
    expect(Date.now() - started).toBeLessThan(1000);
    // The store-free path needs nothing from the store at all.
    expect(rota.onDutySync(at)[0].name).toBe('Stored First');
  });

  it('keeps the file rota when the store has never answered', async () => {
    const rota = new Rota(rotaWith('File First'));
    rota.useStore({ current: () => Promise.reject(new Error('store down')) }, { timeoutMs: 50 });
    expect((await rota.onDuty(at))[0].name).toBe('File First');
    expect(rota.onDutySync(at)[0].name).toBe('File First');
  });
});
