import type { Connection, mongo } from 'mongoose';
import { AuditLog } from '../hub/audit';
import { Claims } from '../store/claims';
import { driverCollection } from '../store/driverCollection';
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
 * request, and each change holds the appointment's claim while it runs, so five is far more than a retry can span;
 * the list is read and written with the appointment on every change, so it is kept short.
 */
export const OPERATIONS_KEPT = 5;

function withOperation(appointment: Appointment, operation: Omit<AppointmentOperation, 'at'>): AppointmentOperation[] {
  return [...(appointment.operations ?? []), { ...operation, at: new Date() }].slice(-OPERATIONS_KEPT);
}

/**
 * Home visits: list, offer free slots, change and cancel. Every change is atomic (a slot is taken by inserting its
 * booking, which a unique _id allows once), idempotent (a retried request with the same key returns the first
 * outcome) and audited.
 */
export class AppointmentBook {
  // Read and written on the turns that list, offer and change visits: see driverCollection.
  private readonly slots: mongo.Collection<Slot>;
  private readonly appointments: mongo.Collection<Appointment>;
  private readonly bookings: mongo.Collection<SlotBooking>;
  private readonly claims: Claims;
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
    this.claims = new Claims(connection);
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
    return this.exclusively<ChangeOutcome>(
      appointmentId,
      idempotencyKey,
      async (appointment, slot) => {
        if (!slot || slot.team !== appointment.team) return { outcome: 'not_found' };
        if (appointment.slotId === toSlotId) return { outcome: 'unchanged', appointment };
        try {
          await this.bookings.insertOne({ _id: toSlotId, appointmentId, at: new Date() });
        } catch (err) {
          if (!isDuplicate(err)) throw err;
          return { outcome: 'slot_taken' };
        }
        const changes = {
          slotId: slot._id,
          start: slot.start,
          end: slot.end,
          label: slot.label,
          operations: withOperation(appointment, { key: idempotencyKey, kind: 'change', outcome: 'changed' }),
        };
        // The new slot is ours now; moving the visit and freeing the old slot do not depend on each other.
        await Promise.all([
          this.appointments.updateOne({ _id: appointmentId }, { $set: changes }),
          this.bookings.deleteOne({ _id: appointment.slotId, appointmentId }),
        ]);
        await this.audited('appointment.changed', appointmentId, actor, {
          fromSlot: appointment.slotId,
          toSlot: toSlotId,
        });
        return { outcome: 'changed', appointment: { ...appointment, ...changes } };
      },
      toSlotId,
    );
  }

  async cancel(
    appointmentId: string,
    reason: string,
    idempotencyKey: string,
    actor: Actor,
  ): Promise<{ outcome: CancelOutcome; appointment?: Appointment }> {
    return this.exclusively<CancelOutcome>(appointmentId, idempotencyKey, async (appointment) => {
      const changes = {
        status: 'cancelled' as const,
        cancelReason: reason,
        operations: withOperation(appointment, { key: idempotencyKey, kind: 'cancel', outcome: 'cancelled' }),
      };
      await Promise.all([
        this.appointments.updateOne({ _id: appointmentId }, { $set: changes }),
        this.bookings.deleteOne({ _id: appointment.slotId, appointmentId }),
      ]);
      await this.audited('appointment.cancelled', appointmentId, actor, { reason });
      return { outcome: 'cancelled', appointment: { ...appointment, ...changes } };
    });
  }

  /**
   * Runs one change to a booked appointment: a retry with the same key returns the first outcome, and two callers
   * changing the same appointment at once are serialised by a claim (the second is told it is busy).
   *
   * The outcome is kept on the appointment itself, in the same update as the change, so there is no moment when the
   * change is stored and its record is not: a retry after any failure either finds the record or finds nothing done.
   * The claim makes reading the appointment and writing it back one step, so the list of operations is not lost to a
   * concurrent writer.
   */
  private async exclusively<O extends string>(
    appointmentId: string,
    idempotencyKey: string,
    work: (appointment: Appointment, slot: Slot | null) => Promise<{ outcome: O; appointment?: Appointment }>,
    slotId?: string,
  ): Promise<{ outcome: O | 'busy' | 'not_found'; appointment?: Appointment }> {
    const claimId = `appointment:${appointmentId}`;
    const owner = await this.claims.acquire(claimId);
    try {
      const [appointment, slot] = await Promise.all([
        this.find(appointmentId),
        owner && slotId ? this.findSlot(slotId) : Promise.resolve(null),
      ]);
      const done = appointment?.operations?.find((op) => op.key === idempotencyKey);
      // A retry of a change already made is answered from its record, even while someone else holds the claim.
      if (done) return { outcome: done.outcome as O, appointment: appointment ?? undefined };
      if (!owner) return { outcome: 'busy' };
      if (!appointment || appointment.status !== 'booked') return { outcome: 'not_found' };
      return await work(appointment, slot);
    } finally {
      if (owner) await this.claims.release(claimId, owner);
    }
  }

  private async audited(
    action: 'appointment.changed' | 'appointment.cancelled',
    appointmentId: string,
    actor: Actor,
    detail: Record<string, unknown>,
  ) {
    await this.audit.record({
      actor: { kind: actor.kind, id: actor.id },
      action,
      subject: { kind: 'appointment', id: appointmentId },
      channel: actor.channel,
      detail,
    });
  }

  findSlot(slotId: string): Promise<Slot | null> {
    return this.slots.findOne({ _id: slotId });
  }

  find(appointmentId: string): Promise<Appointment | null> {
    return this.appointments.findOne({ _id: appointmentId });
  }
}
