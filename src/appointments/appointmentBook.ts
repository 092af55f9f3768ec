import type { Connection, mongo } from 'mongoose';
import { AuditLog } from '../hub/audit';
import { driverCollection } from '../store/driverCollection';
import { auditVisitChange } from './visitAudit';
import {
  appointmentModels,
  type Appointment,
  type AppointmentOperation,
  type Slot,
  type SlotBooking,
} from './appointmentModels';

export type ChangeOutcome = 'changed' | 'slot_taken' | 'not_found' | 'unchanged' | 'busy';
export type CancelOutcome = 'cancelled' | 'not_found' | 'busy';

export interface Actor {
  kind: 'bot' | 'staff';
  id: string;
  channel?: string;
}

const DUPLICATE_KEY = 11000;
/** How many of a team's slots are checked for bookings at a time when looking for free ones. */
const FREE_SLOT_PAGE = 40;
/** How long a team's slot schedule is reused before it is read again. */
const SCHEDULE_CACHE_MS = 60000;
const isDuplicate = (err: unknown) => (err as { code?: number }).code === DUPLICATE_KEY;
/**
 * How many of an appointment's latest operations it keeps for answering retries. A retry comes within seconds of its
 * request, and changes to one visit are stored one at a time (each from the revision the last left), so five is far
 * more than a retry can span; the list is read and written with the appointment on every change, so it is kept short.
 */
export const OPERATIONS_KEPT = 5;

/** What every change writes besides its own fields: the next revision, and its operation added to the latest ones. */
function nextRevision(appointment: Appointment, operation: Omit<AppointmentOperation, 'at'>) {
  return {
    revision: (appointment.revision ?? 0) + 1,
    operations: [...(appointment.operations ?? []), { ...operation, at: new Date() }].slice(-OPERATIONS_KEPT),
  };
}

/** The outcome of the request with this key, if the appointment records it as made: a retry gets the same answer. */
function recorded<O extends string>(
  appointment: Appointment | null,
  idempotencyKey: string,
): { outcome: O; appointment: Appointment } | undefined {
  const done = appointment?.operations?.find((op) => op.key === idempotencyKey);
  return done && appointment ? { outcome: done.outcome as O, appointment } : undefined;
}

/**
 * Home visits: list, offer free slots, change and cancel. Every change is atomic (a slot is taken by inserting its
 * booking, which a unique _id allows once, and the visit is moved by a compare-and-set on its revision), idempotent (a
 * retried request with the same key returns the first outcome, kept on the appointment by the same write) and audited.
 */
export class AppointmentBook {
  // Read and written on the turns that list, offer and change visits: see driverCollection.
  private readonly slots: mongo.Collection<Slot>;
  private readonly appointments: mongo.Collection<Appointment>;
  private readonly bookings: mongo.Collection<SlotBooking>;
  private readonly audit: AuditLog;
  /** Each team's slots, soonest first. Which are booked is always read fresh; this is only the schedule. */
  private readonly schedules = new Map<string, { readAt: number; slots: Slot[] }>();

  constructor(
    connection: Connection,
    private readonly scheduleCacheMs = SCHEDULE_CACHE_MS,
  ) {
    const models = appointmentModels(connection);
    this.slots = driverCollection(models.slots);
    this.appointments = driverCollection(models.appointments);
    this.bookings = driverCollection(models.bookings);
    this.audit = new AuditLog(connection);
  }

  async upcoming(patientId: string, now = new Date()): Promise<Appointment[]> {
    return this.appointments
      .find({ patientId, status: 'booked', start: { $gte: now } })
      .sort({ start: 1 })
      .toArray();
  }

  /**
   * Free slots for the same team, from tomorrow, soonest first. The team's schedule (the slots themselves, which change
   * only when the rota of visits is planned) is reused for a minute: reading it is a scan of every slot on the embedded
   * store, and it is the costliest query of a turn. Whether each slot is booked is read fresh every time, and a slot
   * booked in between is still refused by its unique booking when chosen.
   */
  async freeSlots(appointment: Appointment, now = new Date(), limit = 4): Promise<Slot[]> {
    const from = new Date(now.getTime() + 12 * 3600 * 1000);
    const candidates = (await this.schedule(appointment.team, now))
      .filter((slot) => slot.start.getTime() >= from.getTime())
      .slice(0, 200);
    const seenWindows = new Set<string>();
    const offers: Slot[] = [];
    // Soonest first, a page at a time: the first page usually holds enough free windows, and the store's cost of a
    // lookup grows with the number of ids asked for (200 ids cost the embedded store about five times what 40 do).
    for (let first = 0; first < candidates.length && offers.length < limit; first += FREE_SLOT_PAGE) {
      const page = candidates.slice(first, first + FREE_SLOT_PAGE);
      const booked = new Set(
        (await this.bookings.find({ _id: { $in: page.map((s) => s._id) } }).toArray()).map((b) => b._id),
      );
      for (const slot of page) {
        // One offer per window: capacity is several slots in the same window, which look the same to a patient.
        const windowKey = `${slot.start.toISOString()}|${slot.window}`;
        if (
          booked.has(slot._id) ||
          seenWindows.has(windowKey) ||
          slot.start.getTime() === appointment.start.getTime()
        ) {
          continue;
        }
        seenWindows.add(windowKey);
        offers.push(slot);
        if (offers.length === limit) break;
      }
    }
    return offers;
  }

  private async schedule(team: string, now: Date): Promise<Slot[]> {
    const cached = this.schedules.get(team);
    if (cached && now.getTime() - cached.readAt < this.scheduleCacheMs && cached.readAt <= now.getTime()) {
      return cached.slots;
    }
    const slots = await this.slots.find({ team }).sort({ start: 1, _id: 1 }).toArray();
    this.schedules.set(team, { readAt: now.getTime(), slots });
    return slots;
  }

  /** Another free slot in the same window, for when the offered one was taken while the caller was choosing. */
  async freeSlotInWindow(slot: Slot): Promise<Slot | undefined> {
    const sameWindow = await this.slots.find({ team: slot.team, start: slot.start }).toArray();
    const booked = new Set(
      (await this.bookings.find({ _id: { $in: sameWindow.map((s) => s._id) } }).toArray()).map((b) => b._id),
    );
    return sameWindow.find((s) => !booked.has(s._id));
  }

  async change(
    appointmentId: string,
    toSlotId: string,
    idempotencyKey: string,
    actor: Actor,
  ): Promise<{ outcome: ChangeOutcome; appointment?: Appointment }> {
    const [appointment, slot] = await Promise.all([this.find(appointmentId), this.findSlot(toSlotId)]);
    const done = recorded<ChangeOutcome>(appointment, idempotencyKey);
    if (done) return done;
    if (!appointment || appointment.status !== 'booked') return { outcome: 'not_found' };
    if (!slot || slot.team !== appointment.team) return { outcome: 'not_found' };
    if (appointment.slotId === toSlotId) return { outcome: 'unchanged', appointment };
    try {
      await this.bookings.insertOne({ _id: toSlotId, appointmentId, at: new Date() });
    } catch (err) {
      if (!isDuplicate(err)) throw err;
      // Held for this same visit: a change to it (perhaps this very request, retried) is under way.
      const holder = await this.bookings.findOne({ _id: toSlotId });
      return holder?.appointmentId === appointmentId
        ? this.afterConflict(appointmentId, idempotencyKey)
        : { outcome: 'slot_taken' };
    }
    const changes = {
      slotId: slot._id,
      start: slot.start,
      end: slot.end,
      label: slot.label,
      ...nextRevision(appointment, { key: idempotencyKey, kind: 'change', outcome: 'changed' }),
    };
    if (!(await this.writtenAtRevision(appointment, changes))) {
      // Someone else changed the visit since it was read: the new slot is let go, so no place is lost to this.
      await this.bookings.deleteOne({ _id: toSlotId, appointmentId });
      return this.afterConflict(appointmentId, idempotencyKey);
    }
    await Promise.all([
      this.bookings.deleteOne({ _id: appointment.slotId, appointmentId }),
      this.audited('appointment.changed', appointmentId, actor, { fromSlot: appointment.slotId, toSlot: toSlotId }),
    ]);
    return { outcome: 'changed', appointment: { ...appointment, ...changes } };
  }

  async cancel(
    appointmentId: string,
    reason: string,
    idempotencyKey: string,
    actor: Actor,
  ): Promise<{ outcome: CancelOutcome; appointment?: Appointment }> {
    const appointment = await this.find(appointmentId);
    const done = recorded<CancelOutcome>(appointment, idempotencyKey);
    if (done) return done;
    if (!appointment || appointment.status !== 'booked') return { outcome: 'not_found' };
    const changes = {
      status: 'cancelled' as const,
      cancelReason: reason,
      ...nextRevision(appointment, { key: idempotencyKey, kind: 'cancel', outcome: 'cancelled' }),
    };
    if (!(await this.writtenAtRevision(appointment, changes))) return this.afterConflict(appointmentId, idempotencyKey);
    await Promise.all([
      this.bookings.deleteOne({ _id: appointment.slotId, appointmentId }),
      this.audited('appointment.cancelled', appointmentId, actor, { reason }),
    ]);
    return { outcome: 'cancelled', appointment: { ...appointment, ...changes } };
  }

  /**
   * Writes `changes` if the appointment is still at the revision it was read at: a compare-and-set, atomic on MongoDB
   * and on the embedded store (README: "What we need from MongoDB"). Of two changes made from the same reading, one
   * is stored and the other is told so, which is also what keeps the list of operations whole.
   */
  private async writtenAtRevision(appointment: Appointment, changes: Partial<Appointment>): Promise<boolean> {
    const result = await this.appointments.updateOne(
      { _id: appointment._id, revision: appointment.revision ?? { $exists: false } },
      { $set: changes },
    );
    return result.matchedCount === 1;
  }

  /** A change that lost to another: answered from its record if it was in fact made (a retry), else busy. */
  private async afterConflict<O extends string>(
    appointmentId: string,
    idempotencyKey: string,
  ): Promise<{ outcome: O | 'busy'; appointment?: Appointment }> {
    return recorded<O>(await this.find(appointmentId), idempotencyKey) ?? { outcome: 'busy' };
  }

  private audited(
    action: 'appointment.changed' | 'appointment.cancelled',
    appointmentId: string,
    actor: Actor,
    detail: Record<string, unknown>,
  ) {
    return auditVisitChange(this.audit, action, appointmentId, actor, detail);
  }

  findSlot(slotId: string): Promise<Slot | null> {
    return this.slots.findOne({ _id: slotId });
  }

  find(appointmentId: string): Promise<Appointment | null> {
    return this.appointments.findOne({ _id: appointmentId });
  }
}
