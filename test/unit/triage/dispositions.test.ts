import {
  DISPOSITIONS,
  isDisposition,
  loadResponseTargets,
  moreUrgent,
  urgencyRank,
} from '../../../src/triage/dispositions';
import { decideDisposition } from '../../../src/triage/triage';

describe('dispositions', () => {
  it('are ordered from most to least urgent', () => {
    expect(DISPOSITIONS).toEqual(['emergency_999', 'urgent_2h', 'same_day', 'routine', 'self_care', 'none']);
    expect(urgencyRank('emergency_999')).toBeLessThan(urgencyRank('urgent_2h'));
  });

  it('moreUrgent picks the more urgent either way round', () => {
    expect(moreUrgent('routine', 'urgent_2h')).toBe('urgent_2h');
    expect(moreUrgent('emergency_999', 'self_care')).toBe('emergency_999');
    expect(moreUrgent('none', 'self_care')).toBe('self_care');
  });

  it('recognises only known dispositions', () => {
    expect(isDisposition('same_day')).toBe(true);
    expect(isDisposition('soon')).toBe(false);
    expect(isDisposition(3)).toBe(false);
  });

  it('has a response target with wording for every disposition, from the seeds', () => {
    const targets = loadResponseTargets();
    expect(targets.emergency_999.minutes).toBe(0);
    expect(targets.urgent_2h.minutes).toBe(120);
    expect(targets.same_day.minutes).toBe(24 * 60);
    expect(targets.routine.minutes).toBe(72 * 60);
    for (const d of DISPOSITIONS) expect(targets[d].wording).toBeTruthy();
  });
});

describe('decideDisposition', () => {
  it('a red flag wins over everything', () => {
    expect(
      decideDisposition({
        intent: 'appointment.cancel',
        redFlags: [{ disposition: 'emergency_999' }],
        ruleHits: [{ disposition: 'routine' }],
      }),
    ).toBe('emergency_999');
  });

  it('asking for the duty clinician is at least urgent', () => {
    expect(decideDisposition({ intent: 'urgent.clinician', redFlags: [], ruleHits: [] })).toBe('urgent_2h');
  });

  it('a booking that mentions a dressing is not triaged as routine, but a fall mentioned anywhere is urgent', () => {
    expect(
      decideDisposition({ intent: 'appointment.change', redFlags: [], ruleHits: [{ disposition: 'routine' }] }),
    ).toBe('none');
    expect(
      decideDisposition({ intent: 'appointment.cancel', redFlags: [], ruleHits: [{ disposition: 'urgent_2h' }] }),
    ).toBe('urgent_2h');
  });

  it('a health problem nothing recognised reaches a person the same day: never nothing, never routine by default', () => {
    expect(decideDisposition({ intent: 'unwell.guidance', redFlags: [], ruleHits: [] })).toBe('same_day');
    expect(decideDisposition({ intent: 'urgent.clinician', redFlags: [], ruleHits: [] })).toBe('urgent_2h');
  });

  it("a health problem a rule recognised keeps that rule's disposition, routine included", () => {
    expect(decideDisposition({ intent: 'unwell.guidance', redFlags: [], ruleHits: [{ disposition: 'routine' }] })).toBe(
      'routine',
    );
    expect(
      decideDisposition({ intent: 'unwell.guidance', redFlags: [], ruleHits: [{ disposition: 'self_care' }] }),
    ).toBe('self_care');
  });

  it('a high NEWS2 raises the disposition', () => {
    expect(
      decideDisposition({
        intent: 'professional.handover',
        redFlags: [],
        ruleHits: [],
        news2: { disposition: 'emergency_999' },
      }),
    ).toBe('emergency_999');
  });
});
