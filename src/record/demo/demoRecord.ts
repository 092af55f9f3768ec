import { Schema, type Connection, type mongo } from 'mongoose';
import { AppointmentBook } from '../../appointments/appointmentBook';
import { DemoPatientDirectory } from '../../patients/patientDirectory';
import { patientModel, type Patient } from '../../patients/patientModel';
import { driverCollection } from '../../store/driverCollection';
import { modelOn } from '../../store/modelOn';
import type {
  CarePlan,
  CarePlans,
  CommunicationNeedsRecord,
  ContactRecord,
  ContactSummary,
  NeedToFile,
  OutgoingReferral,
  RecordedNeed,
  RecordSystem,
  ReferralOutbox,
  VisitBook,
} from '../ports';

/** Home visits in our own collections: the appointment book does the work (atomic, idempotent, audited). */
export class DemoVisitBook implements VisitBook {
  constructor(private readonly book: AppointmentBook) {}
  upcoming: VisitBook['upcoming'] = (patientId, now) => this.book.upcoming(patientId, now);
  freeSlots: VisitBook['freeSlots'] = (appointment, now, limit) => this.book.freeSlots(appointment, now, limit);
  freeSlotInWindow: VisitBook['freeSlotInWindow'] = (slot) => this.book.freeSlotInWindow(slot);
  change: VisitBook['change'] = (id, slotId, key, actor) => this.book.change(id, slotId, key, actor);
  cancel: VisitBook['cancel'] = (id, reason, key, actor) => this.book.cancel(id, reason, key, actor);
  find: VisitBook['find'] = (id) => this.book.find(id);
  findSlot: VisitBook['findSlot'] = (id) => this.book.findSlot(id);
}

/** The plan is kept on the demo patient's document. */
export class DemoCarePlans implements CarePlans {
  private readonly patients: mongo.Collection<Patient>;
  constructor(connection: Connection) {
    this.patients = driverCollection(patientModel(connection));
  }
  async planOf(patientId: string): Promise<CarePlan | null> {
    const patient = await this.patients.findOne({ _id: patientId }, { projection: { carePlan: 1, keyWorker: 1 } });
    return patient ? { ...patient.carePlan, keyWorker: patient.keyWorker } : null;
  }
}

interface SentReferral extends OutgoingReferral {
  _id: string;
  sentAt: Date;
}
interface FiledContact extends ContactSummary {
  _id: string;
  filedAt: Date;
}

const referralSchema = new Schema<SentReferral>(
  {
    _id: String,
    key: String,
    reference: String,
    patientId: String,
    kind: String,
    priority: String,
    reason: String,
    requester: String,
    occurrenceBy: Date,
    summary: String,
    sentAt: Date,
  },
  { versionKey: false, collection: 'record_referrals' },
);
const contactSchema = new Schema<FiledContact>(
  {
    _id: String,
    key: String,
    patientId: { type: String, required: true },
    at: Date,
    channel: String,
    reference: String,
    text: String,
    filedAt: Date,
  },
  { versionKey: false, collection: 'record_contacts' },
);
contactSchema.index({ patientId: 1, at: -1 });

/** The key is the document's id, so a retried send or filing is stored once. */
async function upsertOnce<T extends { _id: string }>(collection: mongo.Collection<T>, doc: T): Promise<void> {
  await collection.updateOne({ _id: doc._id } as mongo.Filter<T>, { $setOnInsert: doc } as mongo.UpdateFilter<T>, {
    upsert: true,
  });
}

export class DemoReferralOutbox implements ReferralOutbox {
  private readonly referrals: mongo.Collection<SentReferral>;
  constructor(connection: Connection) {
    this.referrals = driverCollection(modelOn(connection, 'RecordReferral', referralSchema));
  }
  async send(referral: OutgoingReferral): Promise<{ id: string }> {
    await this.referrals.updateOne(
      { _id: referral.key },
      { $set: { ...referral }, $setOnInsert: { sentAt: new Date() } },
      { upsert: true },
    );
    return { id: referral.key };
  }
}

export class DemoContactRecord implements ContactRecord {
  private readonly contacts: mongo.Collection<FiledContact>;
  constructor(connection: Connection) {
    this.contacts = driverCollection(modelOn(connection, 'RecordContact', contactSchema));
  }
  async file(summary: ContactSummary): Promise<{ id: string }> {
    await upsertOnce(this.contacts, { ...summary, _id: summary.key, filedAt: new Date() });
    return { id: summary.key };
  }
  async contactsOf(patientId: string): Promise<(ContactSummary & { id: string })[]> {
    const docs = await this.contacts.find({ patientId }).sort({ at: -1 }).toArray();
    return docs.map(({ _id, filedAt: _filedAt, ...summary }) => ({ ...summary, id: _id }));
  }
}

interface FiledNeed extends NeedToFile {
  /** `<patient id>:<need id>`: one record per patient and need. */
  _id: string;
  filedAt: Date;
}

const needSchema = new Schema<FiledNeed>(
  {
    _id: String,
    patientId: { type: String, required: true },
    need: { type: String, required: true },
    label: String,
    language: String,
    languageName: String,
    contactBy: String,
    at: Date,
    filedAt: Date,
  },
  { versionKey: false, collection: 'record_communication_needs' },
);
needSchema.index({ patientId: 1 });

/** Communication needs in our own collection, keyed by patient and need, so a retry or a second telling replaces. */
export class DemoCommunicationNeeds implements CommunicationNeedsRecord {
  private readonly needs: mongo.Collection<FiledNeed>;
  constructor(connection: Connection) {
    this.needs = driverCollection(modelOn(connection, 'RecordCommunicationNeed', needSchema));
  }
  async file(need: NeedToFile): Promise<{ id: string }> {
    const id = `${need.patientId}:${need.need}`;
    await this.needs.replaceOne({ _id: id }, { ...need, filedAt: new Date() }, { upsert: true });
    return { id };
  }
  async needsOf(patientId: string): Promise<(RecordedNeed & { id: string })[]> {
    const docs = await this.needs.find({ patientId }).sort({ _id: 1 }).toArray();
    return docs.map(({ _id, need, label, language, languageName, contactBy }) => ({
      id: _id,
      need,
      label,
      ...(language ? { language, languageName } : {}),
      ...(contactBy ? { contactBy } : {}),
    }));
  }
}

/** Today's collections: the zero-configuration default, loaded from content/demo/ in development. */
export function demoRecordSystem(connection: Connection): RecordSystem {
  return {
    kind: 'demo',
    directory: new DemoPatientDirectory(connection),
    visits: new DemoVisitBook(new AppointmentBook(connection)),
    carePlans: new DemoCarePlans(connection),
    referrals: new DemoReferralOutbox(connection),
    contacts: new DemoContactRecord(connection),
    needs: new DemoCommunicationNeeds(connection),
  };
}
