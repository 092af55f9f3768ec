import { randomUUID } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import type { Actor } from '../hub/triageQueue';
import { modelOn } from '../store/modelOn';

/** A coordinator's note on a queue item; a handover note is also on the shift handover list until marked done. */
export interface ItemNote {
  _id: string;
  itemId: string;
  reference: string;
  at: Date;
  by: Actor;
  text: string;
  handover: boolean;
  handoverDoneAt?: Date;
  handoverDoneBy?: Actor;
}

const actor = { _id: false, id: String, name: String };
const noteSchema = new Schema<ItemNote>(
  {
    _id: String,
    itemId: { type: String, required: true },
    reference: { type: String, required: true },
    at: { type: Date, required: true },
    by: actor,
    text: { type: String, required: true },
    handover: { type: Boolean, required: true },
    handoverDoneAt: Date,
    handoverDoneBy: actor,
  },
  { versionKey: false, collection: 'item_notes' },
);
noteSchema.index({ itemId: 1, at: 1 });
noteSchema.index({ handover: 1, at: -1 });

function noteModel(connection: Connection): Model<ItemNote> {
  return modelOn(connection, 'ItemNote', noteSchema);
}

/**
 * Notes are documents of their own (one insert each), not an array on the item: two coordinators writing at once
 * both keep their note, and the queue item's own writes are untouched.
 */
export class ItemNotes {
  private readonly model: Model<ItemNote>;
  constructor(
    connection: Connection,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.model = noteModel(connection);
  }

  async add(item: { _id: string; reference: string }, by: Actor, text: string, handover: boolean): Promise<ItemNote> {
    const note: ItemNote = {
      _id: randomUUID(),
      itemId: item._id,
      reference: item.reference,
      at: this.now(),
      by,
      text,
      handover,
    };
    await this.model.collection.insertOne(note as never);
    return note;
  }

  forItem(itemId: string): Promise<ItemNote[]> {
    return this.model.find({ itemId }).sort({ at: 1 }).lean<ItemNote[]>().exec();
  }

  /** The shift handover list: notes marked for handover and not yet done, newest first. */
  handover(limit = 200): Promise<ItemNote[]> {
    return this.model
      .find({ handover: true, handoverDoneAt: { $exists: false } })
      .sort({ at: -1 })
      .limit(limit)
      .lean<ItemNote[]>()
      .exec();
  }

  /** Takes a note off the handover list; only the first "done" counts. */
  async handoverDone(id: string, by: Actor): Promise<boolean> {
    const result = await this.model.collection.updateOne(
      { _id: id as never, handover: true, handoverDoneAt: { $exists: false } },
      { $set: { handoverDoneAt: this.now(), handoverDoneBy: by } },
    );
    return result.modifiedCount === 1;
  }
}
