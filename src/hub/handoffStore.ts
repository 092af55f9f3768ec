import type { ConversationReference } from 'botbuilder';
import { Schema, type Connection, type Model } from 'mongoose';
import { modelOn } from '../store/modelOn';

export type HandoffState = 'waiting' | 'active' | 'ended';

export interface Handoff {
  /** `<channelId>|<conversationId>`: one live handoff per conversation. */
  _id: string;
  state: HandoffState;
  queueItemId: string;
  /** JSON text of the ConversationReference, so any instance can continue the conversation. */
  reference: string;
  /** Which attached adapter type carries this channel; every instance attaches the same adapters. */
  adapterKind: string;
  staff?: { id: string; name: string };
  updatedAt: Date;
}

const handoffSchema = new Schema<Handoff>(
  {
    _id: { type: String, required: true },
    state: { type: String, required: true },
    queueItemId: { type: String, required: true },
    reference: { type: String, required: true },
    adapterKind: { type: String, required: true },
    staff: new Schema({ id: String, name: String }, { _id: false }),
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'handoffs' },
);
handoffSchema.index({ queueItemId: 1 });

export const handoffKey = (channelId: string, conversationId: string) => `${channelId}|${conversationId}`;

/**
 * Whether a person has taken a conversation over, in the store rather than in memory, so that the instance receiving
 * the patient's next message (any instance) knows to relay it instead of letting the bot answer.
 */
export class HandoffStore {
  private readonly model: Model<Handoff>;

  constructor(connection: Connection) {
    this.model = modelOn(connection, 'Handoff', handoffSchema);
  }

  find(channelId: string, conversationId: string): Promise<Handoff | null> {
    return this.model.findById(handoffKey(channelId, conversationId)).lean().exec();
  }

  forItem(queueItemId: string): Promise<Handoff | null> {
    return this.model.findOne({ queueItemId }).lean().exec();
  }

  /** The bot asked for a person: remember how to reach the conversation later. A live takeover is left alone. */
  async requested(reference: Partial<ConversationReference>, queueItemId: string, adapterKind: string): Promise<void> {
    const key = handoffKey(reference.channelId!, reference.conversation!.id);
    await this.model
      .updateOne(
        { _id: key },
        {
          $set: { queueItemId, reference: JSON.stringify(reference), adapterKind, updatedAt: new Date() },
          $setOnInsert: { state: 'waiting' },
        },
        { upsert: true },
      )
      .exec();
  }

  async setState(id: string, state: HandoffState, staff?: { id: string; name: string }): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { state, staff, updatedAt: new Date() } }).exec();
  }
}

export function referenceOf(handoff: Handoff): Partial<ConversationReference> {
  return JSON.parse(handoff.reference) as Partial<ConversationReference>;
}
