import { toCsv } from './csv';
import type { ServiceReport } from './serviceReport';

export const REPORT_COLUMNS = ['service', 'month', 'section', 'measure', 'label', 'value'] as const;

/** One row per measure, so a commissioner's spreadsheet can filter and pivot it. */
export function reportCsv(report: ServiceReport): string {
  return toCsv([
    REPORT_COLUMNS,
    ...report.sections.flatMap((s) =>
      s.lines.map((l) => [report.service, report.month, s.id, l.key, l.label, l.value]),
    ),
  ]);
}

/** The download's file name. */
export const reportFileName = (report: Pick<ServiceReport, 'service' | 'month'>) =>
  `front-door-${report.service}-${report.month}.csv`;
