import { fill } from '../content/placeholders';
import type { DutyRoute } from '../dialogs/dialogDeps';
import type { NotificationPort } from '../integrations/notify/notificationPort';
import type { SmsTexts } from '../integrations/notify/smsTexts';
import type { Logger } from '../observability/logger';
import { OPEN_STATUSES, type QueueItem, type QueueRisk } from './queueModel';
import type { TriageQueue } from './triageQueue';

/** An item is at risk once less than this share of its response window is left. */
export const AT_RISK_SHARE = 0.25;

export interface SweepResult {
  atRisk: number;
  breached: number;
  alerted: number;
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
  constructor(
    private readonly queue: TriageQueue,
    private readonly dutyRoute: DutyRoute,
    private readonly notifications: NotificationPort,
    private readonly consoleUrl: string,
    private readonly logger: Logger,
    /** The texts the app loaded (and validated) at start-up. */
    private readonly texts: SmsTexts,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async sweep(): Promise<SweepResult> {
    const now = this.now();
    const result: SweepResult = { atRisk: 0, breached: 0, alerted: 0 };
    const open = await this.queue.list({ statuses: OPEN_STATUSES, limit: 1000 });
    for (const item of open) {
      const risk = riskOf(item, now);
      if (risk === 'at_risk' && item.risk !== 'at_risk' && item.risk !== 'breached') {
        if (await this.queue.markRisk(item._id, 'at_risk')) result.atRisk++;
      }
      if (risk === 'breached' && item.risk !== 'breached') {
        if (await this.queue.markRisk(item._id, 'breached')) result.breached++;
      }
      if (risk === 'breached' && !item.breachAlertedAt && (await this.alert(item))) result.alerted++;
    }
    if (result.atRisk || result.breached || result.alerted) {
      this.logger.info({ event: 'hub.sweep', ...result }, 'queue sweep marked items');
    }
    return result;
  }

  /** Runs the sweep every `intervalMs` until the returned stop function is called. */
  start(intervalMs: number): () => void {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      this.sweep()
        .catch((err: unknown) => this.logger.error({ err, event: 'hub.sweep_failed' }, 'queue sweep failed'))
        .finally(() => (running = false));
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  private async alert(item: QueueItem): Promise<boolean> {
    const [clinician] = await this.dutyRoute.onDuty(this.now());
    if (!clinician) {
      this.logger.error({ event: 'hub.breach_no_duty', item: item._id }, 'breach: nobody on the rota to alert');
      return false;
    }
    const sent = await this.notifications.sendSms({
      to: clinician.phone,
      body: fill(this.texts.staff.breachAlert, {
        reference: item.reference,
        kind: item.kind,
        disposition: item.disposition.replace('_', ' '),
        consoleUrl: `${this.consoleUrl}#/item/${item._id}`,
      }),
      purpose: 'clinician.alert',
      idempotencyKey: `breach:${item._id}`,
    });
    if (sent.status === 'duplicate') return false;
    await this.queue.markBreachAlerted(item._id, `SMS to ${clinician.name}`);
    return true;
  }
}
