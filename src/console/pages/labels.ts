import type { NotificationPurpose } from '../../integrations/notify/notificationPort';

/** Why the outbox holds each text message: typed, so a purpose added to the port cannot reach the page unlabelled. */
const PURPOSES: Record<NotificationPurpose, string> = {
  'appointment.confirmation': 'Visit changed: confirmation to the patient',
  'appointment.cancellation': 'Visit cancelled: confirmation to the patient',
  'referral.reference': 'Referral reference to the professional',
  'clinician.alert': 'Alert to the duty clinician',
  'callback.notice': 'Call-back notice',
  'conversation.message': 'Reply from the hub in an SMS conversation',
};

/**
 * Words for every code the console shows, and UK dates and times in Europe/London. A code this file does not know
 * yet (a new status from another part of the hub) is still shown readably ("handed_to_999" → "Handed to 999"),
 * never raw and never as "undefined".
 */
const LABELS: Record<string, Record<string, string>> = {
  kind: {
    escalation: 'Escalation',
    referral: 'Referral',
    callback: 'Call-back request',
    safeguarding: 'Safeguarding concern',
    complaint: 'Complaint',
  },
  alert: {
    risk: 'Risk',
    safeguarding: 'Safeguarding',
    'lone-worker': 'Lone worker',
  },
  status: {
    new: 'New',
    claimed: 'Claimed',
    in_progress: 'In progress',
    resolved: 'Resolved',
    referred_on: 'Referred on',
    closed: 'Closed',
  },
  disposition: {
    emergency_999: '999 emergency',
    urgent_2h: 'Urgent (2 hours)',
    same_day: 'Same day',
    routine: 'Routine',
    self_care: 'Self-care advice',
    none: 'No clinical need',
  },
  provisional: { assessment: 'Assessment not finished', handover: 'Handover not finished' },
  risk: { on_track: 'On track', at_risk: 'At risk', breached: 'Target missed', handed_to_999: 'Handed to 999' },
  role: {
    patient: 'Patient',
    carer: 'Carer or relative',
    professional: 'Health professional',
    unknown: 'Not known',
    coordinator: 'Coordinator',
    duty_clinician: 'Duty clinician',
    admin: 'Administrator',
  },
  channel: {
    directline: 'Web chat',
    webchat: 'Web chat',
    twilio_voice: 'Phone',
    voice: 'Phone',
    twilio_sms: 'SMS',
    sms: 'SMS',
    msteams: 'Teams',
    emulator: 'Bot Framework Emulator',
    test: 'Test channel',
  },
  history: {
    created: 'Created',
    claimed: 'Claimed',
    released: 'Released',
    reassigned: 'Reassigned',
    took_over: 'Took over the conversation',
    called_back: 'Called back',
    handed_back: 'Handed back to the assistant',
    resolved: 'Resolved',
    referred_on: 'Referred on',
    closed: 'Closed',
    feedback_given: 'Feedback given to the referrer',
    alerted: 'Duty clinician alerted',
    at_risk: 'Marked at risk',
    breached: 'Target missed',
    red_flag: 'Red flag typed while a person had the conversation',
    raised_to_emergency_999: 'Urgency raised to 999 emergency',
    raised_to_urgent_2h: 'Urgency raised to urgent (2 hours)',
    handed_to_999: 'Handed to 999',
    'sent to the council': "Sent to the council's safeguarding team",
    council_acknowledged: 'The council acknowledged the concern',
    routed: 'Routed to the urgent response',
    service_moved: "Moved to the GP practice's service",
    council_overdue: 'Past the target for the council',
    council_alerted: 'Duty clinician alerted: the council has not got or acknowledged the concern',
  },
  fft: {
    very_good: 'Very good',
    good: 'Good',
    neither: 'Neither good nor poor',
    poor: 'Poor',
    very_poor: 'Very poor',
    dont_know: "Don't know",
  },
  purpose: PURPOSES,
  takeover: { active: 'A person is talking to the patient', pending: 'Waiting for a person', ended: 'Handed back' },
  call: {
    requested: 'Requested',
    placed: 'Call placed',
    answered: 'Answered',
    connecting: 'Connecting',
    declined: 'Declined',
    failed: 'Failed',
    completed: 'Completed',
    'no-answer': 'No answer',
    busy: 'Busy',
    callback_needed: 'Nobody on the rota answered: call-back needed',
  },
};

/** "handed_to_999" → "Handed to 999". */
const readable = (code: string) => {
  const words = code.replace(/[_-]+/g, ' ').trim();
  return words ? words[0].toUpperCase() + words.slice(1) : 'Not recorded';
};

/** Audit actions that read better than their code; any other is shown as "Queue item: claim". */
const AUDIT_ACTIONS: Record<string, string> = {
  login: 'Signed in',
  'login.failed': 'Sign-in failed',
  'login.locked': 'Sign-in refused: account locked',
  'queue.list': 'Looked at the queue',
  'audit.view': 'Looked at the audit trail',
  'outbox.view': 'Looked at the SMS outbox',
  'complaints.view': 'Looked at complaints and feedback',
  'handover.view': 'Looked at the handover list',
  'handover.done': 'Marked a handover note done',
  'complaint.replied': 'Recorded a complaint reply',
  'appointment.changed': 'Visit changed',
  'appointment.cancelled': 'Visit cancelled',
};

/** An audit entry's action in words: "queue_item.claim" → "Queue item: claim". */
export function auditAction(code: string): string {
  return (
    AUDIT_ACTIONS[code] ??
    code
      .split('.')
      .map(readable)
      .join(': ')
      .replace(/: (\w)/g, (_, c: string) => `: ${c.toLowerCase()}`)
  );
}

export function label(group: string, code: string | undefined | null): string {
  if (code === undefined || code === null || code === '') return 'Not recorded';
  return LABELS[group]?.[code] ?? readable(code);
}

/** The summary's answer keys, as questions a coordinator reads ("news2" → "NEWS2 score"). */
const FIELD_LABELS: Record<string, string> = {
  reason: 'Reason',
  who: 'Who is contacting us',
  news2: 'NEWS2 score',
  problem: 'Problem',
  location: 'Where the patient is',
  callSign: 'Crew call sign',
  organisation: 'Organisation',
  relationship: 'Relationship to the patient',
  callbackNumber: 'Call-back number',
};
export const fieldLabel = (key: string) => FIELD_LABELS[key] ?? readable(key.replace(/([a-z])([A-Z])/g, '$1 $2'));

const zone = 'Europe/London';
const dateTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: zone,
});
const timeOnly = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: zone,
});
const dateOnly = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: zone });

const valid = (at: unknown): Date | undefined => {
  const date = at instanceof Date ? at : typeof at === 'string' || typeof at === 'number' ? new Date(at) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
};

/** "4 Dec 2026, 16:27" in London time; a missing or broken date is "Not recorded". */
export function ukDateTime(at: unknown): string {
  const date = valid(at);
  return date ? dateTime.format(date) : 'Not recorded';
}
export function ukTime(at: unknown): string {
  const date = valid(at);
  return date ? timeOnly.format(date) : 'Not recorded';
}
export function ukDate(at: unknown): string {
  const date = valid(at);
  return date ? dateOnly.format(date) : 'Not recorded';
}
/** The machine-readable form for <time datetime>. */
export function isoDate(at: unknown): string {
  return valid(at)?.toISOString() ?? '';
}

/** "1 h 20 min left", "25 min overdue": minutes as a coordinator reads them. */
export function minutesText(minutes: number): string {
  if (!Number.isFinite(minutes)) return 'Not recorded';
  const abs = Math.abs(Math.round(minutes));
  const days = Math.floor(abs / 1440);
  const hours = Math.floor((abs % 1440) / 60);
  const mins = abs % 60;
  const parts = days
    ? [`${days} d`, hours ? `${hours} h` : '']
    : hours
      ? [`${hours} h`, mins ? `${mins} min` : '']
      : [`${mins} min`];
  return parts.filter(Boolean).join(' ');
}
