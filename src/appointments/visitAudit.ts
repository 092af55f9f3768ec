import type { AuditEntry } from '../hub/audit';
import type { Actor } from './appointmentBook';

/** Where changes to visits are audited: the hub's audit trail (AuditLog), whichever record system holds the visits. */
export interface AuditTrail {
  record(entry: Omit<AuditEntry, '_id' | 'at'>): Promise<void>;
}

/**
 * The audit entry of a change made to a patient's visit: who (the bot or a member of staff), what, which visit, on
 * which channel. Written once, by the request that made the change (a retry answered from the first is not audited
 * again, and one that lost a race changed nothing).
 */
export function auditVisitChange(
  audit: AuditTrail,
  action: 'appointment.changed' | 'appointment.cancelled',
  appointmentId: string,
  actor: Actor,
  detail: Record<string, unknown>,
): Promise<void> {
  return audit.record({
    actor: { kind: actor.kind, id: actor.id },
    action,
    subject: { kind: 'appointment', id: appointmentId },
    channel: actor.channel,
    detail,
  });
}
