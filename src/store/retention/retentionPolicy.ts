import type { Config } from '../../config';

const DAY_MS = 24 * 3600 * 1000;
/** A year as the Code of Practice counts retention periods: whole years, leap days included on average. */
const YEAR_DAYS = 365.25;

/** Documents of one collection kept for a time after the date in one of their fields, then deleted. */
export interface RetentionRule {
  /** What the data is, for the log and the README. */
  name: string;
  collection: string;
  /** The date field the period runs from. */
  field: string;
  days: number;
  /** Narrows the rule to some of the collection (closed items, expired sessions...). */
  filter?: Record<string, unknown>;
}

/** A conversation's transcript kept only while it is not filed: deleted after `days` unless the hub has it. */
export interface TranscriptRule {
  name: string;
  /** The collection of conversations, and the date field they start on. */
  conversations: string;
  createdField: string;
  /** The collection of their activities (each naming its conversation in `conversationId`). */
  activities: string;
  days: number;
}

export interface RetentionPolicy {
  rules: RetentionRule[];
  unfiledTranscripts: TranscriptRule[];
}

/**
 * What Front Door keeps and for how long (README: "Retention"). The record's content (what the hub did for a person:
 * queue items, notes, handoffs, referrals, contacts, visits, the audit of it, and the transcripts filed with it) is kept
 * for the NHS Records Management Code of Practice's period for adult health records, 8 years after the contact, and
 * complaints for its 10 years. Operational data that only served a request is kept for days: long enough to answer a
 * retry, a lock-out or an investigation, no longer, since much of it holds names, numbers and messages.
 */
export function retentionPolicy(
  config: Pick<
    Config,
    | 'RETENTION_RECORD_YEARS'
    | 'RETENTION_COMPLAINT_YEARS'
    | 'RETENTION_UNFILED_TRANSCRIPT_DAYS'
    | 'RETENTION_WEBHOOK_LEDGER_DAYS'
    | 'RETENTION_LOGIN_FAILURE_DAYS'
    | 'RETENTION_OPERATIONAL_DAYS'
  >,
): RetentionPolicy {
  const record = Math.round(config.RETENTION_RECORD_YEARS * YEAR_DAYS);
  const complaints = Math.round(config.RETENTION_COMPLAINT_YEARS * YEAR_DAYS);
  const operational = config.RETENTION_OPERATIONAL_DAYS;
  const rule = (name: string, collection: string, field: string, days: number, filter?: Record<string, unknown>) => ({
    name,
    collection,
    field,
    days,
    ...(filter ? { filter } : {}),
  });
  return {
    rules: [
      // Part of the record.
      rule('closed queue items', 'queue_items', 'createdAt', record, {
        status: { $in: ['resolved', 'referred_on', 'closed'] },
      }),
      rule('queue decisions', 'queue_locks', 'at', record),
      rule('item notes', 'item_notes', 'at', record),
      rule('handoffs', 'handoffs', 'updatedAt', record),
      rule('call outcomes', 'call_outcomes', 'at', record),
      rule('referrals sent', 'record_referrals', 'sentAt', record),
      rule('contacts filed', 'record_contacts', 'at', record),
      rule('past visits', 'appointments', 'end', record),
      rule('audit', 'audit', 'at', record),
      rule('filed web chat transcripts', 'directline_activities', 'createdAt', record),
      rule('filed web chats', 'directline_conversations', 'createdAt', record),
      rule('filed phone and SMS transcripts', 'transcript_activities', 'timestamp', record),
      rule('filed phone and SMS conversations', 'transcripts', 'created', record),
      rule('feedback and complaints', 'feedback', 'createdAt', complaints),
      // Operational.
      rule('webhook ledger', 'twilio_webhooks', 'createdAt', config.RETENTION_WEBHOOK_LEDGER_DAYS),
      rule('login failures', 'login_failures', 'at', config.RETENTION_LOGIN_FAILURE_DAYS),
      rule('SMS outbox', 'outbox', 'createdAt', operational),
      rule('call-back requests', 'call_requests', 'updatedAt', operational),
      rule('phone call steps', 'voice_steps', 'createdAt', operational),
      rule('phone transfers', 'voice_transfers', 'createdAt', operational),
      rule('interpreter waits', 'interpreter_waits', 'createdAt', operational),
      rule('SMS conversation state', 'sms_conversations', 'updatedAt', operational),
      rule('idle conversation state', 'bot_state', 'updatedAt', operational),
      rule('expired console sessions', 'staff_sessions', 'expiresAt', operational),
      // A slot whose alert left the hour long ago is the same as no slot (src/hub/alertAllowance.ts makes it again).
      rule('breach-alert allowance', 'alert_slots', 'sentAt', operational),
    ],
    unfiledTranscripts: [
      {
        name: 'unfiled web chats',
        conversations: 'directline_conversations',
        createdField: 'createdAt',
        activities: 'directline_activities',
        days: config.RETENTION_UNFILED_TRANSCRIPT_DAYS,
      },
      {
        name: 'unfiled phone and SMS transcripts',
        conversations: 'transcripts',
        createdField: 'created',
        activities: 'transcript_activities',
        days: config.RETENTION_UNFILED_TRANSCRIPT_DAYS,
      },
    ],
  };
}

/** The moment before which a rule's documents are deleted. */
export function cutoff(days: number, now: Date): Date {
  return new Date(now.getTime() - days * DAY_MS);
}
