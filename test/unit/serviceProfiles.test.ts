import {
  isBankHoliday,
  isFunctionOpen,
  isHubOpen,
  isNightNursingTime,
  loadBankHolidays,
  loadServiceProfiles,
} from '../../src/content/services';
import { ServiceDirectory } from '../../src/content/serviceDirectory';
import { Rota } from '../../src/integrations/rota/rota';

const profiles = loadServiceProfiles();
const directory = new ServiceDirectory(profiles);
const profile = (id: string) => directory.byId(id)!;

describe('service profiles', () => {
  it('loads the five commissioned services, each with its own number, rota and urgent-response destination', () => {
    expect(profiles.map((p) => p.id).sort()).toEqual(['dorset', 'kent', 'medway', 'wandsworth', 'west-london']);
    expect(directory.default.id).toBe('wandsworth');
    const numbers = profiles.flatMap((p) => p.contactNumbers);
    expect(new Set(numbers).size).toBe(numbers.length);
    const destinations = profiles.map((p) => p.functions.urgentResponse.name);
    expect(new Set(destinations).size).toBe(5);
    const onDuty = profiles.map((p) => Rota.fromContent(p.rota).onDutySync(new Date('2026-12-07T10:00:00Z'))[0].id);
    expect(new Set(onDuty).size).toBe(5);
  });

  it.each(profiles.map((p) => [p.id, p] as const))('%s: every hour of the week has someone on its rota', (_, p) => {
    const rota = Rota.fromContent(p.rota);
    for (let hour = 0; hour < 24 * 7; hour++) {
      expect(rota.onDutySync(new Date(Date.UTC(2026, 11, 7, hour))).length).toBeGreaterThan(0);
    }
  });

  it('keeps the specs apart: eligibility of unregistered residents, safeguarding destination, planned-care target', () => {
    expect(profile('medway').eligibility.unregisteredResidents).toBe('accepted');
    expect(profile('wandsworth').eligibility.unregisteredResidents).toBe('referred_to_gp_registration');
    expect(profile('kent').safeguarding.name).toBe('Central Referral Unit (adults)');
    expect(profile('west-london').responseTargets.functions.map((t) => t.minutes)).toContain(4 * 7 * 24 * 60);
  });

  it('every locality is inside its service area', () => {
    for (const p of profiles) {
      for (const locality of p.localities) {
        for (const prefix of locality.postcodePrefixes) expect(p.area.postcodePrefixes).toContain(prefix);
        for (const practice of locality.gpPractices) expect(p.area.gpPractices).toContain(practice);
      }
    }
  });
});

describe('serviceForContact', () => {
  it.each(profiles.map((p) => [p.id, p.contactNumbers[0]] as const))(
    'a call or text to %s’s number (%s) is that service’s',
    (id, number) => {
      expect(directory.forContact({ calledNumber: number }).id).toBe(id);
    },
  );

  it('reads the number however it is written', () => {
    expect(directory.forContact({ calledNumber: '01632 960500' }).id).toBe('medway');
  });

  it('takes the chat page’s service, and the GP practice over both once known', () => {
    expect(directory.forContact({ page: 'kent' }).id).toBe('kent');
    expect(directory.forContact({ page: 'kent', gpPractice: 'chatham central practice' }).id).toBe('medway');
    expect(directory.forContact({ calledNumber: '+441632960100', gpPractice: 'Highcliffe Surgery' }).id).toBe('dorset');
  });

  it('falls back to the default service for an unknown number, page or practice', () => {
    expect(directory.forContact({}).id).toBe('wandsworth');
    expect(directory.forContact({ calledNumber: '+447700900999', page: 'nowhere', gpPractice: 'Elsewhere' }).id).toBe(
      'wandsworth',
    );
  });
});

describe('hours per service', () => {
  // Monday 7 December 2026, 21:30 in London (GMT): out of hours for every hub but Medway's 24/7 co-ordination.
  const mondayEvening = new Date('2026-12-07T21:30:00Z');
  // Friday 25 December 2026, 10:00: Christmas Day, a bank holiday.
  const christmasMorning = new Date('2026-12-25T10:00:00Z');
  // Saturday 5 December 2026, 12:00.
  const saturdayNoon = new Date('2026-12-05T12:00:00Z');

  it('an out-of-hours contact finds only the 24/7 hub open, and night nursing on', () => {
    const open = profiles.filter((p) => isHubOpen(p, mondayEvening)).map((p) => p.id);
    expect(open).toEqual(['medway']);
    expect(profiles.every((p) => isNightNursingTime(p, mondayEvening))).toBe(true);
  });

  it('closes the hubs that close on bank holidays, and keeps open those open 365 days', () => {
    expect(isBankHoliday(profile('wandsworth'), christmasMorning)).toBe(true);
    const open = profiles.filter((p) => isHubOpen(p, christmasMorning)).map((p) => p.id);
    expect(open.sort()).toEqual(['medway', 'west-london']);
    // The same hour on an ordinary Friday: every weekday hub is open.
    expect(profiles.every((p) => isHubOpen(p, new Date('2026-12-18T10:00:00Z')))).toBe(true);
  });

  it('weekend hours differ: Wandsworth 8 to 4, Kent and Dorset closed', () => {
    const open = profiles.filter((p) => isHubOpen(p, saturdayNoon)).map((p) => p.id);
    expect(open.sort()).toEqual(['medway', 'wandsworth', 'west-london']);
  });

  it('function hours: urgent response 24/7 where the spec says so, Dorset’s rapid response by day', () => {
    expect(isFunctionOpen(profile('medway'), 'urgentResponse', mondayEvening)).toBe(true);
    expect(isFunctionOpen(profile('dorset'), 'urgentResponse', mondayEvening)).toBe(false);
    expect(isFunctionOpen(profile('dorset'), 'urgentResponse', christmasMorning)).toBe(true);
    expect(isFunctionOpen(profile('medway'), 'extendedHours', christmasMorning)).toBe(false);
    expect(() => isFunctionOpen(profile('kent'), 'nowhere', mondayEvening)).toThrow(/no function/);
  });

  it('knows bank holidays far enough ahead to plan by', () => {
    const last = loadBankHolidays().sort().at(-1)!;
    const daysLeft = (new Date(`${last}T00:00:00Z`).getTime() - Date.now()) / 86400000;
    expect(daysLeft).toBeGreaterThan(90);
  });
});
