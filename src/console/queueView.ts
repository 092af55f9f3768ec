import type { Activity } from 'botbuilder';
import type { CallHistoryLine } from '../hub/callHistory';
import type { Handoff } from '../hub/handoffStore';
import type { QueueItem } from '../hub/queueModel';

/** One row of the live queue: enough to choose what to pick up, nothing that identifies the patient. */
export function queueRow(item: QueueItem, now: Date, callbackNeeded = false) {
  return {
    id: item._id,
    reference: item.reference,
    kind: item.kind,
    status: item.status,
    disposition: item.disposition,
    channel: item.channel,
    createdAt: item.createdAt,
    deadline: item.deadline,
    minutesLeft: Math.round((item.deadline.getTime() - now.getTime()) / 60000),
    risk: item.firstResponseAt ? 'on_track' : (item.risk ?? 'on_track'),
    contact: item.summary.contact.role,
    problem: item.summary.problem,
    redFlags: item.summary.redFlags,
    claimedBy: item.claimedBy?.name,
    claimedById: item.claimedBy?.id,
    feedbackDue: item.feedbackDue,
    feedbackGiven: !!item.feedbackGivenAt,
    lastPatientMessageAt: item.lastPatientMessageAt,
    /** Nobody on the rota answered the phone transfer and nobody has called back yet. */
    callbackNeeded,
  };
}

/**
 * The item view. Patient identifiers are shown only when the bot verified who the patient is; an unverified name or
 * NHS number is an unchecked claim, and showing it as fact risks acting on the wrong record.
 */
export function queueDetail(
  item: QueueItem,
  handoff: Handoff | null,
  targetMinutes: number | undefined,
  now: Date,
  calls: CallHistoryLine[] = [],
  callbackNeeded = false,
  callbacks: { at: Date; staff: string; status: string }[] = [],
) {
  const { patient, ...summary } = item.summary;
  return {
    ...queueRow(item, now, callbackNeeded),
    summary: {
      ...summary,
      patient: patient?.verified
        ? patient
        : { verified: false, note: 'Not verified: confirm who you are speaking to before using any record.' },
    },
    targetMinutes,
    firstResponseAt: item.firstResponseAt,
    outcome: item.outcome,
    referredTo: item.referredTo,
    history: item.history,
    takeover: handoff ? { state: handoff.state, by: handoff.staff?.name } : undefined,
    /** The phone transfer history: who was dialled, whether they answered, how the call ended. */
    calls,
    /** Click-to-call requests made from the console for this item, and how far each got. */
    callbacks,
  };
}

export interface TranscriptLine {
  id?: string;
  at?: string;
  from: 'patient' | 'bot' | 'staff';
  text: string;
}

/** Messages only, labelled by who wrote them, for reading at a glance. */
export function transcriptLines(activities: Activity[]): TranscriptLine[] {
  return activities
    .filter((a) => a.type === 'message' && typeof a.text === 'string' && a.text.length > 0)
    .map((a) => ({
      id: a.id,
      at: a.timestamp ? new Date(a.timestamp).toISOString() : undefined,
      from:
        a.from?.role === 'user'
          ? 'patient'
          : (a.channelData as { handoff?: { from?: string } } | undefined)?.handoff?.from === 'staff'
            ? 'staff'
            : 'bot',
      text: a.text,
    }));
}
