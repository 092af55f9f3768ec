import { randomUUID } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import twilio from 'twilio';
import type { Config } from '../../config';
import type { Logger } from '../../observability/logger';
import { modelOn } from '../../store/modelOn';

/**
 * A click-to-call from the console: Twilio rings the staff member, and when they answer and press 1 our webhook
 * dials the patient. `requested` is where development stops (no Twilio credentials): the request is kept for the
 * console to show, and the webhook Twilio would fetch is the same one production uses.
 */
export type CallRequestStatus = 'requested' | 'placed' | 'failed' | 'answered' | 'connecting' | 'declined';

export interface CallRequest {
  /** Also the bridge id in the webhook URL Twilio fetches when the staff member answers. */
  _id: string;
  queueItemId: string;
  reference: string;
  staff: { id: string; name: string };
  /** The staff member's phone (E.164): Twilio calls this first. */
  to: string;
  /** The patient's call-back number (E.164): dialled only once the staff member has pressed 1. */
  patientNumber: string;
  /** Our number, shown to both: the configured Twilio number, when there is one. */
  from?: string;
  status: CallRequestStatus;
  /** Twilio's call SID once Twilio has taken the request. */
  providerId?: string;
  createdAt: Date;
  updatedAt: Date;
}

const requestSchema = new Schema<CallRequest>(
  {
    _id: { type: String, required: true },
    queueItemId: { type: String, required: true },
    reference: { type: String, required: true },
    staff: new Schema({ id: String, name: String }, { _id: false }),
    to: { type: String, required: true },
    patientNumber: { type: String, required: true },
    from: String,
    status: { type: String, required: true },
    providerId: String,
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'call_requests' },
);
requestSchema.index({ queueItemId: 1, createdAt: 1 });
requestSchema.index({ createdAt: -1 });

export type NewCallRequest = Pick<CallRequest, 'queueItemId' | 'reference' | 'staff' | 'to' | 'patientNumber'>;

/** Click-to-call requests in the store, so the webhook on any instance can find what to dial. */
export class CallRequests {
  private readonly model: Model<CallRequest>;

  constructor(connection: Connection) {
    this.model = modelOn(connection, 'CallRequest', requestSchema);
  }

  async create(input: NewCallRequest, from: string | undefined, now = new Date()): Promise<CallRequest> {
    const request: CallRequest = {
      _id: randomUUID(),
      ...input,
      ...(from ? { from } : {}),
      status: 'requested',
      createdAt: now,
      updatedAt: now,
    };
    await this.model.create([request]);
    return request;
  }

  find(id: string): Promise<CallRequest | null> {
    return this.model.findById(id).lean().exec();
  }

  /** A progress note (placed, answered, connecting…), not a decision: whoever writes last describes the call. */
  async mark(id: string, status: CallRequestStatus, providerId?: string): Promise<void> {
    await this.model
      .updateOne({ _id: id }, { $set: { status, updatedAt: new Date(), ...(providerId ? { providerId } : {}) } })
      .exec();
  }

  forItem(queueItemId: string): Promise<CallRequest[]> {
    return this.model.find({ queueItemId }).sort({ createdAt: 1 }).lean().exec();
  }

  recent(limit = 50): Promise<CallRequest[]> {
    return this.model.find().sort({ createdAt: -1 }).limit(limit).lean().exec();
  }
}

/** The one call we make on Twilio's REST client for this; tests stand in for it. */
export interface CallTransport {
  calls: {
    create(options: { to: string; from: string; url: string; method: 'POST' }): Promise<{ sid: string }>;
  };
}

/** Raised when Twilio refuses to place the call; the console answers 502 and nothing is recorded as called back. */
export class CallNotPlaced extends Error {
  override name = 'CallNotPlaced';
}

/** Places click-to-call requests: through Twilio when configured, otherwise only recorded (development, tests). */
export class CallPort {
  constructor(
    readonly requests: CallRequests,
    private readonly publicUrl: string,
    private readonly twilio?: { transport: CallTransport; from: string; logger: Logger },
  ) {}

  /** Whether a request really rings a phone, for the console to say so. */
  get live(): boolean {
    return !!this.twilio;
  }

  bridgeUrl(id: string): string {
    return `${this.publicUrl}/api/voice/callback-bridge?bridge=${encodeURIComponent(id)}`;
  }

  async place(input: NewCallRequest): Promise<CallRequest> {
    const request = await this.requests.create(input, this.twilio?.from);
    if (!this.twilio) return request;
    try {
      const call = await this.twilio.transport.calls.create({
        to: request.to,
        from: this.twilio.from,
        url: this.bridgeUrl(request._id),
        method: 'POST',
      });
      await this.requests.mark(request._id, 'placed', call.sid);
      return { ...request, status: 'placed', providerId: call.sid };
    } catch (err) {
      await this.requests.mark(request._id, 'failed');
      this.twilio.logger.error({ err, event: 'callback.place_failed' }, 'Twilio did not place the call-back');
      throw new CallNotPlaced('Twilio could not place the call. Try again, or dial the patient yourself.');
    }
  }
}

/** Twilio when the account and our number are configured (as for SMS); otherwise requests are only recorded. */
export function createCallPort(config: Config, connection: Connection, logger: Logger): CallPort {
  const { TWILIO_ACCOUNT_SID: sid, TWILIO_FROM_NUMBER: from, TWILIO_AUTH_TOKEN: token } = config;
  const requests = new CallRequests(connection);
  if (!sid || !from) return new CallPort(requests, config.PUBLIC_URL);
  return new CallPort(requests, config.PUBLIC_URL, { transport: twilio(sid, token), from, logger });
}
