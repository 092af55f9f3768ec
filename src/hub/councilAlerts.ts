import type { ServiceDirectory } from '../content/serviceDirectory';
import { safeguardingDueAt, type ServiceProfile } from '../content/services';
import { fill } from '../content/placeholders';
import type { SmsTexts } from '../integrations/notify/smsTexts';
import type { Logger } from '../observability/logger';
import type { ClinicianAlerts } from './clinicianAlert';
import type { CouncilOverdue, CouncilStage, QueueItem } from './queueModel';
import { runEvery } from './runEvery';
import type { TriageQueue } from './triageQueue';

export interface CouncilSweepResult {
  /** Concerns newly marked past their target for being sent or acknowledged. */
  overdue: number;
  alerted: number;
  /** Overdue concerns not alerted this time because the clinician had their window's alerts. */
  limited: number;
}

/**
 * Where a safeguarding concern stands against its service's targets at `now` (the profile's safeguarding.targets):
 * not accepted by the council's mail within `sentMinutes` of being raised, or not acknowledged within
 * `acknowledgedMinutes` of being sent, each counted in clock minutes or the council team's working hours as the
 * profile says (`targets.counted`). Undefined while within target, or once acknowledged.
 */
export function councilOverdueAt(
  item: Pick<QueueItem, 'council'>,
  service: ServiceProfile,
  now: Date,
): CouncilOverdue | undefined {
  const c = item.council;
  if (!c || c.acknowledgedAt) return undefined;
  const { targets } = service.safeguarding;
  const stage: CouncilStage = c.sentAt ? 'unacknowledged' : 'unsent';
  const from = new Date(c.sentAt ?? c.owedAt);
  const targetMinutes = stage === 'unsent' ? targets.sentMinutes : targets.acknowledgedMinutes;
  const counted = stage === 'unsent' ? targets.counted.sent : targets.counted.acknowledged;
  const since = safeguardingDueAt(service, from, targetMinutes, counted);
  return since <= now ? { stage, since, targetMinutes, counted } : undefined;
}

/**
 * A safeguarding concern the council has not got, or has not said it has, is a concern nobody may be acting on (H60,
 * H78). Every instance sweeps the concerns awaiting acknowledgement: one past its service's target is marked on the
 * item (the console shows it) and its service's duty clinician is sent one SMS for each stage, through the same
 * notification port and per-clinician allowance as breach alerts, to phone the council's team. The SMS names the
 * reference and the council team only (content/notify/sms.yaml).
 */
export class CouncilAlertSweep {
  constructor(
    private readonly queue: TriageQueue,
    private readonly services: Pick<ServiceDirectory, 'profileOf'>,
    private readonly alerts: ClinicianAlerts,
    private readonly consoleUrl: string,
    private readonly logger: Logger,
    private readonly texts: SmsTexts,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async sweep(): Promise<CouncilSweepResult> {
    const now = this.now();
    const result: CouncilSweepResult = { overdue: 0, alerted: 0, limited: 0 };
    const spent = new Set<string>();
    for (const item of await this.queue.councilAwaiting()) {
      const service = this.services.profileOf(item.service);
      const overdue = councilOverdueAt(item, service, now);
      if (!overdue) continue;
      const marked = item.council?.overdue;
      if (marked?.stage !== overdue.stage) {
        if (await this.queue.markCouncilOverdue(item._id, overdue)) result.overdue++;
      } else if (marked.alertedAt) {
        continue;
      }
      const body = fill(
        overdue.stage === 'unsent' ? this.texts.staff.councilUnsent : this.texts.staff.councilUnacknowledged,
        {
          reference: item.reference,
          duration: fill(this.texts.staff.councilDuration[overdue.counted ?? 'clock'], {
            minutes: overdue.targetMinutes,
          }),
          destination: service.safeguarding.name,
          consoleUrl: `${this.consoleUrl}/items/${item._id}`,
        },
      );
      const alerted = await this.alerts.send(item, body, `council-${overdue.stage}:${item._id}`, now, spent);
      if (alerted.outcome === 'sent') {
        await this.queue.markCouncilAlerted(item._id, overdue.stage, `SMS to ${alerted.clinician}`);
        result.alerted++;
      }
      if (alerted.outcome === 'limited') result.limited++;
    }
    if (result.limited) {
      this.logger.warn({ event: 'hub.council_alerts_limited', items: result.limited }, 'council alerts held back');
    }
    if (result.overdue || result.alerted) this.logger.info({ event: 'hub.council_sweep', ...result }, 'council sweep');
    return result;
  }

  start(intervalMs: number): () => void {
    return runEvery(
      intervalMs,
      () => this.sweep(),
      (err) => this.logger.error({ err, event: 'hub.council_sweep_failed' }, 'council sweep failed'),
    );
  }
}
