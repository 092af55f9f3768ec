import { DASHBOARD_CHARTS, loadDashboardCharts } from '../../../src/console/pages/dashboardCharts';
import { dashboardView } from '../../../src/console/pages/viewModels';
import type { Dashboard } from '../../../src/console/dashboard';

const data: Dashboard = {
  since: new Date('2026-12-01T00:00:00Z'),
  contacts: 3,
  contactsByChannel: { webchat: 2, voice: 1 },
  queueByKind: { referral: 1 },
  queueByService: { kent: 1 },
  queueByDisposition: { urgent_2h: 1 },
  escalations: 1,
  breaches: 0,
  feedbackOverdue: 0,
  firstResponse: [{ disposition: 'urgent_2h', count: 1, medianMinutes: 30, targetMinutes: 120, withinTarget: 1 }],
  resolvedWithoutPerson: 50,
};

describe('the dashboard charts’ words come from content (content/hub/dashboard.yaml, issue 20)', () => {
  const words = loadDashboardCharts();

  it('has a title, a description, an axis and columns for every chart the page draws', () => {
    expect(Object.keys(words).sort()).toEqual([...DASHBOARD_CHARTS].sort());
    for (const id of DASHBOARD_CHARTS) {
      expect(words[id].title.length).toBeGreaterThan(0);
      expect(words[id].description.length).toBeGreaterThan(0);
    }
    expect(words.response.legend).toBeDefined();
  });

  it('draws each chart with the words content gives it, not words of its own', () => {
    const edited = {
      ...words,
      channels: { ...words.channels, title: 'How people reached us', description: 'By channel.', axis: 'People' },
      response: { ...words.response, legend: { bar: 'In time', over: 'Late', target: 'Aim' } },
    };
    const charts = dashboardView(data, { kent: 'Kent' }, edited).charts;
    const channels = charts.find((c) => c.id === 'channels')!;
    expect(channels).toMatchObject({ title: 'How people reached us', description: 'By channel.' });
    expect(channels.axis.title).toBe('People');
    expect(channels.columns).toEqual(words.channels.columns);
    expect(charts.find((c) => c.id === 'response')!.legend.map((l) => l.text)).toEqual(['In time', 'Late', 'Aim']);
    expect(charts.map((c) => c.title)).toEqual(DASHBOARD_CHARTS.map((id) => edited[id].title));
  });
});
