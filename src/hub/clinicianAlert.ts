import type { DutyRoute } from '../dialogs/dialogDeps';
import type { NotificationPort } from '../integrations/notify/notificationPort';
import type { Logger } from '../observability/logger';
import type { AlertAllowance } from './alertAllowance';
import type { QueueItem } from './queueModel';

/** What became of one alert: sent (to whom), held back by the clinician's allowance, or not sent at all. */
export type AlertOutcome = { outcome: 'sent'; clinician: string } | { outcome: 'limited' } | { outcome: 'not_sent' };

/**
 * An SMS to the duty clinician of an item's own service (a Medway item is Medway's to act on; the named clinician
 * first where the service asks for it), within their allowance of alerts per window shared by every instance and every
 * kind of alert, and once per idempotency key however many sweeps overlap. The body names the reference only: SMS is
 * not a place for patient details.
 */
export class ClinicianAlerts {
  constructor(
    private readonly dutyRoute: DutyRoute,
    private readonly notifications: NotificationPort,
    private readonly allowance: AlertAllowance,
    private readonly logger: Logger,
  ) {}

  /** `spent`: clinicians found to have had their window's alerts in this sweep, not asked again for each item. */
  async send(
    item: Pick<QueueItem, '_id' | 'service' | 'namedClinician'>,
    body: string,
    idempotencyKey: string,
    now: Date,
    spent: Set<string>,
  ): Promise<AlertOutcome> {
    const [clinician] = await this.dutyRoute.onDuty(now, item.service, item.namedClinician);
    if (!clinician) {
      this.logger.error({ event: 'hub.alert_no_duty', item: item._id }, 'alert: nobody on the rota to alert');
      return { outcome: 'not_sent' };
    }
    if (spent.has(clinician.phone)) return { outcome: 'limited' };
    const allowed = await this.allowance.take(clinician.phone, now);
    if (!allowed) {
      spent.add(clinician.phone);
      return { outcome: 'limited' };
    }
    // Once per key: the key decides between overlapping sweeps and instances; the loser gives its allowance back.
    const sent = await this.notifications
      .sendSms({ to: clinician.phone, body, purpose: 'clinician.alert', idempotencyKey })
      .catch(async (err: unknown) => {
        await allowed.release();
        throw err;
      });
    if (sent.status === 'duplicate') {
      await allowed.release();
      return { outcome: 'not_sent' };
    }
    return { outcome: 'sent', clinician: clinician.name };
  }
}
