import { z } from 'zod';
import { readContentFile, reviewSchema } from '../../content/readContentFile';

/** The charts the dashboard draws, by id: each must have its words in content/hub/dashboard.yaml. */
export const DASHBOARD_CHARTS = ['channels', 'services', 'kinds', 'urgency', 'response'] as const;
export type DashboardChartId = (typeof DASHBOARD_CHARTS)[number];

const chartWords = z.object({
  title: z.string().min(1).max(80),
  description: z.string().min(1).max(400),
  empty: z.string().min(1),
  axis: z.string().min(1).max(60),
  columns: z.array(z.string().min(1)).min(2),
  legend: z.object({ bar: z.string().min(1), over: z.string().min(1), target: z.string().min(1) }).optional(),
});
export type ChartWords = z.infer<typeof chartWords>;

const dashboardSchema = z.object({
  review: reviewSchema,
  charts: z.object(
    Object.fromEntries(DASHBOARD_CHARTS.map((id) => [id, chartWords])) as Record<DashboardChartId, typeof chartWords>,
  ),
});

/**
 * The dashboard charts' words (content/hub/dashboard.yaml), checked when first read so a missing chart or an empty
 * title stops start-up. The response chart compares with targets, so its legend is required.
 */
export function loadDashboardCharts(): Record<DashboardChartId, ChartWords> {
  const charts = readContentFile(
    'hub/dashboard.yaml',
    dashboardSchema.refine((f) => !!f.charts.response.legend, {
      message: 'charts.response.legend: the response chart needs its legend (bar, over, target)',
    }),
  ).charts;
  return charts;
}
