import type { QueueItem } from '../hub/queueModel';
import type { StaffSession } from './staffSessions';

/**
 * Which services' items a member of staff sees: those on their staff record, or every service's when it lists none
 * (admins, and staff made before services). An item without a service was made before profiles and is the default
 * service's.
 */
export function seesItem(session: Pick<StaffSession, 'services'>, item: QueueItem, defaultService: string): boolean {
  return !session.services || session.services.includes(item.service ?? defaultService);
}

/** The queue filter for what they see: undefined for every service; null stands for items with none (the default's). */
export function servicesSeenBy(
  session: Pick<StaffSession, 'services'>,
  defaultService: string,
): (string | null)[] | undefined {
  if (!session.services) return undefined;
  return session.services.includes(defaultService) ? [...session.services, null] : session.services;
}
