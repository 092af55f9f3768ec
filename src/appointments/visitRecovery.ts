import type { Connection, mongo } from 'mongoose';
import { runEvery } from '../hub/runEvery';
import type { Logger } from '../observability/logger';
import { driverCollection } from '../store/driverCollection';
import { appointmentModels, type Appointment, type SlotBooking } from './appointmentModels';
import { STALE_OPERATION_MS, VisitOperations } from './visitOperations';

/** How often each instance sweeps for operations a crashed process left open. */
export const RECOVERY_SWEEP_MS = 15000;

export interface RecoveryResult {
  completed: number;
  undone: number;
  /** Slot bookings no visit pointed at and no open operation explained, released (start-up pass only). */
  released: number;
}

/**
 * Finishes changes to visits that a dead process left half-made (issue 21 row 9: `kill -9` during bookings left slots
 * booked by visits that no longer pointed at them, and a change without its audit entry). At start-up every open
 * operation is finished or undone before Front Door serves; then a sweep does the same for those older than
 * STALE_OPERATION_MS, which another instance's crash can leave at any time.
 */
export class VisitRecovery {
  private readonly operations: VisitOperations;
  private readonly appointments: mongo.Collection<Appointment>;
  private readonly bookings: mongo.Collection<SlotBooking>;

  constructor(
    connection: Connection,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {
    const models = appointmentModels(connection);
    this.operations = new VisitOperations(connection);
    this.appointments = driverCollection(models.appointments);
    this.bookings = driverCollection(models.bookings);
  }

  /**
   * The start-up pass: every open operation, however young (one another live instance has open is safe to finish too:
   * recovery fences it first), then any booking left behind without one.
   */
  async atStart(): Promise<RecoveryResult> {
    const result = await this.finishOpen(new Date(this.now().getTime() + 1));
    result.released = await this.releaseOrphanBookings();
    this.report(result);
    return result;
  }

  /** The periodic pass: operations old enough that their process must have died. */
  async sweep(): Promise<RecoveryResult> {
    const result = await this.finishOpen(new Date(this.now().getTime() - STALE_OPERATION_MS));
    this.report(result);
    return result;
  }

  /** Runs the sweep every `intervalMs` until the returned stop function is called. */
  start(intervalMs: number): () => void {
    return runEvery(
      intervalMs,
      () => this.sweep(),
      (err) => this.logger.error({ err, event: 'visits.recovery_failed' }, 'visit recovery failed'),
    );
  }

  private async finishOpen(before: Date): Promise<RecoveryResult> {
    const result: RecoveryResult = { completed: 0, undone: 0, released: 0 };
    for (const operation of await this.operations.openBefore(before)) {
      result[await this.operations.recover(operation)]++;
    }
    return result;
  }

  /**
   * Bookings whose visit does not point at them and has no open operation: left by code before operation records, or
   * by a crash in the instant after recovery closed an operation whose owner was still running. Only bookings older
   * than STALE_OPERATION_MS are considered, so a change under way elsewhere (whose record is already closed by a
   * recovery) is not raced.
   */
  private async releaseOrphanBookings(): Promise<number> {
    const cutoff = new Date(this.now().getTime() - STALE_OPERATION_MS);
    const bookings = await this.bookings.find({ at: { $lt: cutoff } }).toArray();
    if (bookings.length === 0) return 0;
    const ids = [...new Set(bookings.map((b) => b.appointmentId))];
    const [visits, open] = await Promise.all([
      this.appointments.find({ _id: { $in: ids } }, { projection: { slotId: 1, status: 1 } }).toArray(),
      this.operations.openOn(ids),
    ]);
    const slotOf = new Map(visits.filter((v) => v.status === 'booked').map((v) => [v._id, v.slotId]));
    let released = 0;
    for (const booking of bookings) {
      if (open.has(booking.appointmentId) || slotOf.get(booking.appointmentId) === booking._id) continue;
      const deleted = await this.bookings.deleteOne({
        _id: booking._id,
        appointmentId: booking.appointmentId,
        at: booking.at,
      });
      released += deleted.deletedCount;
    }
    return released;
  }

  private report(result: RecoveryResult): void {
    if (result.completed || result.undone || result.released) {
      this.logger.warn({ event: 'visits.recovered', ...result }, 'finished changes to visits left half-made');
    }
  }
}
