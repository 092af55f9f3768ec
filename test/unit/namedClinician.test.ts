import { isNamedClinician, namedFirst } from '../../src/hub/namedClinician';

const onDuty = [
  { name: 'Ada Okafor', phone: '07700900831' },
  { name: 'Ben Hughes', phone: '07700900832' },
  { name: 'Sara Khan', phone: '07700900833' },
];

describe('the named clinician first', () => {
  it('moves the named clinician to the front and keeps the rest in rota order', () => {
    expect(namedFirst(onDuty, { name: 'Sara Khan' }).map((c) => c.name)).toEqual([
      'Sara Khan',
      'Ada Okafor',
      'Ben Hughes',
    ]);
  });

  it('knows them by name written differently, or by the rota phone the record gives', () => {
    expect(namedFirst(onDuty, { name: '  ben   HUGHES ' })[0].name).toBe('Ben Hughes');
    expect(namedFirst(onDuty, { name: 'B. Hughes', phone: '+44 7700 900832' })[0].name).toBe('Ben Hughes');
  });

  it('leaves the rota order alone when they are not on duty, or are already first', () => {
    expect(namedFirst(onDuty, { name: 'Niall Ryan', phone: '07700900834' })).toEqual(onDuty);
    expect(namedFirst(onDuty, { name: 'Ada Okafor' })).toEqual(onDuty);
    expect(namedFirst(onDuty, undefined)).toEqual(onDuty);
  });

  it('does not take a part of a name, or an empty phone, for the clinician', () => {
    expect(isNamedClinician(onDuty[2], { name: 'Sara' })).toBe(false);
    expect(isNamedClinician(onDuty[2], { name: 'Khan' })).toBe(false);
    expect(isNamedClinician({ name: 'Someone', phone: '' }, { name: 'Other', phone: '' })).toBe(false);
  });
});
