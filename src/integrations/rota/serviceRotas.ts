import type { ServiceProfile } from '../../content/services';
import type { DutyRoute } from '../../dialogs/dialogDeps';
import { namedFirst, type NamedClinician } from '../../hub/namedClinician';
import type { Logger } from '../../observability/logger';
import type { DutyRoster, RosterWrite } from '../../record/ports';
import { Rota, type RostedClinician, type RotaContent } from './rota';

/** How long a transfer waits for the record's roster before ringing from the rota in content. */
const RECORD_TIMEOUT_MS = 1500;

/**
 * Each service's duty rota: urgent cases go to the rota of the service the contact belongs to. The default service's
 * is the rota the app was started with (ROTA_FILE, edited in the console and kept in the store); the others are their
 * profiles' rota files, loaded and checked at start-up.
 */
export class ServiceRotas implements DutyRoute {
  private readonly rotas = new Map<string, Rota>();
  private readonly defaultId: string;
  private readonly namedFirst = new Set<string>();
  private readonly names = new Map<string, string>();
  private record?: { roster: DutyRoster; logger: Logger };

  constructor(profiles: ServiceProfile[], defaultRota: Rota) {
    const byDefault = profiles.find((p) => p.default) ?? profiles[0];
    this.defaultId = byDefault.id;
    for (const profile of profiles) {
      this.rotas.set(profile.id, profile.default ? defaultRota : Rota.fromContent(profile.rota));
      this.names.set(profile.id, profile.name);
      if (profile.functions.urgentResponse.namedClinicianFirst) this.namedFirst.add(profile.id);
    }
  }

  /** The service's rota; the default service's for an unknown or absent id (items made before profiles). */
  rotaFor(service?: string): Rota {
    return this.rotas.get(service ?? this.defaultId) ?? this.rotas.get(this.defaultId)!;
  }

  /**
   * On duty now in fallback order; the patient's named clinician first where the service asks for it and they are on.
   * With RECORD_SYSTEM=fhir, who the record has on duty for the service (its PractitionerRoles) comes first; the rota
   * in content when the record has nobody on duty then, or does not answer in time.
   */
  useRecord(roster: DutyRoster, logger: Logger): void {
    this.record = { roster, logger };
  }

  async onDuty(at: Date, service?: string, named?: NamedClinician): Promise<RostedClinician[]> {
    let onDuty: RostedClinician[] = [];
    if (this.record) {
      const id = service && this.rotas.has(service) ? service : this.defaultId;
      onDuty = await this.fromRecord(this.record, at, id, await this.rotaFor(id).latestVersion());
    }
    if (onDuty.length === 0) onDuty = await this.rotaFor(service).onDuty(at);
    return namedFirst(onDuty, this.namedFirst.has(this.idOf(service)) ? named : undefined);
  }

  private async fromRecord(
    record: { roster: DutyRoster; logger: Logger },
    at: Date,
    service: string,
    consoleVersion: number | undefined,
  ): Promise<RostedClinician[]> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        record.roster.onDuty(at, service, consoleVersion),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('the record did not answer in time')), RECORD_TIMEOUT_MS);
        }),
      ]);
    } catch (err) {
      // The duty clinician must still be reachable: the rota in content answers, and the logs say why.
      record.logger.warn({ event: 'duty.record_unavailable', error: (err as Error).name }, 'using the content rota');
      return [];
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * A rota just saved in the console, written to the record's roster where the record keeps one (FHIR), so the record
   * and the hub ring the same people. Never throws: a write that fails is logged and reported, and until the record
   * has this version the console's rota answers (the record's roster is behind it; see DutyRoster.onDuty).
   */
  async writeToRecord(
    service: string,
    rota: Pick<RotaContent, 'clinicians' | 'shifts'>,
    version: number,
  ): Promise<RosterWrite | 'no_record' | 'not_updated'> {
    if (!this.record) return 'no_record';
    const name = this.names.get(service) ?? service;
    try {
      return await this.record.roster.replace({ id: service, name }, rota, version);
    } catch (err) {
      this.record.logger.error(
        { event: 'duty.record_write_failed', service, version, error: (err as Error).name },
        "the rota was saved but the record's roster was not updated",
      );
      return 'not_updated';
    }
  }

  /** Store-free, for the fail-safe paths. */
  onDutySync(at: Date, service?: string, named?: NamedClinician): RostedClinician[] {
    return namedFirst(
      this.rotaFor(service).onDutySync(at),
      this.namedFirst.has(this.idOf(service)) ? named : undefined,
    );
  }

  /** Whether the service's urgent response goes to a patient's named clinician first (its profile says). */
  asksForNamedClinician(service?: string): boolean {
    return this.namedFirst.has(this.idOf(service));
  }

  private idOf(service?: string): string {
    return service && this.rotas.has(service) ? service : this.defaultId;
  }
}
