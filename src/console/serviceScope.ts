import { z } from 'zod';
import type { QueueItem } from '../hub/queueModel';
import { HttpError } from './http';
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

/** `?service=<id>`: one service's items, for staff who see several; empty or absent for all they see. */
export const serviceQuery = z
  .string()
  .trim()
  .max(60)
  .regex(/^[a-z][a-z0-9-]*$/, { error: 'service: must be a service id such as medway' })
  .optional()
  .or(z.literal('').transform(() => undefined));

/**
 * The services filter for a list: every service they see, or the one chosen. A service that does not exist is a 400
 * and one that is not theirs a 403, so a filter never quietly shows something other than what was asked for.
 */
export function servicesShown(
  session: Pick<StaffSession, 'services'>,
  defaultService: string,
  serviceIds: readonly string[],
  chosen: string | undefined,
): (string | null)[] | undefined {
  if (!chosen) return servicesSeenBy(session, defaultService);
  if (!serviceIds.includes(chosen))
    throw new HttpError(400, 'invalid_request', `service: there is no service "${chosen}".`);
  if (session.services && !session.services.includes(chosen)) {
    throw new HttpError(403, 'forbidden', 'You can see your own services only.');
  }
  return chosen === defaultService ? [chosen, null] : [chosen];
}

/** The services a member of staff may choose between: theirs, or every service. */
export function serviceChoices(session: Pick<StaffSession, 'services'>, serviceIds: readonly string[]): string[] {
  return session.services ? serviceIds.filter((id) => session.services!.includes(id)) : [...serviceIds];
}
