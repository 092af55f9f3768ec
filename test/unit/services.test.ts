import { isHubOpen, isInArea, isNightNursingTime, loadServices } from '../../src/content/services';

const services = loadServices();

describe('services content', () => {
  it('has the hub hours from the Wandsworth spec', () => {
    expect(services.hub.hours.monday).toEqual({ open: '08:00', close: '20:00' });
    expect(services.hub.hours.saturday).toEqual({ open: '08:00', close: '16:00' });
    expect(services.numbers.samaritans.phone).toBe('116 123');
  });

  it.each([
    ['2026-11-25T07:59:00Z', false], // Wednesday 07:59 GMT
    ['2026-11-25T08:00:00Z', true],
    ['2026-11-25T19:59:00Z', true],
    ['2026-11-25T20:00:00Z', false],
    ['2026-11-28T15:59:00Z', true], // Saturday
    ['2026-11-28T16:00:00Z', false],
    ['2026-07-01T07:30:00Z', true], // 08:30 BST: London time, not UTC
  ])('hub open at %s: %s', (at, open) => {
    expect(isHubOpen(services, new Date(at))).toBe(open);
  });

  it.each([
    ['2026-11-25T20:00:00Z', true],
    ['2026-11-25T23:30:00Z', true],
    ['2026-11-26T07:59:00Z', true],
    ['2026-11-26T08:00:00Z', false],
    ['2026-11-26T12:00:00Z', false],
  ])('night nursing at %s: %s', (at, night) => {
    expect(isNightNursingTime(services, new Date(at))).toBe(night);
  });

  it('knows the area by postcode', () => {
    expect(isInArea(services, 'SW17 0QT')).toBe(true);
    expect(isInArea(services, 'sw182pu')).toBe(true);
    expect(isInArea(services, 'SE1 7PB')).toBe(false);
  });
});
