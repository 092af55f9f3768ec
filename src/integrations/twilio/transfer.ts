import { describeWithin } from '../../dialogs/describeWithin';
import type { TriageQueue } from '../../hub/triageQueue';
import type { NotificationPort } from '../notify/notificationPort';
import type { Logger } from '../../observability/logger';
import type { ServiceRotas } from '../rota/serviceRotas';
import type { CallOutcomes } from './callOutcomes';
import { fill } from '../../content/placeholders';
import type { PhoneContent } from './phoneContent';
import type { PhoneState, VoiceTransfer } from './phoneState';
import { e164 } from './phoneNumbers';
import type { VoiceTwiml } from './twiml';

export interface TransferDeps {
  /** Each service's rota: the caller is put through to the duty clinician of the service they rang. */
  rotas: Pick<ServiceRotas, 'onDuty'>;
  state: PhoneState;
  outcomes: CallOutcomes;
  queue: TriageQueue;
  notifications: NotificationPort;
  twiml: VoiceTwiml;
  content: PhoneContent;
  logger: Logger;
  publicUrl: string;
  dialTimeoutSeconds: number;
  /** Used when TWILIO_FROM_NUMBER is unset: the number the caller rang is ours, so Twilio accepts it as caller id. */
  fallbackCallerId: (params: Record<string, string>) => string;
  now: () => Date;
}

export interface TransferRequest {
  callSid: string;
  queueItemId?: string;
  reference?: string;
  disposition: string;
  whisper: string;
  /** The service the call is for (its rota is dialled); the default service's when absent. */
  service?: string;
}

/** Twilio's DialCallStatus words that mean the clinician did not take the call. */
const NOT_ANSWERED = new Set(['no-answer', 'busy', 'failed', 'canceled']);

/**
 * Warm transfer to the duty clinician: <Dial> the first on the rota with a whisper, and on no answer the next in
 * fallback order. If nobody answers, the caller is told what happens next, the escalation stays in the queue as an
 * urgent call-back (recorded in call_outcomes), and the duty clinician gets one SMS naming the reference only.
 */
export class TransferDesk {
  constructor(private readonly deps: TransferDeps) {}

  async start(request: TransferRequest, spoken: string[], params: Record<string, string>): Promise<string> {
    const named = await this.namedClinicianOf(request.queueItemId);
    const clinicians = (await this.deps.rotas.onDuty(this.deps.now(), request.service, named)).map(
      ({ id, name, phone }) => ({ id, name, phone }),
    );
    const transfer = await this.deps.state.newTransfer({ ...request, clinicians });
    if (!clinicians.length) return this.nobodyAnswered(transfer, spoken);
    return this.dialAttempt(transfer, 0, spoken, params);
  }

  /** The <Dial> action: Twilio tells us how the attempt ended. Without a transfer or attempt it throws (fail-safe). */
  async dialed(
    transferId: string | undefined,
    attempt: number | undefined,
    params: Record<string, string>,
  ): Promise<string> {
    const transfer = transferId ? await this.deps.state.transfer(transferId) : null;
    if (!transfer || attempt === undefined || !(attempt >= 0 && attempt < transfer.clinicians.length)) {
      throw new Error('Dial outcome for an unknown transfer or attempt');
    }
    const clinician = transfer.clinicians[attempt];
    const status = params.DialCallStatus ?? 'unknown';
    const base = { callSid: transfer.callSid, queueItemId: transfer.queueItemId, reference: transfer.reference };
    if (!NOT_ANSWERED.has(status)) {
      await this.deps.outcomes.record(`${transfer._id}:${attempt}`, {
        ...base,
        outcome: 'connected',
        clinicianId: clinician.id,
        status,
        durationSeconds: toSeconds(params.DialCallDuration),
      });
      return this.deps.twiml.sayAndHangUp([]);
    }
    await this.deps.outcomes.record(`${transfer._id}:${attempt}`, {
      ...base,
      outcome: 'not_answered',
      clinicianId: clinician.id,
      status,
    });
    if (attempt + 1 < transfer.clinicians.length) {
      return this.dialAttempt(transfer, attempt + 1, [this.deps.content.voice.tryingNext], params);
    }
    return this.nobodyAnswered(transfer, []);
  }

  async whisper(transferId: string | undefined): Promise<string> {
    const transfer = transferId ? await this.deps.state.transfer(transferId) : null;
    return this.deps.twiml.whisper(transfer?.whisper ?? '');
  }

  /** The item's named clinician (set where the service asks for it); the rota's order if the store cannot say. */
  private async namedClinicianOf(queueItemId?: string) {
    if (!queueItemId) return undefined;
    try {
      return (await this.deps.queue.findById(queueItemId))?.namedClinician;
    } catch (err) {
      this.deps.logger.warn({ err, event: 'voice.named_clinician_unknown' }, 'dialling in rota order');
      return undefined;
    }
  }

  private dialAttempt(transfer: VoiceTransfer, attempt: number, spoken: string[], params: Record<string, string>) {
    const url = (path: string) => `${this.deps.publicUrl}/api/voice/${path}?transfer=${transfer._id}`;
    return this.deps.twiml.dial(spoken, {
      number: e164(transfer.clinicians[attempt].phone),
      callerId: this.deps.fallbackCallerId(params),
      timeout: this.deps.dialTimeoutSeconds,
      action: `${url('dial')}&attempt=${attempt}`,
      whisper: url('whisper'),
    });
  }

  private async nobodyAnswered(transfer: VoiceTransfer, spoken: string[]): Promise<string> {
    await this.deps.outcomes.record(`${transfer._id}:callback`, {
      callSid: transfer.callSid,
      queueItemId: transfer.queueItemId,
      reference: transfer.reference,
      outcome: 'callback_needed',
    });
    await this.alertDutyClinician(transfer);
    const minutes = this.deps.queue.targetMinutes(transfer.disposition) || this.deps.queue.targetMinutes('urgent_2h');
    const within = describeWithin(minutes ?? 120);
    return this.deps.twiml.sayAndHangUp([...spoken, fill(this.deps.content.voice.nobodyAnswered, { within })]);
  }

  private async alertDutyClinician(transfer: VoiceTransfer): Promise<void> {
    const duty = transfer.clinicians[0] ?? (await this.deps.rotas.onDuty(this.deps.now(), transfer.service))[0];
    if (!duty) {
      this.deps.logger.error(
        { event: 'voice.transfer_no_duty', transfer: transfer._id },
        'nobody on the rota to alert',
      );
      return;
    }
    try {
      await this.deps.notifications.sendSms({
        to: duty.phone,
        body: fill(this.deps.content.alerts.transferFailed, {
          disposition: transfer.disposition.replace('_', ' '),
          reference: transfer.reference ?? `call ending ${transfer.callSid.slice(-6)}`,
          consoleUrl: `${this.deps.publicUrl}/console${transfer.queueItemId ? `/items/${transfer.queueItemId}` : ''}`,
        }),
        purpose: 'clinician.alert',
        idempotencyKey: `transfer-failed:${transfer._id}`,
      });
    } catch (err) {
      // The call-back is recorded and the item is in the queue with its deadline; the breach sweep alerts again.
      this.deps.logger.error({ err, event: 'voice.transfer_alert_failed' }, 'could not send the transfer alert');
    }
  }
}

function toSeconds(value: string | undefined): number | undefined {
  const n = Number(value);
  return Number.isFinite(n) && value !== undefined && value !== '' ? n : undefined;
}
