import { addOpenMinutes, loadServiceProfiles, safeguardingDueAt } from '../../src/content/services';
import { councilOverdueAt } from '../../src/hub/councilAlerts';
import type { CouncilHandoff, QueueItem } from '../../src/hub/queueModel';

const kent = loadServiceProfiles().find((p) => p.id === 'kent')!;
const at = (iso: string) => new Date(iso);
const handedOff = (times: Pick<CouncilHandoff, 'owedAt' | 'sentAt'>): Pick<QueueItem, 'council'> => ({
  council: { destination: kent.safeguarding.name, secureEmail: kent.safeguarding.secureEmail, ...times },
});
/** Kent with its council's agreement counted in clock minutes instead. */
const onTheClock = {
  ...kent,
  safeguarding: {
    ...kent.safeguarding,
    targets: { ...kent.safeguarding.targets, counted: { sent: 'clock' as const, acknowledged: 'clock' as const } },
  },
};

describe("a council's safeguarding targets, counted as its agreement says (issue 20)", () => {
  it('counts working hours only in the team’s opening hours: evenings and weekends do not count', () => {
    // Sent at 16:30 on a Friday (GMT): 30 minutes on Friday, the other 450 from 09:00 on Monday.
    expect(safeguardingDueAt(kent, at('2026-12-04T16:30:00Z'), 480, 'working_hours')).toEqual(
      at('2026-12-07T16:30:00Z'),
    );
    // Sent on a Saturday: nothing counts until Monday 09:00.
    expect(safeguardingDueAt(kent, at('2026-12-05T11:00:00Z'), 60, 'working_hours')).toEqual(
      at('2026-12-07T10:00:00Z'),
    );
  });

  it('skips the bank holidays the team closes on (Christmas Day and the Boxing Day substitute)', () => {
    // Thursday 24 December 16:00: an hour that day, then Friday 25 (Christmas), the weekend and Monday 28 (substitute)
    // are closed, so the other 420 minutes run from 09:00 on Tuesday 29 December.
    expect(safeguardingDueAt(kent, at('2026-12-24T16:00:00Z'), 480, 'working_hours')).toEqual(
      at('2026-12-29T16:00:00Z'),
    );
  });

  it('reads opening hours in local time across the clock change', () => {
    // Friday 26 March 2027 is Good Friday, Monday 29 Easter Monday; British Summer Time from Sunday 28. Sent Thursday
    // 25 March 16:00 GMT: an hour, then Tuesday 30 March from 09:00 BST (08:00Z).
    expect(safeguardingDueAt(kent, at('2027-03-25T16:00:00Z'), 120, 'working_hours')).toEqual(
      at('2027-03-30T09:00:00Z'),
    );
    // Open all hours: a working minute is a clock minute, through the missing hour too.
    expect(addOpenMinutes(kent, 'always', 'open', at('2027-03-28T00:30:00Z'), 120)).toEqual(at('2027-03-28T02:30:00Z'));
  });

  it('counts clock minutes when the agreement says clock', () => {
    expect(safeguardingDueAt(kent, at('2026-12-04T16:30:00Z'), 480, 'clock')).toEqual(at('2026-12-05T00:30:00Z'));
  });

  it('gives the clock’s answer for hours that are never open, never a target that never passes', () => {
    const never = Object.fromEntries(
      ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'].map((d) => [d, 'closed' as const]),
    ) as Parameters<typeof addOpenMinutes>[1];
    expect(addOpenMinutes(kent, never, 'open', at('2026-12-04T16:30:00Z'), 60)).toEqual(at('2026-12-04T17:30:00Z'));
  });

  it('decides overdue by the profile: working hours wait for Monday, clock minutes do not', () => {
    const concern = handedOff({ owedAt: at('2026-12-04T16:00:00Z'), sentAt: at('2026-12-04T16:30:00Z') });
    const saturday = at('2026-12-05T12:00:00Z');
    expect(kent.safeguarding.targets.counted).toEqual({ sent: 'clock', acknowledged: 'working_hours' });
    expect(councilOverdueAt(concern, kent, saturday)).toBeUndefined();
    expect(councilOverdueAt(concern, onTheClock, saturday)).toMatchObject({
      stage: 'unacknowledged',
      since: at('2026-12-05T00:30:00Z'),
      counted: 'clock',
    });
    expect(councilOverdueAt(concern, kent, at('2026-12-07T16:31:00Z'))).toMatchObject({
      since: at('2026-12-07T16:30:00Z'),
      counted: 'working_hours',
    });
    // Not yet accepted by the council's mail: counted on the clock, night or weekend.
    const unsent = handedOff({ owedAt: at('2026-12-05T02:00:00Z') });
    expect(councilOverdueAt(unsent, kent, at('2026-12-05T03:01:00Z'))).toMatchObject({ stage: 'unsent' });
  });
});
