import type { Connection } from 'mongoose';
import type { Request, Response, Server } from 'restify';
import { zonedDate } from '../../content/zonedTime';
import { feedbackModel } from '../../hub/feedback';
import type { Outcomes } from '../../hub/outcomes';
import { queueModel } from '../../hub/queueModel';
import type { ReportContent } from '../../reports/reportContent';
import { reportCsv, reportFileName } from '../../reports/reportCsv';
import { reportQuery, serviceReport, type ServiceReport } from '../../reports/serviceReport';
import { PAGE_SECURITY_HEADERS } from '../../http/staticFiles';
import { HttpError, STAFF_ANY, type Staff } from '../http';
import type { StaffRole } from '../staffUsers';
import { label, ukDateTime } from './labels';

export interface ReportPageDeps {
  connection: Connection;
  reportContent: ReportContent;
  outcomes: Outcomes;
  now: () => Date;
  /** registerPages' wrappers: sign-in, role and error page; the layout; the audit of a view. */
  page: (
    roles: readonly StaffRole[],
    mutating: boolean,
    handler: (req: Request, res: Response, staff: Staff) => Promise<void>,
  ) => (req: Request, res: Response) => Promise<void>;
  render: (res: Response, staff: Staff, template: string, pageName: string, context: object, status?: number) => void;
  auditView: (staff: Staff, action: string, subject: { kind: string; id: string }, detail?: object) => Promise<unknown>;
}

const MONTHS_OFFERED = 13;

/**
 * Reports for commissioners: a service and month chosen on the page (a bookmarkable GET form that works without
 * script), the report as tables, and the same as CSV to download. Viewing and downloading are audited.
 */
export function registerReportPages(server: Server, deps: ReportPageDeps): void {
  const { reportContent: content } = deps;
  const thisMonth = () => zonedDate(deps.now(), content.timezone).slice(0, 7);

  /** The default service and every service an item or complaint has been stored under, for the choice. */
  const knownServices = async () => {
    const stored = [
      ...(await queueModel(deps.connection).distinct('service').exec()),
      ...(await feedbackModel(deps.connection).distinct('service').exec()),
    ].filter((s): s is string => typeof s === 'string' && reportQuery.shape.service.safeParse(s).success);
    return [...new Set([content.defaultService, ...stored])].sort();
  };

  /**
   * The services a member of staff may report on: those on their staff record when it lists any (the console's service
   * scope, issue 20 item 2), else every service.
   */
  const scopeOf = (staff: Staff) => (staff.session as { services?: string[] }).services;
  const mayReportOn = (staff: Staff, service: string) => !scopeOf(staff) || scopeOf(staff)!.includes(service);

  /** The query as given, or their first service and this month; a bad value is named rather than guessed at. */
  const chosen = (req: Request, staff: Staff) => {
    const raw = (req.query ?? {}) as Record<string, unknown>;
    const parsed = reportQuery.safeParse({
      service: raw.service || (scopeOf(staff)?.[0] ?? content.defaultService),
      month: raw.month || thisMonth(),
    });
    if (parsed.success && !mayReportOn(staff, parsed.data.service)) {
      throw new HttpError(403, 'forbidden', 'You can see reports for your own services only.');
    }
    return parsed.success
      ? { query: parsed.data }
      : {
          problem: { text: parsed.error.issues[0].message, href: `#report-${String(parsed.error.issues[0].path[0])}` },
        };
  };

  const build = (query: { service: string; month: string }) =>
    serviceReport(
      { connection: deps.connection, content, outcomes: deps.outcomes, label: (g, c) => label(g, c) },
      query,
      deps.now(),
    );

  const monthItems = (current: string) => {
    const [year, month] = thisMonth().split('-').map(Number);
    const months = Array.from({ length: MONTHS_OFFERED }, (_, i) => {
      const d = new Date(Date.UTC(year, month - 1 - i, 1));
      return {
        value: `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`,
        text: d.toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }),
      };
    });
    if (!months.some((m) => m.value === current)) months.push({ value: current, text: current });
    return months.map((m) => ({ ...m, selected: m.value === current }));
  };
  const monthName = (month: string) =>
    new Date(`${month}-01T12:00:00Z`).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

  const shown = (value: number | null, percent = false) =>
    value === null ? 'Not applicable' : percent ? `${value}%` : String(value);
  const cell = (text: string, header: string, numeric = true) => ({
    text,
    header,
    ...(numeric ? { format: 'numeric' } : {}),
  });
  /** A table per section for NHS.UK frontend's table macro; the response targets as one row per function. */
  const tables = (report: ServiceReport) =>
    report.sections.map((s) => {
      const id = `report-${s.id.replace(/_/g, '-')}`;
      if (s.id !== 'response_target') {
        return {
          id,
          caption: { text: s.title, size: 'm' },
          head: [{ text: 'Measure' }, { text: 'Count', format: 'numeric' }],
          rows: s.lines.map((l) => [cell(l.label, 'Measure', false), cell(shown(l.value), 'Count')]),
        };
      }
      const columns = [
        ['met', 'Met'],
        ['missed', 'Missed'],
        ['open', 'Open, not yet due'],
        ['closed_without_contact', 'Closed before due, no contact'],
        ['met_percent', 'Met, % of met and missed'],
      ];
      const value = (fn: string, measure: string) => s.lines.find((l) => l.key === `${fn}.${measure}`)?.value ?? null;
      return {
        id,
        caption: { text: s.title, size: 'm' },
        head: [{ text: 'Function' }, ...columns.map(([, text]) => ({ text, format: 'numeric' }))],
        rows: content.functions.map((f) => [
          cell(f.label, 'Function', false),
          ...columns.map(([key, text]) => cell(shown(value(f.id, key), key === 'met_percent'), text)),
        ]),
      };
    });

  server.get(
    '/console/reports',
    deps.page(STAFF_ANY, false, async (req, res, staff) => {
      const services = (await knownServices()).filter((s) => mayReportOn(staff, s));
      const { query, problem } = chosen(req, staff);
      const report = query && (await build(query));
      if (report)
        await deps.auditView(staff, 'report.view', { kind: 'report', id: `${report.service}:${report.month}` });
      const service = query?.service ?? scopeOf(staff)?.[0] ?? content.defaultService;
      const month = query?.month ?? thisMonth();
      deps.render(
        res,
        staff,
        'reports.njk',
        'reports',
        {
          title: 'Reports',
          error: problem,
          serviceItems: [...new Set([...services, service])].map((s) => ({
            value: s,
            text: s,
            selected: s === service,
          })),
          monthItems: monthItems(month),
          report: report && {
            heading: `${report.service}, ${monthName(report.month)}`,
            counted: `Items and complaints received from ${ukDateTime(report.from)} up to ${ukDateTime(report.to)}, counted at ${ukDateTime(report.asOf)}.${month === thisMonth() ? ' This month is not over: the numbers will change.' : ''}`,
            csvHref: `/console/reports/csv?service=${encodeURIComponent(report.service)}&month=${report.month}`,
            csvName: reportFileName(report),
            tables: tables(report),
          },
        },
        problem ? 400 : 200,
      );
    }),
  );

  server.get(
    '/console/reports/csv',
    deps.page(STAFF_ANY, false, async (req, res, staff) => {
      const { query, problem } = chosen(req, staff);
      if (!query) {
        res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
        return void res.end(`${problem.text}\n`);
      }
      const report = await build(query);
      await deps.auditView(staff, 'report.download', { kind: 'report', id: `${report.service}:${report.month}` });
      const body = Buffer.from(reportCsv(report));
      res.writeHead(200, {
        'content-type': 'text/csv; charset=utf-8; header=present',
        'content-disposition': `attachment; filename="${reportFileName(report)}"`,
        'content-length': body.length,
        'cache-control': 'no-store',
        ...PAGE_SECURITY_HEADERS,
      });
      res.end(body);
    }),
  );
}
