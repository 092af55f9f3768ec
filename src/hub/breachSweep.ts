import { fill } from '../content/placeholders';
import type { DutyRoute } from '../dialogs/dialogDeps';
import type { NotificationPort } from '../integrations/notify/notificationPort';
import type { SmsTexts } from '../integrations/notify/smsTexts';
import type { Logger } from '../observability/logger';
import type { AlertAllowance } from './alertAllowance';
import { ClinicianAlerts } from './clinicianAlert';
import { OPEN_STATUSES, type QueueItem, type QueueRisk } from './queueModel';
import type { TriageQueue } from './triageQueue';
import { runEvery } from './runEvery';

/** An item is at risk once less than this share of its response window is left. */
export const AT_RISK_SHARE = 0.25;

/**
 * Breach alerts one clinician is sent in any hour, by all instances together (the allowance is in the store). Beyond
 * it breached items wait on the console (where every breach shows) and are alerted in a later hour, oldest deadline
 * first: a flood of chats cannot flood a phone.
 */
export const ALERTS_PER_CLINICIAN_PER_HOUR = 6;
export const ALERT_WINDOW_MS = 3600000;

export interface SweepResult {
  atRisk: number;
  breached: number;
  alerted: number;
  /** Breached items not alerted this time because the clinician had their hour's alerts. */
  limited: number;
}

/** Where an item stands against its target at `now`; only items nobody has contacted yet can be at risk. */
export function riskOf(item: Pick<QueueItem, 'createdAt' | 'deadline' | 'firstResponseAt'>, now: Date): QueueRisk {
  if (item.firstResponseAt) return 'on_track';
  const left = item.deadline.getTime() - now.getTime();
  if (left <= 0) return 'breached';
  const window = item.deadline.getTime() - item.createdAt.getTime();
  return left <= window * AT_RISK_SHARE ? 'at_risk' : 'on_track';
}

/**
 * Marks open, uncontacted items at risk or breached, and tells the duty clinician about each breach once. Runs on every
 * instance: the queue's unique-key locks make each mark happen once, and the alert's idempotency key makes the SMS go
 * once, however many sweeps overlap. The alert names the reference only: SMS is not a place for patient details. Its
 * wording is content/notify/sms.yaml (`staff.breachAlert`).
 */
export class BreachSweep {
  private readonly alerts: ClinicianAlerts;

  constructor(
    private readonly queue: TriageQueue,
    dutyRoute: DutyRoute,
    notifications: NotificationPort,
    /** Usually `new AlertAllowance(connection, ALERTS_PER_CLINICIAN_PER_HOUR, ALERT_WINDOW_MS)`. */
    allowance: AlertAllowance,
    private readonly consoleUrl: string,
    private readonly logger: Logger,
    /** The texts the app loaded (and validated) at start-up. */
    private readonly texts: SmsTexts,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.alerts = new ClinicianAlerts(dutyRoute, notifications, allowance, logger);
  }

  async sweep(): Promise<SweepResult> {
    const now = this.now();
    const result: SweepResult = { atRisk: 0, breached: 0, alerted: 0, limited: 0 };
    const open = await this.queue.list({ statuses: OPEN_STATUSES, limit: 1000 });
    // Clinicians found to have had their hour's alerts: not asked again for each of a flood's items in this sweep.
    const spent = new Set<string>();
    for (const item of open) {
      const risk = riskOf(item, now);
      if (risk === 'at_risk' && item.risk !== 'at_risk' && item.risk !== 'breached') {
        if (await this.queue.markRisk(item._id, 'at_risk')) result.atRisk++;
      }
      if (risk === 'breached' && item.risk !== 'breached') {
        if (await this.queue.markRisk(item._id, 'breached')) result.breached++;
      }
      if (risk === 'breached' && !item.breachAlertedAt) {
        const alerted = await this.alert(item, now, spent);
        if (alerted === 'sent') result.alerted++;
        if (alerted === 'limited') result.limited++;
      }
    }
    if (result.limited) {
      this.logger.warn({ event: 'hub.breach_alerts_limited', items: result.limited }, 'breach alerts held back');
    }
    if (result.atRisk || result.breached || result.alerted) {
      this.logger.info({ event: 'hub.sweep', ...result }, 'queue sweep marked items');
    }
    return result;
  }

  /** Runs the sweep every `intervalMs` until the returned stop function is called. */
  start(intervalMs: number): () => void {
    return runEvery(
      intervalMs,
      () => this.sweep(),
      (err) => this.logger.error({ err, event: 'hub.sweep_failed' }, 'queue sweep failed'),
    );
  }

  private async alert(item: QueueItem, now: Date, spent: Set<string>): Promise<'sent' | 'limited' | 'not_sent'> {
    const body = fill(this.texts.staff.breachAlert, {
      reference: item.reference,
      kind: item.kind,
      disposition: item.disposition.replace('_', ' '),
      consoleUrl: `${this.consoleUrl}/items/${item._id}`,
    });
    const alerted = await this.alerts.send(item, body, `breach:${item._id}`, now, spent);
    if (alerted.outcome === 'sent') await this.queue.markBreachAlerted(item._id, `SMS to ${alerted.clinician}`);
    return alerted.outcome;
  }
}
