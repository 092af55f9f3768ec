import { loadReportContent } from '../../../src/reports/reportContent';
import { monthBounds, sourceOf, targetResult } from '../../../src/reports/serviceReport';
import type { QueueItem } from '../../../src/hub/queueModel';

const content = loadReportContent();
const T0 = new Date('2026-11-10T10:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60000);

describe('the service report’s rules', () => {
  it('counts calendar months on the London clock, across the clock changes', () => {
    expect(monthBounds('2026-11', 'Europe/London')).toEqual({
      from: new Date('2026-11-01T00:00:00Z'),
      to: new Date('2026-12-01T00:00:00Z'),
    });
    // Summer time: midnight in London is 23:00 the day before in UTC.
    expect(monthBounds('2026-07', 'Europe/London')).toEqual({
      from: new Date('2026-06-30T23:00:00Z'),
      to: new Date('2026-07-31T23:00:00Z'),
    });
    expect(monthBounds('2026-12', 'Europe/London').to).toEqual(new Date('2027-01-01T00:00:00Z'));
  });

  it('names who made the contact from their role and what they said of themselves', () => {
    const of = (contact: Partial<QueueItem['summary']['contact']>, answers: Record<string, string> = {}) =>
      sourceOf({ summary: { contact: { role: 'unknown', ...contact }, answers } }, content.sources);
    expect(of({ role: 'patient' })).toBe('self');
    expect(of({ role: 'carer', relationship: 'daughter' })).toBe('carer');
    expect(of({ role: 'professional', organisation: 'LAS', callSign: 'K123' })).toBe('las');
    expect(of({ role: 'professional' }, { who: 'paramedic' })).toBe('las');
    expect(of({ role: 'professional', organisation: 'NHS 111' })).toBe('nhs111');
    expect(of({ role: 'professional' }, { who: '111 clinician' })).toBe('nhs111');
    expect(of({ role: 'professional' }, { who: 'GP, Tooting Bec Surgery' })).toBe('gp');
    expect(of({ role: 'professional' }, { who: 'discharge coordinator, St George’s Hospital' })).toBe('hospital');
    expect(of({ role: 'professional' }, { who: 'social worker' })).toBe('other_professional');
    expect(of({ role: 'unknown' })).toBe('unknown');
    expect(sourceOf({}, content.sources)).toBe('unknown');
  });

  it('judges the response target from first contact against the item’s own deadline', () => {
    const item = (over: Partial<QueueItem>) =>
      ({ status: 'resolved', deadline: at(120), history: [], ...over }) as QueueItem;
    expect(targetResult(item({ firstResponseAt: at(119) }), at(500))).toBe('met');
    expect(targetResult(item({ firstResponseAt: at(120) }), at(500))).toBe('met');
    expect(targetResult(item({ firstResponseAt: at(121) }), at(500))).toBe('missed');
    expect(targetResult(item({ status: 'new' }), at(60))).toBe('open');
    expect(targetResult(item({ status: 'claimed' }), at(121))).toBe('missed');
    const closed = (minutes: number) =>
      item({ status: 'closed', history: [{ at: at(minutes), by: 'Ann', action: 'closed' }] });
    expect(targetResult(closed(30), at(500))).toBe('closed_without_contact');
    expect(targetResult(closed(200), at(500))).toBe('missed');
  });
});
