import type { Connection } from 'mongoose';
import { z } from 'zod';
import { zonedDateTime } from '../content/zonedTime';
import { feedbackModel, workingDaysBetween, type FeedbackRecord } from '../hub/feedback';
import type { Outcomes } from '../hub/outcomes';
import { OPEN_STATUSES, queueModel, type QueueItem } from '../hub/queueModel';
import { DISPOSITIONS } from '../triage/dispositions';
import type { ReportContent } from './reportContent';

/** Which service and calendar month: checked at the edge (console query, command line) with this schema. */
export const reportQuery = z.object({
  service: z
    .string({ error: 'service is required (a service id such as wandsworth)' })
    .regex(/^[a-z0-9-]{1,40}$/, { error: 'service must be a service id: lower-case letters, digits and hyphens' }),
  month: z
    .string({ error: 'month is required (YYYY-MM)' })
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'month must be YYYY-MM, e.g. 2026-11' }),
});
export type ReportQuery = z.infer<typeof reportQuery>;

/** One counted measure. `value` is null where it cannot be given (a percentage of nothing, a median of no replies). */
export interface ReportLine {
  key: string;
  label: string;
  value: number | null;
}

export interface ReportSection {
  id: 'items' | 'source' | 'disposition' | 'response_target' | 'outcome' | 'complaints';
  title: string;
  lines: ReportLine[];
}

export interface ServiceReport {
  service: string;
  month: string;
  /** The month's first instant and the next month's, on the report's clock. */
  from: Date;
  to: Date;
  /** When it was counted: an open item's target is judged against this. */
  asOf: Date;
  sections: ReportSection[];
}

export interface ReportDeps {
  connection: Connection;
  content: ReportContent;
  outcomes: Outcomes;
  /** Words for a kind or disposition code, as the console shows them. */
  label: (group: 'kind' | 'disposition', code: string) => string;
}

const KINDS = ['escalation', 'referral', 'callback', 'safeguarding'] as const;

type ItemFacts = Pick<
  QueueItem,
  'kind' | 'status' | 'disposition' | 'createdAt' | 'deadline' | 'firstResponseAt' | 'outcomeCode' | 'history'
> & { summary?: { contact?: QueueItem['summary']['contact']; answers?: Record<string, string> } };

/** The month's bounds on the report's clock (calendar months in Europe/London by default). */
export function monthBounds(month: string, timeZone: string): { from: Date; to: Date } {
  const [year, m] = month.split('-').map(Number);
  const next = m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
  return { from: zonedDateTime(`${month}-01`, '00:00', timeZone), to: zonedDateTime(`${next}-01`, '00:00', timeZone) };
}

/**
 * Items and feedback of one service. Those stored before services were told apart have no `service` and belong to
 * the default service.
 */
export function serviceFilter(service: string, defaultService: string): Record<string, unknown> {
  return service === defaultService
    ? { $or: [{ service }, { service: { $exists: false } }, { service: null }] }
    : { service };
}

/** Who made the contact: the first source in content whose role matches and whose words (if any) are in what they said. */
export function sourceOf(item: Pick<ItemFacts, 'summary'>, sources: ReportContent['sources']): string {
  const contact = item.summary?.contact;
  const role = contact?.role ?? 'unknown';
  const said = [
    contact?.organisation,
    contact?.relationship,
    item.summary?.answers?.who,
    item.summary?.answers?.organisation,
  ]
    .filter(Boolean)
    .join(' ');
  const match = sources.find((s) => s.role === role && (!s.words || new RegExp(s.words, 'i').test(said)));
  return match?.id ?? 'unknown';
}

export type TargetResult = 'met' | 'missed' | 'open' | 'closed_without_contact';

/**
 * Against the item's own deadline: met when a person first made contact by then; missed when after, or when there was
 * no contact and the deadline has passed (open, or closed only after it); open while not yet due; closed without
 * contact before its deadline (a duplicate, a test, a withdrawal) is not counted either way.
 */
export function targetResult(item: ItemFacts, asOf: Date): TargetResult {
  if (item.firstResponseAt) return item.firstResponseAt <= item.deadline ? 'met' : 'missed';
  if (OPEN_STATUSES.includes(item.status)) return item.deadline <= asOf ? 'missed' : 'open';
  const closedAt = [...item.history].reverse().find((e) => e.action === item.status)?.at ?? asOf;
  return closedAt > item.deadline ? 'missed' : 'closed_without_contact';
}

const percent = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 10 : null);
const median = (values: number[]) => {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * The month's report for one service, for commissioners: items by type, source and urgency, response-target
 * performance per function, coded outcomes, and complaints with their reply times (15 working days). Counted in the
 * process over projected fields (as the dashboard is), so it is the same on every store we run on.
 */
export async function serviceReport(deps: ReportDeps, query: ReportQuery, asOf: Date): Promise<ServiceReport> {
  const { content } = deps;
  const { from, to } = monthBounds(query.month, content.timezone);
  const inMonth = { createdAt: { $gte: from, $lt: to }, ...serviceFilter(query.service, content.defaultService) };
  const items = await queueModel(deps.connection)
    .find(inMonth)
    .select({
      kind: 1,
      status: 1,
      disposition: 1,
      createdAt: 1,
      deadline: 1,
      firstResponseAt: 1,
      outcomeCode: 1,
      history: 1,
      'summary.contact': 1,
      'summary.answers.who': 1,
      'summary.answers.organisation': 1,
    })
    .lean<ItemFacts[]>()
    .exec();
  const complaints = await feedbackModel(deps.connection)
    .find({ complaint: true, ...inMonth })
    .select({ createdAt: 1, responseDue: 1, repliedAt: 1 })
    .lean<Pick<FeedbackRecord, 'createdAt' | 'responseDue' | 'repliedAt'>[]>()
    .exec();

  const count = (keep: (i: ItemFacts) => boolean) => items.filter(keep).length;
  const line = (key: string, label: string, value: number | null): ReportLine => ({ key, label, value });

  const sources = items.map((i) => sourceOf(i, content.sources));
  const coded = new Set(deps.outcomes.list.map((o) => o.code));
  // A code since taken out of content still counts, under its own name.
  const retired = [...new Set(items.map((i) => i.outcomeCode).filter((c): c is string => !!c && !coded.has(c)))];

  const targets = content.functions.flatMap((f) => {
    const results = items
      .filter((i) => f.dispositions.includes(i.disposition as never))
      .map((i) => targetResult(i, asOf));
    const n = (r: TargetResult) => results.filter((x) => x === r).length;
    return [
      line(`${f.id}.met`, `${f.label}: met`, n('met')),
      line(`${f.id}.missed`, `${f.label}: missed`, n('missed')),
      line(`${f.id}.open`, `${f.label}: open, not yet due`, n('open')),
      line(
        `${f.id}.closed_without_contact`,
        `${f.label}: closed before due without contact`,
        n('closed_without_contact'),
      ),
      line(`${f.id}.met_percent`, `${f.label}: met, % of met and missed`, percent(n('met'), n('met') + n('missed'))),
    ];
  });

  const replied = complaints.filter((c) => c.repliedAt);
  const inTime = (c: (typeof complaints)[number]) => !c.responseDue || c.repliedAt! <= c.responseDue;
  const awaiting = complaints.filter((c) => !c.repliedAt);
  const overdue = (c: (typeof complaints)[number]) => !!c.responseDue && asOf > c.responseDue;

  return {
    service: query.service,
    month: query.month,
    from,
    to,
    asOf,
    sections: [
      {
        id: 'items',
        title: 'Items by type',
        lines: [
          line('total', 'All items', items.length),
          ...KINDS.map((k) =>
            line(
              k,
              deps.label('kind', k),
              count((i) => i.kind === k),
            ),
          ),
        ],
      },
      {
        id: 'source',
        title: 'Items by source',
        lines: content.sources.map((s) => line(s.id, s.label, sources.filter((x) => x === s.id).length)),
      },
      {
        id: 'disposition',
        title: 'Items by urgency (disposition)',
        lines: DISPOSITIONS.map((d) =>
          line(
            d,
            deps.label('disposition', d),
            count((i) => i.disposition === d),
          ),
        ),
      },
      { id: 'response_target', title: 'Response targets by function', lines: targets },
      {
        id: 'outcome',
        title: 'Outcomes',
        lines: [
          ...deps.outcomes.list.map((o) =>
            line(
              o.code,
              o.label,
              count((i) => i.outcomeCode === o.code),
            ),
          ),
          ...retired.map((c) =>
            line(
              c,
              c,
              count((i) => i.outcomeCode === c),
            ),
          ),
          line(
            'status.referred_on',
            'Referred on to a named service (no code)',
            count((i) => i.status === 'referred_on' && !i.outcomeCode),
          ),
          line(
            'status.closed',
            'Closed without a coded outcome',
            count((i) => i.status === 'closed' && !i.outcomeCode),
          ),
          line(
            'status.open',
            'Still open',
            count((i) => OPEN_STATUSES.includes(i.status)),
          ),
        ],
      },
      {
        id: 'complaints',
        title: 'Complaints (full reply due within 15 working days)',
        lines: [
          line('received', 'Complaints received', complaints.length),
          line('replied_in_time', 'Replied within 15 working days', replied.filter(inTime).length),
          line('replied_late', 'Replied late', replied.filter((c) => !inTime(c)).length),
          line('awaiting_overdue', 'Awaiting a reply, overdue', awaiting.filter(overdue).length),
          line('awaiting_in_time', 'Awaiting a reply, not yet due', awaiting.filter((c) => !overdue(c)).length),
          line(
            'median_reply_working_days',
            'Median working days to reply',
            median(replied.map((c) => workingDaysBetween(c.createdAt, c.repliedAt!))),
          ),
        ],
      },
    ],
  };
}
