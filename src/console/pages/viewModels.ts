import { interpreterLanguageIn } from '../../language/interpreterRoute';
import type { CallHistoryLine } from '../../hub/callHistory';
import type { QueueItem } from '../../hub/queueModel';
import type { Patient } from '../../patients/patientModel';
import type { Dashboard } from '../dashboard';
import type { ItemNote } from '../itemNotes';
import type { TranscriptLine } from '../queueView';
import { barChart, type ChartAxis } from './barChart';
import type { ChartWords, DashboardChartId } from './dashboardCharts';
import { fieldLabel, isoDate, label, minutesText, ukDate, ukDateTime, ukTime } from './labels';

const OPEN = ['new', 'claimed', 'in_progress'];
export const isOpen = (item: Pick<QueueItem, 'status'>) => OPEN.includes(item.status);

/** An item handed to 999 at once: the person was told to call 999; the hub only checks back. */
export const handedTo999 = (item: Pick<QueueItem, 'disposition'>) => item.disposition === 'emergency_999';

export interface TargetView {
  state: 'finished' | 'met' | 'breached' | 'at_risk' | 'on_track' | 'handed_to_999';
  text: string;
  detail: string;
}

/**
 * How the item stands against its target, in words. The clock stops when a person makes contact or the item is
 * finished; a 999 item is "handed to 999", with the queue's deadline as the time to check back.
 */
export function targetOf(item: QueueItem, now: Date): TargetView {
  const last = item.history[item.history.length - 1];
  if (!isOpen(item)) {
    return {
      state: 'finished',
      text: 'Finished',
      detail: `${label('status', item.status)} at ${ukDateTime(last?.at)}`,
    };
  }
  const left = Math.round((item.deadline.getTime() - now.getTime()) / 60000);
  if (handedTo999(item)) {
    return {
      state: 'handed_to_999',
      text: 'Handed to 999',
      detail: left >= 0 ? `check back by ${ukTime(item.deadline)}` : `check-back ${minutesText(-left)} overdue`,
    };
  }
  if (item.firstResponseAt) {
    const late = item.firstResponseAt > item.deadline;
    return {
      state: 'met',
      text: late ? 'Contact made late' : 'Contact made',
      detail: `at ${ukTime(item.firstResponseAt)}`,
    };
  }
  if (left < 0 || item.risk === 'breached') {
    return { state: 'breached', text: 'Target missed', detail: `${minutesText(Math.max(0, -left))} overdue` };
  }
  if (item.risk === 'at_risk') return { state: 'at_risk', text: 'At risk', detail: `${minutesText(left)} left` };
  return { state: 'on_track', text: 'On track', detail: `${minutesText(left)} left, due ${ukTime(item.deadline)}` };
}

/**
 * An item queued while Front Door was still asking (the danger-sign questions, a crew's handover): either the person is
 * still answering, or they left part-way and only a call back will finish it. Its clock runs from the moment the
 * escalation was decided, like any other item, because the people who left are the ones it exists for.
 */
export function provisionalView(item: QueueItem) {
  if (!item.provisional || !isOpen(item)) return undefined;
  const last = item.history[item.history.length - 1]?.at ?? item.createdAt;
  return {
    text: label('provisional', item.provisional),
    detail: `Front Door was still asking at ${ukTime(last)}: they may still be answering, or they left part-way. If nothing has changed for a few minutes, contact them.`,
  };
}

/** One row of the queue table: codes as words, nothing that identifies the patient. */
export function queueRowView(item: QueueItem, now: Date, callbackNeeded: boolean) {
  return {
    id: item._id,
    reference: item.reference,
    kindLabel: label('kind', item.kind),
    disposition: item.disposition,
    dispositionLabel: label('disposition', item.disposition),
    status: item.status,
    statusLabel: label('status', item.status),
    provisional: provisionalView(item),
    target: targetOf(item, now),
    contactLabel: label('role', item.summary.contact?.role),
    channelLabel: label('channel', item.channel),
    createdText: ukDateTime(item.createdAt),
    problem: item.summary.problem || 'No problem recorded',
    redFlags: item.summary.redFlags ?? [],
    interpreter: interpreterNeeded(item),
    claimedBy: item.claimedBy?.name ?? '',
    callbackNeeded,
    urgent: ['emergency_999', 'urgent_2h'].includes(item.disposition) && item.status === 'new' ? 'yes' : 'no',
    bulkClosable: isOpen(item) && handedTo999(item),
    alert: redFlagAlertView(item),
    councilOverdue: councilOverdueView(item),
  };
}

/** "interpreter needed: Polish" when the item says so (issue 22), for the queue and the item page. */
export function interpreterNeeded(item: QueueItem): string | undefined {
  const language = interpreterLanguageIn(item.summary.answers?.reason);
  return language ? `interpreter needed: ${language}` : undefined;
}

/**
 * A red flag typed while a person had the conversation, until the item is finished: what it was, what it did to the
 * item, and what the coordinator must do now. `token` is new for each flag, so the page's script sounds it once.
 */
export function redFlagAlertView(item: QueueItem) {
  const a = item.redFlagAlert;
  if (!a || !isOpen(item)) return undefined;
  const urgency = label('disposition', a.disposition);
  const next = a.told999
    ? 'Front Door told them to call 999 now. Check that they have, and stay with them in the conversation.'
    : a.disposition === 'emergency_999'
      ? 'They are a health professional, so Front Door did not tell them to call 999: agree with them now whether the patient needs an ambulance.'
      : 'Front Door did not answer it: the message is yours to answer now.';
  return {
    token: `flag:${item._id}:${new Date(a.at).getTime()}`,
    title: `Red flag at ${ukTime(a.at)}: ${a.category}`,
    text: `${a.raised ? `Urgency raised to ${urgency}.` : `Urgency stays ${urgency}.`} ${next}`,
    emergency: a.disposition === 'emergency_999',
  };
}

const row = (key: string, value: string | undefined) => ({
  key: { text: key },
  value: { text: value && value.trim() ? value : 'Not recorded' },
});

/** What the bot learnt, as a summary list: every key a question a coordinator reads, never a field name. */
export function summaryRows(item: QueueItem, now: Date) {
  const s = item.summary;
  const contact = s.contact ?? { role: 'unknown' };
  const rows = [
    row('Received', `${ukDateTime(item.createdAt)} by ${label('channel', item.channel)}`),
    row('Target', `${targetOf(item, now).text}: ${targetOf(item, now).detail}`),
    row('Who is contacting us', label('role', contact.role)),
  ];
  const provisional = provisionalView(item);
  if (provisional) rows.splice(2, 0, row(provisional.text, provisional.detail));
  if (contact.relationship) rows.push(row('Relationship to the patient', contact.relationship));
  if (contact.organisation) rows.push(row('Organisation', contact.organisation));
  if (contact.callSign) rows.push(row('Crew call sign', contact.callSign));
  rows.push(row('Problem', s.problem));
  rows.push(row('Red flags', s.redFlags?.length ? s.redFlags.join(', ') : 'None'));
  if (s.news2) rows.push(row('NEWS2 score', `${s.news2.score} (${s.news2.band} risk)`));
  if (s.location) rows.push(row('Where the patient is', s.location));
  rows.push(row('Call-back number', s.callbackNumber));
  const named = namedClinicianText(item);
  if (named) rows.push(row('Named clinician', named));
  const needs = communicationNeedsText(item);
  if (needs) rows.push(row('Communication needs', needs));
  for (const [key, value] of Object.entries(s.answers ?? {})) rows.push(row(fieldLabel(key), String(value)));
  if (item.claimedBy) rows.push(row('Claimed by', item.claimedBy.name));
  if (item.firstResponseAt) rows.push(row('First contact by a person', ukDateTime(item.firstResponseAt)));
  if (item.feedbackDue) {
    rows.push(
      row(
        'Feedback to the referrer',
        item.feedbackGivenAt ? `Given ${ukDateTime(item.feedbackGivenAt)}` : `Due by ${ukDateTime(item.feedbackDue)}`,
      ),
    );
  }
  if (item.outcome) rows.push(row('Outcome', item.outcome));
  if (item.referredTo) rows.push(row('Referred to', item.referredTo));
  return rows;
}

/**
 * Where a safeguarding concern went beyond our queue: sent (or still being retried) and acknowledged. A safeguarding
 * item that was never passed on says so, so nobody assumes the council has it.
 */
export function councilView(item: QueueItem) {
  if (item.kind !== 'safeguarding') return undefined;
  const c = item.council;
  if (!c) {
    return {
      rows: [row('Passed to the council', "No: phone the council's safeguarding team and tell them this concern.")],
      canAcknowledge: false,
    };
  }
  const tries = c.attempts ? ` (tried ${c.attempts} ${c.attempts === 1 ? 'time' : 'times'}, trying again)` : '';
  const rows = [
    row('Sent to', `${c.destination}, ${c.secureEmail}`),
    row('Sent', c.sentAt ? ukDateTime(c.sentAt) : `Not yet: their mail has not accepted it${tries}`),
    row(
      'Acknowledged',
      c.acknowledgedAt
        ? [
            c.acknowledgedVia === 'callback'
              ? `${ukDateTime(c.acknowledgedAt)}, by ${c.acknowledgedBy ?? 'the council'}'s system`
              : `${ukDateTime(c.acknowledgedAt)}, recorded by ${c.acknowledgedBy ?? 'someone at the hub'}`,
            c.councilReference && `their reference ${c.councilReference}`,
          ]
            .filter(Boolean)
            .join('; ')
        : 'Not yet',
    ),
  ];
  const overdue = councilOverdueView(item);
  if (overdue) rows.push(row('Overdue', overdue.detail));
  return { rows, canAcknowledge: !!c.sentAt && !c.acknowledgedAt, overdue };
}

/**
 * A concern past its service's target for reaching the council or being acknowledged (marked by the council sweep),
 * while that is still so: the queue's tag and the item page's warning, until it is sent or acknowledged.
 */
export function councilOverdueView(item: QueueItem) {
  const o = item.council?.overdue;
  if (!o) return undefined;
  const unsent = o.stage === 'unsent';
  if (unsent ? item.council?.sentAt : item.council?.acknowledgedAt) return undefined;
  const alerted = o.alertedAt
    ? `the duty clinician was alerted at ${ukTime(o.alertedAt)} (${o.alerted})`
    : 'the duty clinician has not been alerted yet';
  return {
    tag: unsent ? 'Council: not sent' : 'Council: not acknowledged',
    detail: `${unsent ? 'Not accepted by their mail' : 'Not acknowledged'} within ${minutesText(o.targetMinutes)}${o.counted === 'working_hours' ? ' of their working hours' : ''} of ${unsent ? 'being raised' : 'being sent'} (the service's target, passed at ${ukTime(o.since)}); ${alerted}. Phone their safeguarding team (out of hours, their out-of-hours team) and record it here.`,
  };
}

/** The patient's named clinician and whether the urgent case could go to them first (who was tried is in History). */
function namedClinicianText(item: QueueItem): string | undefined {
  const n = item.namedClinician;
  if (!n) return undefined;
  const who = n.role ? `${n.name} (${n.role})` : n.name;
  if (n.onDuty === undefined) return `${who}: not routed yet`;
  return n.onDuty
    ? `${who}: on duty, tried first`
    : `${who}: not on duty when routed, so the duty rota's order was used`;
}

const ON_RECORD = {
  owed: 'being added to the patient record',
  on_record: 'on the patient record',
  declined: 'not on the record: the patient said no',
};

/** Each need the person told us, and whether it is on their record (only with their consent). */
function communicationNeedsText(item: QueueItem): string | undefined {
  const onRecord = Object.values(item.summary.needsOnRecord ?? {});
  const labels = [...new Set([...(item.summary.communicationNeeds ?? []), ...onRecord.map((n) => n.label)])];
  if (labels.length === 0) return undefined;
  return labels
    .map((needLabel) => {
      const need = onRecord.find((n) => n.label === needLabel);
      const where = need ? ON_RECORD[need.status] : 'not on the record';
      return `${needLabel} (${where}${need?.recordId ? `, ${need.recordId}` : ''})`;
    })
    .join('; ');
}

const nhsNumber = (n: string) => n.replace(/\D/g, '').replace(/^(\d{3})(\d{3})(\d{4})$/, '$1 $2 $3');

/** The patient's record beside the item, only when the bot verified who the patient is. */
export function patientRows(patient: Patient) {
  return [
    row('Name', `${patient.givenName} ${patient.familyName}`),
    row('NHS number', nhsNumber(patient.nhsNumber)),
    row('Date of birth', ukDate(`${patient.dateOfBirth}T12:00:00Z`)),
    row('Postcode', patient.postcode),
    row('Mobile', patient.mobile),
    row('Housebound', patient.housebound ? 'Yes' : 'No'),
    row(
      'Alerts',
      patient.alerts?.length
        ? patient.alerts.map((a) => `${label('alert', a.category)}: ${a.text}`).join('; ')
        : 'None recorded',
    ),
    row('Conditions', patient.conditions?.join(', ') || 'None recorded'),
    row('GP practice', patient.gpPractice),
    row('Team', patient.team),
    row(
      'Key worker',
      patient.keyWorker
        ? `${patient.keyWorker.name}, ${patient.keyWorker.role}, ${patient.keyWorker.phone}`
        : undefined,
    ),
    row(
      'Carers',
      patient.carers?.map((c) => `${c.name} (${c.relationship}), ${c.phone}`).join('; ') || 'None recorded',
    ),
    row(
      'Care plan',
      patient.carePlan
        ? `Reviewed ${ukDate(`${patient.carePlan.reviewedOn}T12:00:00Z`)}, next review ${ukDate(`${patient.carePlan.reviewDue}T12:00:00Z`)}`
        : undefined,
    ),
  ];
}

export function historyRows(item: QueueItem) {
  return item.history.map((h) => ({
    at: ukDateTime(h.at),
    by: !h.by || h.by === 'front-door-bot' ? 'Front Door' : h.by,
    what: label('history', h.action),
    note: h.note ?? '',
  }));
}

export function callRows(calls: CallHistoryLine[], callbacks: { at: Date; staff: string; status: string }[]) {
  return [
    ...calls.map((c) => ({
      sort: new Date(c.at).getTime(),
      at: ukDateTime(c.at),
      who: c.clinician ?? 'Phone line',
      what: [label('call', c.outcome), c.status ? label('call', c.status) : ''].filter(Boolean).join(': '),
    })),
    ...callbacks.map((c) => ({
      sort: new Date(c.at).getTime(),
      at: ukDateTime(c.at),
      who: c.staff,
      what: `Call-back from the console: ${label('call', c.status)}`,
    })),
  ]
    .sort((a, b) => a.sort - b.sort)
    .map(({ at, who, what }) => ({ at, who, what }));
}

export function transcriptView(lines: TranscriptLine[], contactRole: string) {
  const who = {
    patient: contactRole === 'unknown' ? 'Patient or caller' : label('role', contactRole),
    bot: 'Front Door',
    staff: 'Hub staff',
  };
  return lines.map((l) => ({ from: l.from, who: who[l.from], at: ukTime(l.at), text: l.text }));
}

export function noteViews(notes: ItemNote[]) {
  return notes.map((n) => ({ by: n.by.name, at: ukDateTime(n.at), text: n.text, handover: n.handover }));
}

export function earlierView(items: QueueItem[]) {
  return items.map((i) => ({
    id: i._id,
    reference: i.reference,
    when: ukDate(i.createdAt),
    kind: label('kind', i.kind),
    status: label('status', i.status),
    problem: i.summary.problem || '',
  }));
}

/** A chart's words from content (content/hub/dashboard.yaml), with a count axis unless the chart says otherwise. */
function chartText(id: DashboardChartId, words: Record<DashboardChartId, ChartWords>) {
  const w = words[id];
  const axis: ChartAxis = { title: w.axis, unit: 'count' };
  const legend = w.legend && (['bar', 'over', 'target'] as const).map((key) => ({ key, text: w.legend![key] }));
  return { id, title: w.title, description: w.description, empty: w.empty, axis, columns: w.columns, legend };
}

export function dashboardView(
  d: Dashboard,
  serviceNames: Record<string, string>,
  words: Record<DashboardChartId, ChartWords>,
) {
  const counts = (group: string, record: Record<string, number>) =>
    Object.entries(record)
      .sort((a, b) => b[1] - a[1])
      .map(([code, value]) => ({ label: label(group, code), value }));
  const response = d.firstResponse.map((f) => ({
    label: label('disposition', f.disposition),
    value: f.medianMinutes,
    valueText: minutesText(f.medianMinutes),
    target: f.targetMinutes && f.targetMinutes > 0 ? f.targetMinutes : undefined,
    f,
  }));
  return {
    since: ukDateTime(d.since),
    sinceIso: isoDate(d.since),
    stats: [
      { label: 'Contacts', value: String(d.contacts) },
      { label: 'Escalations', value: String(d.escalations) },
      { label: 'Targets missed', value: String(d.breaches) },
      { label: 'Referral feedback overdue', value: String(d.feedbackOverdue) },
      { label: 'Resolved without a person', value: `${d.resolvedWithoutPerson}%` },
    ],
    charts: [
      barChart({
        ...chartText('channels', words),
        entries: counts('channel', d.contactsByChannel),
      }),
      barChart({
        ...chartText('services', words),
        entries: Object.entries(d.queueByService)
          .sort((a, b) => b[1] - a[1])
          .map(([id, value]) => ({ label: serviceNames[id] ?? id, value })),
      }),
      barChart({ ...chartText('kinds', words), entries: counts('kind', d.queueByKind) }),
      barChart({ ...chartText('urgency', words), entries: counts('disposition', d.queueByDisposition) }),
      barChart({
        ...chartText('response', words),
        axis: { title: words.response.axis, unit: 'minutes', tickText: minutesText },
        entries: response,
        rows: response.map((r) => [
          r.label,
          String(r.f.count),
          r.valueText,
          r.target ? minutesText(r.target) : 'None',
          `${r.f.withinTarget} of ${r.f.count}`,
        ]),
      }),
    ],
  };
}
