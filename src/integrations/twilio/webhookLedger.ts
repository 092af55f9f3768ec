import { createHash } from 'node:crypto';
import { Schema, type Connection, type mongo } from 'mongoose';
import { driverCollection } from '../../store/driverCollection';
import { modelOn } from '../../store/modelOn';

interface WebhookDocument {
  _id: string;
  path: string;
  createdAt: Date;
  /** The body we answered with, replayed verbatim to a duplicate delivery. */
  response?: string;
}

const webhookSchema = new Schema<WebhookDocument>(
  { _id: String, path: { type: String, required: true }, createdAt: { type: Date, required: true }, response: String },
  { versionKey: false, collection: 'twilio_webhooks' },
);

const DUPLICATE_KEY = 11000;
const REPLAY_WAIT_MS = 10000;
const REPLAY_POLL_MS = 50;

export type LedgerResult =
  { first: true; complete(response: string): Promise<void> } | { first: false; response?: string };

/**
 * One effect per webhook, however often Twilio delivers it. The first delivery inserts a document keyed by a hash of
 * the URL and parameters; a duplicate hits the unique _id (11000) and gets the stored answer, so the first delivery is
 * decided and recorded by one write. Our own action URLs carry a fresh step id each time, so two different turns with
 * identical parameters (two silences) never share a key.
 */
export class WebhookLedger {
  /** Written twice by every webhook: see driverCollection. */
  private readonly webhooks: mongo.Collection<WebhookDocument>;

  constructor(connection: Connection) {
    this.webhooks = driverCollection(modelOn(connection, 'TwilioWebhook', webhookSchema));
  }

  static keyOf(url: string, params: Record<string, string>): string {
    const sorted = Object.keys(params)
      .sort()
      .map((k) => `${k}=${params[k]}`)
      .join('&');
    return createHash('sha256').update(`${url}\n${sorted}`).digest('hex');
  }

  async begin(key: string, path: string): Promise<LedgerResult> {
    try {
      await this.webhooks.insertOne({ _id: key, path, createdAt: new Date() });
    } catch (err) {
      if ((err as { code?: number }).code !== DUPLICATE_KEY) throw err;
      return { first: false, response: await this.awaitResponse(key) };
    }
    return {
      first: true,
      complete: async (response) => {
        await this.webhooks.updateOne({ _id: key }, { $set: { response } });
      },
    };
  }

  /** A duplicate can arrive while the first delivery is still being answered: wait for that answer, briefly. */
  private async awaitResponse(key: string): Promise<string | undefined> {
    const deadline = Date.now() + REPLAY_WAIT_MS;
    for (;;) {
      const doc = await this.webhooks.findOne({ _id: key }, { projection: { response: 1 } });
      if (doc?.response !== undefined || Date.now() >= deadline) return doc?.response;
      await new Promise((resolve) => setTimeout(resolve, REPLAY_POLL_MS));
    }
  }
}
