import type { Rota, RotaContent } from '../integrations/rota/rota';
import type { RotaOnRecord } from './rotaOnRecord';
import { RotaStore } from '../integrations/rota/rotaStore';
import type { Connection } from 'mongoose';
import { HttpError } from './http';
import type { StaffSession } from './staffSessions';

/** Each service's rota and the store its versions are kept in: the default service's in `rota_versions`. */
export interface ServiceRotaBook {
  defaultService: string;
  serviceIds: readonly string[];
  rotaOf(service: string): Rota;
  storeOf(service: string): RotaStore;
  /** A version just saved, written to the record's duty roster where the record keeps one. */
  toRecord(service: string, rota: Pick<RotaContent, 'clinicians' | 'shifts'>, version: number): Promise<RotaOnRecord>;
}

/**
 * Every service's rota read from its own store from now on; what each was loaded with (ROTA_FILE, or the profile's
 * rota file) seeds it on first start and stays its fail-safe. The default service keeps `rota_versions`, as before
 * services; the others `rota_versions_<id>`.
 */
export function serviceRotaBook(
  connection: Connection,
  profiles: readonly { id: string; default?: boolean }[],
  rotaFor: (service: string) => Rota,
  options: Parameters<Rota['useStore']>[1],
  toRecord: ServiceRotaBook['toRecord'],
): ServiceRotaBook & { seedAll(): Promise<string[]> } {
  const defaultService = (profiles.find((p) => p.default) ?? profiles[0]).id;
  const stores = new Map(
    profiles.map((p) => [p.id, new RotaStore(connection, p.id === defaultService ? undefined : p.id)]),
  );
  const files = new Map(profiles.map((p) => [p.id, rotaFor(p.id).current().content]));
  for (const [id, store] of stores) rotaFor(id).useStore(store, options);
  return {
    defaultService,
    serviceIds: profiles.map((p) => p.id),
    rotaOf: (service) => rotaFor(service),
    storeOf: (service) => stores.get(service) ?? stores.get(defaultService)!,
    toRecord,
    /** Version 1 of each service's rota from its file, once; the ids of those seeded now. */
    async seedAll() {
      const seeded: string[] = [];
      for (const [id, store] of stores) {
        if (await store.seed(files.get(id)!)) seeded.push(id);
        await rotaFor(id).refresh();
      }
      return seeded;
    },
  };
}

/**
 * `?service=` on the rota page and API: absent is the default service, or the first of the staff member's own.
 * A service that does not exist is a 400, and one whose items they do not see a 403.
 */
export function rotaServiceFor(
  session: Pick<StaffSession, 'services'>,
  book: Pick<ServiceRotaBook, 'defaultService' | 'serviceIds'>,
  chosen: string | undefined,
): string {
  if (!chosen) return session.services?.find((s) => book.serviceIds.includes(s)) ?? book.defaultService;
  if (!book.serviceIds.includes(chosen)) {
    throw new HttpError(400, 'invalid_request', `service: there is no service "${chosen}".`);
  }
  if (session.services && !session.services.includes(chosen)) {
    throw new HttpError(403, 'forbidden', "You can see your own services' rotas only.");
  }
  return chosen;
}

/**
 * Who may change a service's rota: an admin, any service's; a coordinator, only the services named on their staff
 * record (one with none listed sees every service but runs none of their rotas). Duty clinicians never.
 */
export function canEditRota(session: Pick<StaffSession, 'role' | 'services'>, service: string): boolean {
  if (session.role === 'admin') return true;
  return session.role === 'coordinator' && !!session.services?.includes(service);
}
