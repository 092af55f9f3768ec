import type { Connection } from 'mongoose';
import { appointmentModels } from '../../src/appointments/appointmentModels';
import { visitOperationModel } from '../../src/appointments/visitOperationModel';
import { auditModel } from '../../src/hub/audit';

/**
 * Everything wrong with the visits in a database, as sentences (none when consistent): no operation left open; every
 * booked visit holds the booking of its slot and no other; every booking is held by the booked visit in that slot; and
 * every change made (one revision each) has exactly one audit entry, the one named by its operation.
 */
export async function visitInconsistencies(connection: Connection): Promise<string[]> {
  const { appointments, bookings } = appointmentModels(connection);
  const [visits, held, open, audit] = await Promise.all([
    appointments.find().lean(),
    bookings.find().lean(),
    visitOperationModel(connection).find().lean(),
    auditModel(connection).find({ 'subject.kind': 'appointment' }).lean(),
  ]);
  const problems: string[] = open.map((op) => `operation ${op.opId} on ${op._id} is still open`);
  const visitById = new Map(visits.map((v) => [v._id, v]));
  const bookingById = new Map(held.map((b) => [b._id, b]));
  for (const visit of visits) {
    if (visit.status === 'booked' && bookingById.get(visit.slotId)?.appointmentId !== visit._id) {
      problems.push(`${visit._id} is in ${visit.slotId} but does not hold its booking`);
    }
    const entries = audit.filter((a) => a.subject.id === visit._id);
    if (entries.length !== (visit.revision ?? 0)) {
      problems.push(`${visit._id} has had ${visit.revision ?? 0} changes but ${entries.length} audit entries`);
    }
    for (const op of visit.operations ?? []) {
      if (op.opId && !entries.some((a) => a._id === op.opId)) problems.push(`${visit._id}: ${op.key} is not audited`);
    }
  }
  for (const booking of held) {
    const visit = visitById.get(booking.appointmentId);
    if (!visit || visit.status !== 'booked' || visit.slotId !== booking._id) {
      problems.push(`${booking._id} is booked by ${booking.appointmentId}, which is not in it`);
    }
  }
  return problems;
}
