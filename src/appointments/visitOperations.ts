import type { Connection, mongo } from 'mongoose';
import { AuditLog } from '../hub/audit';
import { driverCollection } from '../store/driverCollection';
import { appointmentModels, type Appointment, type SlotBooking } from './appointmentModels';
import { visitOperationModel, type VisitOperation } from './visitOperationModel';

const DUPLICATE_KEY = 11000;
const isDuplicate = (err: unknown) => (err as { code?: number }).code === DUPLICATE_KEY;

/**
 * How old an open operation must be before another request or the periodic sweep finishes it for its owner. A change
 * takes milliseconds; one this old has lost its process. (Recovery is safe even on a live one, see `recover`: this
 * only spares a slow request a needless "busy".)
 */
export const STALE_OPERATION_MS = 30000;

export type Recovered = 'completed' | 'undone';

/**
 * The operation records behind every change to a visit, and the idempotent steps that finish or undo one. The normal
 * path and recovery run the same steps, so a change interrupted anywhere ends exactly as if it had not been.
 */
export class VisitOperations {
  private readonly operations: mongo.Collection<VisitOperation>;
  private readonly appointments: mongo.Collection<Appointment>;
  private readonly bookings: mongo.Collection<SlotBooking>;
  private readonly audit: AuditLog;

  constructor(connection: Connection) {
    const models = appointmentModels(connection);
    this.operations = driverCollection(visitOperationModel(connection));
    this.appointments = driverCollection(models.appointments);
    this.bookings = driverCollection(models.bookings);
    this.audit = new AuditLog(connection);
  }

  /**
   * Writes the record before any other write of the operation. False if another change to the visit is open; one
   * left by a dead process (older than STALE_OPERATION_MS) is first finished or undone, so it never blocks the visit.
   */
  async begin(operation: VisitOperation, now = new Date()): Promise<boolean> {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await this.operations.insertOne(operation);
        return true;
      } catch (err) {
        if (!isDuplicate(err)) throw err;
        const open = await this.operations.findOne({ _id: operation._id });
        if (open && now.getTime() - open.at.getTime() < STALE_OPERATION_MS) return false;
        if (open) await this.recover(open);
      }
    }
    return false;
  }

  /** After the visit was written: release the slot it left, audit the change, close the record. Each step repeatable. */
  async complete(operation: VisitOperation): Promise<void> {
    await Promise.all([
      this.bookings.deleteOne({ _id: operation.fromSlot, appointmentId: operation._id }),
      // The audit entry's id is the operation's, so a recovery that writes it again writes it once.
      this.audit.recordOnce(operation.opId, operation.at, {
        actor: operation.actor,
        action: operation.kind === 'change' ? 'appointment.changed' : 'appointment.cancelled',
        subject: { kind: 'appointment', id: operation._id },
        channel: operation.channel,
        detail:
          operation.kind === 'change'
            ? { fromSlot: operation.fromSlot, toSlot: operation.toSlot }
            : { reason: operation.reason },
      }),
    ]);
    await this.close(operation);
  }

  /** The visit was not written: release the slot this operation took (only if it was this one that took it). */
  async undo(operation: VisitOperation): Promise<void> {
    if (operation.toSlot) {
      await this.bookings.deleteOne({ _id: operation.toSlot, appointmentId: operation._id, opId: operation.opId });
    }
    await this.close(operation);
  }

  /**
   * Finishes an operation whose process may be dead. First it fences the visit against this operation (the visit is
   * written only where `fencedOp` is not its id, see AppointmentBook), so if the owner is in fact still alive its write
   * can no longer land after we look; then the visit says whether it was written: completed if so, undone if not.
   */
  async recover(operation: VisitOperation): Promise<Recovered> {
    await this.appointments.updateOne({ _id: operation._id }, { $set: { fencedOp: operation.opId } });
    const appointment = await this.appointments.findOne({ _id: operation._id });
    if (appointment?.operations?.some((op) => op.opId === operation.opId)) {
      await this.complete(operation);
      return 'completed';
    }
    await this.undo(operation);
    return 'undone';
  }

  /** Open operations begun before `before`, oldest first. */
  openBefore(before: Date): Promise<VisitOperation[]> {
    return this.operations
      .find({ at: { $lt: before } })
      .sort({ at: 1 })
      .limit(1000)
      .toArray();
  }

  /** Open operations on these visits (those whose slots must be left alone while they finish). */
  async openOn(appointmentIds: string[]): Promise<Set<string>> {
    const open = await this.operations.find({ _id: { $in: appointmentIds } }, { projection: { _id: 1 } }).toArray();
    return new Set(open.map((op) => op._id));
  }

  private async close(operation: VisitOperation): Promise<void> {
    await this.operations.deleteOne({ _id: operation._id, opId: operation.opId });
  }
}
