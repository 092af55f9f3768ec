import { axisTicks, barChart, labelLines } from '../../../src/console/pages/barChart';
import { minutesText } from '../../../src/console/pages/labels';

describe('dashboard bar chart', () => {
  it('puts round ticks on the axis that reach the largest value', () => {
    expect(axisTicks(6, 'count')).toEqual([0, 2, 4, 6]);
    expect(axisTicks(7, 'count')).toEqual([0, 2, 4, 6, 8]);
    expect(axisTicks(1, 'count')).toEqual([0, 1]);
    expect(axisTicks(0, 'count')).toEqual([0, 1]);
    expect(axisTicks(130, 'count')).toEqual([0, 50, 100, 150]);
    expect(axisTicks(100, 'minutes')).toEqual([0, 60, 120]);
    expect(axisTicks(120, 'minutes')).toEqual([0, 60, 120]);
    expect(axisTicks(2880, 'minutes')).toEqual([0, 1440, 2880]);
  });

  it('wraps a long label onto a second line at a space, and shortens one too long for two', () => {
    expect(labelLines('SMS')).toEqual(['SMS']);
    expect(labelLines('Wandsworth Community Adult Health Services and more words', 30)).toEqual([
      'Wandsworth Community Adult',
      'Health Services and more words',
    ]);
    const [, second] = labelLines('a'.repeat(10) + ' ' + 'b'.repeat(40), 20);
    expect(second).toHaveLength(20);
    expect(second.endsWith('…')).toBe(true);
  });

  it('scales bars and the target to the last tick, and labels the axis with its unit', () => {
    const chart = barChart({
      id: 'response',
      title: 'Median time',
      description: 'How long people waited.',
      empty: 'None',
      axis: { title: 'Median time (hours and minutes)', unit: 'minutes', tickText: minutesText },
      entries: [
        { label: 'Within 2 hours', value: 150, target: 120 },
        { label: 'Same day', value: 60, target: 240 },
      ],
    });
    const last = chart.axis.ticks[chart.axis.ticks.length - 1];
    expect(last).toMatchObject({ x: chart.barSpace, text: '4 h', anchor: 'end' });
    expect(chart.bars[0]).toMatchObject({ over: true, width: Math.round((150 / 240) * chart.barSpace) });
    expect(chart.bars[1]).toMatchObject({ over: false, target: chart.barSpace });
    expect(chart.axis.y).toBeGreaterThan(chart.bars[1].y + 18);
    expect(chart.height).toBeGreaterThan(chart.axis.titleY);
    // Every value written after its bar fits in the drawing.
    for (const bar of chart.bars) expect(bar.width + 5 + bar.valueText.length * 8).toBeLessThanOrEqual(chart.width);
  });
});
